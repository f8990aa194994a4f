#!/usr/bin/env node
'use strict';
// Starts the local A2V2 server: `node local-server/cli.js [--port 4010] [--host 127.0.0.1]
// [--minute-window-ms N] [--latency-ms N] [--no-seed]`. Prints its URL and the demo keys; Ctrl-C stops it.
const { startA2V2Server, DEMO_KEYS, DEMO_AGENT_ID } = require('./server');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : fallback;
}

(async () => {
	const server = await startA2V2Server({
		port: Number(arg('port', process.env.A2V2_LOCAL_PORT ?? 4010)),
		host: arg('host', '127.0.0.1'),
		minuteWindowMs: Number(arg('minute-window-ms', 60_000)),
		latencyMs: Number(arg('latency-ms', 0)),
		seed: !process.argv.includes('--no-seed'),
	});
	process.stdout.write(
		`A2V2 local server listening on ${server.url} (API at ${server.url}/v1/open)\n`,
	);
	process.stdout.write(`Agent ID: ${DEMO_AGENT_ID}\n`);
	for (const k of DEMO_KEYS)
		process.stdout.write(`  key "${k.name}": X-API-Key ${k.key}  X-API-Secret ${k.secret}\n`);
	const stop = async () => {
		await server.close();
		process.exit(0);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
})().catch((error) => {
	if (error.code === 'EADDRINUSE') {
		process.stderr.write(
			`${error.message}: stop what uses it, or choose another port (npm run a2v2-server -- --port 4020, or A2V2_LOCAL_PORT=4020).\n`,
		);
	} else process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
