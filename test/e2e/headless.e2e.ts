/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * Real n8n (2.41.1, and 1.123 as well) loads the built package and runs the example workflows headlessly with
 * `n8n execute` against the local A2V2 server; a wrong key fails clearly without leaking it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { a2v2Credential, setUpN8n } from './n8nSetup';
import { signIn, testCredential } from './rest';

import * as n8n from '../../scripts/n8n-run';
import { DEMO_AGENT_ID, FORM_TEMPLATES } from '../../local-server/server';
import { makePdf } from '../../local-server/documents';
import type { Json } from '../json';

const CRED = 'a2v2E2eCred00001';
const BAD_CRED = 'a2v2E2eBadKey001';
const BAD_SECRET = 'this-secret-must-never-show-9f3a';
const EXTRACTION_CRED = 'a2v2E2eExtrKey01';

let host: Json;
let server: Json;
let env: Record<string, string>;
let folder: string;

const example = (file: string) =>
	JSON.parse(readFileSync(join(n8n.ROOT, 'examples', file), 'utf8'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The example with its trigger replaced by `nodes` (the first takes the trigger's name). */
function headless(
	workflow: Json,
	id: string,
	trigger: string,
	nodes: Json[],
	extraConnections: Record<string, unknown> = {},
) {
	const copy = n8n.withCredential(workflow, { id, credentialId: CRED, credentialName: 'A2V2 e2e' });
	const at = copy.nodes.findIndex((n: Json) => n.name === trigger);
	copy.nodes.splice(at, 1, ...nodes);
	Object.assign(copy.connections, extraConnections);
	return copy;
}

const manual = (name: string) => ({
	parameters: {},
	id: `${name}-id`,
	name,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
});

async function runExample(workflow: Json) {
	await n8n.importWorkflow(host, env, workflow, folder);
	return await n8n.execute(host, env, workflow.id);
}

/** The run, or a failure that shows what n8n printed. */
function ranOk(result: { run?: Json; failed?: unknown; stdout: string; stderr: string }) {
	if (result.failed || !result.run || result.run.data?.resultData?.error) {
		throw new Error(
			`n8n did not run the workflow:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`,
		);
	}
	return result.run;
}

const output = (run: Json, node: string) =>
	run.data.resultData.runData[node][0].data.main[0] as Array<{ json: Json; binary?: Json }>;

// Every test, on n8n 2.41.1 (Node 24) and on n8n 1.123 (Node 20, the last 1.x line).
describe.each(['2.x', '1.x'])('n8n %s', (line) => {
	beforeAll(async () => {
		({ host, server, folder, env } = await setUpN8n({
			line,
			name: 'n8n',
			credentials: (a2v2) => [
				a2v2Credential(a2v2, { id: CRED, name: 'A2V2 e2e' }),
				a2v2Credential(a2v2, { id: BAD_CRED, name: 'A2V2 wrong key' }, { apiSecret: BAD_SECRET }),
				a2v2Credential(
					a2v2,
					{ id: EXTRACTION_CRED, name: 'A2V2 extraction only' },
					{ apiKey: 'demo-extraction-key', apiSecret: 'demo-extraction-secret' },
				),
			],
		}));
	}, 900_000);

	afterAll(async () => server?.close());

	it('example 2: every new contact gets the welcome form, one without an external reference ID too', async () => {
		// The two newest contacts: one made with Contact → Create and no external reference ID.
		const withRef = server.createContact({
			primaryEmail: 'with-ref@example.com',
			firstName: 'Rita',
			externalReferenceId: 'E2E-REF-1',
		});
		const withoutRef = server.createContact({
			primaryEmail: 'no-ref@example.com',
			firstName: 'Noah',
		});
		const stand = {
			parameters: {
				resource: 'contact',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
				sort: { sortBy: 'createdAt', sortOrder: 'desc' },
				simplify: true,
			},
			id: 'newest-contact',
			name: 'New A2V2 Contact',
			type: 'n8n-nodes-a2v2.a2v2',
			typeVersion: 1,
			position: [0, 0],
			credentials: { a2v2Api: { id: CRED, name: 'A2V2 e2e' } },
		};
		const workflow = headless(
			example('2-new-contact-form-submit.json'),
			'a2v2E2eExample02',
			'New A2V2 Contact',
			[manual('Start'), stand],
			{
				Start: { main: [[{ node: 'New A2V2 Contact', type: 'main', index: 0 }]] },
			},
		);
		const run = ranOk(await runExample(workflow));
		const submitted = run.data.resultData.runData['Submit Welcome Form'].flatMap(
			(r: Json) => r.data.main[0],
		);
		expect(submitted.map((i: Json) => i.json.externalReferenceId).sort()).toEqual([
			`A2V2-${withoutRef._id}`,
			'E2E-REF-1',
		]);
		const stored = server.submissions().filter((s: Json) => s.templateId === FORM_TEMPLATES[1]._id);
		expect(stored.map((s: Json) => s.contactId).sort()).toEqual(
			[withRef._id, withoutRef._id].sort(),
		);
		expect(stored.every((s: Json) => s.submissionNotes === 'Sent by n8n on sign-up')).toBe(true);
		expect(server.contacts().find((c: Json) => c._id === withoutRef._id).externalReferenceId).toBe(
			`A2V2-${withoutRef._id}`,
		);
	});

	it('example 1: e-mail attachments become contacts with their invoices filed on them', async () => {
		const invoice = (n: number) =>
			makePdf([
				`Invoice Number: INV-${n}`,
				`Vendor Name: Vendor ${n}`,
				`Vendor Email: billing${n}@vendor${n}.example`,
				`Total Amount: ${n}00.00`,
				`Invoice Date: 2026-03-0${n}`,
			]);
		const pdfs = [invoice(1), invoice(2)];
		// Its total read unsure: routed to review, its vendor tagged, the invoice not filed.
		const doubtful = makePdf([
			'Invoice Number: INV-3',
			'Vendor Name: Vendor 3',
			'Vendor Email: billing3@vendor3.example',
			'Total Amount: 300.00 (?)',
			'Invoice Date: 2026-03-03',
		]);
		const code = `return [{ json: { subject: 'Invoices for March' }, binary: {
			attachment_0: { data: '${pdfs[0].toString('base64')}', mimeType: 'application/pdf', fileName: 'invoice-1.pdf', fileExtension: 'pdf' },
			attachment_1: { data: '${Buffer.from('just a note').toString('base64')}', mimeType: 'text/plain', fileName: 'note.txt', fileExtension: 'txt' },
			attachment_2: { data: '${pdfs[1].toString('base64')}', mimeType: 'application/pdf', fileName: 'invoice-2.pdf', fileExtension: 'pdf' },
			attachment_3: { data: '${doubtful.toString('base64')}', mimeType: 'application/pdf', fileName: 'invoice-3.pdf', fileExtension: 'pdf' },
		} }];`;
		const mail = {
			parameters: { jsCode: code },
			id: 'fake-mail',
			name: 'Email Trigger (IMAP)',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [0, 0],
		};
		const workflow = headless(
			example('1-email-attachments-to-contact.json'),
			'a2v2E2eExample01',
			'Email Trigger (IMAP)',
			[manual('Start'), mail],
			{
				Start: { main: [[{ node: 'Email Trigger (IMAP)', type: 'main', index: 0 }]] },
			},
		);
		const run = ranOk(await runExample(workflow));
		expect(output(run, 'Extract Invoice').map((i) => i.json.invoiceNumber)).toEqual([
			'INV-1',
			'INV-2',
			'INV-3',
		]);
		expect(output(run, 'Flag Vendor for Review').map((i) => i.json.result)).toEqual(['created']);
		const flagged = server
			.contacts()
			.find((c: Json) => c.externalReferenceId === 'VENDOR-billing3@vendor3.example');
		expect(flagged).toMatchObject({
			tags: ['vendor', 'needs-review'],
			customFields: { acquisition_source: 'invoice INV-3, to review: totalAmount' },
		});
		expect(server.files().filter((f: Json) => f.contactId === flagged._id)).toEqual([]);
		expect(output(run, 'Create or Update Vendor').map((i) => i.json.result)).toEqual([
			'created',
			'created',
		]);
		expect(output(run, 'Upload Invoice to Vendor').map((i) => i.json.fileName)).toEqual([
			'invoice-1.pdf',
			'invoice-2.pdf',
		]);
		for (const n of [1, 2]) {
			const vendor = server
				.contacts()
				.find((c: Json) => c.externalReferenceId === `VENDOR-billing${n}@vendor${n}.example`);
			expect(vendor).toMatchObject({
				firstName: `Vendor ${n}`,
				tags: ['vendor'],
				customFields: { acquisition_source: `invoice INV-${n}` },
			});
			const files = server.files().filter((f: Json) => f.contactId === vendor._id);
			expect(files.map((f: Json) => f.fileName)).toEqual([`invoice-${n}.pdf`]);
			expect(sha(server.fileBytes(files[0]._id))).toBe(sha(pdfs[n - 1]));
		}
	});

	it('example 3: exports every contact to a spreadsheet file', async () => {
		const workflow = headless(
			example('3-scheduled-contact-export.json'),
			'a2v2E2eExample03',
			'Every Night',
			[manual('Every Night')],
		);
		const run = ranOk(await runExample(workflow));
		const contacts = output(run, 'All Contacts');
		expect(contacts).toHaveLength(server.contacts().filter((c: Json) => !c.isArchived).length);
		const file = output(run, 'Spreadsheet')[0].binary.data;
		expect(file).toMatchObject({ fileName: 'a2v2-contacts.csv', mimeType: 'text/csv' });
		// n8n 2.x keeps binary data on disk (find the file by its ID); 1.x keeps it in the item.
		const name = String(file.id).split('/').pop();
		const find = (dir: string): string | undefined => {
			for (const entry of readdirSync(dir)) {
				const p = join(dir, entry);
				if (statSync(p).isDirectory()) {
					const hit = find(p);
					if (hit) return hit;
				} else if (entry === name) return p;
			}
			return undefined;
		};
		const text = file.id
			? readFileSync(find(folder) as string, 'utf8')
			: Buffer.from(file.data, 'base64').toString('utf8');
		const csv = text.trim().split('\n');
		expect(csv[0]).toContain('primaryEmail');
		expect(csv).toHaveLength(contacts.length + 1);
		expect(csv.join('\n')).toContain('ada.lovelace0@example.com');
	});

	it("Custom API Call: n8n's HTTP Request node authenticates with the A2V2 credential", async () => {
		const workflow = {
			id: 'a2v2E2eCustomApi',
			name: 'custom API call',
			nodes: [
				manual('Start'),
				{
					parameters: {
						url: `${server.url}/v1/open/contacts/schema/chatbots/${DEMO_AGENT_ID}`,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'a2v2Api',
						options: {},
					},
					id: 'http',
					name: 'HTTP Request',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [200, 0],
					credentials: { a2v2Api: { id: CRED, name: 'A2V2 e2e' } },
				},
			],
			connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const run = ranOk(await runExample(workflow));
		expect(output(run, 'HTTP Request')[0].json.data.fields.map((f: Json) => f.key)).toContain(
			'primaryEmail',
		);
		const sent = server.requests({ method: 'GET', path: '/v1/open/contacts/schema/' }).pop();
		// The server logs the key by its name: the demo key "full" authenticated the request.
		expect(sent).toMatchObject({ status: 200, key: 'full' });
	});

	it("the credential's Test button tells a wrong key from a missing permission", async () => {
		const owner = { email: 'cred-owner@a2v2.local', password: 'Cred-owner-pass-1' };
		const editor = await n8n.startEditor(
			host,
			n8n.n8nEnv(host, {
				userFolder: folder,
				port: await n8n.freePort(),
				brokerPort: await n8n.freePort(),
				owner,
			}),
		);
		try {
			const headers = await signIn(editor.url, owner);
			const data = (apiKey: string, apiSecret: string) => ({
				apiKey,
				apiSecret,
				agentId: DEMO_AGENT_ID,
				baseUrl: server.url,
			});
			expect(
				await testCredential(editor.url, headers, CRED, data('demo-full-key', 'demo-full-secret')),
			).toEqual({
				status: 'OK',
				message: 'Connection successful: the key has Contact Access for this agent',
			});
			const wrong = await testCredential(
				editor.url,
				headers,
				BAD_CRED,
				data('demo-full-key', BAD_SECRET),
			);
			expect(wrong.status).toBe('Error');
			expect(wrong.message).toMatch(/^The API key or secret is wrong\./);
			expect(wrong.message).not.toContain(BAD_SECRET);
			const extraction = await testCredential(
				editor.url,
				headers,
				EXTRACTION_CRED,
				data('demo-extraction-key', 'demo-extraction-secret'),
			);
			expect(extraction).toMatchObject({
				status: 'OK',
				message: expect.stringContaining('lacks Contact Access: read'),
			});
		} finally {
			await editor.stop();
		}
	});

	it('a wrong key fails the execution with a clear message and never prints the secret', async () => {
		const workflow = {
			id: 'a2v2E2eWrongKey1',
			name: 'wrong key',
			nodes: [
				manual('Start'),
				{
					parameters: { resource: 'contact', operation: 'getAll', limit: 5 },
					id: 'list',
					name: 'List Contacts',
					type: 'n8n-nodes-a2v2.a2v2',
					typeVersion: 1,
					position: [200, 0],
					credentials: { a2v2Api: { id: BAD_CRED, name: 'A2V2 wrong key' } },
				},
			],
			connections: { Start: { main: [[{ node: 'List Contacts', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const { failed, stdout, stderr } = await runExample(workflow);
		expect(failed).toBeDefined();
		expect(stdout + stderr).toContain('The A2V2 API key or secret is wrong [item 0]');
		expect(stdout + stderr).not.toContain(BAD_SECRET);
	});
});
