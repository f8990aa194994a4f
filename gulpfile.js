// Copies the icons (one folder for the nodes and the credential) and the codex files into
// dist/, where n8n looks for them next to the compiled JavaScript.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['icons/*.{png,svg}', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
