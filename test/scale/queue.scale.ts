/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The package in n8n's queue mode, as users scale out: a main instance, Redis as the queue,
 * PostgreSQL as the database, and two `n8n worker` processes running the executions (Debian's
 * Redis and PostgreSQL on 127.0.0.1 with throwaway data folders, scripts/services.js; the pinned
 * n8n 2.41.1 with the package installed as a community package; the local A2V2 server). Binary
 * data is in n8n's default mode for queue mode, `database`.
 *
 * 1. Four executions at once, 500 contact creates each, one key limited to 100 requests per 2 s
 *    window: no failed item, no duplicate, wall time within 1.25 x the 20 windows.
 * 2. Example 1's nodes (extraction, Create or Update, upload) fed 20 invoice PDFs by a webhook,
 *    the executions split across the workers: every file filed once on its vendor.
 * 3. The A2V2 Trigger active on the main instance, 500 contacts in bursts, the main instance
 *    restarted once mid-run: every contact reported once.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { signIn } from '../e2e/rest';
import { startSink } from '../e2e/sink';
import { ensureHost } from '../../scripts/n8n-host';
import * as n8n from '../../scripts/n8n-run';
import * as services from '../../scripts/services';
import { invoicePdf } from '../../scripts/mailbox';
import {
	createWorkflow,
	CREATE_WORKFLOW,
	downloadWorkflow,
	DOWNLOAD_WORKFLOW,
	FULL_CRED,
	WINDOW_MS,
	LIMITED_CRED,
	pipelineWorkflow,
	PIPELINE_WORKFLOW,
	triggerWorkflow,
	TRIGGER_WORKFLOW,
} from './workflows';
import { startA2V2Server, DEMO_AGENT_ID } from '../../local-server/server';
import type { LocalServer } from '../../local-server/server';

type Editor = Awaited<ReturnType<typeof n8n.startEditor>>;
type Worker = Awaited<ReturnType<typeof n8n.startWorker>>;
type Service = Awaited<ReturnType<typeof services.startRedis>>;

const OWNER = { email: 'scale@a2v2.local', password: 'Scale-test-pass-1' };
const LIMITED = {
	key: 'scale-limited-key',
	secret: 'scale-limited-secret',
	agentId: DEMO_AGENT_ID,
	scopes: { contacts: ['create', 'read', 'update'] },
	// 100 requests per window: the server's "minute" window is 2 s long here.
	perMinute: 100,
	perHour: 1_000_000,
};
const CONTACTS = '/v1/open/contacts/chatbots/';

let host: ReturnType<typeof ensureHost>;
let server: LocalServer;
let redis: Service;
let postgres: Service;
let mainEnv: Record<string, string>;
let main: Editor;
let workers: Worker[] = [];
let headers: Record<string, string>;
let sink: Awaited<ReturnType<typeof startSink>>;
const reported: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function until(what: string, holds: () => boolean | Promise<boolean>, timeoutMs = 120_000) {
	const started = Date.now();
	while (!(await holds())) {
		if (Date.now() - started > timeoutMs)
			throw new Error(
				`timed out waiting for ${what}; main said:\n${main?.output().slice(-2000)}\nworkers said:\n${workers.map((w) => w.output().slice(-1500)).join('\n---\n')}`,
			);
		await sleep(500);
	}
}

/** The executions n8n saved for a workflow (PostgreSQL, through the REST API). */
async function executions(workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await fetch(`${main.url}/rest/executions?filter=${filter}&limit=100`, {
		headers,
	});
	if (!answer.ok) throw new Error(`executions: ${answer.status} ${await answer.text()}`);
	return ((await answer.json()) as { data: { results: Array<{ id: string; status: string }> } })
		.data.results;
}

beforeAll(async () => {
	host = ensureHost();
	server = await startA2V2Server({ quiet: true, minuteWindowMs: WINDOW_MS, keys: [LIMITED] });
	const dir = mkdtempSync(join(tmpdir(), 'a2v2-scale-'));
	[redis, postgres] = await Promise.all([
		services.startRedis({ dir: join(dir, 'redis') }),
		services.startPostgres({ dir: join(dir, 'postgres') }),
	]);
	sink = await startSink(reported);
	const sinkUrl = sink.url;

	const userFolder = join(dir, 'n8n');
	n8n.installPackage(userFolder);
	const queue = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: 'n8n',
	};
	mainEnv = n8n.n8nEnv(host, {
		userFolder,
		port: await n8n.freePort(),
		brokerPort: await n8n.freePort(),
		owner: OWNER,
		extra: queue,
	});
	const credential = (id: string, name: string, apiKey: string, apiSecret: string) => ({
		id,
		name,
		type: 'a2v2Api',
		data: { apiKey, apiSecret, agentId: DEMO_AGENT_ID, baseUrl: server.url },
	});
	await n8n.importCredentials(
		host,
		mainEnv,
		[
			credential(FULL_CRED, 'A2V2 full', 'demo-full-key', 'demo-full-secret'),
			credential(LIMITED_CRED, 'A2V2 limited', LIMITED.key, LIMITED.secret),
		],
		dir,
	);
	for (const workflow of [
		createWorkflow(),
		pipelineWorkflow(),
		downloadWorkflow(),
		triggerWorkflow(sinkUrl),
	])
		await n8n.importWorkflow(host, mainEnv, workflow, dir);
	for (const id of [CREATE_WORKFLOW, PIPELINE_WORKFLOW, DOWNLOAD_WORKFLOW])
		await n8n.cli(host, mainEnv, ['publish:workflow', `--id=${id}`]);
	main = await n8n.startEditor(host, mainEnv);
	headers = await signIn(main.url, OWNER);
	workers = await Promise.all(
		[1, 2].map(async () =>
			n8n.startWorker(
				host,
				n8n.n8nEnv(host, {
					userFolder,
					port: await n8n.freePort(),
					brokerPort: await n8n.freePort(),
					extra: { ...queue, QUEUE_HEALTH_CHECK_PORT: String(await n8n.freePort()) },
				}),
				{ concurrency: 10 },
			),
		),
	);
}, 900_000);

afterAll(async () => {
	await Promise.all(workers.map((w) => w.stop()));
	await main?.stop();
	await Promise.all([redis?.stop(), postgres?.stop()]);
	await server?.close();
	await sink?.close();
});

const post = (path: string, init: RequestInit) =>
	fetch(`${main.url}/webhook/${path}`, { method: 'POST', ...init }).then(async (r) => {
		if (!r.ok) throw new Error(`webhook ${path}: ${r.status} ${await r.text()}`);
	});

it('4 executions at once, 500 creates each, one key at 100 requests per 2 s: nothing failed or doubled, within 1.25 x the windows', async () => {
	server.clearRequests();
	await Promise.all(
		[1, 2, 3, 4].map((run) =>
			post('scale-create', {
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ run }),
			}),
		),
	);
	const made = () => server.contacts().filter((c) => /^scale-\d-/.test(c.primaryEmail ?? ''));
	await until('2,000 contacts', () => made().length >= 2000, 240_000);
	await until('the 4 executions to finish', async () => {
		const saved = await executions(CREATE_WORKFLOW);
		return saved.length === 4 && saved.every((e) => e.status !== 'running' && e.status !== 'new');
	});
	await sleep(2000);

	const saved = await executions(CREATE_WORKFLOW);
	expect(saved.map((e) => e.status)).toEqual(['success', 'success', 'success', 'success']);
	const emails = made().map((c) => c.primaryEmail);
	expect(emails).toHaveLength(2000);
	expect(new Set(emails).size).toBe(2000);
	// Both workers took executions.
	const ran = workers.map((w) => w.executions().filter((id) => saved.some((e) => e.id === id)));
	expect(ran.map((ids) => ids.length > 0)).toEqual([true, true]);

	const creates = server.requests({ method: 'POST', path: CONTACTS });
	const accepted = creates.filter((r) => r.status === 201 || r.status === 200);
	const limited = creates.filter((r) => r.status === 429);
	expect(accepted).toHaveLength(2000);
	const wallMs = creates[creates.length - 1].at - creates[0].at;
	const windows = Math.ceil(2000 / 100);
	process.stdout.write(
		`[scale] 2,000 creates by 4 executions on 2 workers: ${(wallMs / 1000).toFixed(1)} s (${windows} windows: ${(windows * WINDOW_MS) / 1000} s, ratio ${(wallMs / (windows * WINDOW_MS)).toFixed(2)}); 429 answers: ${limited.length} of ${creates.length} requests; executions per worker: ${ran.map((r) => r.length).join(' + ')}\n`,
	);
	expect(wallMs).toBeLessThanOrEqual(1.25 * windows * WINDOW_MS);
});

it("example 1's nodes fed 20 invoice PDFs, split across the workers: every file filed once, on its vendor; downloads come back whole", async () => {
	const vendors = Array.from({ length: 5 }, (_, v) => ({
		vendor: `Scale Vendor ${v}`,
		email: `ap${v}@scale-vendor.example`,
	}));
	const invoices = vendors.flatMap((who, v) =>
		Array.from({ length: 4 }, (_, i) => {
			const number = `SC-${v}-${i}`;
			return {
				who,
				number,
				bytes: invoicePdf({ ...who, number, total: `${v}${i}.00`, date: '2026-11-30' }),
			};
		}),
	);
	const before = new Set((await executions(PIPELINE_WORKFLOW).catch(() => [])).map((e) => e.id));
	await Promise.all(
		invoices.map((invoice) => {
			const form = new FormData();
			form.append(
				'attachment_0',
				new Blob([new Uint8Array(invoice.bytes)], { type: 'application/pdf' }),
				`${invoice.number}.pdf`,
			);
			return post('scale-invoice', { body: form });
		}),
	);
	const filedOn = (email: string) => {
		const contact = server.contacts().find((c) => c.externalReferenceId === `VENDOR-${email}`);
		return server.files().filter((f) => contact && f.contactId === contact._id);
	};
	await until('20 invoices to be filed', () =>
		vendors.every((who) => filedOn(who.email).length >= 4),
	);
	await until('the 20 executions to finish', async () => {
		const saved = (await executions(PIPELINE_WORKFLOW)).filter((e) => !before.has(e.id));
		return saved.length === 20 && saved.every((e) => e.status !== 'running' && e.status !== 'new');
	});
	await sleep(2000);

	// One contact per vendor, though four executions on two workers upserted each at once.
	const vendorContacts = server
		.contacts()
		.filter((c) => String(c.externalReferenceId).startsWith('VENDOR-ap'));
	expect(vendorContacts.map((c) => c.externalReferenceId).sort()).toEqual(
		vendors.map((who) => `VENDOR-${who.email}`).sort(),
	);
	for (const who of vendors) {
		expect(
			filedOn(who.email)
				.map((f) => [f.fileName, sha(server.fileBytes(f._id)!)])
				.sort(),
		).toEqual(
			invoices
				.filter((i) => i.who === who)
				.map((i) => [`${i.number}.pdf`, sha(i.bytes)])
				.sort(),
		);
	}
	const saved = (await executions(PIPELINE_WORKFLOW)).filter((e) => !before.has(e.id));
	expect(saved.filter((e) => e.status !== 'success')).toEqual([]);
	const ran = workers.map((w) => w.executions().filter((id) => saved.some((e) => e.id === id)));
	process.stdout.write(
		`[scale] 20 invoices: executions per worker: ${ran.map((r) => r.length).join(' + ')}\n`,
	);
	expect(ran.map((ids) => ids.length > 0)).toEqual([true, true]);

	// Downloads too: a worker downloads each vendor's first invoice, the main answers with it.
	for (const who of vendors) {
		const [file] = filedOn(who.email);
		const answer = await fetch(`${main.url}/webhook/scale-download`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ contactId: file.contactId, fileId: file._id }),
		});
		expect(answer.status).toBe(200);
		expect(sha(Buffer.from(await answer.arrayBuffer()))).toBe(sha(server.fileBytes(file._id)!));
	}
});

it('the A2V2 Trigger on the main instance: 500 contacts in bursts, the main restarted once, each reported once', async () => {
	// Activate it: published, then the main instance started again to pick it up.
	await n8n.cli(host, mainEnv, ['publish:workflow', `--id=${TRIGGER_WORKFLOW}`]);
	await main.stop();
	const activatedFrom = Date.now();
	main = await n8n.startEditor(host, mainEnv);
	headers = await signIn(main.url, OWNER);
	await until('the activation poll', () =>
		server.requests({ method: 'GET', path: CONTACTS }).some((r) => r.at >= activatedFrom),
	);
	await sleep(3000);
	expect(reported).toEqual([]);

	const created: string[] = [];
	const burst = (n: number, label: string, shared: boolean) => {
		const at = shared ? new Date().toISOString() : undefined;
		const ids = Array.from(
			{ length: n },
			(_, i) =>
				server.createContact({ primaryEmail: `${label}-${i}@example.com` }, DEMO_AGENT_ID, at)._id,
		);
		created.push(...ids);
		return ids;
	};
	const allReported = (ids: string[]) => () => ids.every((id) => reported.includes(id));
	await until('a burst of 100', allReported(burst(100, 'trig-a', false)));
	await until('a burst of 150 sharing one timestamp', allReported(burst(150, 'trig-b', true)));
	// The main instance restarted while contacts arrive.
	await main.stop();
	const whileDown = burst(50, 'trig-down', false);
	main = await n8n.startEditor(host, mainEnv);
	headers = await signIn(main.url, OWNER);
	await until('the contacts created while the main was down', allReported(whileDown));
	await until('a burst of 200 sharing one timestamp', allReported(burst(200, 'trig-c', true)));
	// Two more polls: nothing reported twice.
	await sleep(11_000);
	expect(created).toHaveLength(500);
	expect(reported).toHaveLength(500);
	expect(new Set(reported)).toEqual(new Set(created));
	const saved = await executions(TRIGGER_WORKFLOW);
	expect(saved.filter((e) => e.status !== 'success')).toEqual([]);
	const ran = workers.map((w) => w.executions().filter((id) => saved.some((e) => e.id === id)));
	process.stdout.write(
		`[scale] trigger: 500 contacts reported once in ${saved.length} executions (per worker: ${ran.map((r) => r.length).join(' + ')})\n`,
	);
}, 600_000);
