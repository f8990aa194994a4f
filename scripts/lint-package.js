#!/usr/bin/env node
'use strict';
// The community-package scanner's leg on what users install: packs the package as npm would
// publish it (`npm pack`), unpacks it into .pack-check/ (git-ignored, removed when done: left
// there, n8n-node lint would lint the unpacked copy as sources), and lints its package.json and
// its JavaScript with the scanner's rules (eslint.scanner.config.mjs). Also checks what the
// tarball must hold (the files n8n loads) and must not (sources, tests, runtime dependencies).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, '.pack-check');

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT);
const packed = JSON.parse(
	execFileSync('npm', ['pack', '--json', '--pack-destination', OUT], {
		cwd: ROOT,
		encoding: 'utf8',
	}),
)[0];
execFileSync('tar', ['xzf', path.join(OUT, packed.filename), '-C', OUT]);
const dir = path.join(OUT, 'package');
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

const problems = [];
const files = packed.files.map((f) => f.path);
for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	if (!files.includes(entry))
		problems.push(`the tarball lacks ${entry}, which package.json's "n8n" section names`);
}
for (const f of files) {
	if (
		/^(nodes|credentials|test|scripts|bench)\//.test(f) ||
		(/\.ts$/.test(f) && !/\.d\.ts$/.test(f))
	)
		problems.push(`the tarball holds a source or test file: ${f}`);
}
if (Object.keys(pkg.dependencies ?? {}).length)
	problems.push('the package has runtime dependencies');
if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' }))
	problems.push('the only peer dependency must be n8n-workflow: "*"');

try {
	execFileSync(
		'npx',
		[
			'eslint',
			'-c',
			'eslint.scanner.config.mjs',
			'--no-ignore',
			path.relative(ROOT, path.join(dir, 'package.json')),
			`${path.relative(ROOT, dir)}/dist/**/*.js`,
		],
		{ cwd: ROOT, stdio: 'inherit' },
	);
} catch {
	problems.push('the scanner rules found problems in the packed package (above)');
}

fs.rmSync(OUT, { recursive: true, force: true });
if (problems.length) {
	process.stderr.write(`${problems.map((p) => `lint:package: ${p}`).join('\n')}\n`);
	process.exit(1);
}
process.stdout.write(
	`lint:package: ${packed.filename} (${files.length} files) passes the scanner's rules\n`,
);
