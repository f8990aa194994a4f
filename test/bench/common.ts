/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/** Shared by the bench files: the local server as a child process, keys, rows of the table. */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

import { resetPacers } from '../../nodes/transport/pacing';

export interface Row {
	/** 'harness' (the engine harness, the default) or 'n8n' (real n8n). */
	section?: 'harness' | 'n8n';
	what: string;
	value: number;
	limit: number;
	unit: string;
	/** 'max': value must not exceed limit; 'ratio': shown as value / limit, informative. */
	kind: 'max' | 'ratio';
}

/** Rows go to a file that the teardown prints as one table (bench files run in separate processes). */
export function record(row: Row) {
	appendFileSync(process.env.A2V2_BENCH_ROWS as string, `${JSON.stringify(row)}\n`);
}

export const ALL = {
	contacts: ['create', 'read', 'update', 'delete'],
	forms: ['create', 'read'],
	'document-extraction': ['create', 'read'],
};

/** The local A2V2 server in its own process (its buffers do not count in this one's memory). */
export function useServer(args: string[] = []) {
	let child: ChildProcess;
	const server = { url: '' };
	beforeAll(async () => {
		child = spawn(
			process.execPath,
			[join(__dirname, '..', '..', 'local-server', 'cli.js'), '--port', '0', '--no-seed', ...args],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		);
		server.url = await new Promise<string>((resolve, reject) => {
			child.stdout!.on('data', (chunk: Buffer) => {
				const m = /listening on (http:\/\/[^ ]+)/.exec(chunk.toString());
				if (m) resolve(m[1]);
			});
			child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
		});
	});
	afterAll(() => {
		child?.kill();
	});
	const control = async (path: string, body: unknown) => {
		const r = await fetch(`${server.url}/__control/${path}`, {
			method: 'POST',
			body: JSON.stringify(body),
		});
		if (!r.ok) throw new Error(`${path}: ${r.status}`);
		return await r.json();
	};
	return {
		server,
		control,
		requestCount: async () =>
			((await (await fetch(`${server.url}/__control/state`)).json()) as { requests: number })
				.requests,
		credentials: (key = 'bench') => ({
			apiKey: `${key}-key`,
			apiSecret: `${key}-secret`,
			agentId: 'agent-demo-0001',
			baseUrl: server.url,
		}),
		async fresh(
			keys: object[] = [
				{
					key: 'bench-key',
					secret: 'bench-secret',
					scopes: ALL,
					perMinute: 100_000,
					perHour: 1_000_000,
				},
			],
			options: object = {},
		) {
			await control('reset', options);
			for (const k of keys) await control('keys', k);
			resetPacers();
		},
	};
}
