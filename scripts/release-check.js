#!/usr/bin/env node
'use strict';
// Run by the publish workflow before `npm publish`: the package must name its public repository
// (n8n's verification checks it, and npm's provenance statement links the package to it), and
// its homepage, bug tracker and author must agree with it. The repository URL in package.json is
// the one value to set before the first release; until it is, this refuses.
// Usage: node scripts/release-check.js [package.json]; --set <GitHub URL> [package.json] sets it.
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
if (args[0] === '--set') {
	// `npm run release:check -- --set https://github.com/<owner>/<name>`: the one value to give;
	// the repository, homepage, bug tracker and author URL follow from it.
	const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(args[1] ?? '');
	if (!match) {
		process.stderr.write(
			'usage: npm run release:check -- --set https://github.com/<owner>/<name>\n',
		);
		process.exit(2);
	}
	const file = path.resolve(args[2] ?? path.join(__dirname, '..', 'package.json'));
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
	const [, owner, name] = match;
	const base = `https://github.com/${owner}/${name}`;
	manifest.repository = { type: 'git', url: `git+${base}.git` };
	manifest.homepage = `${base}#readme`;
	manifest.bugs = { url: `${base}/issues` };
	manifest.author = {
		...(typeof manifest.author === 'object' ? manifest.author : {}),
		url: `https://github.com/${owner}`,
	};
	if (/REPLACE-WITH-OWNER/.test(manifest.author.name ?? '')) manifest.author.name = owner;
	fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
	process.stdout.write(`package.json now names ${base}\n`);
	process.exit(0);
}

const pkg = require(path.resolve(args[0] ?? path.join(__dirname, '..', 'package.json')));

const problems = [];
const repository =
	typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '');
const match = /^git\+https:\/\/github\.com\/([^/]+)\/([^/]+?)\.git$/.exec(repository);
if (!match)
	problems.push(`repository.url "${repository}" is not git+https://github.com/<owner>/<name>.git`);
const [, owner, name] = match ?? [];
if (!owner || /REPLACE-WITH-OWNER/.test(repository))
	problems.push(
		'repository.url still holds the placeholder owner: set the public repository first',
	);
if (match) {
	const base = `https://github.com/${owner}/${name}`;
	if (pkg.homepage !== `${base}#readme`) problems.push(`homepage should be ${base}#readme`);
	if ((pkg.bugs?.url ?? pkg.bugs) !== `${base}/issues`)
		problems.push(`bugs.url should be ${base}/issues`);
	const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
	if (!author || /REPLACE-WITH-OWNER/.test(JSON.stringify(pkg.author)))
		problems.push('author still holds the placeholder');
	if (pkg.author?.url && pkg.author.url !== `https://github.com/${owner}`)
		problems.push(`author.url should be https://github.com/${owner}`);
}
if (pkg.license !== 'MIT') problems.push('license must be MIT');
if (Object.keys(pkg.dependencies ?? {}).length)
	problems.push('the package must have no runtime dependencies');
const tag = process.env.GITHUB_REF_NAME;
if (tag && tag !== `v${pkg.version}`)
	problems.push(
		`the tag ${tag} does not match the version ${pkg.version} (expected v${pkg.version})`,
	);

if (problems.length) {
	process.stderr.write(`Not ready to publish:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
	process.exit(1);
}
process.stdout.write(`ready to publish ${pkg.name}@${pkg.version} from ${repository}\n`);
