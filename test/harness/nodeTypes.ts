/**
 * The node types as n8n prepares them: this package's nodes with the Request Options n8n's loader
 * gives declarative nodes, the A2V2 node as an AI tool the way n8n's CLI makes one (`a2v2Tool`,
 * whose `execute` runs RoutingNode and so ignores custom operations), and a test agent that calls
 * its connected tools through n8n-core's own tool invocation.
 */
import { DirectoryLoader, RoutingNode } from 'n8n-core';
import type {
	IExecuteFunctions,
	INode,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

import { A2v2Trigger } from '../../nodes/A2v2Trigger/A2v2Trigger.node';
import { A2v2 } from '../../nodes/A2v2/A2v2.node';
import { TestAgent } from './testAgent';

export const NODE_TYPE = 'n8n-nodes-a2v2.a2v2';
export const TRIGGER_TYPE = 'n8n-nodes-a2v2.a2v2Trigger';
export const TOOL_TYPE = 'n8n-nodes-a2v2.a2v2Tool';
export const AGENT_TYPE = 'test.agent';

/** The version a node added in the editor gets: its default, else its highest. */
function currentVersion(description: INodeTypeDescription): number {
	const { version, defaultVersion } = description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

/**
 * A node as n8n's CLI turns it into a tool (NodeTypes.getByNameAndVersion): a copy of the type
 * named "...Tool" with an AI-tool output, and, for a declarative node, an `execute` that runs
 * RoutingNode: what n8n calls when it invokes the tool in-process.
 */
function asTool(type: INodeType): INodeType {
	const description = {
		...type.description,
		name: `${type.description.name}Tool`,
		displayName: `${type.description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	delete description.usableAsTool;
	const tool = Object.create(type, { description: { value: description } }) as INodeType;
	tool.execute = async function (this: IExecuteFunctions) {
		const context = this as unknown as ConstructorParameters<typeof RoutingNode>[0];
		return (await new RoutingNode(context, tool).runNode()) ?? [];
	};
	return tool;
}

function loadNodeTypes(): Record<string, INodeType> {
	const node = new A2v2();
	const trigger = new A2v2Trigger();
	for (const type of [node, trigger]) DirectoryLoader.applyDeclarativeNodeOptionParameters(type);
	return {
		[NODE_TYPE]: node,
		[TRIGGER_TYPE]: trigger,
		[TOOL_TYPE]: asTool(node),
		[AGENT_TYPE]: new TestAgent(),
	};
}

export const loadedTypes = loadNodeTypes();

export const nodeTypes: INodeTypes = {
	getByName: (name: string) => loadedTypes[name] as INodeType | IVersionedNodeType,
	getByNameAndVersion: (name: string) => loadedTypes[name],
	getKnownTypes: () => ({}),
};

export function makeNode(
	type: string,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	const nodeType = loadedTypes[type];
	const node: INode = {
		id: 'a2v2-node-id',
		name: 'A2V2',
		type,
		typeVersion: currentVersion(nodeType.description),
		position: [0, 0],
		parameters: {},
		credentials: { a2v2Api: { id: 'cred-1', name: 'A2V2 account' } },
		...extra,
	};
	// As the editor stores them: defaults filled in for the parameters that are shown (for the
	// node's version).
	node.parameters = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		parameters,
		true,
		false,
		node,
		nodeType.description,
	) as INodeParameters;
	return node;
}

/** Parameters as tests write them: plain objects, checked by n8n itself at run time. */
export type Parameters = Record<string, unknown>;

/** Input items as tests write them. */
export type InputItem = { json: object; binary?: object };
