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
import { header, pacerFor, RateLimitWaitTooLong, retryAfterMs, type Slot } from './pacing';
import { isMultipartBody, type MultipartBody } from './multipart';
import { apiRoot, pathSegment } from './url';

const CREDENTIAL_TYPE = 'a2v2Api';

export type A2V2Context =
	IExecuteFunctions | IExecuteSingleFunctions | ILoadOptionsFunctions | IPollFunctions;

interface A2V2Credentials {
	apiKey: string;
	apiSecret: string;
	agentId: string;
	baseUrl: string;
}

/** How hard the pipeline tries, and how it connects; all from the node's Request Options. */
export interface RequestSettings {
	/** Total time one request may spend waiting out 429s and the key's window (ms). */
	maxRateLimitWaitMs: number;
	/** Extra attempts after a 5xx or a network fault, for reads and idempotent writes. */
	maxRetries: number;
	/** n8n's own options (Timeout, Proxy, Ignore SSL Issues), passed to every request. */
	connection?: Pick<IHttpRequestOptions, 'timeout' | 'proxy' | 'skipSslCertificateValidation'>;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
	maxRateLimitWaitMs: 300_000,
	maxRetries: 3,
};

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

/** The first backoff after a 429 without Retry-After, or a 5xx; doubled each time. */
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

function backoffMs(attempt: number): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
	return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
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

/** The credential as the pipeline uses it: decrypted once, with the key's pacer identity. */
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

function isFailure(status: number, body: unknown): boolean {
	// A redirect that was not followed (a write's) is no answer of the API.
	if (status >= 300) return true;
	return !!body && typeof body === 'object' && (body as { success?: unknown }).success === false;
}

/**
 * Sends one request to the A2V2 Open API and returns the whole answer once it is a success.
 *
 * Everything every operation needs happens here: the base URL and agent ID from the
 * credential, the auth headers (through the credential type), pacing per key, waiting out
 * 429s (Retry-After, else exponential backoff with jitter) within a bounded wait, a bounded
 * number of retries of reads and idempotent writes on 5xx and network faults (a create is
 * retried only when it certainly never reached the server), and errors that say what failed.
 */
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
	const idempotent = method !== 'POST';
	const target = request.target?.replace(/\{agentId\}/g, agentId);
	const call: FailedCall = { method, path, target, itemIndex, secrets };
	const pacer = pacerFor(keyId);
	const host = new URL(root).host;

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
		// and replaying an upload means keeping a copy of the whole file. Not following also
		// spares n8n's redirect layer: 1,000 creates on loopback took about a sixth less time.
		disableFollowRedirect: !!multipart || method !== 'GET',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		...settings.connection,
	};

	let waitedMs = 0;
	let faults = 0;
	let attempt = 0;
	for (;;) {
		attempt++;
		let slot: Slot;
		try {
			slot = await pacer.acquire(settings.maxRateLimitWaitMs - waitedMs);
		} catch (error) {
			if (error instanceof RateLimitWaitTooLong) {
				throw apiError(node(), { ...call, status: 429 }, `(${error.message}.)`);
			}
			throw asNodeError(node(), error, itemIndex);
		}
		const sentHeaders = { ...(options.headers as IDataObject) };
		let body = options.body;
		if (multipart) {
			// Opened now that the request has its slot; a retry opens it again.
			try {
				const opened = await multipart.open();
				body = opened.body as unknown as IHttpRequestOptions['body'];
				if (opened.length !== undefined) sentHeaders['Content-Length'] = String(opened.length);
			} catch (error) {
				pacer.release(slot);
				throw asNodeError(node(), error, itemIndex);
			}
		}

		let response: IN8nHttpFullResponse;
		try {
			// The credential's headers are set by its `authenticate`; handing over the credential
			// already read spares n8n a database read and a decryption per request.
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				{ ...options, headers: sentHeaders, body },
				{ credentialsDecrypted: decrypted },
			)) as IN8nHttpFullResponse;
		} catch (error) {
			closeBody(body);
			pacer.release(slot);
			const code = errorCode(error);
			// Anything but a known network fault (an internal error of n8n, a bug) is shown as
			// what it is and never retried: the request may not even have been sent. Only its
			// message is kept: the error of the HTTP client holds the request and its headers.
			if (!code || !NETWORK_FAULT_CODES.has(code)) {
				throw asNodeError(
					node(),
					new Error(redact((error as Error)?.message ?? String(error), secrets)),
					itemIndex,
				);
			}
			const safeToRepeat = idempotent || NOT_SENT_CODES.has(code);
			if (safeToRepeat && faults < settings.maxRetries) {
				faults++;
				await sleep(backoffMs(faults));
				continue;
			}
			throw networkError(node(), call, code, host, !safeToRepeat);
		}
		closeBody(body);
		const status = response.statusCode;
		const headers = response.headers as Record<string, unknown>;
		pacer.release(slot, headers);
		if (status === 429) {
			const wait = retryAfterMs(headers) ?? backoffMs(attempt);
			pacer.pause(Date.now() + wait, slot);
			if (waitedMs + wait > settings.maxRateLimitWaitMs) {
				throw apiError(
					node(),
					{ ...call, status, body: response.body },
					`(Waited ${Math.round(waitedMs / 1000)} s of the ${Math.round(settings.maxRateLimitWaitMs / 1000)} s allowed.)`,
				);
			}
			waitedMs += wait;
			// The pacer holds every request of this key until the pause is over.
			continue;
		}
		if (status >= 500 && idempotent && faults < settings.maxRetries) {
			faults++;
			await sleep(retryAfterMs(headers) ?? backoffMs(faults));
			continue;
		}
		if (status === 404 && method === 'DELETE' && faults > 0) {
			// An earlier attempt of this delete went through before its answer was lost.
			return { ...response, statusCode: 200, body: { success: true, data: {} } };
		}
		if (isFailure(status, response.body) && !request.acceptFailure?.(status, response.body)) {
			const extra =
				status >= 500 && !idempotent
					? 'The request creates data and was not repeated automatically: check A2V2 before running it again.'
					: undefined;
			const location = status < 400 ? header(headers, 'location') : undefined;
			throw apiError(node(), { ...call, status, body: response.body, location }, extra);
		}
		return response;
	}
}

/** `data` of a successful answer. */
export async function a2v2Data<T = unknown>(this: A2V2Context, request: A2V2Request): Promise<T> {
	const response = await a2v2Request.call(this, request);
	return (response.body as { data?: T }).data as T;
}
