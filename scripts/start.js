#!/usr/bin/env node
'use strict';
// `npm start`: real n8n with this package, ready to use. Builds the package, starts the local
// A2V2 server with its demo data, installs Node 24 and n8n 2.41.1 once (into .n8n-host/),
// imports an A2V2 credential and the example workflows, starts n8n on 127.0.0.1 with an owner
// created from the environment, and prints the address and the login. With A2V2_API_KEY,
// A2V2_API_SECRET and A2V2_AGENT_ID set (A2V2_BASE_URL optional) the credential points at the
// real A2V2 API instead. Ctrl-C stops everything it started.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { ensureHost, HOST, ROOT } = require('./n8n-host');
const { freePort, importCredentials, importWorkflow, installPackage, n8nEnv, startEditor, withCredential } = require('./n8n-run');

const step = (text) => process.stdout.write(`[start] ${text}\n`);

const OWNER = {
	email: process.env.N8N_OWNER_EMAIL || 'owner@a2v2.local',
	password: process.env.N8N_OWNER_PASSWORD || 'A2v2-local-1',
	firstName: 'A2V2',
	lastName: 'Developer',
};
const CREDENTIAL_ID = 'a2v2LocalCred001';

async function main() {
	if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'))) {
		step('installing the development tree (npm ci)');
		execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
	}
	step('building the package');
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

	let server;
	let data;
	const real = process.env.A2V2_API_KEY && process.env.A2V2_API_SECRET && process.env.A2V2_AGENT_ID;
	if (real) {
		data = {
			apiKey: process.env.A2V2_API_KEY,
			apiSecret: process.env.A2V2_API_SECRET,
			agentId: process.env.A2V2_AGENT_ID,
			baseUrl: process.env.A2V2_BASE_URL || 'https://api.a2v2.ai',
		};
		step(`the credential points at the A2V2 API at ${data.baseUrl}`);
	} else {
		const { startA2V2Server, DEMO_AGENT_ID } = require('../test/server/server');
		server = await startA2V2Server({ port: Number(process.env.A2V2_LOCAL_PORT || 4010), quiet: true });
		data = { apiKey: 'demo-full-key', apiSecret: 'demo-full-secret', agentId: DEMO_AGENT_ID, baseUrl: server.url };
		step(`local A2V2 server with demo data on ${server.url} (agent ${DEMO_AGENT_ID}, key demo-full-key)`);
	}

	const host = ensureHost();
	const userFolder = path.join(HOST, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	installPackage(userFolder);
	const port = Number(process.env.N8N_PORT || 5678);
	const env = n8nEnv(host, { userFolder, port, brokerPort: await freePort(), owner: OWNER });

	step('importing the A2V2 credential and the example workflows');
	const credentialName = real ? 'A2V2 account' : 'A2V2 (local server)';
	await importCredentials(host, env, [{ id: CREDENTIAL_ID, name: credentialName, type: 'a2v2Api', data }], userFolder);
	const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json')).sort();
	for (const [index, file] of examples.entries()) {
		const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		const id = `a2v2Example${String(index + 1).padStart(5, '0')}`;
		await importWorkflow(host, env, withCredential(workflow, { id, credentialId: CREDENTIAL_ID, credentialName }), userFolder);
	}

	step('starting n8n');
	const editor = await startEditor(host, env);
	process.stdout.write(
		`\nn8n is ready: ${editor.url}\n  login: ${OWNER.email} / ${OWNER.password}\n  credential "${credentialName}" and ${examples.length} example workflows are imported\n  Ctrl-C stops n8n${server ? ' and the local A2V2 server' : ''}\n\n`,
	);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		step('stopping');
		await editor.stop();
		if (server) await server.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	editor.child.on('exit', async (code) => {
		if (stopping) return;
		process.stderr.write(`n8n exited (${code}):\n${editor.output().slice(-2000)}\n`);
		if (server) await server.close();
		process.exit(1);
	});
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
