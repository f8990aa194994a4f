// The formatting of n8n's node starter (n8n-nodes-starter), for every TypeScript and JavaScript
// file of the project: `npm run format` writes it, CI checks it (`npm run format:check`).
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
