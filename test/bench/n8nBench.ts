/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * What the real-n8n bench rows share: the pinned n8n with this package, its credentials and
 * files, workflows of Start → (nodes) → Measured, `n8n execute` with the measured node's time and
 * memory, and the plain client the rows compare with.
 */
import { execFile, spawn } from 'node:child_process';
import {
	closeSync,
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MAX_IN_FLIGHT } from '../../nodes/transport/pacing';
import { ALL, useServer } from './common';

import { ensureHost } from '../../scripts/n8n-host';
import * as n8n from '../../scripts/n8n-run';
import { DEMO_AGENT_ID } from '../../local-server/seed';
import type { Json } from '../json';

export const ROUNDS = Math.max(3, Number(process.env.A2V2_BENCH_ROUNDS ?? 3));
/** The rows whose limit is closest to today's figures take more rounds: a steadier median. */
export const CLOSE_ROUNDS = Math.max(ROUNDS, 9);
/** The A2V2 node's requests in flight per key, given to the plain client. */
export const CONCURRENCY = MAX_IN_FLIGHT;
export const WINDOW_MS = 2000;

export const bench = useServer(['--minute-window-ms', String(WINDOW_MS)]);
export const fast = [
	{
		key: 'bench-key',
		secret: 'bench-secret',
		scopes: ALL,
		perMinute: 1_000_000,
		perHour: 10_000_000,
	},
];
export const limited = [
	{ key: 'limited-key', secret: 'limited-secret', scopes: ALL, perMinute: 100, perHour: 1_000_000 },
];
export const HEADERS = { 'X-API-Key': 'bench-key', 'X-API-Secret': 'bench-secret' };

let host: Json;
let env: Record<string, string>;
let folder: string;

/** The folder of the bench's n8n (its user folder, the files it uploads). */
export const n8nFolder = () => folder;
const FILE_SIZE = 20 * 1024 * 1024;

export const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const credential = (id: string, key: string) => ({
	id,
	name: `A2V2 ${key}`,
	type: 'a2v2Api',
	data: {
		apiKey: `${key}-key`,
		apiSecret: `${key}-secret`,
		agentId: DEMO_AGENT_ID,
		baseUrl: bench.server.url,
	},
});

beforeAll(async () => {
	host = ensureHost('2.x');
	folder = mkdtempSync(join(tmpdir(), 'a2v2-bench-n8n-'));
	const userFolder = join(folder, 'user');
	n8n.installPackage(userFolder);
	env = n8n.n8nEnv(host, {
		userFolder,
		brokerPort: await n8n.freePort(),
		extra: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_RESTRICT_FILE_ACCESS_TO: folder },
	});
	await n8n.importCredentials(
		host,
		env,
		[credential('benchFastKey0001', 'bench'), credential('benchLimitedKey1', 'limited')],
		folder,
	);
	// A 20 MB PDF-like file, written in chunks.
	const fd = openSync(join(folder, 'big.pdf'), 'w');
	writeSync(fd, '%PDF-1.4\n% bench\n');
	const chunk = Buffer.alloc(64 * 1024, 'x');
	for (let written = 0; written < FILE_SIZE; written += chunk.length) writeSync(fd, chunk);
	closeSync(fd);
	// Five copies of it, for the row of several uploads in one execution.
	mkdirSync(join(folder, 'five'));
	for (let i = 1; i <= 5; i++)
		copyFileSync(join(folder, 'big.pdf'), join(folder, 'five', `big-${i}.pdf`));
}, 900_000);

afterAll(() => {
	if (folder) rmSync(folder, { recursive: true, force: true });
});

// ---------- workflows ----------

export const position = (i: number): [number, number] => [i * 220, 0];
const start = {
	parameters: {},
	id: 'start',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: position(0),
};
export const makeItems = (count: number) => ({
	parameters: {
		jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { email: 'bench' + i + '@example.com' } }));`,
	},
	id: 'items',
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: position(1),
});
export const a2v2 = (parameters: object, credentialId = 'benchFastKey0001') => ({
	parameters,
	id: 'measured',
	name: 'Measured',
	type: 'n8n-nodes-a2v2.a2v2',
	// The version a node added today has.
	typeVersion: 2,
	position: position(2),
	onError: 'continueRegularOutput',
	credentials: { a2v2Api: { id: credentialId, name: 'A2V2' } },
});
export const httpRequest = (parameters: object) => ({
	parameters: {
		sendHeaders: true,
		headerParameters: {
			parameters: Object.entries(HEADERS).map(([name, value]) => ({ name, value })),
		},
		...parameters,
	},
	id: 'measured',
	name: 'Measured',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position: position(2),
	onError: 'continueRegularOutput',
});

/** Start → (nodes) → Measured, as a stored workflow. */
export async function workflow(id: string, nodes: Json[]) {
	const connections: Record<string, unknown> = {};
	const all = [start, ...nodes];
	all.forEach((node, i) => {
		if (i + 1 < all.length)
			connections[node.name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	});
	await n8n.importWorkflow(
		host,
		env,
		{ id, name: id, active: false, nodes: all, connections, settings: { executionOrder: 'v1' } },
		folder,
	);
	return id;
}

export const contactsUrl = () => `${bench.server.url}/v1/open/contacts/chatbots/${DEMO_AGENT_ID}`;
export const JSON_BODY = '={ "primaryEmail": "{{ $json.email }}" }';

// ---------- running them ----------

interface Run {
	/** The measured node's execution time (ms). */
	ms: number;
	items: Array<{ json: Json; error?: unknown }>;
	/** Peak resident memory growth of the n8n process while the node ran (bytes). */
	growth: number;
}

function statusKiB(pid: number): number | undefined {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : undefined;
	} catch {
		return undefined;
	}
}

const PROMPT_GC = join(__dirname, 'prompt-gc.js');

/**
 * `n8n execute` of a stored workflow; the measured node's time, output and memory. With
 * `promptGc`, n8n runs with bench/prompt-gc.js preloaded (young garbage collected every 10 ms).
 */
export async function execute(workflowId: string, { promptGc = false } = {}): Promise<Run> {
	const runEnv = promptGc
		? {
				...env,
				NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --expose-gc --require ${JSON.stringify(PROMPT_GC)}`,
			}
		: env;
	// n8n prints the run (megabytes for 10,000 contacts) and exits soon after: into a pipe, the
	// end of it can be lost; a file takes every byte before n8n's write returns.
	const outFile = join(folder, `execute-${workflowId}.json`);
	const out = openSync(outFile, 'w');
	const child = spawn(
		host.node.bin,
		[host.n8n.bin, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{ env: runEnv, stdio: ['ignore', out, 'pipe'] },
	);
	closeSync(out);
	const samples: Array<[number, number]> = [];
	const timer = setInterval(() => {
		const kib = statusKiB(child.pid as number);
		if (kib !== undefined) samples.push([Date.now(), kib * 1024]);
	}, 4);
	let stderr = '';
	child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
	await new Promise((resolve) => child.once('exit', resolve));
	clearInterval(timer);
	const stdout = readFileSync(outFile, 'utf8');
	rmSync(outFile);
	const lines = stdout.split('\n');
	const at = lines.findIndex((l) => l === '{');
	const text = at >= 0 ? lines.slice(at).join('\n') : '';
	let result: Json;
	try {
		result = JSON.parse(text.slice(0, text.lastIndexOf('}') + 1));
	} catch {
		result = undefined;
	}
	const task = result?.data?.resultData?.runData?.Measured?.[0];
	if (!task)
		throw new Error(
			`n8n did not run ${workflowId}:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
		);
	const begin = task.startTime as number;
	const end = begin + (task.executionTime as number);
	const before = samples.filter(([t]) => t <= begin).pop()?.[1] ?? samples[0]?.[1] ?? 0;
	const during = samples.filter(([t]) => t >= begin && t <= end + 10).map(([, b]) => b);
	return {
		ms: task.executionTime,
		items: task.data?.main?.[0] ?? [],
		growth: Math.max(0, ...during) - before,
	};
}

const PLAIN_CLIENT = join(__dirname, 'plain-client.js');

/** A job of the plain client (test/bench/plain-client.js), in a fresh process on n8n's Node; its time (ms). */
function plain(job: Json): Promise<number> {
	return new Promise((resolve, reject) => {
		execFile(host.node.bin, [PLAIN_CLIENT, JSON.stringify(job)], (error, stdout, stderr) => {
			if (error) reject(new Error(`plain client: ${stderr || error.message}`));
			else resolve(JSON.parse(stdout).ms);
		});
	});
}

/** `count` creates, `CONCURRENCY` in flight, as the A2V2 node makes them. */
export const plainCreates = (count: number) =>
	plain({ job: 'create', url: contactsUrl(), headers: HEADERS, count, concurrency: CONCURRENCY });

/** `count` pages of 100 contacts, one after another, as the A2V2 node reads them. */
export const plainPages = (count: number) =>
	plain({ job: 'pages', url: contactsUrl(), headers: HEADERS, pages: count, limit: 100 });

export const failed = (run: Run) => run.items.filter((i) => i.error || i.json?.error).length;

export async function createdCount() {
	return (
		(await (await fetch(`${bench.server.url}/__control/state`)).json()) as { contacts: unknown[] }
	).contacts.length;
}

// ---------- rows ----------
