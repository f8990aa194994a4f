/**
 * Runs workflows of this package's nodes through n8n-core's WorkflowExecute, as n8n does:
 * declarative operations through RoutingNode, coded ones as custom operations.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { additionalDataFor, TestCredentialsHelper, type CredentialData } from './credentials';
import { makeNode, nodeTypes, NODE_TYPE, type InputItem, type Parameters } from './nodeTypes';

export interface NodeRun {
	/** The node's first output. */
	items: INodeExecutionData[];
	/** Its error output (On Error: Continue (using error output)). */
	errorItems: INodeExecutionData[];
	/** The error the node failed with, if it failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
}

/**
 * Executes a workflow of `nodes` from its first node, which gets `items`; n8n refuses a workflow
 * with parameter issues before any node runs (that error is returned).
 */
export async function executeWorkflow(
	nodes: INode[],
	connections: IConnections,
	items: InputItem[],
	additionalData: (hooks: ExecutionLifecycleHooks) => IWorkflowExecuteAdditionalData,
): Promise<{ run: IRun; workflow: Workflow; refused?: Error }> {
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: workflow.getNode(nodes[0].name) as INode,
					data: { main: [items as INodeExecutionData[]] },
					source: null,
				},
			],
		},
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	try {
		const run = await new WorkflowExecute(
			additionalData(hooks),
			'manual',
			runExecutionData,
		).processRunExecutionData(workflow);
		return { run, workflow };
	} catch (error) {
		return {
			run: { data: runExecutionData } as unknown as IRun,
			workflow,
			refused: error as Error,
		};
	}
}

/**
 * Runs the A2V2 node once over `items` through WorkflowExecute, as a workflow would when the
 * previous node hands it those items.
 */
export async function runNode(options: {
	parameters: Parameters;
	credentials: CredentialData;
	items?: InputItem[];
	continueOnFail?: boolean;
	/** Failed items go to the node's error output instead. */
	errorOutput?: boolean;
	/** n8n's Retry On Fail with this many tries (no wait between them). */
	tries?: number;
	/** The node's version (1 unless given). */
	typeVersion?: number;
}): Promise<NodeRun> {
	const onError = options.errorOutput
		? ('continueErrorOutput' as const)
		: options.continueOnFail
			? ('continueRegularOutput' as const)
			: undefined;
	const node = makeNode(NODE_TYPE, options.parameters as INodeParameters, {
		...(onError ? { onError } : {}),
		...(options.tries ? { retryOnFail: true, maxTries: options.tries, waitBetweenTries: 0 } : {}),
		...(options.typeVersion ? { typeVersion: options.typeVersion } : {}),
	});
	const { run, refused } = await executeWorkflow(
		[node],
		{},
		options.items ?? [{ json: {} }],
		(hooks) => additionalDataFor(options.credentials, hooks),
	);
	if (refused) return { items: [], errorItems: [], error: refused as NodeRun['error'], run };
	const taskData = run.data.resultData.runData[node.name]?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as NodeRun['error'];
	const items = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
	const errorItems = (taskData?.data?.main?.[1] ?? []) as INodeExecutionData[];
	return { items, errorItems, error, run };
}

/**
 * Runs A2V2 nodes one after the other in one execution, each with its own credential; the first
 * gets `items`. Returns each node's output and how many times credentials were read.
 */
export async function runChain(options: {
	nodes: Array<{ parameters: Parameters; credentials: CredentialData }>;
	items?: InputItem[];
}): Promise<{ outputs: INodeExecutionData[][]; errors: unknown[]; credentialReads: number }> {
	const nodes = options.nodes.map((n, i) =>
		makeNode(NODE_TYPE, n.parameters as INodeParameters, {
			id: `a2v2-node-${i}`,
			name: `A2V2 ${i}`,
			credentials: { a2v2Api: { id: `cred-${i}`, name: `A2V2 account ${i}` } },
		}),
	);
	const connections: IConnections = {};
	nodes.slice(1).forEach((node, i) => {
		connections[nodes[i].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	const helper = new TestCredentialsHelper(
		Object.fromEntries(options.nodes.map((n, i) => [`cred-${i}`, n.credentials])),
		true,
	);
	const { run } = await executeWorkflow(
		nodes,
		connections,
		options.items ?? [{ json: {} }],
		(hooks) => additionalDataFor({}, hooks, helper),
	);
	return {
		outputs: nodes.map(
			(n) =>
				(run.data.resultData.runData[n.name]?.[0]?.data?.main?.[0] ?? []) as INodeExecutionData[],
		),
		errors: nodes.map((n) => run.data.resultData.runData[n.name]?.[0]?.error),
		credentialReads: helper.reads,
	};
}
