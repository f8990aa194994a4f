/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   this rule guards the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The A2V2 Trigger activated by real n8n (`n8n start`, the workflow published), polling the local
 * A2V2 server every 5 s (twelve Poll Times entries at fixed seconds: n8n refuses one entry that
 * polls more often than every minute). Each contact the trigger reports goes to a small sink
 * through n8n's HTTP Request node, so the sink holds what the saved executions processed.
 * Contacts arrive in bursts (1, 50, 150, 300, the larger ones sharing one timestamp), one list
 * answer is slower than the poll interval (the next poll overlaps it), one contact is committed
 * late (its timestamp behind the newest one reported), and n8n is stopped and started again while
 * contacts arrive. Every contact created after activation is reported exactly once, none from
 * before, and a poll with nothing new is one request.
 */
import { a2v2Credential, setUpN8n, type N8nSetUp } from './n8nSetup';
import { everyFiveSeconds } from './rest';
import { reportParameters, startSink } from './sink';

import * as n8n from '../../scripts/n8n-run';
import { DEMO_AGENT_ID } from '../../local-server/server';
import type { LocalServer } from '../../local-server/server';

type Editor = Awaited<ReturnType<typeof n8n.startEditor>>;

const CRED = 'a2v2E2eTrigCred1';
const WORKFLOW = 'a2v2E2eTrigger01';
const LIST = '/v1/open/contacts/chatbots/';

let host: N8nSetUp['host'];
let env: Record<string, string>;
let server: LocalServer;
let editor: Editor;
let sink: Awaited<ReturnType<typeof startSink>>;
const received: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, holds: () => boolean, timeoutMs = 60_000) {
	const started = Date.now();
	while (!holds()) {
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out waiting for ${what}; n8n said:\n${editor?.output().slice(-3000)}`);
		await sleep(250);
	}
}

/** The trigger's list requests (sorted by createdAt, newest first) since `from`. */
const listRequests = (from = 0) =>
	server
		.requests({ method: 'GET', path: LIST })
		.filter((r) => r.at >= from && r.query.sortBy === 'createdAt' && r.query.sortOrder === 'desc');

/** `n` contacts created now, sharing one timestamp when `shared`. */
function createBurst(n: number, label: string, shared: boolean) {
	const at = shared ? new Date(Date.now()).toISOString() : undefined;
	return Array.from(
		{ length: n },
		(_, i) =>
			server.createContact({ primaryEmail: `${label}-${i}@example.com` }, DEMO_AGENT_ID, at)
				._id as string,
	);
}

const created: string[] = [];
async function expectReportedOnce(ids: string[], what: string) {
	created.push(...ids);
	await until(`${what} to be reported`, () => ids.every((id) => received.includes(id)), 90_000);
}

beforeAll(async () => {
	sink = await startSink(received);
	const sinkUrl = sink.url;
	const setUp = await setUpN8n({
		name: 'trigger',
		credentials: (a2v2) => [a2v2Credential(a2v2, { id: CRED, name: 'A2V2 trigger e2e' })],
	});
	({ host, server, env } = setUp);
	const { folder } = setUp;
	await n8n.importWorkflow(
		host,
		env,
		{
			id: WORKFLOW,
			name: 'A2V2 Trigger activated',
			nodes: [
				{
					parameters: {
						pollTimes: everyFiveSeconds(),
						event: 'newContact',
						simplify: true,
						options: { lookBackSeconds: 30 },
					},
					id: 'trigger',
					name: 'A2V2 Trigger',
					type: 'n8n-nodes-a2v2.a2v2Trigger',
					typeVersion: 1,
					position: [0, 0],
					credentials: { a2v2Api: { id: CRED, name: 'A2V2 trigger e2e' } },
				},
				{
					parameters: reportParameters(sinkUrl),
					id: 'report',
					name: 'Report',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [240, 0],
				},
			],
			connections: { 'A2V2 Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
		folder,
	);
	await n8n.cli(host, env, ['publish:workflow', `--id=${WORKFLOW}`]);
	editor = await n8n.startEditor(host, env);
}, 900_000);

afterAll(async () => {
	await editor?.stop();
	await server?.close();
	await sink?.close();
});

it('activates: the contacts that already exist are not reported', async () => {
	// The activation poll reads the list once.
	await until('the activation poll', () => listRequests().length >= 1);
	await sleep(6000);
	expect(received).toEqual([]);
});

it('reports bursts of 1, 50, 150 and 300 contacts (the larger ones sharing one timestamp) each once', async () => {
	await expectReportedOnce(createBurst(1, 'one', false), 'one contact');
	await expectReportedOnce(createBurst(50, 'fifty', true), '50 contacts');
	await expectReportedOnce(createBurst(150, 'hundred-fifty', true), '150 contacts');
	await expectReportedOnce(createBurst(300, 'three-hundred', true), '300 contacts');
	expect(received).toHaveLength(created.length);
	expect(new Set(received).size).toBe(received.length);
});

it('a list answer slower than the poll interval: the overlapping poll reports nothing twice', async () => {
	// The next list request takes 12 s; polls come every 5 s.
	server.addFault({ method: 'GET', path: '/contacts/chatbots/', delayMs: 12_000 });
	const ids = createBurst(3, 'slow', false);
	const from = Date.now();
	await expectReportedOnce(ids, 'the contacts behind the slow answer');
	// Until the slow answer is surely back: two or three polls were due while it was read.
	await sleep(Math.max(0, from + 16_000 - Date.now()));
	expect(server.requests({ method: 'GET', path: LIST }).filter((r) => r.fault)).toHaveLength(1);
	expect(received).toHaveLength(created.length);
	expect(new Set(received).size).toBe(received.length);
});

it('a contact committed late, 1.5 s behind the newest one reported, is reported once', async () => {
	const [newest] = createBurst(1, 'newest', false);
	await expectReportedOnce([newest], 'the newest contact');
	const newestAt = server.contacts().find((c) => c._id === newest)!.createdAt;
	const late = server.createContact(
		{ primaryEmail: 'late@example.com' },
		DEMO_AGENT_ID,
		new Date(Date.parse(newestAt) - 1500).toISOString(),
	)._id;
	await expectReportedOnce([late], 'the late contact');
	expect(new Set(received).size).toBe(received.length);
});

it('n8n stopped and started again while contacts arrive: nothing lost, nothing repeated', async () => {
	await editor.stop();
	const whileDown = createBurst(20, 'while-down', false);
	editor = await n8n.startEditor(host, env);
	await expectReportedOnce(whileDown, 'the contacts created while n8n was down');
	await expectReportedOnce(
		createBurst(10, 'after-restart', false),
		'the contacts created after the restart',
	);
	await sleep(6000);
	expect(received).toHaveLength(created.length);
	expect(new Set(received)).toEqual(new Set(created));
});

it('a poll with nothing new is one request', async () => {
	// Past the look-back window (30 s) of the last contacts, and one poll after it.
	await sleep(40_000);
	const from = Date.now();
	await sleep(16_000);
	const idle = listRequests(from);
	expect(idle.length).toBeGreaterThanOrEqual(2);
	expect(idle.map((r) => r.query.page)).toEqual(idle.map(() => '1'));
	expect(received).toHaveLength(created.length);
}, 120_000);
