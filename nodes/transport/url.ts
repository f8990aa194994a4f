import type { INode } from 'n8n-workflow';
import { ApplicationError, NodeOperationError } from 'n8n-workflow';

import { withItem } from './errors';

const API_PREFIX = '/v1/open';

/** The most items the list endpoints give per page. */
export const PAGE_SIZE = 100;

/**
 * What a request addresses: its path below /v1/open (identifiers encoded as one segment each;
 * `{agentId}` is left for the sender) and, in the user's words with the identifiers as given,
 * what it names. Errors say the target ("Not found: form submission "abc""), so each operation
 * says what it addresses, and no one re-reads a path to find out.
 */
export interface Address {
	path: string;
	target: string;
}

/** The target of the agent-wide endpoints (lists, create, schemas, templates). */
export const AGENT_TARGET = 'agent "{agentId}"';
export const CONTACT_SCHEMA_TARGET = 'contact schema of agent "{agentId}"';

/**
 * The API root for a credential's Base URL: `https://host[/path]/v1/open`. Accepts the host
 * with or without `/v1/open` and trailing slashes; refuses anything that is not http(s).
 */
export function apiRoot(baseUrl: unknown): string {
	const raw = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	let url: URL | undefined;
	try {
		url = raw ? new URL(raw) : undefined;
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
		throw new ApplicationError(
			`The credential's Base URL "${raw}" is not an http(s) URL. Use the A2V2 API host, for example https://api.a2v2.ai`,
		);
	}
	if (url.search || url.hash) {
		throw new ApplicationError(
			`The credential's Base URL "${raw}" must not contain a query string or a fragment`,
		);
	}
	let path = url.pathname.replace(/\/+$/, '');
	if (path.toLowerCase().endsWith(API_PREFIX)) path = path.slice(0, -API_PREFIX.length);
	return `${url.origin}${path}${API_PREFIX}`;
}

/** Whether a value is missing: undefined, null, empty or only white space. */
export function isBlankValue(value: unknown): boolean {
	return value === undefined || value === null || String(value).trim() === '';
}

/**
 * Encodes a value as exactly one URL path segment, exactly as given (surrounding spaces
 * included: an identifier is data, and a trimmed one could name another record): `/`, `?`,
 * `#`, `%`, spaces and non-ASCII are percent-encoded. An empty or all-blank value and the dot
 * segments `.` and `..` (which URL parsers resolve even when percent-encoded, so they would
 * address another endpoint) are refused.
 */
export function pathSegment(value: unknown, label: string): string {
	if (isBlankValue(value)) throw new ApplicationError(`${label}: is empty`);
	const text = String(value);
	if (text === '.' || text === '..') {
		throw new ApplicationError(
			`${label}: cannot be "${text}" (a dot segment would address another endpoint)`,
		);
	}
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/**
 * An identifier from a node parameter, checked and encoded as one URL path segment before any
 * request: sent exactly as given, or refused (empty or all blank, `.` or `..`) with an error
 * that names the parameter and the item.
 */
export function pathParameter(
	node: INode,
	itemIndex: number | undefined,
	parameter: string,
	value: unknown,
): string {
	try {
		return pathSegment(value, parameter);
	} catch (error) {
		throw new NodeOperationError(node, withItem((error as Error).message, itemIndex), {
			itemIndex,
		});
	}
}
