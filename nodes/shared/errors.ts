import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What the pipeline knows about a failed call, enough to say what failed. */
export interface FailedCall {
	method: string;
	/** The path below /v1/open as sent (segments percent-encoded). */
	path: string;
	/** What the request addresses, in the user's words, as its operation said it. */
	target?: string;
	status?: number;
	body?: unknown;
	/** Where a redirect that was not followed points (its Location header). */
	location?: string;
	/** The input item; none for a trigger's poll or a loader, whose messages name no item. */
	itemIndex?: number;
	/** Values that must never appear in a message (the key and the secret). */
	secrets: string[];
}

interface ErrorBody {
	message?: unknown;
	errors?: unknown;
}

const ACTIONS: Record<string, string> = {
	GET: 'read',
	POST: 'create',
	PUT: 'update',
	PATCH: 'update',
	DELETE: 'delete',
};

/** ` [item N]` for an item's error; nothing where there are no input items (a poll, a loader). */
function itemSuffix(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
}

/** Replaces every occurrence of a secret with a mask. */
export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

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

function fieldErrors(body: ErrorBody | undefined): string[] {
	if (!body || !Array.isArray(body.errors)) return [];
	return body.errors.map((entry) => {
		const e = (entry ?? {}) as { field?: unknown; message?: unknown };
		const field = e.field === undefined ? '' : `${String(e.field)}: `;
		return `${field}${String(e.message ?? 'invalid')}`;
	});
}

function apiMessage(body: unknown): string {
	if (body && typeof body === 'object' && typeof (body as ErrorBody).message === 'string') {
		return (body as ErrorBody).message as string;
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

/**
 * Builds the error for an HTTP answer that is a failure (status >= 400, a redirect not followed,
 * or `success: false`).
 */
export function apiError(node: INode, call: FailedCall, extra?: string): NodeApiError {
	const status = call.status ?? 0;
	const said = apiMessage(call.body);
	const fields = fieldErrors(call.body as ErrorBody);
	const target = call.target ?? call.path.split('?')[0];
	let message: string;
	let description: string;

	if (status === 400 || status === 422) {
		message = `A2V2 rejected the request: ${said || 'validation failed'}`;
		description = fields.length ? `Fields: ${fields.join('; ')}` : 'Check the values sent.';
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
			? `Fields: ${fields.join('; ')}`
			: `While calling ${call.method} ${call.path.split('?')[0]}`;
	} else {
		message = `A2V2 answered with HTTP ${status}${said ? `: ${said}` : ''}`;
		description = `While calling ${call.method} ${call.path.split('?')[0]}`;
	}
	if (said && status !== 400 && status !== 422 && !message.includes(said)) {
		description += ` A2V2 said: "${said}"`;
	}
	if (extra) description += ` ${extra}`;

	const safeMessage = `${redact(message, call.secrets)}${itemSuffix(call.itemIndex)}`;
	const safeDescription = redact(description, call.secrets);
	const response: JsonObject = { message: safeMessage, httpCode: String(status) };
	if (fields.length) response.errors = fields.map((f) => redact(f, call.secrets));
	return new NodeApiError(node, response, {
		message: safeMessage,
		description: safeDescription,
		httpCode: status ? String(status) : undefined,
		itemIndex: call.itemIndex,
	});
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
};

/** The error codes that are known network faults: only these are retried. */
export const NETWORK_FAULT_CODES: ReadonlySet<string> = new Set(Object.keys(NETWORK_FAULTS));

/** Builds the error for a request that got no HTTP answer at all. */
export function networkError(
	node: INode,
	call: FailedCall,
	code: string,
	host: string,
	notRepeated: boolean,
): NodeApiError {
	// The code goes in the description only: NodeApiError replaces any message that contains a
	// common error code with its own generic text.
	const message = `Could not reach the A2V2 API at ${host}: ${NETWORK_FAULTS[code] ?? 'the request failed'}${itemSuffix(call.itemIndex)}`;
	let description = `Error code ${code}. Check the Base URL of the A2V2 credential and that the host is reachable from n8n.`;
	if (notRepeated) {
		description +=
			' The request creates data and was not repeated automatically: it may or may not have been processed, so check A2V2 before running it again.';
	}
	const safe = redact(message, call.secrets);
	return new NodeApiError(
		node,
		{ message: safe },
		{ message: safe, description, itemIndex: call.itemIndex },
	);
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
