/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets, import-x/no-unresolved --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n; the first three
   rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials; the token is a
   test's). The MCP SDK's client modules are found through its package exports, which Node and
   TypeScript resolve and the lint's import resolver does not. */
/**
 * The A2V2 tools served by n8n's MCP Server Trigger, and example 4's agent behind its chat, in
 * real n8n (`n8n start`, the workflows published) on both n8n lines. The official MCP TypeScript
 * SDK connects to the production URLs with the bearer token: the trigger's version 2 over
 * Streamable HTTP, version 1.1 over SSE. It lists the tools, calls each, and the local A2V2
 * server's state and request log show what they did; a client without the token is refused.
 * Example 4's chat streams its answer from the agent, whose model is the scripted one.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { calls, expectAnswers, expectStored, OFFERED_PARAMETERS, toolNodes } from './aiTools';
import { a2v2Credential, setUpN8n } from './n8nSetup';
import { startScriptedModel, toolAnswers, type ScriptedModel } from './scriptedModel';

import { DEMO_AGENT_ID, type LocalServer } from '../../local-server/server';
import * as n8n from '../../scripts/n8n-run';
import type { Json } from '../json';

const CRED = { id: 'a2v2McpCred00001', name: 'A2V2 MCP e2e' };
const BEARER = { id: 'a2v2McpBearer001', name: 'MCP clients' };
const MODEL_CRED = { id: 'a2v2McpModel0001', name: 'Scripted model' };
const TOKEN = 'mcp-e2e-token-7f3a91';

type Editor = Awaited<ReturnType<typeof n8n.startEditor>>;

const example = (file: string) =>
	JSON.parse(readFileSync(join(n8n.ROOT, 'examples', file), 'utf8')) as Json;

/** A workflow of the MCP Server Trigger (its version, its path) and every A2V2 tool. */
function mcpWorkflow(id: string, version: number, path: string, webhookId: string) {
	const tools = toolNodes(CRED, 'MCP Server Trigger');
	return {
		id,
		name: `A2V2 tools over MCP (trigger ${version})`,
		nodes: [
			{
				parameters: { authentication: 'bearerAuth', path },
				id: 'mcp',
				name: 'MCP Server Trigger',
				type: '@n8n/n8n-nodes-langchain.mcpTrigger',
				typeVersion: version,
				position: [0, 0],
				webhookId,
				credentials: { httpBearerAuth: BEARER },
			},
			...tools.nodes,
		],
		connections: tools.connections,
		settings: { executionOrder: 'v1' },
	};
}

/** An MCP client of the official SDK, connected to `url` (Streamable HTTP, or SSE). */
async function connect(url: string, transport: 'http' | 'sse', token = TOKEN) {
	const client = new Client({ name: 'a2v2-e2e', version: '1.0.0' });
	const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
	await client.connect(
		transport === 'http'
			? new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } })
			: new SSEClientTransport(new URL(url), {
					requestInit: { headers },
					eventSourceInit: {
						fetch: (input, init) =>
							fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...(headers ?? {}) } }),
					},
				}),
	);
	return client;
}

/** Waits until n8n has registered a production URL (it answers something other than 404). */
async function registered(url: string, timeoutMs = 60_000) {
	const started = Date.now();
	for (;;) {
		// A POST without a token is refused by an MCP trigger; a GET opens an SSE stream or the
		// hosted chat page. Neither starts an execution.
		const method = url.includes('/mcp/') && !url.endsWith('/sse') ? 'POST' : 'GET';
		const answer = await fetch(url, { method }).catch(() => undefined);
		await answer?.body?.cancel().catch(() => undefined);
		if (answer && answer.status !== 404) return;
		if (Date.now() - started > timeoutMs) throw new Error(`n8n did not register ${url}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The text a tool call answered (its first content part). */
async function call(client: Client, name: string, args: Record<string, unknown>) {
	const result = (await client.callTool({ name, arguments: args })) as {
		content: Array<{ type: string; text?: string }>;
	};
	return result.content.map((part) => part.text ?? '').join('');
}

describe.each(['2.x', '1.x'])('n8n %s', (line) => {
	let host: Json;
	let env: Record<string, string>;
	let server: LocalServer;
	let model: ScriptedModel;
	let editor: Editor;

	beforeAll(async () => {
		model = await startScriptedModel();
		const setUp = await setUpN8n({
			line,
			name: 'mcp',
			credentials: (a2v2) => [
				a2v2Credential(a2v2, CRED),
				{ ...BEARER, type: 'httpBearerAuth', data: { token: TOKEN } },
				{ ...MODEL_CRED, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: model.baseUrl } },
			],
		});
		({ host, server, env } = setUp);
		const { folder } = setUp;
		const others = { httpBearerAuth: BEARER, openAiApi: MODEL_CRED };
		const workflows = [
			mcpWorkflow('a2v2McpTrigger02', 2, 'a2v2-tools', '2b0f6a4e-1d3c-4e5f-9a7b-5a2c00000002'),
			mcpWorkflow(
				'a2v2McpTrigger11',
				1.1,
				'a2v2-tools-sse',
				'2b0f6a4e-1d3c-4e5f-9a7b-5a2c00000011',
			),
			n8n.withCredential(example('5-a2v2-crm-as-mcp-server.json'), {
				id: 'a2v2McpExample05',
				credentialId: CRED.id,
				credentialName: CRED.name,
				others,
			}),
			n8n.withCredential(example('4-ai-agent-with-a2v2-tools.json'), {
				id: 'a2v2McpExample04',
				credentialId: CRED.id,
				credentialName: CRED.name,
				others,
			}),
		];
		for (const workflow of workflows) {
			await n8n.importWorkflow(host, env, workflow, folder);
			await n8n.activate(host, env, workflow.id);
		}
		editor = await n8n.startEditor(host, env);
		// n8n answers before it has activated every workflow: wait for their production URLs.
		for (const path of [
			'mcp/a2v2-tools',
			'mcp/a2v2-tools-sse/sse',
			'mcp/a2v2-crm',
			'webhook/6c1e3a52-8a5e-4f7c-9d27-0a2b2c3d4e5f/chat',
		])
			await registered(`${editor.url}/${path}`);
	}, 900_000);

	afterAll(async () => {
		await editor?.stop();
		await server?.close();
		await model?.close();
	});

	it('refuses a client without the bearer token', async () => {
		const url = `${editor.url}/mcp/a2v2-tools`;
		await expect(connect(url, 'http', '')).rejects.toThrow();
		await expect(connect(url, 'http', 'wrong-token')).rejects.toThrow();
		const answer = await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				accept: 'application/json, text/event-stream',
			},
			body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
		});
		expect([401, 403]).toContain(answer.status);
	});

	it.each([
		['2 (Streamable HTTP)', 'a2v2-tools', 'http'],
		['1.1 (SSE)', 'a2v2-tools-sse/sse', 'sse'],
	] as const)(
		'trigger %s: lists every tool, and each call works or says what failed',
		async (_, path, transport) => {
			const client = await connect(`${editor.url}/mcp/${path}`, transport);
			try {
				const { tools } = await client.listTools();
				expect(
					Object.fromEntries(
						tools.map((t) => [t.name, Object.keys(t.inputSchema.properties ?? {}).sort()]),
					),
				).toEqual(OFFERED_PARAMETERS);
				expect(tools.find((t) => t.name === 'Get_Contact')?.description).toMatch(
					/^Get one contact of the A2V2 CRM by its external reference ID or its A2V2 ID/,
				);
				const tag = `MCP${line[0]}${transport.toUpperCase()}`;
				const answers: string[] = [];
				for (const step of calls(tag)) answers.push(await call(client, step.name, step.arguments));
				expectAnswers(tag, answers);
				expectStored(server, tag);
			} finally {
				await client.close();
			}
		},
	);

	it('example 5, the CRM as an MCP server: find, get, create, update, list files, record feedback', async () => {
		const client = await connect(`${editor.url}/mcp/a2v2-crm`, 'http');
		try {
			const { tools } = await client.listTools();
			expect(tools.map((t) => t.name).sort()).toEqual([
				'Create_Contact',
				'Find_Contacts',
				'Get_Contact',
				'List_Contact_Files',
				'Record_Feedback',
				'Update_Contact',
			]);
			const ref = `MCP-EX5-${line[0]}`;
			const from = Date.now();
			const created = JSON.parse(
				await call(client, 'Create_Contact', {
					externalReferenceId: ref,
					primaryEmail: `ex5-${line[0]}@example.com`,
					firstName: 'Grace',
					lastName: 'Hopper',
				}),
			);
			expect(created[0]).toMatchObject({ externalReferenceId: ref, firstName: 'Grace' });
			const found = JSON.parse(
				await call(client, 'Find_Contacts', { search: `ex5-${line[0]}@example.com` }),
			);
			expect(found.map((c: Json) => c.externalReferenceId)).toEqual([ref]);
			const updated = JSON.parse(
				await call(client, 'Update_Contact', {
					externalReferenceId: ref,
					changes: { status: 'inactive', tags: ['vip'] },
				}),
			);
			expect(updated[0]).toMatchObject({ status: 'inactive', tags: ['vip'] });
			expect(
				JSON.parse(await call(client, 'Get_Contact', { externalReferenceId: ref }))[0],
			).toMatchObject({
				externalReferenceId: ref,
				status: 'inactive',
			});
			const contact = server.contacts().find((c) => c.externalReferenceId === ref)!;
			server.createFile(contact._id, {
				fileName: 'contract.pdf',
				mimeType: 'application/pdf',
				bytes: Buffer.from('%PDF-1.4 contract'),
			});
			const files = JSON.parse(
				await call(client, 'List_Contact_Files', { externalReferenceId: ref }),
			);
			expect(files.map((f: Json) => f.fileName)).toEqual(['contract.pdf']);
			const feedback = JSON.parse(
				await call(client, 'Record_Feedback', {
					externalReferenceId: ref,
					feedback: { rating: 4, comment: 'Quick answers' },
				}),
			);
			expect(feedback[0]).toMatchObject({ formData: { rating: 4, comment: 'Quick answers' } });
			// The request log: each call is the requests of its operation, nothing more.
			const paths = server
				.requests()
				.filter((r) => r.at >= from)
				.map((r) => `${r.method} ${r.path.replace(contact._id, '<id>').replace(ref, '<ref>')}`);
			expect(paths).toEqual([
				`POST /v1/open/contacts/chatbots/${DEMO_AGENT_ID}`,
				`GET /v1/open/contacts/chatbots/${DEMO_AGENT_ID}`,
				`PUT /v1/open/contacts/<ref>/chatbots/${DEMO_AGENT_ID}`,
				`GET /v1/open/contacts/<ref>/chatbots/${DEMO_AGENT_ID}`,
				`GET /v1/open/contacts/<ref>/chatbots/${DEMO_AGENT_ID}`,
				`GET /v1/open/files/chatbots/${DEMO_AGENT_ID}/<id>`,
				'POST /v1/open/forms/submit/6650a1b2c3d4e5f6a7b8c902/contacts/<ref>',
			]);
		} finally {
			await client.close();
		}
	});

	it("example 4, the agent behind a chat: streams the model's answer, its tools change the CRM", async () => {
		const script = `chat${line[0]}`;
		const email = `chat-${line[0]}@example.com`;
		model.script(script, [
			{ calls: [{ name: 'Find_Contacts', arguments: { search: email } }] },
			{
				calls: [
					{
						name: 'Create_Contact',
						arguments: { primaryEmail: email, firstName: 'Linus', lastName: 'T' },
					},
				],
			},
			{ say: 'Linus is in the CRM now.' },
		]);
		const answer = await fetch(`${editor.url}/webhook/6c1e3a52-8a5e-4f7c-9d27-0a2b2c3d4e5f/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				action: 'sendMessage',
				sessionId: `session-${line}`,
				chatInput: `[script:${script}] Please add Linus (${email}).`,
			}),
		});
		const text = await answer.text();
		expect(answer.status).toBe(200);
		expect(text).toContain('Linus is in the CRM now.');
		const requests = model.requests(script);
		expect(requests.every((r) => r.stream)).toBe(true);
		expect(requests[0].tools.map((t) => t.function.name).sort()).toEqual([
			'Create_Contact',
			'Find_Contacts',
			'Get_Contact',
			'Record_Feedback',
		]);
		expect(toolAnswers(requests).map((a) => a.tool)).toEqual(['Find_Contacts', 'Create_Contact']);
		expect(server.contacts().filter((c) => c.primaryEmail === email)).toEqual([
			expect.objectContaining({ firstName: 'Linus' }),
		]);
	});
});
