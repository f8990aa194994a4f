#!/usr/bin/env node
'use strict';
// `npm start`: real n8n with this package, ready to use. Builds the package, starts the local
// A2V2 server with its demo data, installs Node 24 and n8n 2.41.1 once (into .n8n-host/),
// imports an A2V2 credential and the example workflows on the first start (later starts import
// only what is missing, so edits to the examples are kept; `npm start -- --reset` starts from a
// fresh n8n database), starts n8n on 127.0.0.1 with an owner created from the environment, and
// prints the address and the login. With A2V2_API_KEY, A2V2_API_SECRET and A2V2_AGENT_ID set
// (A2V2_BASE_URL optional) the credential points at the real A2V2 API instead. Ctrl-C (or
// SIGTERM, SIGHUP, or the parent process going away) stops everything it started.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { ensureHost, HOST, ROOT } = require('./n8n-host');
/** The demo mailbox's module: loaded once the development tree (imapflow, nodemailer) is in. */
let mailbox;
const n8n = require('./n8n-run');

const step = (text) => process.stdout.write(`[start] ${text}\n`);
const started = Date.now();

const OWNER = {
	email: process.env.N8N_OWNER_EMAIL || 'owner@a2v2.local',
	password: process.env.N8N_OWNER_PASSWORD || 'A2v2-local-1',
	firstName: 'A2V2',
	lastName: 'Developer',
};
const CREDENTIAL_ID = 'a2v2LocalCred001';
const IMAP_CREDENTIAL = { id: 'a2v2LocalImap001', name: 'Demo mailbox (local)' };
/** The bearer token MCP clients give example 5's MCP Server Trigger. */
const MCP_CREDENTIAL = { id: 'a2v2LocalMcp0001', name: 'MCP clients (local)' };
const LOCAL_PORT = Number(process.env.A2V2_LOCAL_PORT || 4010);
const N8N_PORT = Number(process.env.N8N_PORT || 5678);

/** What this script started, stopped in reverse order on the way out. */
const running = { server: undefined, mailbox: undefined, editor: undefined };
let stopping = false;

async function stop(code = 0) {
	if (stopping) return;
	stopping = true;
	step('stopping');
	await running.editor?.stop().catch(() => undefined);
	await running.mailbox?.stop().catch(() => undefined);
	await running.server?.close().catch(() => undefined);
	process.exit(code);
}

function fail(message) {
	process.stderr.write(`[start] ${message}\n`);
	return stop(1);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));
// Ended some other way (a crash): the child processes must not outlive this one.
process.on('exit', () => {
	for (const child of [running.editor?.child, running.mailbox?.child])
		if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
// npm does not always pass a signal on: when the process that ran us is gone, stop too.
const parent = process.ppid;
setInterval(() => {
	if (process.ppid !== parent) void stop(0);
}, 1000).unref();

function credentialData() {
	if (process.env.A2V2_API_KEY && process.env.A2V2_API_SECRET && process.env.A2V2_AGENT_ID) {
		return {
			real: true,
			data: {
				apiKey: process.env.A2V2_API_KEY,
				apiSecret: process.env.A2V2_API_SECRET,
				agentId: process.env.A2V2_AGENT_ID,
				baseUrl: process.env.A2V2_BASE_URL || 'https://api.a2v2.ai',
			},
		};
	}
	return { real: false };
}

/**
 * Imports the credential when it is missing or its data changed (another key, another local
 * port), and each example workflow only when it is not in n8n's database yet: a restart keeps
 * the user's edits.
 */
async function importWhatIsMissing(host, env, userFolder, credential, box) {
	const stored = n8n.storedIds(host, userFolder);
	const markerFile = path.join(userFolder, '.a2v2-start.json');
	const marker = fs.existsSync(markerFile) ? JSON.parse(fs.readFileSync(markerFile, 'utf8')) : {};
	marker.mcpToken ??= crypto.randomBytes(18).toString('base64url');
	const credentials = [
		{ id: CREDENTIAL_ID, type: 'a2v2Api', ...credential },
		{ ...MCP_CREDENTIAL, type: 'httpBearerAuth', data: { token: marker.mcpToken } },
	];
	if (box) credentials.push(n8n.imapCredential(box, IMAP_CREDENTIAL));
	for (const c of credentials) {
		const fingerprint = crypto.createHash('sha256').update(JSON.stringify(c)).digest('hex');
		if (stored.credentials.has(c.id) && marker[c.id] === fingerprint) continue;
		step(`importing the credential "${c.name}"`);
		await n8n.importCredentials(host, env, [c], userFolder);
		marker[c.id] = fingerprint;
		fs.writeFileSync(markerFile, JSON.stringify(marker));
	}
	const examples = fs
		.readdirSync(path.join(ROOT, 'examples'))
		.filter((f) => f.endsWith('.json'))
		.sort();
	for (const [index, file] of examples.entries()) {
		const id = `a2v2Example${String(index + 1).padStart(5, '0')}`;
		if (stored.workflows.has(id)) continue;
		step(`importing the example workflow ${file}`);
		const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		await n8n.importWorkflow(
			host,
			env,
			n8n.withCredential(workflow, {
				id,
				credentialId: CREDENTIAL_ID,
				credentialName: credential.name,
				imap: IMAP_CREDENTIAL,
				others: { httpBearerAuth: MCP_CREDENTIAL },
			}),
			userFolder,
		);
	}
	fs.writeFileSync(markerFile, JSON.stringify(marker));
	return { examples: examples.length, mcpToken: marker.mcpToken };
}

/**
 * The demo mailbox on 127.0.0.1 (Debian's Dovecot, or the npm fallback where Dovecot cannot be
 * had), filled with the demo e-mails when it is new. Null when its port is taken (npm start stops).
 */
async function startMailbox(dir) {
	let server = mailbox.mailboxServer();
	if (server === 'dovecot') {
		try {
			mailbox.ensureDovecot({ log: step });
		} catch (error) {
			if (process.env.A2V2_MAILBOX === 'dovecot') throw error;
			process.stderr.write(`[start] ${error.message}: using the npm fallback mailbox instead\n`);
			server = 'npm';
		}
	}
	if (!(await n8n.portIsFree(mailbox.DEFAULT_PORT))) {
		await fail(
			`Port ${mailbox.DEFAULT_PORT} (the demo mailbox's IMAP) is already in use: stop what uses it, or start on another port with A2V2_MAIL_PORT=1144 npm start.`,
		);
		return null;
	}
	running.mailbox = await mailbox.startMailbox({ dir, port: mailbox.DEFAULT_PORT, server });
	if (running.mailbox.created) {
		const mails = await mailbox.demoMails();
		for (const mail of mails) await running.mailbox.append(mail);
		step(`demo mailbox filled with ${mails.length} e-mails`);
	}
	step(
		`demo mailbox on IMAP ${running.mailbox.host}:${running.mailbox.port} (${mailbox.DEMO_USER}), served by ${server === 'dovecot' ? 'Dovecot' : `hoodiecrow-imap, the npm fallback (${process.env.A2V2_MAILBOX === 'npm' ? 'A2V2_MAILBOX=npm' : 'Dovecot cannot be had here'})`}`,
	);
	return running.mailbox;
}

async function main() {
	const userFolder = path.join(HOST, 'user');
	const mailFolder = path.join(HOST, 'mailbox');
	if (process.argv.includes('--reset')) {
		step(
			`--reset: removing n8n's data in ${path.relative(ROOT, userFolder)} (workflows, credentials, executions) and the demo mailbox`,
		);
		fs.rmSync(userFolder, { recursive: true, force: true });
		fs.rmSync(mailFolder, { recursive: true, force: true });
	}
	if (!(await n8n.portIsFree(N8N_PORT))) {
		return await fail(
			`Port ${N8N_PORT} (n8n's editor) is already in use: stop what uses it (an earlier npm start?), or start on another port with N8N_PORT=5679 npm start.`,
		);
	}

	if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'))) {
		step('installing the development tree (npm ci)');
		execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: ROOT,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
	}
	mailbox = require('./mailbox');
	step('building the package');
	execFileSync('npm', ['run', '--silent', 'build'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});

	const { real, data: realData } = credentialData();
	let credential;
	if (real) {
		credential = { name: 'A2V2 account', data: realData };
		step(`the credential points at the A2V2 API at ${realData.baseUrl}`);
	} else {
		const { startA2V2Server, DEMO_AGENT_ID } = require('../local-server/server');
		try {
			running.server = await startA2V2Server({ port: LOCAL_PORT, quiet: true });
		} catch (error) {
			if (error.code !== 'EADDRINUSE') throw error;
			return await fail(
				`${error.message}: stop what uses it, or start on another port with A2V2_LOCAL_PORT=4020 npm start.`,
			);
		}
		const url = running.server.url;
		credential = {
			name: 'A2V2 (local server)',
			data: {
				apiKey: 'demo-full-key',
				apiSecret: 'demo-full-secret',
				agentId: DEMO_AGENT_ID,
				baseUrl: url,
			},
		};
		step(`local A2V2 server with demo data on ${url} (agent ${DEMO_AGENT_ID}, key demo-full-key)`);
	}

	const box = await startMailbox(mailFolder);
	if (box === null) return;

	const host = ensureHost();
	fs.mkdirSync(userFolder, { recursive: true });
	n8n.installPackage(userFolder);
	const env = n8n.n8nEnv(host, {
		userFolder,
		port: N8N_PORT,
		brokerPort: await n8n.freePort(),
		owner: OWNER,
	});
	const { examples, mcpToken } = await importWhatIsMissing(host, env, userFolder, credential, box);

	step('starting n8n');
	running.editor = await n8n.startEditor(host, env, { exitWithParent: true });
	running.editor.child.on('exit', (code, signal) => {
		if (stopping) return;
		process.stderr.write(
			`n8n exited (${code ?? signal}):\n${running.editor.output().slice(-2000)}\n`,
		);
		void stop(1);
	});
	process.stdout.write(
		`\nn8n is ready in ${Math.round((Date.now() - started) / 1000)} s: ${running.editor.url}\n` +
			`  login: ${OWNER.email} / ${OWNER.password}\n` +
			`  credential "${credential.name}" and ${examples} example workflows (your edits to them are kept; npm start -- --reset starts afresh)\n` +
			(box
				? `  demo mailbox: IMAP ${box.host}:${box.port}, ${box.user} / ${box.password} (credential "${IMAP_CREDENTIAL.name}"); npm run demo:mail -- [file.pdf] drops an e-mail into it\n`
				: '') +
			`  MCP server of example 5, once you activate it: ${running.editor.url}/mcp/a2v2-crm (header Authorization: Bearer ${mcpToken})\n` +
			`  Ctrl-C stops n8n${running.mailbox ? ', the demo mailbox' : ''}${running.server ? ' and the local A2V2 server' : ''}\n\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	void stop(1);
});
