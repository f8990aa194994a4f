// The rules n8n's community-package scanner (@n8n/scan-community-package) lints a package
// with, applied the way it applies them: the community-nodes plugin's recommended set, no
// console, and eslint-plugin-n8n-nodes-base's community, credentials and nodes sets with the
// same rules switched off. `npm run lint` checks the sources with it (after n8n-node lint, whose
// configuration is eslint.config.mjs, n8n's template as strict mode requires it); `npm run
// lint:dist` and `lint:package` check the built JavaScript, the scanner's second leg. (The
// scanner ignores inline eslint comments: none is used in nodes/ or credentials/.)
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default [
	{
		ignores: [
			'node_modules/**',
			'test/**',
			'coverage/**',
			'.n8n-host/**',
			'*.config.*',
			'gulpfile.js',
			'index.js',
		],
	},
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	// The package's own package.json, and the one of the packed tarball (npm run lint:package).
	{
		files: ['package.json', '.pack-check/package/package.json'],
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json', '**/*.ts'], languageOptions: { parser: tsParser } },
];
