import type { IN8nHttpFullResponse, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	apiError,
	asNodeError,
	NETWORK_FAULT_CODES,
	networkError,
	redact,
	type FailedCall,
} from './errors';
import { header, RateLimitWaitTooLong, retryAfterMs, type KeyPacer } from './pacing';
import type { RequestSettings } from './settings';

/**
 * The one sender: every request of the nodes goes through `deliver`, its one loop of pacing,
 * waiting out 429s, retries with backoff and failure errors. request.ts sends to the A2V2 API
 * (credential, key pacing), download.ts from another address (a signed URL), and the credential
 * check with what n8n gives a credential test.
 */

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
export function closeBody(body: unknown): void {
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
