/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The example workflows as users run them: activated in real n8n (`n8n start`, the workflows
 * published), each started by its own trigger.
 *
 * - Example 1 reads a real mailbox: Debian's Dovecot on 127.0.0.1 (scripts/mailbox/), polled
 *   by n8n's Email Trigger (IMAP). E-mails with invoice PDFs are delivered while it runs: one
 *   vendor's invoice, another vendor's two invoices with a non-PDF attachment, the first vendor
 *   again, and an e-mail without an attachment. The local A2V2 server ends with one contact per
 *   vendor (created, then updated) and every invoice filed once on its vendor; n8n saved only
 *   successful executions; the mailbox has nothing unread.
 * - Example 2 starts from the real A2V2 Trigger (polling every 5 s): every contact created after
 *   activation, the vendors of example 1 among them, gets exactly one welcome form, one without
 *   an external reference ID too.
 *
 * - Example 1 also reads the npm fallback mailbox (hoodiecrow-imap), which npm start uses where
 *   Dovecot cannot be had: an e-mail with two invoices is filed, one without an attachment skipped.
 *
 * Screenshots of example 1's executed canvas and its output: test/e2e/artifacts/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { a2v2Credential, setUpN8n } from './n8nSetup';
import { everyFiveSeconds, signIn } from './rest';

import * as n8n from '../../scripts/n8n-run';
import * as mailbox from '../../scripts/mailbox';
import type { LocalServer, StoredContact } from '../../local-server/server';

type Mailbox = Awaited<ReturnType<typeof mailbox.startMailbox>>;
type Editor = Awaited<ReturnType<typeof n8n.startEditor>>;

const ARTIFACTS = join(n8n.ROOT, 'test', 'e2e', 'artifacts');
const OWNER = { email: 'e2e-pipeline@a2v2.local', password: 'E2e-pipeline-pass-1' };
const CRED = 'a2v2E2ePipeCred1';
const IMAP_CRED = 'a2v2E2eImapCred1';
const FALLBACK_IMAP_CRED = 'a2v2E2eImapCred2';
const MAIL_WORKFLOW = 'a2v2E2ePipeMail1';
const FALLBACK_MAIL_WORKFLOW = 'a2v2E2ePipeMail2';
const WELCOME_WORKFLOW = 'a2v2E2ePipeWelc1';
const WELCOME_NOTE = 'Sent by n8n on sign-up';

let server: LocalServer;
let box: Mailbox;
let fallback: Mailbox;
let editor: Editor;
let headers: Record<string, string>;
let activatedAt: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function until(what: string, holds: () => boolean | Promise<boolean>, timeoutMs = 90_000) {
	const started = Date.now();
	while (!(await holds())) {
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out waiting for ${what}; n8n said:\n${editor?.output().slice(-3000)}`);
		await sleep(500);
	}
}

const example = (file: string) =>
	JSON.parse(readFileSync(join(n8n.ROOT, 'examples', file), 'utf8'));

/** The executions n8n saved for a workflow, with their status. */
async function executions(workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await fetch(`${editor.url}/rest/executions?filter=${filter}&limit=100`, {
		headers,
	});
	if (!answer.ok) throw new Error(`executions: ${answer.status} ${await answer.text()}`);
	const body = (await answer.json()) as {
		data: { results: Array<{ id: string; status: string }> };
	};
	return body.data.results;
}

const vendor = (email: string) =>
	server.contacts().find((c) => c.externalReferenceId === `VENDOR-${email}`);
const filesOf = (contact: StoredContact | undefined) =>
	server.files().filter((f) => contact && f.contactId === contact._id);

beforeAll(async () => {
	mkdirSync(ARTIFACTS, { recursive: true });
	// A folder of its own: Dovecot's unprivileged users must be able to enter it.
	box = await mailbox.startMailbox({ dir: mkdtempSync(join(tmpdir(), 'a2v2-e2e-mailbox-')) });
	// The npm fallback (hoodiecrow-imap) that npm start uses where Dovecot cannot be had.
	fallback = await mailbox.startMailbox({
		dir: mkdtempSync(join(tmpdir(), 'a2v2-e2e-fallback-')),
		server: 'npm',
	});
	const setUp = await setUpN8n({
		name: 'pipeline',
		userSubfolder: 'n8n',
		owner: OWNER,
		credentials: (a2v2) => [
			a2v2Credential(a2v2, { id: CRED, name: 'A2V2 pipeline e2e' }),
			n8n.imapCredential(box, { id: IMAP_CRED, name: 'Demo mailbox' }),
			n8n.imapCredential(fallback, { id: FALLBACK_IMAP_CRED, name: 'Fallback mailbox' }),
		],
	});
	server = setUp.server;
	const { host, env, folder } = setUp;
	const wired = (file: string, id: string, imap = { id: IMAP_CRED, name: 'Demo mailbox' }) =>
		n8n.withCredential(example(file), {
			id,
			credentialId: CRED,
			credentialName: 'A2V2 pipeline e2e',
			imap,
		});
	await n8n.importWorkflow(
		host,
		env,
		wired('1-email-attachments-to-contact.json', MAIL_WORKFLOW),
		folder,
	);
	// Example 2 as it ships, but polling every 5 s.
	const welcome = wired('2-new-contact-form-submit.json', WELCOME_WORKFLOW);
	welcome.nodes[0].parameters.pollTimes = everyFiveSeconds();
	await n8n.importWorkflow(host, env, welcome, folder);
	// Example 1 again, reading the fallback mailbox.
	const onFallback = wired('1-email-attachments-to-contact.json', FALLBACK_MAIL_WORKFLOW, {
		id: FALLBACK_IMAP_CRED,
		name: 'Fallback mailbox',
	});
	onFallback.name = `${onFallback.name} (npm fallback mailbox)`;
	await n8n.importWorkflow(host, env, onFallback, folder);
	for (const id of [MAIL_WORKFLOW, WELCOME_WORKFLOW, FALLBACK_MAIL_WORKFLOW])
		await n8n.cli(host, env, ['publish:workflow', `--id=${id}`]);
	activatedAt = new Date().toISOString();
	editor = await n8n.startEditor(host, env);
	headers = await signIn(editor.url, OWNER);
	// Both triggers are up once the A2V2 Trigger's activation poll has read the list.
	await until(
		'the A2V2 Trigger to activate',
		() => server.requests({ method: 'GET', path: '/v1/open/contacts/chatbots/' }).length > 0,
	);
	await sleep(3000);
}, 900_000);

afterAll(async () => {
	await editor?.stop();
	await box?.stop();
	await fallback?.stop();
	await server?.close();
});

describe('example 1, activated: invoices from a real mailbox to contacts', () => {
	const acme = { vendor: 'Acme Supplies', email: 'billing@acme-supplies.example' };
	const northwind = { vendor: 'Northwind Traders', email: 'accounts@northwind.example' };
	const pdf = (who: typeof acme, number: string, total: string) =>
		mailbox.invoicePdf({ ...who, number, total, date: '2026-11-20' });

	it('files every invoice of three e-mails once on its vendor, created or updated', async () => {
		await box.append(
			await mailbox.invoiceMail({
				...acme,
				invoices: [{ number: 'INV-1001', total: '100.00', date: '2026-11-20' }],
			}),
		);
		await box.append(
			await mailbox.invoiceMail({
				...northwind,
				invoices: [
					{ number: 'NW-1', total: '10.00', date: '2026-11-20' },
					{ number: 'NW-2', total: '20.00', date: '2026-11-20' },
				],
				others: [
					{ fileName: 'notes.txt', mimeType: 'text/plain', bytes: Buffer.from('not an invoice') },
				],
			}),
		);
		await until('the first two e-mails to be filed', () => server.files().length >= 1 + 3);
		// The same vendor again, and an e-mail without an attachment.
		await box.append(
			await mailbox.invoiceMail({
				...acme,
				invoices: [{ number: 'INV-1002', total: '250.00', date: '2026-11-20' }],
			}),
		);
		await box.append(
			await mailbox.message({
				from: `${acme.vendor} <${acme.email}>`,
				subject: 'No invoice today',
				text: 'Just saying hello.',
			}),
		);
		await until('the third e-mail to be filed', () => filesOf(vendor(acme.email)).length >= 2);
		await until('the mailbox to be read', async () => (await box.status()).unseen === 0);
		await sleep(3000);

		// One contact per vendor, whatever the number of invoices and e-mails.
		const vendors = server
			.contacts()
			.filter((c) => String(c.externalReferenceId).startsWith('VENDOR-'));
		expect(vendors.map((c) => c.externalReferenceId).sort()).toEqual([
			`VENDOR-${northwind.email}`,
			`VENDOR-${acme.email}`,
		]);
		// Acme was created by the first e-mail and updated by the third.
		expect(vendor(acme.email)).toMatchObject({
			firstName: acme.vendor,
			primaryEmail: acme.email,
			tags: ['vendor'],
			customFields: { acquisition_source: 'invoice INV-1002' },
		});
		expect(vendor(northwind.email)).toMatchObject({ firstName: northwind.vendor });

		// Every invoice once, on its vendor, byte for byte; the note was not filed.
		const filed = (who: typeof acme) =>
			filesOf(vendor(who.email))
				.map((f) => [f.fileName, sha(server.fileBytes(f._id)!)])
				.sort();
		expect(filed(acme)).toEqual(
			[
				['INV-1001.pdf', sha(pdf(acme, 'INV-1001', '100.00'))],
				['INV-1002.pdf', sha(pdf(acme, 'INV-1002', '250.00'))],
			].sort(),
		);
		expect(filed(northwind)).toEqual(
			[
				['NW-1.pdf', sha(pdf(northwind, 'NW-1', '10.00'))],
				['NW-2.pdf', sha(pdf(northwind, 'NW-2', '20.00'))],
			].sort(),
		);
		expect(server.files().filter((f) => f.fileName === 'notes.txt')).toEqual([]);
		// The seed's demo file and these four: nothing uploaded twice.
		expect(server.files()).toHaveLength(1 + 4);

		// n8n saved an execution for every e-mail it fetched, all successful.
		const saved = await executions(MAIL_WORKFLOW);
		expect(saved.length).toBeGreaterThanOrEqual(2);
		expect(saved.filter((e) => e.status !== 'success')).toEqual([]);
	});

	it('shows the executed canvas and its output in the editor (screenshots)', async () => {
		// The first execution: the first e-mail's (Acme's INV-1001), perhaps with the second's.
		const [first] = (await executions(MAIL_WORKFLOW)).sort((a, b) => Number(a.id) - Number(b.id));
		const browser = await launchChromium();
		try {
			const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
			await page.goto(`${editor.url}/signin`);
			await page.locator('input[type="email"]').fill(OWNER.email);
			await page.locator('input[type="password"]').fill(OWNER.password);
			await page.locator('input[type="password"]').press('Enter');
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
			await page.goto(`${editor.url}/workflow/${MAIL_WORKFLOW}/executions/${first.id}`);
			try {
				const upload = page
					.locator('[data-test-id="canvas-node"]')
					.filter({ hasText: 'Upload Invoice to Vendor' })
					.first();
				await upload.waitFor({ timeout: 60_000 });
				await page.waitForTimeout(1000);
				await page.screenshot({
					path: join(ARTIFACTS, 'example-1-executed-canvas.png'),
					fullPage: true,
				});
				await upload.dblclick();
				const output = page.locator('[data-test-id="output-panel"]').first();
				await output.waitFor({ timeout: 30_000 });
				// The output table renders a moment after the panel opens.
				await output.getByText('INV-1001.pdf').first().waitFor({ timeout: 30_000 });
				await page.screenshot({ path: join(ARTIFACTS, 'example-1-output.png'), fullPage: true });
			} catch (error) {
				await page.screenshot({
					path: join(ARTIFACTS, 'last-example-1-execution.png'),
					fullPage: true,
				});
				throw error;
			}
		} finally {
			await browser.close();
		}
	});
});

describe('example 2, activated: the welcome form starts from the real A2V2 Trigger', () => {
	it('every contact created after activation gets exactly one welcome form', async () => {
		const withRef = server.createContact({
			primaryEmail: 'welcome-ref@example.com',
			firstName: 'Grace',
			externalReferenceId: 'E2E-WELCOME-1',
		});
		const withoutRef = server.createContact({
			primaryEmail: 'welcome-noref@example.com',
			firstName: 'Alan',
		});
		const welcomed = (id: string) =>
			server.submissions().filter((s) => s.contactId === id && s.submissionNotes === WELCOME_NOTE);
		const fresh = () => server.contacts().filter((c) => c.createdAt >= activatedAt);
		await until('both contacts to be welcomed', () =>
			[withRef._id, withoutRef._id].every((id) => welcomed(id).length > 0),
		);
		// Two more polls: nothing is reported twice.
		await sleep(11_000);
		const contacts = fresh();
		// The two made here and the two vendors of example 1.
		expect(contacts).toHaveLength(4);
		for (const contact of contacts) {
			const forms = welcomed(contact._id);
			expect([contact.externalReferenceId, forms.length]).toEqual([contact.externalReferenceId, 1]);
		}
		expect(server.contacts().find((c) => c._id === withoutRef._id)?.externalReferenceId).toBe(
			`A2V2-${withoutRef._id}`,
		);
		expect(welcomed(withRef._id)[0].formData).toEqual({
			rating: 5,
			comment: 'Welcome aboard, Grace',
		});
		// The contacts from before activation were not welcomed.
		const before = server.contacts().filter((c) => c.createdAt < activatedAt);
		expect(before.flatMap((c) => welcomed(c._id))).toEqual([]);
		const saved = await executions(WELCOME_WORKFLOW);
		expect(saved.filter((e) => e.status !== 'success')).toEqual([]);
	});
});

describe('example 1, activated, reading the npm fallback mailbox (hoodiecrow-imap)', () => {
	it('files both invoices of an e-mail on their vendor, and skips an e-mail without one', async () => {
		expect(fallback.server).toBe('npm');
		const initech = { vendor: 'Initech', email: 'ap@initech.example' };
		const invoices = [
			{ number: 'IT-1', total: '70.00', date: '2026-11-25' },
			{ number: 'IT-2', total: '80.00', date: '2026-11-25' },
		];
		await fallback.append(await mailbox.invoiceMail({ ...initech, invoices }));
		await fallback.append(
			await mailbox.message({
				from: `${initech.vendor} <${initech.email}>`,
				subject: 'See you Monday',
				text: 'No attachment.',
			}),
		);
		await until(
			'the fallback mailbox to be read',
			async () => (await fallback.status()).unseen === 0,
		);
		await until('both invoices to be filed', () => filesOf(vendor(initech.email)).length >= 2);
		await sleep(3000);
		expect(vendor(initech.email)).toMatchObject({ firstName: initech.vendor, tags: ['vendor'] });
		expect(
			filesOf(vendor(initech.email))
				.map((f) => [f.fileName, sha(server.fileBytes(f._id)!)])
				.sort(),
		).toEqual(
			invoices.map((i) => [`${i.number}.pdf`, sha(mailbox.invoicePdf({ ...initech, ...i }))]),
		);
		const saved = await executions(FALLBACK_MAIL_WORKFLOW);
		expect(saved.length).toBeGreaterThanOrEqual(1);
		expect(saved.filter((e) => e.status !== 'success')).toEqual([]);
	});
});
