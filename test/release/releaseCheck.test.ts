/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/** The publish workflow's gate: it refuses the placeholder repository, and passes a real one. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'release-check.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function check(manifest: object, env: Record<string, string> = {}) {
	const file = join(mkdtempSync(join(tmpdir(), 'a2v2-release-')), 'package.json');
	writeFileSync(file, JSON.stringify(manifest));
	try {
		return {
			code: 0,
			out: execFileSync(process.execPath, [SCRIPT, file], {
				encoding: 'utf8',
				stdio: 'pipe',
				env: { PATH: process.env.PATH ?? '', ...env },
			}),
		};
	} catch (error) {
		const e = error as { status: number; stderr: string };
		return { code: e.status, out: e.stderr };
	}
}

const real = (owner: string) => ({
	...pkg,
	homepage: `https://github.com/${owner}/n8n-nodes-a2v2#readme`,
	bugs: { url: `https://github.com/${owner}/n8n-nodes-a2v2/issues` },
	repository: { type: 'git', url: `git+https://github.com/${owner}/n8n-nodes-a2v2.git` },
	author: { name: 'A2V2', email: 'n8n-nodes@a2v2.ai', url: `https://github.com/${owner}` },
});

it("refuses to publish this repository's package.json while it names the placeholder repository", () => {
	const { code, out } = check(pkg);
	expect(code).toBe(1);
	expect(out).toContain('repository.url still holds the placeholder owner');
});

it('passes once the repository, homepage, bug tracker and author agree, and the tag is the version', () => {
	expect(check(real('a2v2-ai'), { GITHUB_REF_NAME: `v${pkg.version}` })).toMatchObject({ code: 0 });
});

it('refuses a homepage of another repository, a runtime dependency, or a tag that is not the version', () => {
	expect(check({ ...real('a2v2-ai'), homepage: 'https://github.com/other/x' }).out).toContain(
		'homepage should be',
	);
	expect(check({ ...real('a2v2-ai'), dependencies: { lodash: '4' } }).out).toContain(
		'no runtime dependencies',
	);
	expect(check(real('a2v2-ai'), { GITHUB_REF_NAME: 'v9.9.9' }).out).toContain(
		'does not match the version',
	);
});

it('--set writes the repository, homepage, bug tracker and author from the one URL, after which it passes', () => {
	const file = join(mkdtempSync(join(tmpdir(), 'a2v2-release-')), 'package.json');
	writeFileSync(file, JSON.stringify(pkg));
	execFileSync(
		process.execPath,
		[SCRIPT, '--set', 'https://github.com/a2v2-ai/n8n-nodes-a2v2', file],
		{ stdio: 'pipe' },
	);
	const set = JSON.parse(readFileSync(file, 'utf8'));
	expect(set).toMatchObject({
		repository: { url: 'git+https://github.com/a2v2-ai/n8n-nodes-a2v2.git' },
		homepage: 'https://github.com/a2v2-ai/n8n-nodes-a2v2#readme',
		bugs: { url: 'https://github.com/a2v2-ai/n8n-nodes-a2v2/issues' },
		author: { name: 'a2v2-ai', url: 'https://github.com/a2v2-ai' },
	});
	expect(check(set)).toMatchObject({ code: 0 });
});
