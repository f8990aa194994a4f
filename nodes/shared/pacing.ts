import { sleep } from 'n8n-workflow';

/**
 * Paces the requests made with one API key, across every item and node of this n8n process.
 *
 * n8n starts the requests of all input items at once. Instead of letting 1,000 of them hit a
 * key limited to 60 a minute (and collect 940 answers of 429), each request first takes a slot
 * here. The `X-RateLimit-*` headers of every answer tell how many requests the current window
 * still allows and when it resets; when the window is used up, requests wait for the reset.
 * Before the first answer, and after each reset, one request goes alone to learn where the
 * key stands. A 429 pauses every request of the key for its `Retry-After`. APIs that send no
 * rate-limit headers are only held to a bounded number of requests in flight.
 */

const MAX_IN_FLIGHT = 8;

export interface RateLimitHeaders {
	remaining?: number;
	/** When the window resets, in this machine's clock (ms). */
	resetAt?: number;
}

/** Thrown when the wait the key needs is longer than the user allows. */
export class RateLimitWaitTooLong extends Error {
	constructor(readonly waitMs: number) {
		super(`the rate-limit window of the key resets in ${Math.ceil(waitMs / 1000)} s`);
	}
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Reads `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds, the server's clock).
 * The server's `Date` header, when present, corrects for a clock that differs from n8n's.
 */
export function readRateLimitHeaders(
	headers: Record<string, unknown> | undefined,
	now = Date.now(),
): RateLimitHeaders | undefined {
	const remaining = Number(header(headers, 'x-ratelimit-remaining'));
	const reset = Number(header(headers, 'x-ratelimit-reset'));
	if (!Number.isFinite(remaining) || header(headers, 'x-ratelimit-remaining') === undefined) {
		return undefined;
	}
	let resetAt: number | undefined;
	if (Number.isFinite(reset) && reset > 0) {
		const serverDate = Date.parse(header(headers, 'date') ?? '');
		const skew = Number.isFinite(serverDate) ? now - serverDate : 0;
		// The Date header has a resolution of one second: only correct a clear difference.
		resetAt = reset * 1000 + (Math.abs(skew) > 2000 ? skew : 0);
	}
	return { remaining: Math.max(0, Math.floor(remaining)), resetAt };
}

/** Seconds to wait from `Retry-After` (delta-seconds or an HTTP date), if present. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
	const value = header(headers, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

class KeyPacer {
	private inFlight = 0;

	/** Requests the current window still allows, counting those already sent. */
	private remaining: number | undefined;

	private resetAt = 0;

	/** False once an answer came without rate-limit headers: only MAX_IN_FLIGHT applies. */
	private paced = true;

	private pausedUntil = 0;

	private waiters: Array<() => void> = [];

	async acquire(maxWaitMs: number): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (this.pausedUntil > now) {
				await this.sleepUntil(this.pausedUntil, maxWaitMs);
				continue;
			}
			if (this.inFlight >= MAX_IN_FLIGHT) {
				await this.nextRelease();
				continue;
			}
			if (!this.paced) break;
			if (this.remaining === undefined || now >= this.resetAt) {
				// Unknown or expired window: one request goes alone to learn the new state.
				if (this.inFlight === 0) {
					this.remaining = undefined;
					break;
				}
				await this.nextRelease();
				continue;
			}
			if (this.remaining > 0) {
				this.remaining--;
				break;
			}
			await this.sleepUntil(this.resetAt, maxWaitMs);
		}
		this.inFlight++;
	}

	/** Called once for every acquired slot, with the answer's headers (if any answer came). */
	release(headers?: Record<string, unknown>): void {
		this.inFlight--;
		if (headers) {
			const limits = readRateLimitHeaders(headers);
			if (!limits) {
				this.paced = false;
			} else {
				this.paced = true;
				// Requests still in flight may not be counted in this answer yet.
				const left = Math.max(0, (limits.remaining ?? 0) - this.inFlight);
				const resetAt = limits.resetAt ?? Date.now() + 1000;
				const sameWindow = this.remaining !== undefined && Math.abs(resetAt - this.resetAt) < 1000;
				this.remaining = sameWindow ? Math.min(this.remaining as number, left) : left;
				if (!sameWindow) this.resetAt = resetAt;
			}
		}
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}

	/**
	 * A 429: nothing goes out with this key before `until`; after that the key's state is
	 * unknown, and one request goes alone to learn it.
	 */
	pause(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
		this.remaining = undefined;
	}

	private async nextRelease(): Promise<void> {
		await new Promise<void>((resolve) => this.waiters.push(resolve));
	}

	private async sleepUntil(until: number, maxWaitMs: number): Promise<void> {
		const wait = until - Date.now();
		if (wait > maxWaitMs) throw new RateLimitWaitTooLong(wait);
		// A little jitter so that the requests that waited do not all leave in the same instant.
		if (wait > 0) await sleep(wait + Math.floor(Math.random() * 50));
	}
}

const pacers = new Map<string, KeyPacer>();

/** The pacer of one key (identified by a hash, never by the key itself). */
export function pacerFor(keyId: string): KeyPacer {
	let pacer = pacers.get(keyId);
	if (!pacer) {
		pacer = new KeyPacer();
		pacers.set(keyId, pacer);
	}
	return pacer;
}

/** Forgets every key's state (tests start from a clean process state). */
export function resetPacers(): void {
	pacers.clear();
}
