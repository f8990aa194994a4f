/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The n8n editor in headless Chromium: sign in, open an A2V2 node, choose Contact → Create, see
 * the contact fields loaded from the local server's schema in the mapper (custom fields among
 * them), fill them, execute the step, see the output. Also checks that n8n lists both nodes, the tool variant and
 * the credential, and that the AI-agent example loads. Screenshots: test/e2e/artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

import { launchChromium } from './browser';

import { a2v2Credential, setUpN8n } from './n8nSetup';
import { signIn, testCredential } from './rest';

import * as n8n from '../../scripts/n8n-run';
import * as mailbox from '../../scripts/mailbox';
import { DEMO_AGENT_ID } from '../../local-server/server';
import type { LocalServer } from '../../local-server/server';

type Mailbox = Awaited<ReturnType<typeof mailbox.startMailbox>>;
type Editor = Awaited<ReturnType<typeof n8n.startEditor>>;

const ARTIFACTS = join(n8n.ROOT, 'test', 'e2e', 'artifacts');
const OWNER = { email: 'e2e-owner@a2v2.local', password: 'E2e-owner-pass-1' };
const CRED = 'a2v2E2eCredUi001';
const WORKFLOW = 'a2v2E2eEditor001';
const MAIL_WORKFLOW = 'a2v2E2eEditMail1';
const IMAP_CRED = 'a2v2E2eEditImap1';
const KEYS: Record<string, { apiKey: string; apiSecret: string }> = {
	[CRED]: { apiKey: 'demo-full-key', apiSecret: 'demo-full-secret' },
	a2v2E2eWrongKey1: { apiKey: 'demo-full-key', apiSecret: 'wrong-secret-e2e' },
	a2v2E2eExtrOnly1: { apiKey: 'demo-extraction-key', apiSecret: 'demo-extraction-secret' },
};

let server: LocalServer;
let box: Mailbox;
let editor: Editor;
let browser: Browser;
let page: Page;

const shot = async (name: string) =>
	page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
	mkdirSync(ARTIFACTS, { recursive: true });
	const setUp = await setUpN8n({
		name: 'editor',
		owner: OWNER,
		credentials: (a2v2) =>
			Object.entries(KEYS).map(([id, keys]) =>
				a2v2Credential(a2v2, { id, name: id === CRED ? 'A2V2 local' : id }, keys),
			),
	});
	server = setUp.server;
	const { host, env, folder } = setUp;
	await n8n.importWorkflow(
		host,
		env,
		{
			id: WORKFLOW,
			name: 'A2V2 editor test',
			nodes: [
				{
					parameters: {},
					id: 'start',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
				},
				{
					// Another resource and operation: the test chooses Contact → Create itself.
					parameters: { resource: 'file', operation: 'getAll' },
					id: 'a2v2',
					name: 'A2V2',
					type: 'n8n-nodes-a2v2.a2v2',
					typeVersion: 1,
					position: [260, 0],
					credentials: { a2v2Api: { id: CRED, name: 'A2V2 local' } },
				},
			],
			connections: { Start: { main: [[{ node: 'A2V2', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
		folder,
	);
	const agent = n8n.withCredential(
		JSON.parse(readFileSync(join(n8n.ROOT, 'examples', '4-ai-agent-with-a2v2-tools.json'), 'utf8')),
		{
			id: 'a2v2E2eAgent0001',
			credentialId: CRED,
			credentialName: 'A2V2 local',
		},
	);
	await n8n.importWorkflow(host, env, agent, folder);
	// Example 1 as npm start imports it: wired to a demo mailbox of its own.
	box = await mailbox.startMailbox({ dir: mkdtempSync(join(tmpdir(), 'a2v2-e2e-editor-mail-')) });
	await n8n.importCredentials(
		host,
		env,
		[n8n.imapCredential(box, { id: IMAP_CRED, name: 'Demo mailbox' })],
		folder,
	);
	const mailExample = JSON.parse(
		readFileSync(join(n8n.ROOT, 'examples', '1-email-attachments-to-contact.json'), 'utf8'),
	);
	await n8n.importWorkflow(
		host,
		env,
		n8n.withCredential(mailExample, {
			id: MAIL_WORKFLOW,
			credentialId: CRED,
			credentialName: 'A2V2 local',
			imap: { id: IMAP_CRED, name: 'Demo mailbox' },
		}),
		folder,
	);
	editor = await n8n.startEditor(host, env);
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
}, 900_000);

afterEach(async () => {
	// What the browser showed when a test failed.
	const state = (expect.getState() as { currentTestName?: string }).currentTestName ?? 'test';
	await page
		?.screenshot({
			path: join(ARTIFACTS, `last-${state.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`),
			fullPage: true,
		})
		.catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await editor?.stop();
	await box?.stop();
	await server?.close();
});

it('signs in', async () => {
	await page.goto(`${editor.url}/signin`);
	await page.locator('input[type="email"]').fill(OWNER.email);
	await page.locator('input[type="password"]').fill(OWNER.password);
	await shot('1-signin');
	await page.locator('input[type="password"]').press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
});

it('lists both nodes, the tool variant and the credential', async () => {
	const nodes = (await (await page.request.get(`${editor.url}/types/nodes.json`)).json()) as Array<{
		name: string;
	}>;
	const names = nodes.map((n) => n.name);
	expect(names).toEqual(
		expect.arrayContaining([
			'n8n-nodes-a2v2.a2v2',
			'n8n-nodes-a2v2.a2v2Trigger',
			'n8n-nodes-a2v2.a2v2Tool',
		]),
	);
	const credentials = (await (
		await page.request.get(`${editor.url}/types/credentials.json`)
	).json()) as Array<{ name: string }>;
	expect(credentials.map((c) => c.name)).toContain('a2v2Api');
});

it("the credential's Test button tells a wrong key from a missing permission", async () => {
	// What the editor's Test button calls, in a session of its own (with its own browser ID).
	const headers = await signIn(editor.url, OWNER);
	const test = async (id: string) =>
		await testCredential(editor.url, headers, id, {
			...KEYS[id],
			agentId: DEMO_AGENT_ID,
			baseUrl: server.url,
		});
	expect(await test(CRED)).toEqual({
		status: 'OK',
		message: 'Connection successful: the key has Contact Access for this agent',
	});
	const wrong = await test('a2v2E2eWrongKey1');
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toMatch(/^The API key or secret is wrong\./);
	expect(wrong.message).not.toContain('wrong-secret-e2e');
	const extraction = await test('a2v2E2eExtrOnly1');
	expect(extraction.status).toBe('OK');
	expect(extraction.message).toContain('lacks Contact Access: read');
});

const panel = () => page.locator('[data-test-id="node-creator"]');
/** Types into the node panel's search field. */
const search = async (text: string) => {
	await panel()
		.locator(
			'input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input',
		)
		.first()
		.fill(text);
};

/** A new, empty workflow with a manual trigger added from the node panel, as a user does. */
async function newWorkflowWithManualTrigger() {
	await page.goto(`${editor.url}/workflow/new`);
	await page.locator('[data-test-id="canvas-plus-button"]').click({ timeout: 60_000 });
	await search('manual');
	await page.getByText('Trigger manually', { exact: false }).first().click();
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await page.keyboard.press('Escape');
}

it('adds the A2V2 node from the node panel by search: actions grouped by resource, Contact → Create on the canvas', async () => {
	await newWorkflowWithManualTrigger();
	// The + after the trigger opens "What happens next?".
	await page
		.locator('[data-test-id="canvas-node-output-handle"] [data-test-id="canvas-handle-plus"]')
		.first()
		.click();
	await search('A2V2');
	const entry = panel().locator('[data-test-id="node-creator-item-name"]', { hasText: /^A2V2$/ });
	await entry.first().click();
	// The node's actions, grouped by resource (n8n shows none for a node it files as an AI tool).
	await panel().getByText('Actions (24)').waitFor({ timeout: 15_000 });
	for (const group of ['Contact', 'Document Extraction', 'File', 'Form']) {
		await expect(
			panel()
				.getByText(new RegExp(`^${group} actions$`, 'i'))
				.count(),
		).resolves.toBe(1);
	}
	await panel().getByText('Create or update a contact by external reference ID').waitFor();
	await panel().getByText('Extract structured data from a document').waitFor();
	await shot('5-node-panel-a2v2-actions');

	// Back, and the search a newcomer types.
	await page.keyboard.press('Escape');
	await page
		.locator('[data-test-id="canvas-node-output-handle"] [data-test-id="canvas-handle-plus"]')
		.first()
		.click();
	await search('create contact');
	await panel()
		.locator('[data-test-id="node-creator-item-name"]', { hasText: /^A2V2$/ })
		.first()
		.click();
	await panel().getByText('Create a contact', { exact: true }).click();
	// The node lands, its editor open on Contact → Create.
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ timeout: 30_000 });
	await expect(
		ndv.locator('[data-test-id="parameter-input-resource"] input').inputValue(),
	).resolves.toBe('Contact');
	await expect(
		ndv.locator('[data-test-id="parameter-input-operation"] input').inputValue(),
	).resolves.toBe('Create');
	// n8n picked one of the A2V2 credentials on its own: choose the one with Contact Access.
	await ndv.locator('[data-test-id="node-credentials-select"]').click();
	await page.locator(`[data-test-id="node-credentials-select-item-${CRED}"]`).click();
	const retry = ndv.getByText('Retry', { exact: true });
	if (await retry.count()) await retry.click();
	await ndv
		.locator('[data-test-id="mapping-fields-container"]')
		.getByText('Primary Email')
		.first()
		.waitFor({ timeout: 30_000 });
	await shot('6-added-contact-create');
	await page.locator('[data-test-id="ndv-close-button"]').click();
	// On the canvas: the node, its subtitle in words.
	const node = page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-a2v2.a2v2"]');
	await expect(node.count()).resolves.toBe(1);
	await node.getByText('Create: Contact').waitFor({ timeout: 15_000 });
	await shot('7-canvas-subtitle');
});

it("adds the A2V2 Tool to an AI Agent from the agent's tool panel", async () => {
	await newWorkflowWithManualTrigger();
	await page
		.locator('[data-test-id="canvas-node-output-handle"] [data-test-id="canvas-handle-plus"]')
		.first()
		.click();
	await search('AI Agent');
	await panel()
		.locator('[data-test-id="node-creator-item-name"]', { hasText: /^AI Agent$/ })
		.first()
		.click();
	await page
		.locator('[data-test-id="canvas-node"][data-node-type="@n8n/n8n-nodes-langchain.agent"]')
		.waitFor({ timeout: 30_000 });
	await page.keyboard.press('Escape');
	await page
		.locator(
			'[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"] [data-test-id="canvas-handle-plus"]',
		)
		.click();
	await search('A2V2');
	await panel()
		.locator('[data-test-id="node-creator-item-name"]', { hasText: /^A2V2 Tool$/ })
		.first()
		.click();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ timeout: 30_000 });
	await expect(
		ndv.locator('[data-test-id="parameter-input-resource"] input').inputValue(),
	).resolves.toBe('Contact');
	await shot('8-ai-agent-tool');
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await expect(
		page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-a2v2.a2v2Tool"]').count(),
	).resolves.toBe(1);
});

it("loads the AI agent example; a tool shows the model's description and Max Results", async () => {
	// (Only the editor itself talks to /rest: n8n ends a session whose requests lack its browser ID.)
	await page.goto(`${editor.url}/workflow/a2v2E2eAgent0001`);
	const tool = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Find Contacts' });
	await tool.waitFor({ timeout: 60_000 });
	// A node type n8n does not know is drawn as "not installed"; this one is known.
	await expect(page.getByText('Install this node', { exact: false }).count()).resolves.toBe(0);
	await shot('2-ai-agent-example');
	await tool.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ timeout: 30_000 });
	await expect(
		ndv.locator('[data-test-id="parameter-input-toolDescription"] textarea').inputValue(),
	).resolves.toMatch(/^Find contacts in the A2V2 CRM, newest first/);
	await expect(
		ndv.locator('[data-test-id="parameter-input-maxResults"] input').inputValue(),
	).resolves.toBe('10');
	await expect(ndv.locator('[data-test-id="parameter-input-returnAll"]').count()).resolves.toBe(0);
	await shot('9-ai-tool-parameters');
	await page.locator('[data-test-id="ndv-close-button"]').click();
});

it('chooses Contact → Create, shows the schema fields in the mapper, fills them, executes the step', async () => {
	await page.goto(`${editor.url}/workflow/${WORKFLOW}`);
	const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'A2V2' }).last();
	await node.waitFor({ timeout: 60_000 });
	await node.dblclick();
	await page.locator('[data-test-id="parameter-input-resource"]').click();
	await page.getByRole('option', { name: 'Contact', exact: true }).click();
	await page.locator('[data-test-id="parameter-input-operation"]').click();
	await page.getByRole('option', { name: /^Create\s*Create a contact/ }).click();
	// The fields of the agent's contact schema, loaded from the local server, custom ones marked.
	const fields = page.locator('[data-test-id="mapping-fields-container"]');
	await fields.getByText('Primary Email').first().waitFor({ timeout: 60_000 });
	await fields.getByText('Membership Level (custom)').first().waitFor({ timeout: 30_000 });
	await fields
		.locator('[data-test-id="parameter-input-primaryEmail"] input')
		.first()
		.fill('ui-test@example.com');
	await fields.locator('[data-test-id="parameter-input-firstName"] input').first().fill('Uma');
	await fields
		.locator('[data-test-id="parameter-input-customFields.acquisition_source"] input')
		.first()
		.fill('n8n editor');
	await shot('3-contact-create-mapper');
	await page.locator('[data-test-id="node-execute-button"]').first().click();
	await page.getByText('ui-test@example.com', { exact: false }).last().waitFor({ timeout: 60_000 });
	await shot('4-contact-created');
	const created = server.contacts().find((c) => c.primaryEmail === 'ui-test@example.com');
	expect(created).toMatchObject({
		firstName: 'Uma',
		customFields: { acquisition_source: 'n8n editor' },
	});
});

it('example 1: Execute Workflow waits for an e-mail, then files the unread invoices on their vendors', async () => {
	// An unread invoice already in the mailbox, like npm start's demo e-mails.
	await box.append(
		await mailbox.invoiceMail({
			vendor: 'Initech',
			email: 'ap@initech.example',
			invoices: [{ number: 'ITC-1', total: '42.00', date: '2026-11-30' }],
		}),
	);
	await page.goto(`${editor.url}/workflow/${MAIL_WORKFLOW}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	// n8n's Email Trigger reads the mailbox when an e-mail arrives (npm run demo:mail).
	await page.getByText('Waiting for you to receive an email').first().waitFor({ timeout: 60_000 });
	// The trigger reacts to e-mails that arrive once it has opened the mailbox, a moment after the
	// editor shows it waiting; a user runs npm run demo:mail after that.
	await page.waitForTimeout(5000);
	await box.append(
		await mailbox.invoiceMail({
			vendor: 'Hooli',
			email: 'billing@hooli.example',
			invoices: [{ number: 'HOO-7', total: '7.00', date: '2026-11-30' }],
		}),
	);
	const filed = (name: string) => server.files().some((f) => f.fileName === name);
	for (let waited = 0; !(filed('ITC-1.pdf') && filed('HOO-7.pdf')); waited += 500) {
		if (waited > 90_000) throw new Error('the invoices were not filed');
		await page.waitForTimeout(500);
	}
	await page.waitForTimeout(1500);
	await shot('5-example-1-executed');
	expect((await box.status()).unseen).toBe(0);
	for (const [email, file] of [
		['ap@initech.example', 'ITC-1.pdf'],
		['billing@hooli.example', 'HOO-7.pdf'],
	]) {
		const vendor = server.contacts().find((c) => c.externalReferenceId === `VENDOR-${email}`);
		expect(
			server
				.files()
				.filter((f) => f.contactId === vendor?._id)
				.map((f) => f.fileName),
		).toEqual([file]);
	}
});
