/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The real-n8n section: the pinned n8n (2.41.1) runs workflows with `n8n execute` against the
 * local A2V2 server (a process of its own), and each row compares, interleaved in one run
 * (A, B, C, A, B, C, ...; the median of the rounds):
 *   A  the A2V2 node,
 *   B  n8n's HTTP Request node making the same requests (headers and body set in the node),
 *   C  a plain client (fetch) outside n8n, with the A2V2 node's concurrency (8 in flight).
 * Times are the node's execution time as n8n records it; memory is the n8n process's resident
 * memory, sampled every few milliseconds, while the node runs.
 */
import { spawn } from 'node:child_process';
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
import { ALL, record, useServer } from './common';

import { ensureHost } from '../../scripts/n8n-host';
import * as n8n from '../../scripts/n8n-run';
import { DEMO_AGENT_ID } from '../../local-server/seed';
import type { Json } from '../json';

const ROUNDS = Math.max(3, Number(process.env.A2V2_BENCH_ROUNDS ?? 3));
/** The rows whose limit is closest to today's figures take more rounds: a steadier median. */
const CLOSE_ROUNDS = Math.max(ROUNDS, 7);
/** The A2V2 node's requests in flight per key, given to the plain client. */
const CONCURRENCY = MAX_IN_FLIGHT;
const WINDOW_MS = 2000;

const bench = useServer(['--minute-window-ms', String(WINDOW_MS)]);
const fast = [
	{
		key: 'bench-key',
		secret: 'bench-secret',
		scopes: ALL,
		perMinute: 1_000_000,
		perHour: 10_000_000,
	},
];
const limited = [
	{ key: 'limited-key', secret: 'limited-secret', scopes: ALL, perMinute: 100, perHour: 1_000_000 },
];
const HEADERS = { 'X-API-Key': 'bench-key', 'X-API-Secret': 'bench-secret' };

let host: Json;
let env: Record<string, string>;
let folder: string;
const FILE_SIZE = 20 * 1024 * 1024;

const median = (values: number[]) => {
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

const position = (i: number): [number, number] => [i * 220, 0];
const start = {
	parameters: {},
	id: 'start',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: position(0),
};
const makeItems = (count: number) => ({
	parameters: {
		jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { email: 'bench' + i + '@example.com' } }));`,
	},
	id: 'items',
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: position(1),
});
const a2v2 = (parameters: object, credentialId = 'benchFastKey0001') => ({
	parameters,
	id: 'measured',
	name: 'Measured',
	type: 'n8n-nodes-a2v2.a2v2',
	typeVersion: 1,
	position: position(2),
	onError: 'continueRegularOutput',
	credentials: { a2v2Api: { id: credentialId, name: 'A2V2' } },
});
const httpRequest = (parameters: object) => ({
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
async function workflow(id: string, nodes: Json[]) {
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

const contactsUrl = () => `${bench.server.url}/v1/open/contacts/chatbots/${DEMO_AGENT_ID}`;
const JSON_BODY = '={ "primaryEmail": "{{ $json.email }}" }';

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
async function execute(workflowId: string, { promptGc = false } = {}): Promise<Run> {
	const runEnv = promptGc
		? {
				...env,
				NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --expose-gc --require ${JSON.stringify(PROMPT_GC)}`,
			}
		: env;
	const child = spawn(
		host.node.bin,
		[host.n8n.bin, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{ env: runEnv, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const samples: Array<[number, number]> = [];
	const timer = setInterval(() => {
		const kib = statusKiB(child.pid as number);
		if (kib !== undefined) samples.push([Date.now(), kib * 1024]);
	}, 4);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
	child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
	await new Promise((resolve) => child.once('exit', resolve));
	clearInterval(timer);
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

/** Wall time of `work` (ms). */
async function timed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

/** `count` jobs, `CONCURRENCY` at a time. */
async function pool(count: number, job: (i: number) => Promise<unknown>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < count) await job(next++);
		}),
	);
}

const plainCreates = (count: number) =>
	timed(() =>
		pool(count, async (i) => {
			const r = await fetch(contactsUrl(), {
				method: 'POST',
				headers: { ...HEADERS, 'Content-Type': 'application/json' },
				body: JSON.stringify({ primaryEmail: `bench${i}@example.com` }),
			});
			if (r.status !== 201 && r.status !== 200) throw new Error(`plain create: ${r.status}`);
			await r.json();
		}),
	);

const failed = (run: Run) => run.items.filter((i) => i.error || i.json?.error).length;

async function createdCount() {
	return (
		(await (await fetch(`${bench.server.url}/__control/state`)).json()) as { contacts: unknown[] }
	).contacts.length;
}

// ---------- rows ----------

describe.each([
	['loopback', 0],
	['50 ms latency', 50],
])('Create, 1,000 items, %s', (label, latencyMs) => {
	it('A2V2 node vs HTTP Request node vs plain client', async () => {
		const a = await workflow(`benchCreateA${latencyMs}`, [
			makeItems(1000),
			a2v2({
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: JSON_BODY,
			}),
		]);
		const b = await workflow(`benchCreateB${latencyMs}`, [
			makeItems(1000),
			httpRequest({
				method: 'POST',
				url: contactsUrl(),
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON_BODY,
				options: {},
			}),
		]);
		const times = { a: [] as number[], b: [] as number[], c: [] as number[] };
		for (let round = 0; round < CLOSE_ROUNDS; round++) {
			for (const [which, id] of [
				['a', a],
				['b', b],
			] as const) {
				await bench.fresh(fast, { latencyMs });
				const run = await execute(id);
				if (failed(run) || run.items.length !== 1000 || (await createdCount()) !== 1000)
					throw new Error(`${which}: not 1,000 contacts created (${failed(run)} failed)`);
				times[which].push(run.ms);
			}
			await bench.fresh(fast, { latencyMs });
			times.c.push(await plainCreates(1000));
		}
		const [ma, mb, mc] = [median(times.a), median(times.b), median(times.c)];
		const what = `Create, 1,000 items, ${label}`;
		if (latencyMs === 0) {
			record({
				section: 'n8n',
				what: `${what}: A2V2 node vs HTTP Request node`,
				value: ma,
				limit: mb,
				unit: 'ms',
				kind: 'max',
			});
			record({
				section: 'n8n',
				what: `${what}: A2V2 node vs 3 × plain client (${CONCURRENCY} in flight)`,
				value: ma,
				limit: 3 * mc,
				unit: 'ms',
				kind: 'max',
			});
		} else {
			record({
				section: 'n8n',
				what: `${what}: A2V2 node vs 1.2 × plain client (${CONCURRENCY} in flight)`,
				value: ma,
				limit: 1.2 * mc,
				unit: 'ms',
				kind: 'max',
			});
			record({
				section: 'n8n',
				what: `${what}: HTTP Request node (all at once), for comparison`,
				value: mb,
				limit: mc,
				unit: 'ms',
				kind: 'ratio',
			});
		}
	});
});

it('Get Many, Return All, 10,000 contacts', async () => {
	const a = await workflow('benchGetManyA', [
		a2v2({ resource: 'contact', operation: 'getAll', returnAll: true, simplify: false }),
	]);
	const b = await workflow('benchGetManyB', [
		httpRequest({
			method: 'GET',
			url: contactsUrl(),
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
			options: {
				pagination: {
					pagination: {
						parameters: {
							parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }],
						},
						paginationCompleteWhen: 'other',
						completeExpression: '={{ $response.body.pagination.hasNextPage === false }}',
					},
				},
			},
		}),
	]);
	const seed = async () => {
		await bench.fresh(fast);
		for (let i = 0; i < 10_000; i += 1000) {
			await bench.control('contacts', {
				contacts: Array.from({ length: 1000 }, (_, j) => ({
					primaryEmail: `many${i + j}@example.com`,
				})),
			});
		}
	};
	await seed();
	const times = { a: [] as number[], b: [] as number[], c: [] as number[] };
	const requests = { a: 0, b: 0 };
	for (let round = 0; round < ROUNDS; round++) {
		for (const [which, id] of [
			['a', a],
			['b', b],
		] as const) {
			const before = await bench.requestCount();
			const run = await execute(id);
			requests[which] = (await bench.requestCount()) - before;
			const count =
				which === 'a'
					? run.items.length
					: run.items.reduce((n, i) => n + (i.json.data?.length ?? 0), 0);
			if (count !== 10_000) throw new Error(`${which}: ${count} contacts instead of 10,000`);
			times[which].push(run.ms);
		}
		times.c.push(
			await timed(async () => {
				for (let page = 1; page <= 100; page++)
					await (
						await fetch(`${contactsUrl()}?page=${page}&limit=100`, { headers: HEADERS })
					).json();
			}),
		);
	}
	record({
		section: 'n8n',
		what: 'Get Many, Return All, 10,000 contacts: A2V2 node requests',
		value: requests.a,
		limit: 100,
		unit: '',
		kind: 'max',
	});
	record({
		section: 'n8n',
		what: 'Get Many, Return All, 10,000 contacts: A2V2 node vs 1.5 × plain client (100 pages)',
		value: median(times.a),
		limit: 1.5 * median(times.c),
		unit: 'ms',
		kind: 'max',
	});
	record({
		section: 'n8n',
		what: 'Get Many, Return All, 10,000 contacts: HTTP Request node (paginated), for comparison',
		value: median(times.b),
		limit: median(times.c),
		unit: 'ms',
		kind: 'ratio',
	});
});

/**
 * An uploads workflow for each node, on a fresh server with one contact: Read File (the files that
 * `fileSelector` matches) → the A2V2 node's File → Upload (A) or the HTTP Request node posting the
 * same multipart body (B).
 */
async function uploadWorkflows(name: string, fileSelector: string) {
	await bench.fresh(fast);
	await bench.control('contacts', {
		contacts: [{ primaryEmail: 'files@example.com', externalReferenceId: 'FILES-1' }],
	});
	const state = (await (await fetch(`${bench.server.url}/__control/state`)).json()) as {
		contacts: Array<{ _id: string }>;
	};
	const contactId = state.contacts[0]._id;
	const read = {
		parameters: { operation: 'read', fileSelector, options: {} },
		id: 'read',
		name: 'Read Files',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1,
		position: position(1),
	};
	const a = await workflow(`${name}A`, [
		read,
		a2v2({
			resource: 'file',
			operation: 'upload',
			contact: { __rl: true, mode: 'id', value: contactId },
			binaryPropertyName: 'data',
		}),
	]);
	const b = await workflow(`${name}B`, [
		read,
		httpRequest({
			method: 'POST',
			url: `${bench.server.url}/v1/open/files/chatbots/${DEMO_AGENT_ID}/${contactId}`,
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }],
			},
			options: {},
		}),
	]);
	return { a, b };
}

it('Upload of a 20 MB file, filesystem binary mode: peak memory growth', async () => {
	const { a, b } = await uploadWorkflows('benchUpload', join(folder, 'big.pdf'));
	// Held: young garbage collected every 10 ms (what the node makes n8n hold); as n8n runs by
	// default: V8 collects nothing during the upload, so the chunks a streaming upload has sent
	// count as much as a file held whole (shown for comparison).
	const growth = {
		a: [] as number[],
		b: [] as number[],
		lazyA: [] as number[],
		lazyB: [] as number[],
	};
	const times = { a: [] as number[], b: [] as number[] };
	for (let round = 0; round < CLOSE_ROUNDS; round++) {
		for (const [which, id, promptGc] of [
			['a', a, true],
			['b', b, true],
			['lazyA', a, false],
			['lazyB', b, false],
		] as const) {
			const run = await execute(id, { promptGc });
			if (failed(run) || run.items.length !== 1)
				throw new Error(
					`${which}: the upload failed: ${JSON.stringify(run.items[0]?.json).slice(0, 500)}`,
				);
			growth[which].push(run.growth / 2 ** 20);
			if (which === 'lazyA') times.a.push(run.ms);
			if (which === 'lazyB') times.b.push(run.ms);
		}
	}
	record({
		section: 'n8n',
		what: 'Upload, 20 MB file, filesystem mode: A2V2 node vs HTTP Request node, peak memory held (garbage collected promptly)',
		value: median(growth.a),
		limit: median(growth.b),
		unit: 'MiB',
		kind: 'max',
	});
	record({
		section: 'n8n',
		what: 'Upload, 20 MB file, filesystem mode: peak memory growth as n8n runs by default (garbage collected lazily), for comparison',
		value: median(growth.lazyA),
		limit: median(growth.lazyB),
		unit: 'MiB',
		kind: 'ratio',
	});
	record({
		section: 'n8n',
		what: 'Upload, 20 MB file, filesystem mode: A2V2 node vs HTTP Request node, time, for comparison',
		value: median(times.a),
		limit: median(times.b),
		unit: 'ms',
		kind: 'ratio',
	});
});

it('Upload of five 20 MB files in one execution, as n8n runs by default: peak memory growth', async () => {
	const { a, b } = await uploadWorkflows('benchUploadFive', join(folder, 'five', '*.pdf'));
	// n8n as users run it: no collection prompted. The files are read by an earlier node, as in
	// a workflow that takes them from e-mails; both nodes upload the five at once.
	const growth = { a: [] as number[], b: [] as number[] };
	for (let round = 0; round < ROUNDS + 2; round++) {
		for (const [which, id] of [
			['a', a],
			['b', b],
		] as const) {
			const run = await execute(id);
			if (failed(run) || run.items.length !== 5)
				throw new Error(
					`${which}: the uploads failed: ${JSON.stringify(run.items.map((i) => i.json)).slice(0, 500)}`,
				);
			growth[which].push(run.growth / 2 ** 20);
		}
	}
	record({
		section: 'n8n',
		what: 'Upload, five 20 MB files in one execution, filesystem mode, garbage collected as n8n does by default: A2V2 node vs HTTP Request node, peak memory growth',
		value: median(growth.a),
		limit: median(growth.b),
		unit: 'MiB',
		kind: 'max',
	});
});

it('Rate limit binding: 1,000 creates, a key limited to 100 requests per 2 s window', async () => {
	const a = await workflow('benchLimitedA', [
		makeItems(1000),
		a2v2(
			{ resource: 'contact', operation: 'create', fieldsMode: 'json', contactJson: JSON_BODY },
			'benchLimitedKey1',
		),
	]);
	const times: number[] = [];
	const limitedAnswers: number[] = [];
	let failures = 0;
	for (let round = 0; round < ROUNDS; round++) {
		await bench.fresh(limited);
		const run = await execute(a);
		failures += failed(run) + (1000 - run.items.length);
		const log = (
			(await (await fetch(`${bench.server.url}/__control/requests`)).json()) as {
				requests: Array<{ status: number }>;
			}
		).requests;
		limitedAnswers.push(log.filter((r) => r.status === 429).length / log.length);
		times.push(run.ms);
	}
	const windows = Math.ceil(1000 / 100);
	record({
		section: 'n8n',
		what: `Rate limit: 1,000 creates at 100 per 2 s: A2V2 node vs 1.15 × ${windows} windows`,
		value: median(times),
		limit: 1.15 * windows * WINDOW_MS,
		unit: 'ms',
		kind: 'max',
	});
	record({
		section: 'n8n',
		what: 'Rate limit: 1,000 creates at 100 per 2 s: failed items (all rounds)',
		value: failures,
		limit: 0,
		unit: '',
		kind: 'max',
	});
	record({
		section: 'n8n',
		what: 'Rate limit: 1,000 creates at 100 per 2 s: 429 answers, share of requests (worst round)',
		value: 100 * Math.max(...limitedAnswers),
		limit: 1,
		unit: '%',
		kind: 'max',
	});
});
