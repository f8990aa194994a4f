import { sleep } from 'n8n-workflow';

/**
 * Paces the requests made with one API key, across every item and node of this n8n process.
 *
 * Instead of letting 1,000 items hit a key limited to 60 a minute (and collect 940 answers of
 * 429), each request first takes a slot here, first come first served, at most MAX_IN_FLIGHT at
 * a time. The `X-RateLimit-*` headers tell how many requests the window still allows and when it
 * resets; the pacer counts the window's requests itself and lowers its count when an answer shows
 * fewer left (other clients of the key). The first request, and the first after a window that
 * bound us ended, goes alone to learn the key's state. A window opened by our request is taken to
 * end a whole number of seconds after it (up to a second before its rounded-up reset) until such
 * a prediction meets a 429. A 429 pauses every request of the key for its `Retry-After`. APIs
 * that send no rate-limit headers are only held to MAX_IN_FLIGHT.
 */

/** Requests of one key in flight at once, at most. */
export const MAX_IN_FLIGHT = 16;

/** The longest pause between two requests of a key that spreading them may make (ms). */
const MAX_SPACING_MS = 50;

/** Margin after a predicted window end before the next window's first request (ms). */
const EARLY_MARGIN_MS = 10;

interface RateLimitHeaders {
	remaining?: number;
	/** When the window resets, in this machine's clock (ms). */
	resetAt?: number;
	/** The window's size (`X-RateLimit-Limit`), when given. */
	limit?: number;
}

/** Thrown when the wait the key needs is longer than the user allows. */
export class RateLimitWaitTooLong extends Error {
	constructor(readonly waitMs: number) {
		super(`the rate-limit window of the key resets in ${Math.ceil(waitMs / 1000)} s`);
	}
}

/** A response header's value (the first, if repeated), by its name in any case. */
export function header(
	headers: Record<string, unknown> | undefined,
	name: string,
): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/** The `X-RateLimit-*` headers; the server's `Date` corrects for a clock unlike n8n's. */
function readRateLimitHeaders(
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
	const limit = Number(header(headers, 'x-ratelimit-limit'));
	return {
		remaining: Math.max(0, Math.floor(remaining)),
		resetAt,
		limit: Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : undefined,
	};
}

/** Seconds to wait from `Retry-After` (delta-seconds or an HTTP date), if present. */
export function retryAfterMs(
	headers: Record<string, unknown> | undefined,
	now = Date.now(),
): number | undefined {
	const value = header(headers, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** One request's slot: handed out by `acquire`, given back with `release`. */
export interface Slot {
	sentAt: number;
	/** The window it was counted in, and its place there (1 = the window's first after its opening). */
	window?: number;
	seq: number;
	/** Sent alone to learn the key's state: the first request, or the first after a window ended. */
	probe: boolean;
	/** A probe sent before the announced reset, at the end the pacer predicted. */
	early: boolean;
}

interface Window {
	id: number;
	/** Requests this window still allows us (our own count, lowered by what the answers show). */
	remaining: number;
	/** The announced reset (X-RateLimit-Reset, whole seconds, in this machine's clock). */
	resetAt: number;
	/** Requests sent in it since its opening answer. */
	sent: number;
	/** When our probe that opened it was sent and answered (an answer with limit - 1 left). */
	opened?: { sent: number; answered: number };
}

interface Waiter {
	resolve: (slot: Slot) => void;
	reject: (error: Error) => void;
	deadline: number;
}

export class KeyPacer {
	private readonly inFlight = new Set<Slot>();

	/** Requests waiting for a slot, first come first served. */
	private queue: Waiter[] = [];

	/** When a wake-up is due (0: none); one wake-up serves the whole queue. */
	private wakeAt = 0;

	/** False once an answer came without rate-limit headers: only MAX_IN_FLIGHT applies. */
	private paced = true;

	private pausedUntil = 0;

	private probing = false;

	/** The key's smoothed response time (ms), from the answers so far. */
	private responseMs: number | undefined;

	/** Not before this time does the next request go (see `take`). */
	private spacedUntil = 0;

	private window: Window | undefined;

	private windows = 0;

	/**
	 * Whether a window may be taken to end before its announced reset: true until a request sent
	 * at such a predicted end was answered 429 (the key's windows are not what the prediction
	 * assumes); from then on the pacer waits for the announced reset.
	 */
	private predictEnds = true;

	async acquire(maxWaitMs: number): Promise<Slot> {
		return await new Promise<Slot>((resolve, reject) => {
			this.queue.push({ resolve, reject, deadline: Date.now() + Math.max(0, maxWaitMs) });
			this.pump();
		});
	}

	/** Called once for every slot, with the answer's headers (if any answer came). */
	release(slot: Slot, headers?: Record<string, unknown>): void {
		this.inFlight.delete(slot);
		if (slot.probe) this.probing = false;
		if (headers) {
			const took = Date.now() - slot.sentAt;
			this.responseMs = this.responseMs === undefined ? took : 0.8 * this.responseMs + 0.2 * took;
			latestResponseMs = this.responseMs;
			this.learn(slot, headers);
		}
		this.pump();
	}

	/**
	 * A 429: nothing goes out with this key before `until`; after that the key's state is
	 * unknown, and one request goes alone to learn it.
	 */
	pause(until: number, slot?: Slot): void {
		if (slot?.early) this.predictEnds = false;
		this.pausedUntil = Math.max(this.pausedUntil, until);
		this.window = undefined;
		this.pump();
	}

	private learn(slot: Slot, headers: Record<string, unknown>): void {
		const limits = readRateLimitHeaders(headers);
		if (!limits) {
			this.paced = false;
			this.window = undefined;
			return;
		}
		this.paced = true;
		const now = Date.now();
		const resetAt = limits.resetAt ?? now + 1000;
		const remaining = limits.remaining ?? 0;
		const current = this.window;
		if (slot.probe || !current) {
			// The probe's answer: it went alone, so what is left is exactly what it says. It opened
			// the window if the window's whole limit but itself is left.
			const opened = limits.limit !== undefined && remaining === limits.limit - 1;
			this.window = {
				id: ++this.windows,
				remaining,
				resetAt,
				sent: 0,
				opened: opened ? { sent: slot.sentAt, answered: now } : undefined,
			};
			return;
		}
		if (slot.window !== current.id) return;
		if (Math.abs(resetAt - current.resetAt) >= 1000) {
			// The window turned over under requests in flight (windows aligned to the clock).
			this.window = {
				id: ++this.windows,
				remaining: Math.max(0, remaining - this.inFlight.size),
				resetAt,
				sent: 0,
			};
			return;
		}
		// The server counted this request and those that arrived before it; ours sent after it
		// are still to be counted. Those sent before it and still in flight may be counted or not
		// (connections do not keep order): trust our own count for them. A lower figure than our
		// own count means other clients use the key too.
		const sentAfter = current.sent - slot.seq;
		let olderInFlight = 0;
		for (const other of this.inFlight)
			if (other.window === current.id && other.seq < slot.seq) olderInFlight++;
		current.remaining = Math.max(
			0,
			Math.min(current.remaining, remaining - sentAfter + olderInFlight),
		);
	}

	/**
	 * When the current window ends. The announced reset is in whole seconds, and a window that
	 * opens with its first request (as common rate limiters count) ends up to a second before
	 * it: when our probe opened the window, and a whole number of seconds fits what its answer
	 * tells, the window is taken to end that long after the probe's answer.
	 */
	private windowEnd(window: Window): number {
		if (this.predictEnds && window.opened) {
			const shortest = window.resetAt - 1000 - window.opened.answered;
			const longest = window.resetAt - window.opened.sent;
			const length = (Math.floor(shortest / 1000) + 1) * 1000;
			if (length > 0 && length <= longest) {
				const end = window.opened.answered + length + EARLY_MARGIN_MS;
				if (end < window.resetAt - 50) return end;
			}
		}
		return window.resetAt;
	}

	/** When the next request may go: now or a later time, or undefined: after a release. */
	private nextAt(now: number): number | undefined {
		if (this.pausedUntil > now) return this.pausedUntil;
		if (this.inFlight.size >= MAX_IN_FLIGHT) return undefined;
		if (this.spacedUntil > now) return this.spacedUntil;
		if (!this.paced) return now;
		if (this.probing) return undefined;
		const window = this.window;
		if (this.needsProbe(window, now)) return this.inFlight.size === 0 ? now : undefined;
		if ((window as Window).remaining > 0) return now;
		return this.windowEnd(window as Window);
	}

	/**
	 * Whether the next request must go alone to learn the key's state: nothing is known yet, or
	 * a window that bound us has ended. A window that ended with plenty left did not bind, and
	 * the next one allows as much: requests go on, and their answers tell the new window.
	 */
	private needsProbe(window: Window | undefined, now: number): boolean {
		if (!window) return true;
		return now >= this.windowEnd(window) && window.remaining < MAX_IN_FLIGHT;
	}

	private take(now: number): Slot {
		const window = this.window;
		let slot: Slot;
		if (!this.paced) {
			slot = { sentAt: now, seq: 0, probe: false, early: false };
		} else if (this.needsProbe(window, now) || !window) {
			// Unknown or ended window: one request goes alone to learn the new state.
			this.probing = true;
			slot = { sentAt: now, seq: 0, probe: true, early: !!window && now < window.resetAt };
		} else {
			window.remaining--;
			window.sent++;
			slot = { sentAt: now, window: window.id, seq: window.sent, probe: false, early: false };
		}
		this.inFlight.add(slot);
		// Against a distant server, requests that leave together come back together, and each
		// round trip would cost the whole batch's handling: spreading them over most of a response
		// time keeps them apart. A spacing under a millisecond is not worth a timer; one over
		// MAX_SPACING_MS (slow answers, such as extractions) would only delay.
		const spacing = Math.min(MAX_SPACING_MS, (0.8 * (this.responseMs ?? 0)) / MAX_IN_FLIGHT);
		if (spacing >= 1) this.spacedUntil = now + spacing;
		return slot;
	}

	/** Hands out the slots that can go now; sets a timer for the next one that must wait. */
	private pump(): void {
		for (;;) {
			const head = this.queue[0];
			if (!head) return;
			const now = Date.now();
			const at = this.nextAt(now);
			if (at === undefined) return;
			if (at > now) {
				// Those that may not wait so long fail now rather than at the end of their wait.
				const waiting = this.queue;
				this.queue = waiting.filter((w) => w.deadline >= at);
				for (const w of waiting) if (w.deadline < at) w.reject(new RateLimitWaitTooLong(at - now));
				if (this.queue.length && (!this.wakeAt || this.wakeAt > at)) {
					// A wake-up superseded by an earlier one still runs; pumping once more is harmless.
					this.wakeAt = at;
					void sleep(at - now).then(() => {
						if (this.wakeAt === at) this.wakeAt = 0;
						this.pump();
					});
				}
				return;
			}
			this.queue.shift();
			head.resolve(this.take(now));
		}
	}
}

/** The smoothed response time of the key answered last in this process (ms). */
let latestResponseMs: number | undefined;
export const recentResponseMs = (): number | undefined => latestResponseMs;

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
	latestResponseMs = undefined;
}
