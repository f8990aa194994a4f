/**
 * What the items of one node run share: values made once for all of them (a contact lookup) and
 * batches that gather the items' payloads into as few requests as the API allows.
 */

interface Waiter<P> {
	index: number;
	payload: P;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

/** Sends one batch; resolves with a result (or an Error) per payload, in their order. */
export type SendBatch<P, R> = (payloads: P[]) => Promise<Array<R | Error>>;

export interface RunState {
	/** A value made once per node run and key, shared by its items; a failed one is not kept. */
	shared<T>(key: string, make: () => Promise<T>): Promise<T>;
	/**
	 * Adds an item's payload to the run's batch of `group`; resolves with the item's result once
	 * its batch was sent. Batches are sent when every item of the run has given its payload or
	 * failed (so that bad input stops the run before any request), in groups of at most `size`.
	 * Where the run's size is not known (RoutingNode runs each item on its own), at once.
	 */
	batch<P, R>(
		group: string,
		payload: P,
		index: number,
		size: number,
		send: SendBatch<P, R>,
	): Promise<R>;
	/** The runner's report that an item is done (its result is in, or it failed). */
	settled(index: number): void;
	/** The runner's report that the run stops: queued payloads are not sent. */
	stop(reason: unknown): void;
}

class NodeRunState implements RunState {
	private readonly values = new Map<string, Promise<unknown>>();

	private readonly groups = new Map<
		string,
		{ size: number; send: SendBatch<unknown, unknown>; waiting: Array<Waiter<unknown>> }
	>();

	/** Items whose payload is queued (or was sent). */
	private readonly arrived = new Set<number>();

	/** Items done without giving a payload (they failed before, or gave none). */
	private readonly doneWithout = new Set<number>();

	private stopped: unknown;

	constructor(private readonly total: number | undefined) {}

	async shared<T>(key: string, make: () => Promise<T>): Promise<T> {
		let value = this.values.get(key) as Promise<T> | undefined;
		if (!value) {
			value = make();
			this.values.set(key, value);
			value.catch(() => this.values.delete(key));
		}
		return await value;
	}

	async batch<P, R>(
		group: string,
		payload: P,
		index: number,
		size: number,
		send: SendBatch<P, R>,
	): Promise<R> {
		if (this.stopped !== undefined) throw this.stopped;
		let entry = this.groups.get(group);
		if (!entry) {
			entry = { size, send: send as SendBatch<unknown, unknown>, waiting: [] };
			this.groups.set(group, entry);
		}
		const result = new Promise<R>((resolve, reject) => {
			entry.waiting.push({ index, payload, resolve: resolve as (value: unknown) => void, reject });
		});
		this.arrived.add(index);
		if (this.total === undefined) this.flush();
		else this.flushWhenComplete();
		return await result;
	}

	settled(index: number): void {
		if (!this.arrived.has(index)) {
			this.doneWithout.add(index);
			this.flushWhenComplete();
		}
	}

	stop(reason: unknown): void {
		this.stopped = reason;
		for (const entry of this.groups.values()) {
			for (const waiter of entry.waiting.splice(0)) waiter.reject(reason);
		}
	}

	private flushWhenComplete(): void {
		if (this.total !== undefined && this.arrived.size + this.doneWithout.size >= this.total)
			this.flush();
	}

	private flush(): void {
		for (const entry of this.groups.values()) {
			const waiting = entry.waiting.splice(0);
			for (let start = 0; start < waiting.length; start += entry.size) {
				const chunk = waiting.slice(start, start + entry.size);
				entry.send(chunk.map((w) => w.payload)).then(
					(results) =>
						chunk.forEach((w, i) => {
							const result = results[i];
							if (result instanceof Error) w.reject(result);
							else w.resolve(result);
						}),
					(error) => chunk.forEach((w) => w.reject(error)),
				);
			}
		}
	}
}

/** The run state of each node run in progress, keyed by its execute data (held weakly). */
const states = new WeakMap<object, RunState>();

/**
 * The run state of the node run a context belongs to. `total` is the number of items when one
 * runner runs them all; undefined where each item runs on its own.
 */
export function runStateOf(
	context: { getExecuteData(): unknown },
	total: number | undefined,
): RunState {
	const key = context.getExecuteData();
	if (!key || typeof key !== 'object') return new NodeRunState(total);
	let state = states.get(key);
	if (!state) {
		state = new NodeRunState(total);
		states.set(key, state);
	}
	return state;
}

/** A fresh run state for a new run of all items (a custom operation's run). */
export function newRunState(context: { getExecuteData(): unknown }, total: number): RunState {
	const state = new NodeRunState(total);
	const key = context.getExecuteData();
	if (key && typeof key === 'object') states.set(key, state);
	return state;
}

/**
 * The writes that succeeded in a node run, by item and request, kept across n8n's Retry On Fail
 * (which runs the node again with the same execute data and every item): a write sent again
 * would double a contact or a submission. Held weakly by the execute data, so gone with the
 * execution; nothing is written anywhere.
 */
const writesOfRun = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * `send()` once per node run, item and request `key`: a write that already succeeded in an
 * earlier try of this node run gives its first answer instead of being sent again. A failed one
 * is not kept (the next try sends it).
 */
export async function once<T>(
	context: { getExecuteData(): unknown },
	key: string,
	send: () => Promise<T>,
): Promise<T> {
	const run = context.getExecuteData();
	if (!run || typeof run !== 'object') return await send();
	let writes = writesOfRun.get(run);
	if (!writes) {
		writes = new Map();
		writesOfRun.set(run, writes);
	}
	let answer = writes.get(key) as Promise<T> | undefined;
	if (!answer) {
		answer = send();
		writes.set(key, answer);
		answer.catch(() => writes.delete(key));
	}
	return await answer;
}
