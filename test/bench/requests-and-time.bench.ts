/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * Requests and time, against their limits, through the engine harness against the local A2V2
 * server (a separate process on loopback). The memory rows are in their own files.
 */
import { MAX_IN_FLIGHT } from '../../nodes/transport/pacing';
import { runNode } from '../harness/engine';
import { pollHarness } from '../harness/poll';
import { ALL, record, useServer } from './common';

import { DEMO_AGENT_ID, FORM_TEMPLATES } from '../../local-server/seed';

const bench = useServer();

/** Runs `work` and returns its result, the API requests it made and its wall time. */
async function measure<T>(work: () => Promise<T>) {
	const before = await bench.requestCount();
	const started = performance.now();
	const result = await work();
	const ms = performance.now() - started;
	return { result, ms, requests: (await bench.requestCount()) - before };
}

it('Get Many, Return All, 10,000 contacts', async () => {
	await bench.fresh();
	for (let i = 0; i < 10_000; i += 1000) {
		await bench.control('contacts', {
			contacts: Array.from({ length: 1000 }, (_, j) => ({
				primaryEmail: `bench${i + j}@example.com`,
			})),
		});
	}
	const node = await measure(() =>
		runNode({
			parameters: { resource: 'contact', operation: 'getAll', returnAll: true, output: 'raw' },
			credentials: bench.credentials(),
		}),
	);
	if (node.result.items.length !== 10_000 || node.result.error)
		throw new Error('Get Many did not return 10,000 contacts');
	const headers = { 'X-API-Key': 'bench-key', 'X-API-Secret': 'bench-secret' };
	const plain = await measure(async () => {
		for (let page = 1; page <= 100; page++) {
			const r = await fetch(
				`${bench.server.url}/v1/open/contacts/chatbots/${DEMO_AGENT_ID}?page=${page}&limit=100`,
				{ headers },
			);
			await r.json();
		}
	});
	record({
		what: 'Get Many, Return All, 10,000 contacts: requests',
		value: node.requests,
		limit: 100,
		unit: '',
		kind: 'max',
	});
	record({
		what: 'Get Many, Return All, 10,000 contacts: wall time vs plain fetch (100 pages)',
		value: node.ms,
		limit: plain.ms,
		unit: 'ms',
		kind: 'ratio',
	});
});

it('Create, 1,000 input items', async () => {
	await bench.fresh();
	const items = Array.from({ length: 1000 }, (_, i) => ({
		json: { email: `create${i}@example.com` },
	}));
	const node = await measure(() =>
		runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
			},
			credentials: bench.credentials(),
			items,
		}),
	);
	if (node.result.items.filter((i) => !i.error).length !== 1000)
		throw new Error('Create did not create 1,000 contacts');
	await bench.fresh();
	const headers = {
		'X-API-Key': 'bench-key',
		'X-API-Secret': 'bench-secret',
		'Content-Type': 'application/json',
	};
	// The same requests, as many at a time as the node's pacer allows.
	const plain = await measure(async () => {
		let next = 0;
		await Promise.all(
			Array.from({ length: MAX_IN_FLIGHT }, async () => {
				while (next < 1000) {
					const i = next++;
					const r = await fetch(`${bench.server.url}/v1/open/contacts/chatbots/${DEMO_AGENT_ID}`, {
						method: 'POST',
						headers,
						body: JSON.stringify({ primaryEmail: `create${i}@example.com` }),
					});
					await r.json();
				}
			}),
		);
	});
	record({
		what: 'Create, 1,000 items: requests',
		value: node.requests,
		limit: 1000,
		unit: '',
		kind: 'max',
	});
	record({
		what: `Create, 1,000 items: wall time vs plain fetch (${MAX_IN_FLIGHT} at a time)`,
		value: node.ms,
		limit: plain.ms,
		unit: 'ms',
		kind: 'ratio',
	});
});

it('Trigger polls', async () => {
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
	const add = async (n: number, prefix: string) =>
		await bench.control('contacts', {
			contacts: Array.from({ length: n }, (_, i) => ({
				primaryEmail: `${prefix}${i}@example.com`,
			})),
		});
	// A look-back window of 1 s (60 s by default): what counts is how many contacts arrive within
	// it, not its length.
	const WINDOW_MS = 1000;
	const poll = (trigger: ReturnType<typeof pollHarness>) => measure(() => trigger.poll());
	await bench.fresh();
	await add(300, 'old');
	await sleep(5);
	await add(1, 'newest-old');
	await sleep(5);
	const trigger = pollHarness({
		parameters: { event: 'newContact', options: { lookBackSeconds: WINDOW_MS / 1000 } },
		credentials: bench.credentials(),
	});
	await trigger.poll();
	const idle = await poll(trigger);
	// Once the window has passed, 250 new contacts and none other within the window.
	await sleep(WINDOW_MS + 200);
	await poll(trigger);
	await add(250, 'new');
	const busy = await poll(trigger);
	if (busy.result?.length !== 250) throw new Error('the trigger did not report 250 contacts');
	// 250 more while those 250 are still within the window: the poll reads them again.
	await add(250, 'more');
	const busyInWindow = await poll(trigger);
	if (busyInWindow.result?.length !== 250)
		throw new Error('the trigger did not report 250 more contacts');
	// A burst of 300 sharing one timestamp (one insert), then idle polls.
	await sleep(WINDOW_MS + 200);
	await poll(trigger);
	await add(300, 'burst');
	const burst = await poll(trigger);
	if (burst.result?.length !== 300) throw new Error('the trigger did not report the burst of 300');
	const idleInWindow = await poll(trigger);
	await sleep(WINDOW_MS + 200);
	await poll(trigger);
	const idleAfter = await poll(trigger);
	record({
		what: 'Trigger: requests of a poll with nothing new',
		value: idle.requests,
		limit: 1,
		unit: '',
		kind: 'max',
	});
	record({
		what: 'Trigger: requests of a poll with 250 new contacts',
		value: busy.requests,
		limit: 3,
		unit: '',
		kind: 'max',
	});
	record({
		what: 'Trigger: 250 new contacts, 250 others still within the look-back window: requests',
		value: busyInWindow.requests,
		limit: 6,
		unit: '',
		kind: 'max',
	});
	record({
		what: 'Trigger: a burst of 300 sharing one timestamp: requests',
		value: burst.requests,
		limit: 4,
		unit: '',
		kind: 'max',
	});
	record({
		what: 'Trigger: idle poll while that burst is within the look-back window: requests',
		value: idleInWindow.requests,
		limit: 4,
		unit: '',
		kind: 'max',
	});
	record({
		what: 'Trigger: idle poll once the window has passed (a poll in between): requests',
		value: idleAfter.requests,
		limit: 1,
		unit: '',
		kind: 'max',
	});
});

it('Submit Many, 100 items for one contact', async () => {
	await bench.fresh();
	await bench.control('contacts', {
		contacts: [{ primaryEmail: 'forms@example.com', externalReferenceId: 'FORMS-1' }],
	});
	const items = Array.from({ length: 100 }, (_, i) => ({ json: { rating: i % 5 } }));
	const node = await measure(() =>
		runNode({
			parameters: {
				resource: 'form',
				operation: 'submitMany',
				template: { __rl: true, mode: 'id', value: FORM_TEMPLATES[1]._id },
				contactRef: 'FORMS-1',
				formDataMode: 'json',
				formDataJson: '={{ JSON.stringify({ rating: $json.rating }) }}',
			},
			credentials: bench.credentials(),
			items,
		}),
	);
	if (node.result.items.filter((i) => i.json.success).length !== 100)
		throw new Error('Submit Many did not submit 100 forms');
	record({
		what: 'Submit Many, 100 items for one contact: requests',
		value: node.requests,
		limit: 10,
		unit: '',
		kind: 'max',
	});
});

it('200 creates with a key limited to 600 a minute', async () => {
	await bench.fresh([
		{ key: 'limited-key', secret: 'limited-secret', scopes: ALL, perMinute: 600, perHour: 10_000 },
	]);
	const items = Array.from({ length: 200 }, (_, i) => ({
		json: { email: `limited${i}@example.com` },
	}));
	const node = await measure(() =>
		runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
			},
			credentials: bench.credentials('limited'),
			items,
			continueOnFail: true,
		}),
	);
	record({
		what: '200 creates, key limited to 600/minute: wall time',
		value: node.ms / 1000,
		limit: 20,
		unit: 's',
		kind: 'max',
	});
	record({
		what: '200 creates, key limited to 600/minute: failed items',
		value: node.result.items.filter((i) => i.error).length + (node.result.error ? 200 : 0),
		limit: 0,
		unit: '',
		kind: 'max',
	});
});
