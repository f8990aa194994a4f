#!/usr/bin/env node
'use strict';
// Redis and PostgreSQL for n8n's queue mode (npm run test:scale): Debian's packages, installed
// with apt-get when missing and running as root (their own services never started), each run on
// 127.0.0.1 only, on a free port, with a throwaway data folder, as a child of this process.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { isRoot, freePort, aptInstall, hasExited, stopChild } = require('./processes');

const HOST = '127.0.0.1';
const log = (text) => process.stdout.write(`[services] ${text}\n`);

function installMissing(packages) {
	if (!isRoot())
		throw new Error(
			`${packages.join(' and ')} ${packages.length > 1 ? 'are' : 'is'} needed: install Debian's package${packages.length > 1 ? 's' : ''} (sudo apt-get install ${packages.join(' ')})`,
		);
	aptInstall(packages, log);
}

const REDIS = '/usr/bin/redis-server';
/** The folder of PostgreSQL's programs (initdb, postgres), the newest installed. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** Installs what is missing of Redis and PostgreSQL. */
function ensureServices() {
	const missing = [];
	if (!fs.existsSync(REDIS)) missing.push('redis-server');
	if (!postgresBin()) missing.push('postgresql');
	if (missing.length) installMissing(missing);
	if (!fs.existsSync(REDIS) || !postgresBin())
		throw new Error('apt-get did not install redis-server and postgresql');
	return { redis: REDIS, postgres: postgresBin() };
}

const canConnect = (port) =>
	new Promise((resolve) => {
		const socket = net.connect(port, HOST);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});

/** A child process that serves on `port`: resolves once it accepts connections. */
async function serve(name, command, args, { port, user, timeoutMs = 30_000 }) {
	const spawnArgs =
		user && isRoot() ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args];
	const child = spawn(spawnArgs[0], spawnArgs[1], { stdio: ['ignore', 'pipe', 'pipe'] });
	const out = [];
	child.stdout.on('data', (c) => out.push(c.toString()));
	child.stderr.on('data', (c) => out.push(c.toString()));
	const exited = () => hasExited(child);
	const started = Date.now();
	while (!(await canConnect(port))) {
		if (exited())
			throw new Error(
				`${name} exited with ${child.exitCode ?? child.signalCode}:\n${out.join('').slice(-2000)}`,
			);
		if (Date.now() - started > timeoutMs) {
			child.kill('SIGKILL');
			throw new Error(
				`${name} did not listen on ${HOST}:${port} in ${timeoutMs} ms:\n${out.join('').slice(-2000)}`,
			);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		child,
		port,
		output: () => out.join(''),
		stop: () => stopChild(child, 15_000),
	};
}

/** Redis on 127.0.0.1, nothing saved to disk. */
async function startRedis({ dir }) {
	const { redis } = ensureServices();
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const server = await serve(
		'Redis',
		redis,
		[
			'--bind',
			HOST,
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
		],
		{ port },
	);
	return { ...server, host: HOST };
}

/**
 * PostgreSQL on 127.0.0.1 with a new cluster in `dir` (trust auth on loopback only, superuser
 * `n8n`). As root, the cluster is owned and run by the package's `postgres` user (initdb refuses
 * root).
 */
async function startPostgres({ dir }) {
	const { postgres: bin } = ensureServices();
	const user = isRoot() ? 'postgres' : undefined;
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	if (user) {
		const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
		fs.chmodSync(path.dirname(dir), 0o755);
		fs.chownSync(dir, uid, gid);
	}
	const asUser = (command, args) =>
		execFileSync(user ? 'runuser' : command, user ? ['-u', user, '--', command, ...args] : args, {
			stdio: 'pipe',
		});
	const data = path.join(dir, 'data');
	asUser(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	const port = await freePort();
	const server = await serve(
		'PostgreSQL',
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			`listen_addresses=${HOST}`,
			'-c',
			'fsync=off',
		],
		{ port, user },
	);
	// The server listens before it accepts logins: wait until a query runs.
	const started = Date.now();
	for (;;) {
		try {
			execFileSync(
				path.join(bin, 'psql'),
				[
					'-h',
					HOST,
					'-p',
					String(port),
					'-U',
					'n8n',
					'-d',
					'postgres',
					'-c',
					'CREATE DATABASE n8n',
				],
				{ stdio: 'pipe' },
			);
			break;
		} catch (error) {
			if (Date.now() - started > 30_000) {
				await server.stop();
				throw new Error(`PostgreSQL did not accept a login: ${error.stderr}`);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	return { ...server, host: HOST, user: 'n8n', database: 'n8n' };
}

module.exports = { ensureServices, startRedis, startPostgres, HOST };

if (require.main === module) {
	try {
		ensureServices();
		log('Redis and PostgreSQL are installed');
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	}
}
