/**
 * The A2V2 node as n8n runs an AI tool in-process (AI Agent 1.x and 2.x, the MCP Server
 * Trigger): the tool node supplied through n8n-core's `getInputConnectionData`, each call run by
 * its `makeHandleToolInvocation`, which calls the tool type's `execute` (RoutingNode) and not the
 * node's custom operations.
 */
import type { IConnections, IDataObject, INodeParameters } from 'n8n-workflow';

import { additionalDataFor, type CredentialData } from './credentials';
import { executeWorkflow } from './engine';
import { AGENT_TYPE, makeNode, TOOL_TYPE, type Parameters } from './nodeTypes';

export interface ToolRun {
	/** What the agent was offered: each tool's name, description and parameters. */
	offered: Array<{ name: string; description: string; parameters: string[] }>;
	/** What each call answered (the JSON string n8n gives the model), or the error it threw. */
	results: Array<{ tool: string; answer?: string; error?: string }>;
}

/** Runs `calls` against the A2V2 tools named `tools` (node name → parameters). */
export async function runAsTool(options: {
	tools: Record<string, Parameters>;
	calls: Array<{ tool: string; args: IDataObject }>;
	credentials: CredentialData;
}): Promise<ToolRun> {
	const agent = makeNode(AGENT_TYPE, {}, { id: 'agent', name: 'Agent', credentials: undefined });
	const tools = Object.entries(options.tools).map(([name, parameters], i) =>
		makeNode(TOOL_TYPE, parameters as INodeParameters, { id: `tool-${i}`, name }),
	);
	const connections: IConnections = {};
	for (const tool of tools)
		connections[tool.name] = { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] };
	const { run, refused } = await executeWorkflow(
		[agent, ...tools],
		connections,
		[{ json: { calls: options.calls } }],
		(hooks) => additionalDataFor(options.credentials, hooks),
	);
	const task = run.data.resultData.runData[agent.name]?.[0];
	const failed = refused ?? task?.error ?? run.data.resultData.error;
	if (failed) throw failed;
	return task?.data?.main?.[0]?.[0]?.json as unknown as ToolRun;
}
