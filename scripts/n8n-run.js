'use strict';
// Runs the n8n installed by n8n-host.js against this package's build: a user folder, an owner
// created from the environment, imports of credentials and workflows, headless executions and
// the editor. Used by `npm start` and the e2e tests.
const { execFile, execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { freePort, hasExited, stopChild } = require('./processes');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const ENCRYPTION_KEY = 'a2v2-local-n8n-encryption-key';

/**
 * Makes this build an installed community package of the n8n whose user folder this is: n8n
 * scans <user folder>/.n8n/nodes/node_modules at start. Loaded so (and not as a custom
 * extension), its nodes are named `n8n-nodes-a2v2.*` as for users, and n8n wires the nodes'
 * connection test to the credential.
 */
function installPackage(userFolder) {
	const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-a2v2');
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
	fs.symlinkSync(DIST, path.join(dir, 'dist'));
	return dir;
}

/**
 * An example workflow with a fixed ID, its A2V2 nodes on the given credential, and the nodes that
 * use other credentials (its e-mail trigger's IMAP, a chat model's, an MCP trigger's bearer token)
 * on those given in `others` by credential type.
 * @param {{ nodes: Array<{ credentials?: Record<string, unknown> }> } & Record<string, unknown>} workflow
 * @param {{ id: string, credentialId: string, credentialName: string, imap?: { id: string, name: string }, others?: Record<string, { id: string, name: string }> }} options
 */
function withCredential(workflow, { id, credentialId, credentialName, imap, others = {} }) {
	const copy = JSON.parse(JSON.stringify(workflow));
	copy.id = id;
	copy.active = false;
	const wired = { ...others, ...(imap ? { imap } : {}) };
	for (const node of copy.nodes) {
		if (node.credentials?.a2v2Api)
			node.credentials.a2v2Api = { id: credentialId, name: credentialName };
		for (const [type, credential] of Object.entries(wired))
			if (node.credentials?.[type]) node.credentials[type] = { ...credential };
	}
	return copy;
}

/** An n8n IMAP credential for a mailbox of scripts/mailbox/ (plain IMAP on loopback). */
function imapCredential(mailbox, { id, name }) {
	return {
		id,
		name,
		type: 'imap',
		data: {
			user: mailbox.user,
			password: mailbox.password,
			host: mailbox.host,
			port: mailbox.port,
			secure: false,
			allowUnauthorizedCerts: false,
		},
	};
}

/** A bcrypt hash made with the bcryptjs that n8n itself ships. */
function bcryptHash(host, password) {
	const bcrypt = require(
		require.resolve('bcryptjs', { paths: [path.join(host.n8n.dir, 'node_modules', 'n8n')] }),
	);
	return bcrypt.hashSync(password, 10);
}

/**
 * The environment of an n8n process on `userFolder` (install the package there first).
 * @param {{ env: Record<string, string | undefined> } & Record<string, unknown>} host
 * @param {{ userFolder: string, port?: number, brokerPort?: number, owner?: { email: string, password: string }, extra?: Record<string, string> }} options
 */
function n8nEnv(host, { userFolder, port, brokerPort, owner, extra = {} }) {
	const inherited = { ...host.env };
	// A test runner's NODE_ENV=test silences n8n's logger, which prints the run of `execute`.
	for (const key of Object.keys(inherited)) if (key.startsWith('JEST_')) delete inherited[key];
	const env = {
		...inherited,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port ?? 5678),
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LOG_LEVEL: 'info',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		...extra,
	};
	if (owner) {
		Object.assign(env, {
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(host, owner.password),
			N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName ?? 'A2V2',
			N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName ?? 'Developer',
		});
	}
	return env;
}

/**
 * The IDs of the workflows and credentials already stored in the n8n database of `userFolder`
 * (empty when there is none yet), read with the sqlite3 module that n8n itself ships.
 */
function storedIds(host, userFolder) {
	const db = path.join(userFolder, '.n8n', 'database.sqlite');
	if (!fs.existsSync(db)) return { workflows: new Set(), credentials: new Set() };
	const script = `
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
		const ids = (table) => new Promise((ok, fail) => db.all('select id from ' + table, (e, rows) => (e ? fail(e) : ok(rows.map((r) => r.id)))));
		Promise.all([ids('workflow_entity'), ids('credentials_entity')])
			.then(([workflows, credentials]) => process.stdout.write(JSON.stringify({ workflows, credentials })))
			.catch(() => process.stdout.write('{"workflows":[],"credentials":[]}'))
			.finally(() => db.close());`;
	const out = execFileSync(host.node.bin, ['-e', script, db], {
		cwd: path.join(host.n8n.dir, 'node_modules', 'n8n'),
		env: host.env,
		encoding: 'utf8',
	});
	const { workflows, credentials } = JSON.parse(out);
	return { workflows: new Set(workflows), credentials: new Set(credentials) };
}

/** Whether a TCP port is free on 127.0.0.1. */
async function portIsFree(port) {
	const server = net.createServer();
	return await new Promise((resolve) => {
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** Runs an n8n CLI command to completion; resolves with its output (rejects on a non-zero exit). */
function cli(host, env, args, { timeoutMs = 180_000 } = {}) {
	return new Promise((resolve, reject) => {
		execFile(
			host.node.bin,
			[host.n8n.bin, ...args],
			{ env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error) {
					error.stdout = stdout;
					error.stderr = stderr;
					const said = `${stdout}\n${stderr}`.trim().split('\n').slice(-12).join('\n');
					error.message = `n8n ${args[0]} failed (${error.code ?? error.signal}):\n${said}`;
					reject(error);
				} else resolve({ stdout, stderr });
			},
		);
	});
}

async function importCredentials(host, env, credentials, folder) {
	const file = path.join(folder, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
	await cli(host, env, ['import:credentials', `--input=${file}`]);
	fs.rmSync(file);
}

async function importWorkflow(host, env, workflow, folder) {
	const file = path.join(folder, `${workflow.id}.json`);
	fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
	await cli(host, env, ['import:workflow', `--input=${file}`]);
	fs.rmSync(file);
}

/**
 * Executes a stored workflow headlessly. n8n prints the run through its logger; the JSON starts
 * at the first line that is exactly `{`.
 */
async function execute(host, env, workflowId) {
	let output;
	try {
		output = await cli(host, env, ['execute', `--id=${workflowId}`, '--rawOutput']);
	} catch (error) {
		output = { stdout: error.stdout ?? '', stderr: error.stderr ?? '', failed: error };
	}
	const lines = output.stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	let run;
	if (start >= 0) {
		const text = lines.slice(start).join('\n');
		const end = text.lastIndexOf('}');
		try {
			run = JSON.parse(text.slice(0, end + 1));
		} catch {
			run = undefined;
		}
	}
	return { run, stdout: output.stdout, stderr: output.stderr, failed: output.failed };
}

/** Starts `n8n start`; resolves once the editor answers. */
async function startEditor(host, env, { log, exitWithParent = false } = {}) {
	const preload = `--require ${JSON.stringify(path.join(__dirname, 'exit-with-parent.js'))}`;
	const childEnv = exitWithParent
		? { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} ${preload}`.trim() }
		: env;
	const child = spawn(host.node.bin, [host.n8n.bin, 'start'], {
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const exited = () => hasExited(child);
	const out = [];
	const keep = (chunk) => {
		out.push(chunk.toString());
		if (log) log(chunk.toString());
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const url = `http://127.0.0.1:${env.N8N_PORT}`;
	const started = Date.now();
	for (;;) {
		if (exited())
			throw new Error(
				`n8n exited with ${child.exitCode ?? child.signalCode}:\n${out.join('').slice(-3000)}`,
			);
		try {
			// n8n 1.x answers its readiness check before its REST API is mounted: wait for both.
			const ready = await fetch(`${url}/healthz/readiness`);
			if (ready.ok && (await fetch(`${url}/rest/settings`)).ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() - started > 120_000) {
			child.kill('SIGKILL');
			throw new Error(`n8n did not become ready in 120 s:\n${out.join('').slice(-3000)}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		child,
		url,
		output: () => out.join(''),
		stop: () => stopChild(child, 15_000),
	};
}

/**
 * Starts `n8n worker` (queue mode: `env` names Redis and the database); resolves once it says it
 * is ready to take executions.
 */
async function startWorker(host, env, { concurrency = 10, timeoutMs = 120_000 } = {}) {
	const child = spawn(host.node.bin, [host.n8n.bin, 'worker', `--concurrency=${concurrency}`], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const exited = () => hasExited(child);
	const out = [];
	child.stdout.on('data', (c) => out.push(c.toString()));
	child.stderr.on('data', (c) => out.push(c.toString()));
	const started = Date.now();
	while (!out.join('').includes('n8n worker is now ready')) {
		if (exited())
			throw new Error(
				`n8n worker exited with ${child.exitCode ?? child.signalCode}:\n${out.join('').slice(-3000)}`,
			);
		if (Date.now() - started > timeoutMs) {
			child.kill('SIGKILL');
			throw new Error(`n8n worker was not ready in ${timeoutMs} ms:\n${out.join('').slice(-3000)}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		child,
		output: () => out.join(''),
		/** The IDs of the executions this worker ran, from its log. */
		executions: () =>
			[...out.join('').matchAll(/Worker started execution (\S+)/g)].map((m) => m[1]),
		stop: () => stopChild(child, 30_000),
	};
}

/** Activates (n8n 2.x: publishes) a stored workflow, as its editor's switch does. */
async function activate(host, env, workflowId) {
	const args =
		host.line === '1.x'
			? ['update:workflow', `--id=${workflowId}`, '--active=true']
			: ['publish:workflow', `--id=${workflowId}`];
	await cli(host, env, args);
}

module.exports = {
	activate,
	installPackage,
	withCredential,
	imapCredential,
	n8nEnv,
	cli,
	importCredentials,
	importWorkflow,
	execute,
	startEditor,
	startWorker,
	freePort,
	portIsFree,
	storedIds,
	ROOT,
	DIST,
};
