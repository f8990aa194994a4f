import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	apiError,
	asNodeError,
	NETWORK_FAULT_CODES,
	networkError,
	redact,
	type FailedCall,
} from './errors';
import { isMultipartBody, type MultipartBody } from './multipart';
import { header, pacerFor, RateLimitWaitTooLong, retryAfterMs, type KeyPacer } from './pacing';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './settings';
import { apiRoot, pathSegment } from './url';

/**
 * The one sender: every request of the nodes goes through `deliver`, its one loop of pacing,
 * waiting out 429s, retries with backoff and failure errors. `a2v2Request` sends to the A2V2 API
 * (credential, key pacing); `fetchFile` downloads from another address (a signed URL); the
 * credential check sends with the helper n8n gives credential tests.
 */

const CREDENTIAL_TYPE = 'a2v2Api';

export type A2V2Context =
	IExecuteFunctions | IExecuteSingleFunctions | ILoadOptionsFunctions | IPollFunctions;

interface A2V2Credentials {
	apiKey: string;
	apiSecret: string;
	agentId: string;
	baseUrl: string;
}

export interface A2V2Request {
	method: IHttpRequestMethods;
	/**
	 * Path below /v1/open, its identifiers already encoded with `pathSegment`; `{agentId}` is
	 * replaced by the credential's agent ID.
	 */
	path: string;
	/**
	 * What the request addresses, in the user's words (`form submission "abc"`), for its error
	 * messages; `{agentId}` is replaced by the credential's agent ID. Without it, errors name the
	 * path.
	 */
	target?: string;
	qs?: IDataObject;
	/**
	 * The body: JSON, or a multipart body, opened once the request holds its slot with the key
	 * (so that only the files of the requests in flight are being read), and anew for a retry.
	 */
	body?: IDataObject | MultipartBody;
	headers?: IDataObject;
	/** The input item it is sent for; none for a trigger's poll or a loader. */
	itemIndex?: number;
	settings?: RequestSettings;
	/** A failure answer that the caller reads itself instead of an error (e.g. a batch's results). */
	acceptFailure?: (status: number, body: unknown) => boolean;
}

/** One request as `deliver` carries it out, whoever answers. */
export interface Delivery<T> {
	node: () => INode;
	call: FailedCall;
	host: string;
	settings: RequestSettings;
	/** Whether the request may be sent again after a fault (reads and idempotent writes). */
	idempotent: boolean;
	/** The pacer of the API key (A2V2 API requests only). */
	pacer?: KeyPacer;
	/** Sends one attempt. */
	send: () => Promise<IN8nHttpFullResponse>;
	/** Whether an answer is a failure; by default status >= 300. */
	isFailure?: (status: number, body: unknown) => boolean;
	/** A failure answer that the caller reads itself instead of an error. */
	acceptFailure?: (status: number, body: unknown) => boolean;
	/** The error for a failure answer; by default the A2V2 wording. */
	failed?: (call: FailedCall, response: IN8nHttpFullResponse) => Promise<Error> | Error;
	/** Reads a successful answer; a fault while reading (a body cut off) is retried likewise. */
	read?: (response: IN8nHttpFullResponse) => Promise<T>;
}

/** The first backoff after a 429 without Retry-After, or a 5xx; doubled each time. */
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

function backoffMs(attempt: number): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
	return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Network error codes that mean the request never reached the server. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** The network error code of a failed request (its own or its cause's), if it has one. */
function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const c = current as { code?: unknown; cause?: unknown };
		if (typeof c.code === 'string' && /^E[A-Z_]+$/.test(c.code)) return c.code;
		current = c.cause;
	}
	return undefined;
}

/**
 * Closes a request body that is a file stream once its answer came (or its request failed): an
 * answer that came before the whole body was read (a 429, an error) leaves the file open
 * otherwise. Harmless for a stream read to its end.
 */
function closeBody(body: unknown): void {
	const stream = body as { destroy?: unknown } | undefined;
	if (stream && typeof stream === 'object' && typeof stream.destroy === 'function') {
		(stream.destroy as () => void).call(stream);
	}
}

const statusFailure = (status: number) => status >= 300;

/**
 * Carries out one request: a slot with the key's pacer (when it has one), 429s waited out
 * (Retry-After, else exponential backoff with jitter) within the allowed wait, a bounded number
 * of retries with backoff after a 5xx or a network fault when the request is safe to repeat (a
 * create only when it certainly never reached the server), and an error that says what failed.
 */
export async function deliver<T = IN8nHttpFullResponse>(delivery: Delivery<T>): Promise<T> {
	const { node, call, settings, pacer } = delivery;
	const isFailure = delivery.isFailure ?? statusFailure;
	let waitedMs = 0;
	let faults = 0;
	let attempt = 0;
	const fault = async (code: string, safeToRepeat: boolean) => {
		if (safeToRepeat && faults < settings.maxRetries) {
			faults++;
			await sleep(backoffMs(faults));
			return;
		}
		throw networkError(node(), call, code, delivery.host, !safeToRepeat);
	};
	for (;;) {
		attempt++;
		let slot;
		try {
			slot = pacer ? await pacer.acquire(settings.maxRateLimitWaitMs - waitedMs) : undefined;
		} catch (error) {
			if (error instanceof RateLimitWaitTooLong) {
				throw apiError(node(), { ...call, status: 429 }, `(${error.message}.)`);
			}
			throw asNodeError(node(), error, call.itemIndex);
		}
		let response: IN8nHttpFullResponse;
		try {
			response = await delivery.send();
		} catch (error) {
			if (slot) pacer?.release(slot);
			if (error instanceof NodeOperationError) throw asNodeError(node(), error, call.itemIndex);
			const code = errorCode(error);
			// Anything but a known network fault (an internal error of n8n, a bug) is shown as
			// what it is and never retried: the request may not even have been sent. Only its
			// message is kept: the error of the HTTP client holds the request and its headers.
			if (!code || !NETWORK_FAULT_CODES.has(code)) {
				throw asNodeError(
					node(),
					new Error(redact((error as Error)?.message ?? String(error), call.secrets)),
					call.itemIndex,
				);
			}
			await fault(code, delivery.idempotent || NOT_SENT_CODES.has(code));
			continue;
		}
		const status = response.statusCode;
		const headers = response.headers as Record<string, unknown>;
		if (slot) pacer?.release(slot, headers);
		if (status === 429) {
			const wait = retryAfterMs(headers) ?? backoffMs(attempt);
			if (slot) pacer?.pause(Date.now() + wait, slot);
			if (waitedMs + wait > settings.maxRateLimitWaitMs) {
				throw apiError(
					node(),
					{ ...call, status, body: response.body },
					`(Waited ${Math.round(waitedMs / 1000)} s of the ${Math.round(settings.maxRateLimitWaitMs / 1000)} s allowed.)`,
				);
			}
			waitedMs += wait;
			// A pacer holds every request of the key until the pause is over; without one, wait here.
			if (!pacer) await sleep(wait);
			continue;
		}
		if (status >= 500 && delivery.idempotent && faults < settings.maxRetries) {
			closeBody(response.body);
			faults++;
			await sleep(retryAfterMs(headers) ?? backoffMs(faults));
			continue;
		}
		if (status === 404 && call.method === 'DELETE' && faults > 0) {
			// An earlier attempt of this delete went through before its answer was lost.
			response = { ...response, statusCode: 200, body: { success: true, data: {} } };
		} else if (
			isFailure(status, response.body) &&
			!delivery.acceptFailure?.(status, response.body)
		) {
			if (delivery.failed) throw await delivery.failed({ ...call, status }, response);
			const extra =
				status >= 500 && !delivery.idempotent
					? 'The request creates data and was not repeated automatically: check A2V2 before running it again.'
					: undefined;
			const location = status < 400 ? header(headers, 'location') : undefined;
			throw apiError(node(), { ...call, status, body: response.body, location }, extra);
		}
		if (!delivery.read) return response as T;
		try {
			return await delivery.read(response);
		} catch (error) {
			if (error instanceof NodeOperationError) throw asNodeError(node(), error, call.itemIndex);
			await fault(errorCode(error) ?? 'ERR_STREAM_PREMATURE_CLOSE', delivery.idempotent);
		}
	}
}

/** The credential as the sender uses it: decrypted once, with the key's pacer identity. */
interface KeyedCredentials {
	credentials: A2V2Credentials;
	/** The same, in the form n8n's authenticated requests take. */
	decrypted: ICredentialsDecrypted;
	/** A hash of base URL and key: names the key's pacer without holding the key. */
	keyId: string;
}

/**
 * The credentials of the node runs in progress, each keyed by its run's execute data: n8n reads
 * its database and decrypts at every `getCredentials`, and a run of 1,000 items would do that
 * 1,000 times. An entry is reachable only while its node run is (the key is held weakly) and is
 * dropped when the execution finishes; two nodes (and so two credentials) never share one.
 */
const credentialsOfRun = new WeakMap<object, Promise<KeyedCredentials>>();

async function readCredentials(context: A2V2Context): Promise<KeyedCredentials> {
	const credentials = (await context.getCredentials(CREDENTIAL_TYPE)) as unknown as A2V2Credentials;
	const keyId = createHash('sha256')
		.update(`${credentials.baseUrl}\u0000${credentials.apiKey}`)
		.digest('hex')
		.slice(0, 16);
	const chosen = context.getNode().credentials?.[CREDENTIAL_TYPE];
	const decrypted: ICredentialsDecrypted = {
		id: chosen?.id ?? '',
		name: chosen?.name ?? '',
		type: CREDENTIAL_TYPE,
		data: credentials as unknown as ICredentialDataDecryptedObject,
	};
	return { credentials, keyId, decrypted };
}

function credentialsFor(context: A2V2Context): Promise<KeyedCredentials> {
	const run =
		'getExecuteData' in context ? (context.getExecuteData() as object | undefined) : undefined;
	if (!run || typeof run !== 'object') return readCredentials(context);
	let entry = credentialsOfRun.get(run);
	if (!entry) {
		entry = readCredentials(context);
		credentialsOfRun.set(run, entry);
		entry.catch(() => credentialsOfRun.delete(run));
		(context as IExecuteFunctions).onExecutionFinish?.(() => credentialsOfRun.delete(run));
	}
	return entry;
}

/** A failure of the A2V2 API: an error status, a redirect not followed, or `success: false`. */
function isApiFailure(status: number, body: unknown): boolean {
	if (status >= 300) return true;
	return !!body && typeof body === 'object' && (body as { success?: unknown }).success === false;
}

/** Sends one request to the A2V2 Open API and returns the whole answer once it is a success. */
export async function a2v2Request(
	this: A2V2Context,
	request: A2V2Request,
): Promise<IN8nHttpFullResponse> {
	// The node is read for an error only: getNode() copies it, parameters and all.
	const node = () => this.getNode();
	const itemIndex = request.itemIndex;
	const settings = request.settings ?? DEFAULT_REQUEST_SETTINGS;
	const { credentials, keyId, decrypted } = await credentialsFor(this);
	const secrets = [credentials.apiKey, credentials.apiSecret].filter(Boolean).map(String);

	const agentId = String(credentials.agentId ?? '').trim();
	let root: string;
	let agent: string;
	try {
		root = apiRoot(credentials.baseUrl);
		agent = request.path.includes('{agentId}')
			? pathSegment(agentId, "The credential's Agent ID")
			: '';
	} catch (error) {
		throw new NodeOperationError(node(), error as Error, { itemIndex });
	}
	const path = request.path.replace(/\{agentId\}/g, agent);
	const method = request.method;
	const multipart = isMultipartBody(request.body) ? request.body : undefined;
	const options: IHttpRequestOptions = {
		method,
		baseURL: root,
		url: path,
		qs: request.qs,
		body: multipart ? undefined : (request.body as IDataObject | undefined),
		headers: {
			Accept: 'application/json',
			...(request.headers ?? {}),
			...(multipart ? { 'Content-Type': multipart.contentType } : {}),
		},
		json: !multipart,
		// Only reads follow redirects. A write is not sent on to another address: HTTP clients turn
		// a POST redirected with 301 or 302 into a GET (a create that silently creates nothing),
		// and replaying an upload means keeping a copy of the whole file.
		disableFollowRedirect: !!multipart || method !== 'GET',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		...settings.connection,
	};

	return await deliver({
		node,
		call: {
			method,
			path,
			target: request.target?.replace(/\{agentId\}/g, agentId),
			itemIndex,
			secrets,
		},
		host: new URL(root).host,
		settings,
		idempotent: method !== 'POST',
		pacer: pacerFor(keyId),
		isFailure: isApiFailure,
		acceptFailure: request.acceptFailure,
		send: async () => {
			const headers = { ...(options.headers as IDataObject) };
			let body = options.body;
			if (multipart) {
				// Opened now that the request has its slot; a retry opens it again.
				let opened;
				try {
					opened = await multipart.open();
				} catch (error) {
					throw asNodeError(node(), error, itemIndex);
				}
				body = opened.body as unknown as IHttpRequestOptions['body'];
				if (opened.length !== undefined) headers['Content-Length'] = String(opened.length);
			}
			try {
				// The credential's headers are set by its `authenticate`; handing over the
				// credential already read spares n8n a database read and a decryption per request.
				return (await this.helpers.httpRequestWithAuthentication.call(
					this,
					CREDENTIAL_TYPE,
					{ ...options, headers, body },
					{ credentialsDecrypted: decrypted },
				)) as IN8nHttpFullResponse;
			} finally {
				closeBody(body);
			}
		},
	});
}

/** `data` of a successful answer. */
export async function a2v2Data<T = unknown>(this: A2V2Context, request: A2V2Request): Promise<T> {
	const response = await a2v2Request.call(this, request);
	return (response.body as { data?: T }).data as T;
}

/** The first 500 characters of an answer's body (a stream is read to its end). */
export async function bodyText(body: unknown): Promise<string> {
	if (typeof body === 'string') return body.slice(0, 500);
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8').slice(0, 500);
	if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function')
		return JSON.stringify(body).slice(0, 500);
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks).toString('utf8').slice(0, 500);
}

/**
 * Downloads from an address outside the A2V2 API (a signed URL of its file storage): no A2V2
 * credential goes with it. The answer is streamed to `read` (which stores it); a 5xx, a network
 * fault or an answer cut off half way is tried again like any read.
 */
export async function fetchFile<T>(
	context: IExecuteFunctions | IExecuteSingleFunctions,
	options: {
		url: string;
		itemIndex?: number;
		settings: RequestSettings;
		target: string;
		failed: (call: FailedCall, response: IN8nHttpFullResponse) => Promise<Error>;
		read: (response: IN8nHttpFullResponse) => Promise<T>;
	},
): Promise<T> {
	const url = new URL(options.url);
	return await deliver({
		node: () => context.getNode(),
		call: {
			method: 'GET',
			path: url.pathname,
			target: options.target,
			service: 'the file storage',
			itemIndex: options.itemIndex,
			secrets: [],
		},
		host: url.host,
		settings: options.settings,
		idempotent: true,
		failed: options.failed,
		read: options.read,
		send: async () =>
			(await context.helpers.httpRequest({
				method: 'GET',
				url: options.url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				...options.settings.connection,
			})) as IN8nHttpFullResponse,
	});
}
