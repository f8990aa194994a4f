/**
 * The A2V2 node as a tool of n8n's own AI Agent, in real n8n, in every agent version that runs
 * tools its own way: 3.x (n8n runs each tool call as an execution of the tool node), 2.x and 1.x
 * (tools invoked in-process, where n8n ignores custom operations). n8n's OpenAI Chat Model talks
 * to a scripted model on loopback; the agent, the tools and the local A2V2 server are real. For
 * each agent: what the model was offered (names, descriptions, parameters), what reached the
 * A2V2 server, and what came back to the model.
 */
import { calls, expectAnswers, expectStored, OFFERED_PARAMETERS, toolNodes } from './aiTools';
import { a2v2Credential, setUpN8n } from './n8nSetup';
import { startScriptedModel, toolAnswers, type ScriptedModel } from './scriptedModel';

import type { LocalServer } from '../../local-server/server';
import * as n8n from '../../scripts/n8n-run';
import type { Json } from '../json';

const CRED = { id: 'a2v2AgentCred001', name: 'A2V2 agent e2e' };
const MODEL_CRED = { id: 'a2v2ModelCred001', name: 'Scripted model' };

/** The AI Agent versions of each n8n line, and the parameters each takes. */
const AGENTS: Record<string, number[]> = { '2.x': [3.1, 2.2, 1.7], '1.x': [3, 2.2, 1.7] };

function agentWorkflow(id: string, version: number, prompt: string) {
	const tools = toolNodes(CRED, 'AI Agent');
	return {
		id,
		name: `A2V2 tools under AI Agent ${version}`,
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
				parameters: {
					...(version < 2 ? { agent: 'toolsAgent' } : {}),
					promptType: 'define',
					text: prompt,
					options: { systemMessage: 'You keep the A2V2 CRM up to date.', maxIterations: 20 },
				},
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: version,
				position: [240, 0],
			},
			{
				parameters: {
					model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' },
					options: {},
				},
				id: 'model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [120, 300],
				credentials: { openAiApi: MODEL_CRED },
			},
			...tools.nodes,
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			...tools.connections,
		},
		settings: { executionOrder: 'v1' },
	};
}

describe.each(Object.keys(AGENTS))('n8n %s', (line) => {
	let host: Json;
	let env: Record<string, string>;
	let folder: string;
	let server: LocalServer;
	let model: ScriptedModel;

	beforeAll(async () => {
		model = await startScriptedModel();
		({ host, server, folder, env } = await setUpN8n({
			line,
			name: 'agents',
			credentials: (a2v2) => [
				a2v2Credential(a2v2, CRED),
				{ ...MODEL_CRED, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: model.baseUrl } },
			],
		}));
	}, 900_000);

	afterAll(async () => {
		await server?.close();
		await model?.close();
	});

	it.each(AGENTS[line])(
		'AI Agent %s: every tool works, and its failures reach the model',
		async (version) => {
			const tag = `AG${line[0]}V${String(version).replace('.', '')}`;
			const script = tag.toLowerCase();
			model.script(
				script,
				calls(tag).map((call) => ({ calls: [call] })),
			);
			const workflow = agentWorkflow(
				`a2v2Agent${tag}`.padEnd(16, '0').slice(0, 16),
				version,
				`[script:${script}] Add the lead.`,
			);
			await n8n.importWorkflow(host, env, workflow, folder);
			const { run, stdout, stderr, failed } = await n8n.execute(host, env, workflow.id);
			if (failed || !run || run.data?.resultData?.error)
				throw new Error(
					`the agent workflow failed:\n${stdout.slice(-3000)}\n${stderr.slice(-2000)}`,
				);

			const requests = model.requests(script);
			// Offered: every tool, with its description and the parameters its $fromAI() calls ask for.
			const offered = requests[0].tools.map((t) => t.function);
			expect(
				Object.fromEntries(
					offered.map((f) => [
						f.name,
						Object.keys((f.parameters.properties ?? {}) as object).sort(),
					]),
				),
			).toEqual(OFFERED_PARAMETERS);
			expect(offered.find((f) => f.name === 'Create_Contact')?.description).toMatch(
				/^Create a new contact in the A2V2 CRM\. Needs the primary e-mail address/,
			);
			// Came back: each call's answer, the failures as errors that say what to change.
			expectAnswers(
				tag,
				toolAnswers(requests).map((a) => a.content),
			);
			// Reached A2V2.
			expectStored(server, tag);
		},
	);
});
