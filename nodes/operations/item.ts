import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IGetNodeParameterOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import type { BinarySource } from '../transport/files';
import { STREAM_CHUNK_BYTES } from '../transport/files';
import { a2v2Request, type A2V2Request } from '../transport/request';
import { settingsFrom, type RequestSettings } from '../transport/settings';
import { isMultipartBody } from '../transport/multipart';
import { once, runStateOf, type RunState } from './run';

/** A request of an item: the item and its Request Options are added by the item. */
export type ItemRequest = Omit<A2V2Request, 'itemIndex' | 'settings'>;

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

/**
 * One input item as an operation sees it, whichever way n8n runs the node: its parameters (the
 * one way operations read them), its input data, requests with its Request Options, its binary
 * data, and what the items of one node run share.
 */
export interface Item {
	/** The input item's index (errors name it). */
	readonly index: number;
	/** The node, for errors. */
	readonly node: INode;
	/** A parameter of this item (expressions resolved for it). */
	param<T = unknown>(name: string, fallback?: unknown, options?: IGetNodeParameterOptions): T;
	/** The input item. */
	readonly input: INodeExecutionData;
	/** Whether n8n runs the node as an AI tool (its type then ends in "Tool"). */
	readonly asTool: boolean;
	/** This item's Request Options. */
	settings(): RequestSettings;
	/** Sends to the A2V2 API for this item; resolves with the whole answer once it is a success. */
	request(request: ItemRequest): Promise<IN8nHttpFullResponse>;
	/** The same, resolving with `data` of the answer. */
	data<T = unknown>(request: ItemRequest): Promise<T>;
	/** Reads files of the input item. */
	readonly files: BinarySource;
	/** Stores an answer's body as n8n binary data. */
	storeFile(body: unknown, fileName?: string, mimeType?: string): Promise<IBinaryData>;
	/** What the items of this node run share (lookups, batches). */
	readonly run: RunState;
	/**
	 * A write sent once per node run however often n8n's Retry On Fail runs the node again
	 * (run.ts `once`); `request` does it for every create of this item.
	 */
	once<T>(key: string, send: () => Promise<T>): Promise<T>;
	/** The n8n context the item runs in, for the sender. */
	readonly context: IExecuteFunctions | IExecuteSingleFunctions;
}

/**
 * Whether n8n runs the node as an AI tool. A tool's failure is its answer, the error item: an
 * agent or MCP client shows the model what failed and what to change (n8n's AI Agent 1.x and 2.x
 * give the model an empty answer for a tool that throws).
 */
export function isTool(node: INode): boolean {
	return node.type.endsWith('Tool');
}

/** A create of an item, as Retry On Fail must not send it twice (run.ts `once`). */
function writeKey(index: number, request: ItemRequest): string {
	const body = isMultipartBody(request.body)
		? request.body.fingerprint
		: JSON.stringify(request.body ?? null);
	return [index, request.method, request.path, JSON.stringify(request.qs ?? null), body].join(
		'\u0000',
	);
}

/** Whether a stored value is or contains an expression (a string starting with `=`). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** The stored value at a parameter path such as `contactFields.value`. */
function rawValue(parameters: INodeParameters, name: string): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

interface RunParameters {
	/** The node's parameters as stored (expressions unresolved). */
	raw: INodeParameters;
	/** The values of the parameters without expressions, by name (and fallback). */
	constant: Map<string, unknown>;
}

/** Per node run (its execute context, held weakly: gone with the run). */
const parametersOfRun = new WeakMap<object, RunParameters>();

/**
 * A parameter of an item in a node run of all items. n8n's `getNodeParameter` copies the
 * parameter, looks up the node type and checks the value against it at every call; a parameter
 * that holds no expression anywhere (most of them: the modes, Simplify, the Request Options) has
 * the same value for every item, so it is read once per node run and that value is given for
 * every item. What is returned may be shared by the items: callers must not change it.
 */
function runParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	let run = parametersOfRun.get(context);
	if (!run) {
		// getNode() copies the node: once per run.
		run = { raw: context.getNode().parameters, constant: new Map() };
		parametersOfRun.set(context, run);
	}
	const key = `${name}\u0000${options?.extractValue ? 'x' : ''}\u0000${JSON.stringify(fallback) ?? ''}`;
	if (run.constant.has(key)) return run.constant.get(key);
	const value = context.getNodeParameter(name, itemIndex, fallback, options);
	if (!name.includes('[') && !hasExpression(rawValue(run.raw, name))) run.constant.set(key, value);
	return value;
}

/** The parts of an item that are built the same way in both contexts. */
function makeItem(
	context: IExecuteFunctions | IExecuteSingleFunctions,
	index: number,
	read: Item['param'],
	input: () => INodeExecutionData,
	buffer: (propertyName: string) => Promise<Buffer>,
	run: RunState,
	writesOnce: boolean,
): Item {
	let node: INode | undefined;
	let settings: RequestSettings | undefined;
	const item: Item = {
		index,
		get node() {
			// getNode() copies the node, parameters and all: once per item, and only when needed.
			node ??= context.getNode();
			return node;
		},
		param: read,
		get input() {
			return input();
		},
		get asTool() {
			return isTool(item.node);
		},
		settings: () => (settings ??= settingsFrom(read<IDataObject>('requestOptions', {}))),
		request: async (request) => {
			const send = async () =>
				await a2v2Request.call(context, {
					...request,
					itemIndex: index,
					settings: item.settings(),
				});
			return writesOnce && request.method === 'POST'
				? await once(context, writeKey(index, request), send)
				: await send();
		},
		once: async (key, send) => (writesOnce ? await once(context, key, send) : await send()),
		data: async <T>(request: ItemRequest) =>
			((await item.request(request)).body as { data?: T }).data as T,
		files: {
			buffer,
			stream: async (id) => await context.helpers.getBinaryStream(id, STREAM_CHUNK_BYTES),
			metadata: async (id) => await context.helpers.getBinaryMetadata(id),
		},
		storeFile: async (body, fileName, mimeType) =>
			await context.helpers.prepareBinaryData(body as BinaryInput, fileName, mimeType),
		run,
		context,
	};
	return item;
}

/** Item `index` of a node run of all items (a custom operation in a regular execution). */
export function itemOfRun(
	context: IExecuteFunctions,
	index: number,
	run: RunState,
	writesOnce: boolean,
): Item {
	const items = context.getInputData();
	return makeItem(
		context,
		index,
		<T>(name: string, fallback?: unknown, options?: IGetNodeParameterOptions) =>
			runParameter(context, name, index, fallback, options) as T,
		() => items[index],
		async (name) => await context.helpers.getBinaryDataBuffer(index, name),
		run,
		writesOnce,
	);
}

/** The item of a single-item context (RoutingNode's preSend, postReceive and pagination hooks). */
export function itemOf(context: IExecuteSingleFunctions): Item {
	return makeItem(
		context,
		context.getItemIndex(),
		<T>(name: string, fallback?: unknown, options?: IGetNodeParameterOptions) =>
			context.getNodeParameter(name, fallback, options) as T,
		() => context.getInputData(),
		async (name) => await context.helpers.getBinaryDataBuffer(name),
		runStateOf(context, undefined),
		// RoutingNode runs a coded operation only for a tool invoked in-process: each run is a new
		// call of the model, and n8n's tool retry gives it a new run.
		false,
	);
}
