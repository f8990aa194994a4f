import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
} from 'n8n-workflow';

import { inputError } from '../transport/errors';
import type { A2V2Request } from '../transport/request';
import { PAGE_SIZE, type Address } from '../transport/url';
import { itemOf, type Item } from './item';
import { runOneItem } from './runner';

/** How a declarative operation finds its address for an item. */
export type Addresser = (item: Item) => Address | Promise<Address>;

/** Carries an operation's addresser from its preSend to the pipeline below. */
const ADDRESSER = Symbol('a2v2.addresser');

type Addressed = IHttpRequestOptions & { [ADDRESSER]?: Addresser };

/**
 * preSend of a declarative operation: names how its request is addressed. The address is worked
 * out by the pipeline (so that a bad identifier fails there, as every other failure does).
 */
function address(addresser: Addresser) {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		(options as Addressed)[ADDRESSER] = addresser;
		return options;
	};
}

/** postReceive of a declarative operation: shapes the output items of an item. */
function shape(reshape: Reshape): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, items: INodeExecutionData[]) {
		return reshape(items, itemOf(this));
	};
}

/** How a declarative operation shapes its output items; `check` runs before its request. */
export type Reshape = (items: INodeExecutionData[], item: Item) => INodeExecutionData[];
export type Output = Reshape | { check: (item: Item) => void; reshape: Reshape };

/**
 * The routing of a declarative operation: its method, its address, and optionally how its
 * output items are shaped (what can be checked of that, before the request).
 */
export function route(
	method: IHttpRequestMethods,
	addresser: Addresser,
	output?: Output,
): INodePropertyRouting {
	const check = typeof output === 'object' ? output.check : undefined;
	const reshape = typeof output === 'object' ? output.reshape : output;
	const addressed: Addresser = check
		? async (item) => {
				check(item);
				return await addresser(item);
			}
		: addresser;
	return {
		request: { method },
		send: { preSend: [address(addressed)] },
		...(reshape ? { output: { postReceive: [shape(reshape)] } } : {}),
	};
}

/** An address that does not depend on the item. */
export const fixed =
	(path: string, target: string): Addresser =>
	() => ({ path, target });

/** One item per element of `data` for lists; the object itself otherwise. */
function itemsOf(body: unknown): INodeExecutionData[] {
	const envelope = (body ?? {}) as IDataObject;
	const data = envelope.data;
	if (Array.isArray(data)) return data.map((json) => ({ json: json as IDataObject }));
	if (data && typeof data === 'object') return [{ json: data as IDataObject }];
	const rest = { ...envelope };
	delete rest.success;
	return [{ json: rest }];
}

function hasNextPage(body: unknown): boolean {
	const pagination = (body as { pagination?: { hasNextPage?: unknown } } | undefined)?.pagination;
	return pagination?.hasNextPage === true;
}

/**
 * How many items a list operation returns: all (Return All), its Limit, or as a tool its Max
 * Results; undefined for an operation that is not a list.
 */
function wantedOf(item: Item): number | undefined {
	const returnAll = item.param<boolean | null>('returnAll', null);
	const limit =
		returnAll === null
			? item.param<number | null>('maxResults', null)
			: returnAll
				? Infinity
				: item.param<number>('limit', 50);
	if (limit === null) return undefined;
	return limit === Infinity ? Infinity : Math.max(1, Math.floor(Number(limit)));
}

/**
 * The pipeline of every declarative operation: each sets `paginate` (define.ts), and the node
 * names this function as its pagination, so RoutingNode hands over the request it built from the
 * operation's routing (method, query and body fields) and lets this function send it, per item,
 * through the sender. A list is paged with `limit=100` (or its Limit, when smaller), keeping every
 * query parameter the operation set, until `hasNextPage` is false or enough items arrived. The
 * operation's postReceive functions then shape the items. An operation without an address (one
 * this version does not know) is refused before any request.
 */
export async function sendDeclarative(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runOneItem(this, async (item) => {
		const { options } = requestData;
		const addresser = (options as Addressed)[ADDRESSER];
		if (!addresser) {
			const resource = item.param<string>('resource', '');
			const operation = item.param<string>('operation', '');
			throw inputError(
				item.node,
				item.index,
				'Operation',
				`"${operation}" is not an operation of "${resource}" in this version of the A2V2 node`,
			);
		}
		const { path, target } = await addresser(item);
		const body = options.body as IDataObject | undefined;
		const request: Omit<A2V2Request, 'itemIndex' | 'settings'> = {
			method: (options.method ?? 'GET') as IHttpRequestMethods,
			path,
			target,
			body: body && Object.keys(body).length ? body : undefined,
		};

		const wanted = wantedOf(item);
		let items: INodeExecutionData[] = [];
		let last: IN8nHttpFullResponse;
		if (wanted === undefined) {
			last = await item.request({ ...request, qs: options.qs });
			items = itemsOf(last.body);
		} else {
			// The API pages by `page` and `limit` together (page n starts at (n-1) x limit), so the
			// page size stays the same for the whole listing and the surplus of the last page is cut.
			const limit = Math.min(PAGE_SIZE, wanted);
			for (let page = 1; ; page++) {
				last = await item.request({ ...request, qs: { ...options.qs, page, limit } });
				const pageItems = itemsOf(last.body);
				items.push(...pageItems.slice(0, wanted - items.length));
				if (items.length >= wanted || pageItems.length === 0 || !hasNextPage(last.body)) break;
			}
		}

		for (const { actions } of requestData.postReceive) {
			for (const action of actions as PostReceiveAction[]) {
				if (typeof action !== 'function') {
					throw new TypeError('A2V2 operations shape their output with postReceive functions only');
				}
				items = await action.call(this as IExecuteSingleFunctions, items, last);
			}
		}
		return items.map((out) => ({ ...out, pairedItem: { item: item.index } }));
	});
}
