/**
 * The n8n editor in headless Chromium: sign in, open an A2V2 node, choose Contact → Create, see
 * the contact fields loaded from the local server's schema in the mapper (custom fields among
 * them), fill them, execute the step, see the output. Also checks that n8n lists both nodes, the tool variant and
 * the credential, and that the AI-agent example loads. Screenshots: test/e2e/artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const { ensureHost } = require('../../scripts/n8n-host');
const n8n = require('../../scripts/n8n-run');
const { startA2V2Server, DEMO_AGENT_ID } = require('../server/server');

const ARTIFACTS = join(n8n.ROOT, 'test', 'e2e', 'artifacts');
const OWNER = { email: 'e2e-owner@a2v2.local', password: 'E2e-owner-pass-1' };
const CRED = 'a2v2E2eCredUi001';
const WORKFLOW = 'a2v2E2eEditor001';
const KEYS: Record<string, { apiKey: string; apiSecret: string }> = {
	[CRED]: { apiKey: 'demo-full-key', apiSecret: 'demo-full-secret' },
	a2v2E2eWrongKey1: { apiKey: 'demo-full-key', apiSecret: 'wrong-secret-e2e' },
	a2v2E2eExtrOnly1: { apiKey: 'demo-extraction-key', apiSecret: 'demo-extraction-secret' },
};

let server: any;
let editor: any;
let browser: Browser;
let page: Page;

const shot = async (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
	mkdirSync(ARTIFACTS, { recursive: true });
	const host = ensureHost();
	server = await startA2V2Server({ quiet: true });
	const folder = mkdtempSync(join(tmpdir(), 'a2v2-e2e-editor-'));
	n8n.installPackage(folder);
	const env = n8n.n8nEnv(host, { userFolder: folder, port: await n8n.freePort(), brokerPort: await n8n.freePort(), owner: OWNER });
	await n8n.importCredentials(
		host,
		env,
		Object.entries(KEYS).map(([id, keys]) => ({ id, name: id === CRED ? 'A2V2 local' : id, type: 'a2v2Api', data: { ...keys, agentId: DEMO_AGENT_ID, baseUrl: server.url } })),
		folder,
	);
	await n8n.importWorkflow(
		host,
		env,
		{
			id: WORKFLOW,
			name: 'A2V2 editor test',
			nodes: [
				{ parameters: {}, id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
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
	const agent = n8n.withCredential(JSON.parse(readFileSync(join(n8n.ROOT, 'examples', '4-ai-agent-with-a2v2-tool.json'), 'utf8')), {
		id: 'a2v2E2eAgent0001',
		credentialId: CRED,
		credentialName: 'A2V2 local',
	});
	await n8n.importWorkflow(host, env, agent, folder);
	editor = await n8n.startEditor(host, env);
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
	});
	page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
}, 900_000);

afterEach(async () => {
	// What the browser showed when a test failed.
	const state = (expect.getState() as { currentTestName?: string }).currentTestName ?? 'test';
	await page?.screenshot({ path: join(ARTIFACTS, `last-${state.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`), fullPage: true }).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await editor?.stop();
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
	const nodes = (await (await page.request.get(`${editor.url}/types/nodes.json`)).json()) as Array<{ name: string }>;
	const names = nodes.map((n) => n.name);
	expect(names).toEqual(expect.arrayContaining(['n8n-nodes-a2v2.a2v2', 'n8n-nodes-a2v2.a2v2Trigger', 'n8n-nodes-a2v2.a2v2Tool']));
	const credentials = (await (await page.request.get(`${editor.url}/types/credentials.json`)).json()) as Array<{ name: string }>;
	expect(credentials.map((c) => c.name)).toContain('a2v2Api');
});

it("the credential's Test button tells a wrong key from a missing permission", async () => {
	// What the editor's Test button calls, in a session of its own (with its own browser ID).
	const headers = { 'content-type': 'application/json', 'browser-id': 'e2e-credential-test' };
	const login = await fetch(`${editor.url}/rest/login`, { method: 'POST', headers, body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }) });
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const test = async (id: string) => {
		const body = { credentials: { id, name: id, type: 'a2v2Api', data: { ...KEYS[id], agentId: DEMO_AGENT_ID, baseUrl: server.url } } };
		const r = await fetch(`${editor.url}/rest/credentials/test`, { method: 'POST', headers: { ...headers, cookie }, body: JSON.stringify(body) });
		return ((await r.json()) as { data: { status: string; message: string } }).data;
	};
	expect(await test(CRED)).toEqual({ status: 'OK', message: 'Connection successful: the key has Contact Access for this agent' });
	const wrong = await test('a2v2E2eWrongKey1');
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toMatch(/^The API key or secret is wrong\./);
	expect(wrong.message).not.toContain('wrong-secret-e2e');
	const extraction = await test('a2v2E2eExtrOnly1');
	expect(extraction.status).toBe('OK');
	expect(extraction.message).toContain('lacks Contact Access: read');
});

it('loads the AI agent example with the A2V2 node as a tool', async () => {
	// (Only the editor itself talks to /rest: n8n ends a session whose requests lack its browser ID.)
	await page.goto(`${editor.url}/workflow/a2v2E2eAgent0001`);
	const tool = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Get A2V2 Contact' });
	await tool.waitFor({ timeout: 60_000 });
	// A node type n8n does not know is drawn as "not installed"; this one is known.
	await expect(page.getByText('Install this node', { exact: false }).count()).resolves.toBe(0);
	await shot('2-ai-agent-example');
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
	await fields.locator('[data-test-id="parameter-input-primaryEmail"] input').first().fill('ui-test@example.com');
	await fields.locator('[data-test-id="parameter-input-firstName"] input').first().fill('Uma');
	await fields.locator('[data-test-id="parameter-input-customFields.acquisition_source"] input').first().fill('n8n editor');
	await shot('3-contact-create-mapper');
	await page.locator('[data-test-id="node-execute-button"]').first().click();
	await page.getByText('ui-test@example.com', { exact: false }).last().waitFor({ timeout: 60_000 });
	await shot('4-contact-created');
	const created = server.contacts().find((c: any) => c.primaryEmail === 'ui-test@example.com');
	expect(created).toMatchObject({ firstName: 'Uma', customFields: { acquisition_source: 'n8n editor' } });
});
