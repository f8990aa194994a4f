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
import { NodeOperationError } from 'n8n-workflow';

import { closeBody, deliver } from './deliver';
import { asNodeError } from './errors';
import { isMultipartBody, type MultipartBody } from './multipart';
import { pacerFor } from './pacing';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './settings';
import { apiRoot, pathSegment } from './url';

/** Requests to the A2V2 Open API: the credential, the key's pacer, and the one sender. */

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
