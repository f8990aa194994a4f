/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The real-n8n section: the pinned n8n (2.41.1) runs workflows with `n8n execute` against the
 * local A2V2 server (a process of its own), and each row compares, interleaved in one run
 * (A, B, C, A, B, C, ...; the median of the rounds, or for the create rows the median of each
 * round's ratio):
 *   A  the A2V2 node,
 *   B  n8n's HTTP Request node making the same requests (headers and body set in the node),
 *   C  a plain client (fetch) outside n8n, with the A2V2 node's requests in flight, in a fresh
 *      process on n8n's Node each round, as each `n8n execute` is (test/bench/plain-client.js).
 * Times are the node's execution time as n8n records it; memory is the n8n process's resident
 * memory, sampled every few milliseconds, while the node runs.
 */
import { join } from 'node:path';

import { record } from './common';
import {
	a2v2,
	bench,
	CLOSE_ROUNDS,
	CONCURRENCY,
	contactsUrl,
	createdCount,
	execute,
	failed,
	fast,
	httpRequest,
	JSON_BODY,
	limited,
	makeItems,
	median,
	n8nFolder,
	plainCreates,
	plainPages,
	position,
	ROUNDS,
	WINDOW_MS,
	workflow,
} from './n8nBench';

import { DEMO_AGENT_ID } from '../../local-server/seed';

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
		// Each round's A2V2 time over the others' of the same round, and the median of those: the
		// rounds run side by side, so a slower or faster spell of the machine moves both of a pair.
		const ratio = (to: number[]) => median(times.a.map((a, i) => a / to[i]));
		const what = `Create, 1,000 items, ${label}`;
		const row = (vs: string, value: number, limit: number) =>
			record({
				section: 'n8n',
				what: `${what}: A2V2 node vs ${vs}, time ratio (median of the rounds)`,
				value,
				limit,
				unit: '×',
				kind: 'max',
			});
		if (latencyMs === 0) {
			row('HTTP Request node', ratio(times.b), 1);
			row(`plain client (${CONCURRENCY} in flight)`, ratio(times.c), 3);
		} else {
			row(`plain client (${CONCURRENCY} in flight)`, ratio(times.c), 1.2);
			record({
				section: 'n8n',
				what: `${what}: HTTP Request node (all at once), for comparison`,
				value: median(times.b),
				limit: median(times.c),
				unit: 'ms',
				kind: 'ratio',
			});
		}
	});
});

it('Get Many, Return All, 10,000 contacts', async () => {
	const a = await workflow('benchGetManyA', [
		a2v2({ resource: 'contact', operation: 'getAll', returnAll: true, output: 'raw' }),
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
		times.c.push(await plainPages(100));
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
	const { a, b } = await uploadWorkflows('benchUpload', join(n8nFolder(), 'big.pdf'));
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
	const { a, b } = await uploadWorkflows('benchUploadFive', join(n8nFolder(), 'five', '*.pdf'));
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
