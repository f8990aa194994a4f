/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n. */
/**
 * A scripted stand-in for an OpenAI chat model, on loopback: `POST /v1/chat/completions`
 * (streaming and not) replays a script of tool calls and records every request. n8n's OpenAI Chat
 * Model node reaches it through its credential's Base URL; everything else (the AI Agent, the
 * tools, the MCP Server Trigger) runs for real.
 *
 * A conversation picks its script by a `[script:<name>]` tag in its first user message. The
 * script's step n answers the request that carries n assistant messages already: a step calls
 * tools (with fixed arguments) or says something; after the last step the model says "Done.".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolCall {
	name: string;
	arguments: Record<string, unknown>;
}

export type Step = { calls: ToolCall[] } | { say: string };

/** A message of a chat request. */
export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
}

/** A recorded chat request. */
export interface ChatRequest {
	script: string | undefined;
	stream: boolean;
	messages: ChatMessage[];
	tools: Array<{
		type: string;
		function: { name: string; description: string; parameters: Record<string, unknown> };
	}>;
}

/** The text of a message's content (a string, or OpenAI's list of text parts). */
export function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (part as { text?: string }).text ?? '').join('');
	return '';
}

const scriptOf = (messages: ChatMessage[]) => {
	for (const message of messages) {
		if (message.role !== 'user') continue;
		const match = /\[script:([\w-]+)\]/.exec(textOf(message.content));
		if (match) return match[1];
	}
	return undefined;
};

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function startScriptedModel() {
	const scripts = new Map<string, Step[]>();
	const recorded: ChatRequest[] = [];
	let ids = 0;

	const answer = (response: ServerResponse, body: Record<string, unknown>) => {
		const messages = (body.messages ?? []) as ChatMessage[];
		const script = scriptOf(messages);
		const stream = body.stream === true;
		recorded.push({
			script,
			stream,
			messages,
			tools: (body.tools ?? []) as ChatRequest['tools'],
		});
		const steps = (script ? scripts.get(script) : undefined) ?? [];
		const taken = messages.filter((m) => m.role === 'assistant').length;
		const step: Step = steps[taken] ?? { say: 'Done.' };
		const toolCalls =
			'calls' in step
				? step.calls.map((call) => ({
						id: `call_${++ids}`,
						type: 'function',
						function: { name: call.name, arguments: JSON.stringify(call.arguments) },
					}))
				: undefined;
		const content = 'say' in step ? step.say : null;
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const base = {
			id: `chatcmpl-${++ids}`,
			created: Math.floor(Date.now() / 1000),
			model: String(body.model ?? 'scripted'),
		};
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (!stream) {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [
						{
							index: 0,
							message: {
								role: 'assistant',
								content,
								...(toolCalls ? { tool_calls: toolCalls } : {}),
							},
							finish_reason: finish,
						},
					],
					usage,
				}),
			);
			return;
		}
		response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const send = (delta: Record<string, unknown>, finishReason: string | null) =>
			response.write(
				`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`,
			);
		send({ role: 'assistant', content: toolCalls ? null : '' }, null);
		if (toolCalls) {
			toolCalls.forEach((call, index) => send({ tool_calls: [{ index, ...call }] }, null));
		} else {
			send({ content }, null);
		}
		send({}, finish);
		if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage)
			response.write(
				`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
			);
		response.end('data: [DONE]\n\n');
	};

	const server = createServer((request, response) => {
		void (async () => {
			const path = (request.url ?? '').split('?')[0];
			if (request.method === 'POST' && path.endsWith('/chat/completions')) {
				answer(response, JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>);
				return;
			}
			if (request.method === 'GET' && path.endsWith('/models')) {
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(
					JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }),
				);
				return;
			}
			response.writeHead(404, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ error: { message: `no route ${request.method} ${path}` } }));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		/** The Base URL for n8n's OpenAI credential. */
		baseUrl: `${url}/v1`,
		script(name: string, steps: Step[]) {
			scripts.set(name, steps);
		},
		/** The chat requests of a script (all when none is named). */
		requests(script?: string) {
			return recorded.filter((r) => script === undefined || r.script === script);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export type ScriptedModel = Awaited<ReturnType<typeof startScriptedModel>>;

/** What each tool call of a conversation got back: the tool messages of its last request. */
export function toolAnswers(requests: ChatRequest[]): Array<{ tool: string; content: string }> {
	const last = requests[requests.length - 1];
	if (!last) return [];
	const names = new Map<string, string>();
	for (const m of last.messages)
		for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
	return last.messages
		.filter((m) => m.role === 'tool')
		.map((m) => ({ tool: names.get(m.tool_call_id ?? '') ?? '?', content: textOf(m.content) }));
}
