import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';

import { targetOf } from './paths';
import {
	a2v2Request,
	DEFAULT_REQUEST_SETTINGS,
	type A2V2Context,
	type A2V2Request,
	type RequestSettings,
} from './transport';

/** The most items the list endpoints give per page. */
export const PAGE_SIZE = 100;

/** n8n's Proxy option (`http://user:pass@host:port`) as the HTTP helpers take it. */
function proxyOf(value: unknown): IHttpRequestOptions['proxy'] {
	if (typeof value !== 'string' || !value.trim()) return undefined;
	try {
		const url = new URL(value.trim());
		return {
			host: url.hostname,
			port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
			protocol: url.protocol.replace(/:$/, ''),
			...(url.username
				? {
						auth: {
							username: decodeURIComponent(url.username),
							password: decodeURIComponent(url.password),
						},
					}
				: {}),
		};
	} catch {
		return undefined;
	}
}

/**
 * The node's Request Options: ours (Max Rate-Limit Wait, Retries on Server Errors) and those n8n
 * adds to declarative nodes (Timeout, Proxy, Ignore SSL Issues; Batching is applied by n8n).
 */
export function requestSettings(
	this: A2V2Context,
	itemIndex = 0,
	read: (name: string, fallback: unknown) => unknown = (name, fallback) =>
		this.getNodeParameter(name, itemIndex, fallback),
): RequestSettings {
	const options = read('requestOptions', {}) as IDataObject;
	const waitSeconds = Number(options.maxRateLimitWait);
	const retries = Number(options.maxRetries);
	const connection: RequestSettings['connection'] = {};
	if (Number(options.timeout) > 0) connection.timeout = Number(options.timeout);
	const proxy = proxyOf(options.proxy);
	if (proxy) connection.proxy = proxy;
	if (options.allowUnauthorizedCerts === true) connection.skipSslCertificateValidation = true;
	return {
		connection,
		maxRateLimitWaitMs: Number.isFinite(waitSeconds)
			? Math.max(0, waitSeconds) * 1000
			: DEFAULT_REQUEST_SETTINGS.maxRateLimitWaitMs,
		maxRetries: Number.isFinite(retries)
			? Math.max(0, Math.floor(retries))
			: DEFAULT_REQUEST_SETTINGS.maxRetries,
	};
}

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
 * Every request of the A2V2 node arrives here: each operation sets `paginate`, and the node
 * names this function as its pagination, so RoutingNode hands over the request it built from
 * the operation's routing and lets this function send it. That puts the whole request
 * pipeline (transport.ts) under every declarative operation.
 *
 * A list operation (one that shows Return All) is paged with `limit=100`, keeping every query
 * parameter the operation set, until `hasNextPage` is false, or until enough items arrived.
 * The operation's own postReceive functions then shape the items.
 */
export async function sendRoutedRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const { options } = requestData;
	const request = {
		method: (options.method ?? 'GET') as IHttpRequestMethods,
		path: options.url ?? '',
		target: targetOf(options),
		body: options.body as A2V2Request['body'],
		headers: options.headers as IDataObject | undefined,
		itemIndex,
		settings: requestSettings.call(this, itemIndex),
	};

	const returnAll = this.getNodeParameter('returnAll', null) as boolean | null;
	let items: INodeExecutionData[] = [];
	let last: IN8nHttpFullResponse;
	if (returnAll === null) {
		last = await a2v2Request.call(this, { ...request, qs: options.qs });
		items = itemsOf(last.body);
	} else {
		const wanted = returnAll
			? Infinity
			: Math.max(1, Math.floor(Number(this.getNodeParameter('limit', 50))));
		// The API pages by `page` and `limit` together (page n starts at (n-1) x limit), so the
		// page size stays the same for the whole listing and the surplus of the last page is cut.
		const limit = Math.min(PAGE_SIZE, wanted);
		for (let page = 1; ; page++) {
			last = await a2v2Request.call(this, { ...request, qs: { ...options.qs, page, limit } });
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
	return items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
}
