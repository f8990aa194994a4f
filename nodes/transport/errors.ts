import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Every message of the nodes is worded here: the input errors raised before a request, the
 * errors of failed answers and of requests that got none, and the JSON of an error item. The
 * `[item N]` of a message is added in one place (`withItem`), and the key and secret are masked in
 * every text that leaves (`redact`).
 */

/** What the sender knows about a failed call, enough to say what failed. */
export interface FailedCall {
	method: string;
	/** The path as sent (segments percent-encoded). */
	path: string;
	/** What the request addresses, in the user's words, as its operation said it. */
	target?: string;
	/** Who answers: 'the A2V2 API' (the default) or another service (a file's storage). */
	service?: string;
	status?: number;
	body?: unknown;
	/** Where a redirect that was not followed points (its Location header). */
	location?: string;
	/** The input item; none for a trigger's poll or a loader, whose messages name no item. */
	itemIndex?: number;
	/** Values that must never appear in a message (the key and the secret). */
	secrets: string[];
}

/** A field error as the API reports it. */
export interface FieldError {
	field?: string;
	message: string;
}

/** What an A2V2 error says, as an error item carries it in its JSON. */
export interface ErrorDetails {
	/** The HTTP status, when the API answered. */
	httpCode?: number;
	/** The API's own message, when it gave one. */
	apiMessage?: string;
	/** The field errors, when the API gave them. */
	fieldErrors?: FieldError[];
}

const DETAILS = Symbol('a2v2.errorDetails');

type Detailed = { [DETAILS]?: ErrorDetails };

/** `text [item N]`; the text as it is where there are no input items (a poll, a loader). */
export function withItem(text: string, itemIndex: number | undefined): string {
	return itemIndex === undefined ? text : `${text} [item ${itemIndex}]`;
}

/** Replaces every occurrence of a secret with a mask. */
export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

/** An error in the user's input, raised before any request; names the parameter and the item. */
export function inputError(
	node: INode,
	itemIndex: number | undefined,
	parameter: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, withItem(`${parameter}: ${problem}`, itemIndex), {
		itemIndex,
		description,
	});
}

const ACTIONS: Record<string, string> = {
	GET: 'read',
	POST: 'create',
	PUT: 'update',
	PATCH: 'update',
	DELETE: 'delete',
};

/** The permission a call needs, in the dashboard's words. */
function permissionFor(method: string, path: string): string {
	const action = ACTIONS[method.toUpperCase()] ?? 'read';
	if (path.startsWith('/document-extraction')) return `Document Extraction Access: ${action}`;
	if (path.startsWith('/forms')) {
		return 'the forms permission (A2V2 has not confirmed that keys can be given it; ask A2V2 support to enable forms for this key)';
	}
	// `PATCH .../archive` is an update; contact files use the contact scope.
	return `Contact Access: ${action}`;
}

/** The field errors of an error envelope (`errors: [{ field, message }]`), masked. */
function fieldErrorsOf(body: unknown, secrets: string[]): FieldError[] {
	const list = (body as { errors?: unknown } | undefined)?.errors;
	if (!Array.isArray(list)) return [];
	return list.map((entry) => {
		const e = (entry ?? {}) as { field?: unknown; message?: unknown };
		const message = redact(String(e.message ?? 'invalid'), secrets);
		return e.field === undefined ? { message } : { field: String(e.field), message };
	});
}

/** `field: message` for each field error. */
export function describeFieldErrors(errors: FieldError[]): string {
	return errors.map((e) => `${e.field === undefined ? '' : `${e.field}: `}${e.message}`).join('; ');
}

function apiMessage(body: unknown): string {
	if (body && typeof body === 'object' && typeof (body as IDataObject).message === 'string') {
		return (body as IDataObject).message as string;
	}
	if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
	return '';
}

function originOf(location: string): string {
	try {
		return new URL(location).origin;
	} catch {
		return location;
	}
}

function detailed<T extends Error>(error: T, details: ErrorDetails): T {
	(error as T & Detailed)[DETAILS] = details;
	return error;
}

/** What an error of these nodes says beyond its message (status, API message, field errors). */
export function detailsOf(error: unknown): ErrorDetails {
	return (error as Detailed | undefined)?.[DETAILS] ?? {};
}

/**
 * The error for an HTTP answer that is a failure (status >= 400, a redirect not followed, or
 * `success: false`).
 */
export function apiError(node: INode, call: FailedCall, extra?: string): NodeApiError {
	const status = call.status ?? 0;
	const said = redact(apiMessage(call.body), call.secrets);
	const fields = fieldErrorsOf(call.body, call.secrets);
	const target = call.target ?? call.path.split('?')[0];
	const service = call.service ?? 'the A2V2 API';
	let message: string;
	let description: string;

	if (status === 400 || status === 422) {
		message = `A2V2 rejected the request: ${said || 'validation failed'}`;
		description = fields.length
			? `Fields: ${describeFieldErrors(fields)}`
			: 'Check the values sent.';
	} else if (status === 401) {
		message = 'The A2V2 API key or secret is wrong';
		description =
			'Check the API Key and API Secret of the A2V2 credential (A2V2 dashboard → Settings → API Permissions).';
	} else if (status === 403) {
		const permission = permissionFor(call.method, call.path);
		message = `The A2V2 API key lacks ${permission}`;
		description = `Grant the key ${permission} in the A2V2 dashboard (Settings → API Permissions), and check that the credential's Agent ID is the agent the key is scoped to.`;
	} else if (status === 404) {
		message = `Not found: ${target}`;
		description =
			'Check the identifier; it may have been deleted or archived, or belong to another agent.';
	} else if (status === 409) {
		message = `Duplicate: ${said || 'the external reference ID is already used by another contact'}`;
		description =
			'An external reference ID is unique per agent: use Update, or Create or Update, for an existing contact.';
	} else if (status === 413) {
		message = `File too large: ${said || 'the file is over the A2V2 upload limit'}`;
		description = 'A2V2 accepts files up to its upload limit (25 MiB on the current platform).';
	} else if (status === 415) {
		message = `File type not allowed: ${said || 'A2V2 does not accept this type'}`;
		description = 'Allowed: PDF, DOCX, DOC, TXT, CSV, XLSX, PNG, JPEG, GIF, WEBP.';
	} else if (status === 429) {
		message = 'The A2V2 rate limit of this API key is still exceeded';
		description =
			'Raise "Max Rate-Limit Wait" in the node\'s Request Options, lower the number of items per run, or raise the key\'s limit in the A2V2 dashboard.';
	} else if (status >= 500) {
		message = `A2V2 server error (${status})${said ? `: ${said}` : ''}`;
		description = 'The A2V2 service failed; try again later.';
	} else if (status >= 300 && status < 400) {
		const where = call.location ? ` (the redirect points to ${originOf(call.location)})` : '';
		message = `A2V2 answered with a redirect (HTTP ${status})${call.location ? ` to ${call.location}` : ''}`;
		description =
			call.method.toUpperCase() === 'GET'
				? `Set the credential's Base URL to the address the A2V2 API answers at${where}.`
				: `The request changes data, so it is not sent on to another address: set the credential's Base URL to the address the A2V2 API answers at${where}.`;
	} else if (status >= 200 && status < 300) {
		message = `A2V2 reported a failure: ${said || 'success is false'}`;
		description = fields.length
			? `Fields: ${describeFieldErrors(fields)}`
			: `While calling ${call.method} ${call.path.split('?')[0]}`;
	} else {
		message = `${service} answered with HTTP ${status}${said ? `: ${said}` : ''}`;
		description = `While calling ${call.method} ${call.path.split('?')[0]}`;
	}
	if (said && status !== 400 && status !== 422 && !message.includes(said)) {
		description += ` A2V2 said: "${said}"`;
	}
	if (extra) description += ` ${extra}`;
	return failure(node, call, message, description, status, {
		httpCode: status || undefined,
		apiMessage: said || undefined,
		fieldErrors: fields.length ? fields : undefined,
	});
}

/** A NodeApiError with a masked message naming the item, and its details for error items. */
export function failure(
	node: INode,
	call: Pick<FailedCall, 'itemIndex' | 'secrets'>,
	message: string,
	description: string,
	status: number | undefined,
	details: ErrorDetails = {},
): NodeApiError {
	const safeMessage = withItem(redact(message, call.secrets), call.itemIndex);
	const response: JsonObject = { message: safeMessage };
	if (status) response.httpCode = String(status);
	if (details.fieldErrors) response.errors = describeFieldErrors(details.fieldErrors);
	return detailed(
		new NodeApiError(node, response, {
			message: safeMessage,
			description: redact(description, call.secrets),
			httpCode: status ? String(status) : undefined,
			itemIndex: call.itemIndex,
		}),
		details,
	);
}

const NETWORK_FAULTS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ENOTFOUND: 'the host name does not resolve',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EPIPE: 'the connection was closed',
	ESOCKETTIMEDOUT: 'the request timed out',
	ERR_STREAM_PREMATURE_CLOSE: 'the answer broke off',
};

/** The error codes that are known network faults: only these are retried. */
export const NETWORK_FAULT_CODES: ReadonlySet<string> = new Set(Object.keys(NETWORK_FAULTS));

/** The error for a request that got no (whole) HTTP answer. */
export function networkError(
	node: INode,
	call: FailedCall,
	code: string,
	host: string,
	notRepeated: boolean,
): NodeApiError {
	// The code goes in the description only: NodeApiError replaces any message that contains a
	// common error code with its own generic text.
	const service = call.service ?? 'the A2V2 API';
	const message = `Could not reach ${service} at ${host}: ${NETWORK_FAULTS[code] ?? 'the request failed'}`;
	let description =
		call.service === undefined
			? `Error code ${code}. Check the Base URL of the A2V2 credential and that the host is reachable from n8n.`
			: `Error code ${code}.`;
	if (notRepeated) {
		description +=
			' The request creates data and was not repeated automatically: it may or may not have been processed, so check A2V2 before running it again.';
	}
	return failure(node, call, message, description, undefined);
}

/** Rethrows node errors as they are; anything else becomes a NodeOperationError of the item. */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/**
 * The JSON of an error item (Continue On Fail, or a tool's failure): the message, and what the
 * API said (`details`: the HTTP status, its message, its field errors) when it answered. Only
 * `error`, `message` and `details` make an item n8n sends to a node's error output, and n8n
 * replaces the JSON of an item that carries an error object: so the details go under `details`
 * and the item carries none.
 */
export function errorJson(error: NodeApiError | NodeOperationError): IDataObject {
	const { httpCode, apiMessage: said, fieldErrors } = detailsOf(error);
	const details: IDataObject = {};
	if (httpCode !== undefined) details.httpCode = httpCode;
	if (said !== undefined) details.apiMessage = said;
	if (fieldErrors !== undefined) details.fieldErrors = fieldErrors as unknown as IDataObject[];
	return Object.keys(details).length ? { error: error.message, details } : { error: error.message };
}

/**
 * An error of a request made for several items (a batch), given to one of them: the same
 * message, description and details, naming that item. The request's own error names no item.
 */
export function forItem(node: INode, error: unknown, itemIndex: number): NodeApiError {
	const e = asNodeError(node, error);
	const copy = failure(
		node,
		{ itemIndex, secrets: [] },
		e.message,
		e.description ?? '',
		(e as NodeApiError).httpCode ? Number((e as NodeApiError).httpCode) : undefined,
		detailsOf(e),
	);
	return copy;
}
