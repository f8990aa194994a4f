/**
 * Runs this package's nodes the way n8n does: workflows through n8n-core's WorkflowExecute
 * (declarative nodes through RoutingNode, custom operations through ExecuteContext), the
 * trigger's poll through PollContext, loadOptions / listSearch / resourceMapping through
 * LoadOptionsContext, and the connection test through CredentialTestContext. Credentials are
 * applied by the credential type's own `authenticate`, as n8n's CredentialsHelper does.
 */
import {
	CredentialTestContext,
	DirectoryLoader,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { randomUUID } from 'node:crypto';

import { A2V2Api } from '../../credentials/A2V2Api.credentials';
import { A2v2Trigger } from '../../nodes/A2v2Trigger/A2v2Trigger.node';
import { A2v2 } from '../../nodes/A2v2/A2v2.node';

export const NODE_TYPE = 'n8n-nodes-a2v2.a2v2';
export const TRIGGER_TYPE = 'n8n-nodes-a2v2.a2v2Trigger';

const credentialTypes: Record<string, ICredentialType> = { a2v2Api: new A2V2Api() };

/** Node types as n8n's loader prepares them (declarative nodes get their Request Options). */
function loadNodeTypes(): Record<string, INodeType> {
	const types: Record<string, INodeType> = {
		[NODE_TYPE]: new A2v2(),
		[TRIGGER_TYPE]: new A2v2Trigger(),
	};
	for (const type of Object.values(types)) {
		DirectoryLoader.applyDeclarativeNodeOptionParameters(type);
	}
	return types;
}

const loadedTypes = loadNodeTypes();

export const nodeTypes: INodeTypes = {
	getByName: (name: string) => loadedTypes[name] as INodeType | IVersionedNodeType,
	getByNameAndVersion: (name: string) => loadedTypes[name],
	getKnownTypes: () => ({}),
};

export type CredentialData = ICredentialDataDecryptedObject;

/** What n8n's CredentialsHelper does for this package: defaults, then the type's authenticate. */
class TestCredentialsHelper extends ICredentialsHelper {
	/** How many times a node read a credential (n8n reads its database and decrypts each time). */
	reads = 0;

	/** `data`, or per credential ID when the workflow's nodes use different credentials. */
	constructor(
		private readonly data: CredentialData | Record<string, CredentialData>,
		private readonly byId = false,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const auth = credentialTypes[typeName].authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		if (auth?.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getParameterValue(value, null, 0, 0, node.name, [], 'internal', {
						$credentials: credentials,
					})
				: value;
		const target = requestOptions as unknown as Record<string, IDataObject>;
		for (const [outerKey, values] of Object.entries(auth.properties)) {
			target[outerKey] = { ...(target[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(values as IDataObject)) {
				target[outerKey][key] = resolve(value) as IDataObject[string];
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		const data = this.byId
			? (this.data as Record<string, CredentialData>)[nodeCredentials.id as string]
			: (this.data as CredentialData);
		return withDefaults(type, data);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return credentialTypes[type].properties;
	}
}

function withDefaults(type: string, data: CredentialData): CredentialData {
	const out: CredentialData = { ...data };
	for (const property of credentialTypes[type].properties) {
		if (out[property.name] === undefined)
			out[property.name] = property.default as CredentialData[string];
	}
	return out;
}

function additionalDataFor(
	credentials: CredentialData,
	hooks?: ExecutionLifecycleHooks,
	helper: TestCredentialsHelper = new TestCredentialsHelper(credentials),
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: helper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used');
		},
		// n8n gives every execution its own ID.
		executionId: randomUUID(),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		userId: 'test-user',
		logAiEvent: async () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface NodeRun {
	/** The node's first output. */
	items: INodeExecutionData[];
	/** The error the node failed with, if it failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
}

function makeNode(type: string, parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	const nodeType = loadedTypes[type];
	// As the editor stores them: defaults filled in for the parameters that are shown.
	const full = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		parameters,
		true,
		false,
		null,
		nodeType.description,
	) as INodeParameters;
	return {
		id: 'a2v2-node-id',
		name: 'A2V2',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: full,
		credentials: { a2v2Api: { id: 'cred-1', name: 'A2V2 account' } },
		...extra,
	};
}

/** Parameters as tests write them: plain objects, checked by n8n itself at run time. */
export type Parameters = Record<string, unknown>;

/** Input items as tests write them. */
export type InputItem = { json: object; binary?: object };

/**
 * Runs the A2V2 node once over `items` through WorkflowExecute, as a workflow would when the
 * previous node hands it those items.
 */
export async function runNode(options: {
	parameters: Parameters;
	credentials: CredentialData;
	items?: InputItem[];
	continueOnFail?: boolean;
}): Promise<NodeRun> {
	const node = makeNode(NODE_TYPE, options.parameters as INodeParameters, {
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	});
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const inputItems = (options.items ?? [{ json: {} }]) as INodeExecutionData[];
	const executeData: IExecuteData = {
		node: workflow.getNode(node.name) as INode,
		data: { main: [inputItems] },
		source: null,
	};
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	const additionalData = additionalDataFor(options.credentials, hooks);
	let run: IRun;
	try {
		run = await new WorkflowExecute(
			additionalData,
			'manual',
			runExecutionData,
		).processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses a workflow with parameter issues before any node runs.
		return {
			items: [],
			error: error as NodeRun['error'],
			run: { data: runExecutionData } as unknown as IRun,
		};
	}
	const taskData = run.data.resultData.runData[node.name]?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as NodeRun['error'];
	const items = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
	return { items, error, run };
}

function loadOptionsContext(
	type: string,
	parameters: Parameters,
	credentials: CredentialData,
	path: string,
) {
	const node = makeNode(type, parameters as INodeParameters);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return new LoadOptionsContext(workflow, node, additionalDataFor(credentials), path);
}

/** Calls `methods.listSearch[method]` as the editor does for a resource locator's list. */
export async function listSearch(
	method: string,
	options: {
		parameters: Parameters;
		credentials: CredentialData;
		filter?: string;
		paginationToken?: string;
		type?: string;
	},
): Promise<INodeListSearchResult> {
	const type = options.type ?? NODE_TYPE;
	const fn = loadedTypes[type].methods?.listSearch?.[method];
	if (!fn) throw new Error(`no listSearch method ${method}`);
	const context = loadOptionsContext(
		type,
		options.parameters,
		options.credentials,
		'parameters.contact',
	);
	return await fn.call(context, options.filter, options.paginationToken);
}

/** Calls `methods.resourceMapping[method]` as the editor does when a mapper opens. */
export async function resourceMapping(
	method: string,
	options: { parameters: Parameters; credentials: CredentialData; type?: string },
): Promise<ResourceMapperFields> {
	const type = options.type ?? NODE_TYPE;
	const fn = loadedTypes[type].methods?.resourceMapping?.[method];
	if (!fn) throw new Error(`no resourceMapping method ${method}`);
	return await fn.call(
		loadOptionsContext(type, options.parameters, options.credentials, 'parameters.x'),
	);
}

/** Calls `methods.loadOptions[method]`. */
export async function loadOptions(
	method: string,
	options: { parameters: Parameters; credentials: CredentialData; type?: string },
): Promise<INodePropertyOptions[]> {
	const type = options.type ?? NODE_TYPE;
	const fn = loadedTypes[type].methods?.loadOptions?.[method];
	if (!fn) throw new Error(`no loadOptions method ${method}`);
	return await fn.call(
		loadOptionsContext(type, options.parameters, options.credentials, 'parameters.x'),
	);
}

/** Runs the connection test the nodes name in `testedBy`, as n8n's credential tester does. */
export async function testCredential(data: CredentialData) {
	const type = loadedTypes[NODE_TYPE];
	const testedBy = type.description.credentials?.find((c) => c.name === 'a2v2Api')
		?.testedBy as string;
	const fn = type.methods?.credentialTest?.[testedBy];
	if (!fn) throw new Error('the node names no connection test');
	const credential: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'A2V2 account',
		type: 'a2v2Api',
		data: withDefaults('a2v2Api', data),
	};
	return await fn.call(new CredentialTestContext(additionalDataFor(data)), credential);
}

export interface PollHarness {
	/** Runs one poll as n8n's poll executor does; returns the emitted items (or null). */
	poll(mode?: 'trigger' | 'manual'): Promise<INodeExecutionData[] | null>;
	/** The node's static data as n8n would have saved it (committed only after a successful poll). */
	staticData: IDataObject;
}

/** A trigger node whose poll can be run repeatedly, keeping static data between polls like n8n. */
export function pollHarness(options: {
	parameters: Parameters;
	credentials: CredentialData;
}): PollHarness {
	const node = makeNode(TRIGGER_TYPE, options.parameters as INodeParameters, {
		name: 'A2V2 Trigger',
	});
	const harness: PollHarness = {
		staticData: {},
		async poll(mode = 'trigger') {
			const workflow = new Workflow({
				id: 'poll-workflow',
				nodes: [node],
				connections: {},
				active: mode === 'trigger',
				nodeTypes,
				staticData: { [`node:${node.name}`]: JSON.parse(JSON.stringify(harness.staticData)) },
			});
			const context = new PollContext(
				workflow,
				workflow.getNode(node.name) as INode,
				additionalDataFor(options.credentials),
				mode,
				'activate',
			);
			const type = loadedTypes[TRIGGER_TYPE];
			if (!type?.poll) throw new Error('the trigger node has no poll');
			const result = await type.poll.call(context);
			// n8n saves the static data only when the poll succeeded.
			harness.staticData = JSON.parse(
				JSON.stringify(workflow.getStaticData('node', workflow.getNode(node.name) as INode)),
			);
			return result ? (result[0] as INodeExecutionData[]) : null;
		},
	};
	return harness;
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
	const connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	> = {};
	nodes.slice(1).forEach((node, i) => {
		connections[nodes[i].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
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
					data: { main: [(options.items ?? [{ json: {} }]) as INodeExecutionData[]] },
					source: null,
				},
			],
		},
	});
	const helper = new TestCredentialsHelper(
		Object.fromEntries(options.nodes.map((n, i) => [`cred-${i}`, n.credentials])),
		true,
	);
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
	const additionalData = additionalDataFor({}, hooks, helper);
	const run = await new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	return {
		outputs: nodes.map(
			(n) =>
				(run.data.resultData.runData[n.name]?.[0]?.data?.main?.[0] ?? []) as INodeExecutionData[],
		),
		errors: nodes.map((n) => run.data.resultData.runData[n.name]?.[0]?.error),
		credentialReads: helper.reads,
	};
}
