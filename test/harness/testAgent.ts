/* eslint-disable @n8n/community-nodes/node-usable-as-tool --
   A node type of the test harness, never shipped: it is an agent, not a tool. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** A tool as n8n-core's `getInputConnectionData` supplies it (a LangChain structured tool). */
interface SuppliedTool {
	name: string;
	description: string;
	schema: { shape: Record<string, unknown> };
	invoke: (args: IDataObject) => Promise<string>;
}

/**
 * An agent that needs no model: it asks n8n-core for its connected tools, as n8n's AI Agent 1.x
 * and 2.x and the MCP Server Trigger do, and calls them with the arguments of its input item's
 * `calls`. Its output says what it was offered and what each call answered (or threw).
 */
export class TestAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Agent',
		name: 'testAgent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tools in-process',
		defaults: { name: 'Agent' },
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const supplied = await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0);
		const tools = (Array.isArray(supplied) ? supplied : [supplied]) as SuppliedTool[];
		const calls = (this.getInputData()[0].json.calls ?? []) as Array<{
			tool: string;
			args: IDataObject;
		}>;
		const results: IDataObject[] = [];
		for (const call of calls) {
			const tool = tools.find((t) => t.name === call.tool);
			if (!tool) throw new Error(`no tool named ${call.tool}`);
			try {
				results.push({ tool: call.tool, answer: await tool.invoke(call.args) });
			} catch (error) {
				results.push({ tool: call.tool, error: (error as Error).message });
			}
		}
		const offered = tools.map((t) => ({
			name: t.name,
			description: t.description,
			parameters: Object.keys(t.schema.shape),
		}));
		return [[{ json: { offered, results } }]];
	}
}
