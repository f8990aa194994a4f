/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n; this rule
   guards the code that runs inside n8n (n8n Cloud's sandbox). */
/**
 * The CRM features in real n8n: n8n's Retry On Fail (2 and 3 tries) over 20 creates with one
 * refused part way doubles nothing, on both n8n lines (`n8n execute`); and the A2V2 Trigger
 * activated with Start From in `n8n start` reports the 250 contacts since the date, not the 250
 * before, and those arriving during the backfill, each once.
 */
import { a2v2Credential, setUpN8n } from './n8nSetup';
import { everyFiveSeconds } from './rest';
import { reportParameters, startSink } from './sink';

import { DEMO_AGENT_ID } from '../../local-server/server';
import * as n8n from '../../scripts/n8n-run';
import type { Json } from '../json';

const CRED = { id: 'a2v2CrmE2eCred01', name: 'A2V2 CRM e2e' };
const node = (name: string, type: string, parameters: object, x: number, extra: object = {}) => ({
	parameters,
	id: name.toLowerCase().replace(/\W+/g, '-'),
	name,
	type,
	typeVersion: type === 'n8n-nodes-base.code' ? 2 : type.endsWith('httpRequest') ? 4.2 : 1,
	position: [x, 0],
	...extra,
});
const chain = (names: string[]) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

const setUp = (line: string) =>
	setUpN8n({ line, name: 'crm', credentials: (server) => [a2v2Credential(server, CRED)] });

describe.each(['2.x', '1.x'])('n8n %s: Retry On Fail doubles no create', (line) => {
	let ctx: Awaited<ReturnType<typeof setUp>>;
	beforeAll(async () => {
		ctx = await setUp(line);
	}, 900_000);
	afterAll(async () => ctx?.server.close());

	it.each([2, 3])('%s tries, the 8th of 20 creates refused once', async (tries) => {
		const { host, server, env, folder } = ctx;
		const tag = `r${tries}${line[0]}`;
		server.addFault({ method: 'POST', path: '/contacts/chatbots/', after: 7, status: 400 });
		const emails = Array.from({ length: 20 }, (_, i) => `${tag}-${i}@example.com`);
		const workflow = {
			id: `a2v2CrmRetry${tries}${line[0]}0`.padEnd(16, '0').slice(0, 16),
			name: `Retry On Fail, ${tries} tries`,
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger', {}, 0),
				node(
					'Items',
					'n8n-nodes-base.code',
					{ jsCode: `return ${JSON.stringify(emails)}.map((email) => ({ json: { email } }));` },
					220,
				),
				node(
					'Create',
					'n8n-nodes-a2v2.a2v2',
					{
						resource: 'contact',
						operation: 'create',
						fieldsMode: 'json',
						contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
					},
					440,
					{
						retryOnFail: true,
						maxTries: tries,
						waitBetweenTries: 100,
						credentials: { a2v2Api: CRED },
					},
				),
			],
			connections: chain(['Start', 'Items', 'Create']),
			settings: { executionOrder: 'v1' },
		};
		await n8n.importWorkflow(host, env, workflow, folder);
		const { run, stdout, stderr } = await n8n.execute(host, env, workflow.id);
		if (!run || run.data?.resultData?.error)
			throw new Error(`the workflow failed:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
		const output = run.data.resultData.runData.Create[0].data.main[0] as Array<{ json: Json }>;
		expect(output.map((i) => i.json.primaryEmail)).toEqual(emails);
		const stored = server.contacts().filter((c) => String(c.primaryEmail).startsWith(`${tag}-`));
		expect(stored.map((c) => c.primaryEmail).sort()).toEqual([...emails].sort());
	});
});

describe('n8n 2.x: the A2V2 Trigger with Start From, activated', () => {
	let ctx: Awaited<ReturnType<typeof setUp>>;
	let editor: Awaited<ReturnType<typeof n8n.startEditor>>;
	let sink: Awaited<ReturnType<typeof startSink>>;
	const received: string[] = [];

	beforeAll(async () => {
		ctx = await setUp('2.x');
		sink = await startSink(received);
	}, 900_000);
	afterAll(async () => {
		await editor?.stop();
		await ctx?.server.close();
		await sink?.close();
	});

	it('reports the 250 contacts since the date, not the 250 before, and those arriving meanwhile', async () => {
		const { host, server, env, folder } = ctx;
		const base = Date.now() - 3_600_000;
		const stamp = (s: number) => new Date(base + s * 1000).toISOString();
		const create = (label: string, at?: string) =>
			server.createContact({ primaryEmail: `${label}@example.com` }, DEMO_AGENT_ID, at)
				._id as string;
		Array.from({ length: 250 }, (_, i) => create(`before-${i}`, stamp(i)));
		const since = Array.from({ length: 250 }, (_, i) => create(`since-${i}`, stamp(1000 + i)));
		await n8n.importWorkflow(
			host,
			env,
			{
				id: 'a2v2CrmStartFrom',
				name: 'A2V2 Trigger from a date',
				nodes: [
					node(
						'A2V2 Trigger',
						'n8n-nodes-a2v2.a2v2Trigger',
						{
							pollTimes: everyFiveSeconds(),
							event: 'newContact',
							simplify: true,
							options: { startFrom: stamp(1000) },
						},
						0,
						{ credentials: { a2v2Api: CRED } },
					),
					node('Report', 'n8n-nodes-base.httpRequest', reportParameters(sink.url), 240),
				],
				connections: chain(['A2V2 Trigger', 'Report']),
				settings: { executionOrder: 'v1' },
			},
			folder,
		);
		await n8n.activate(host, env, 'a2v2CrmStartFrom');
		editor = await n8n.startEditor(host, env);
		// Contacts keep arriving while the first poll reads the backfill.
		const meanwhile: string[] = [];
		for (let i = 0; i < 20; i++) {
			meanwhile.push(create(`meanwhile-${i}`));
			await new Promise((r) => setTimeout(r, 250));
		}
		// The local server's seed contacts were created at its start, after the date: reported too.
		const seeded = server
			.contacts(DEMO_AGENT_ID)
			.filter((c: Json) => Date.parse(c.createdAt) >= Date.parse(stamp(1000)))
			.map((c: Json) => String(c._id))
			.filter((id: string) => !since.includes(id) && !meanwhile.includes(id));
		const expected = [...since, ...seeded, ...meanwhile];
		const started = Date.now();
		while (!expected.every((id) => received.includes(id))) {
			if (Date.now() - started > 90_000)
				throw new Error(
					`not every contact was reported (${received.length} of ${expected.length})`,
				);
			await new Promise((r) => setTimeout(r, 500));
		}
		await new Promise((r) => setTimeout(r, 11_000));
		// Named, so a failure says whether a contact came twice or one before the date came.
		const counts = new Map<string, number>();
		for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
		expect([...counts].filter(([, n]) => n > 1).map(([id]) => id)).toEqual([]);
		expect(received.filter((id) => !expected.includes(id))).toEqual([]);
		expect(received.length).toBe(expected.length);
		expect(new Set(received)).toEqual(new Set(expected));
	});
});
