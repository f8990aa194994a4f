import type {
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { asNodeError, errorJson } from '../transport/errors';
import { MAX_IN_FLIGHT, recentResponseMs } from '../transport/pacing';
import { isTool, itemOf, itemOfRun, type Item } from './item';
import { newRunState } from './run';

/** What an operation gives for one input item: one output item's JSON, or whole output items. */
export type ItemResult = IDataObject | INodeExecutionData[];

/** A coded operation: what it does for one input item. */
export type Execute = (item: Item) => Promise<ItemResult>;

/**
 * How many items are worked on at once: twice the requests a key may have in flight, so that
 * the next requests are ready when slots free up. Starting every item at once would evaluate the
 * parameters (expressions) of all of them before the first request leaves.
 */
const ITEMS_AT_ONCE = 2 * MAX_IN_FLIGHT;

/** The response time from which the items take turns (see runEachItem), in ms. */
const TURNS_FROM_RESPONSE_MS = 20;

function outputOf(result: ItemResult, index: number): INodeExecutionData[] {
	const produced = Array.isArray(result) ? result : [{ json: result }];
	return produced.map((item) => ({ ...item, pairedItem: { item: index } }));
}

/**
 * Runs a coded operation for every input item of a node run, in the items' order and
 * ITEMS_AT_ONCE at a time (the pacer bounds what goes out), or all at once for an operation that
 * gathers items into batches. Each output item is paired to its input item. A failing item stops
 * the node: the items already under way finish, no later item starts, and the first failure is
 * thrown. With Continue On Fail, or as a tool (see item.ts `isTool`), it becomes an error item
 * (errors.ts `errorJson`) while the others go on.
 */
export async function runEachItem(
	this: IExecuteFunctions,
	execute: Execute,
	{ allAtOnce = false }: { allAtOnce?: boolean } = {},
): Promise<INodeExecutionData[][]> {
	const total = this.getInputData().length;
	const node = this.getNode();
	const continueOnFail = this.continueOnFail() || isTool(node);
	const run = newRunState(this, total);
	// Only a node that n8n may run again (Retry On Fail) needs to remember its creates.
	const writesOnce = node.retryOnFail === true;
	const results: Array<PromiseSettledResult<ItemResult>> = [];
	let next = 0;
	let stopped = false;
	// Between two items, the answers that have come in are handled first: the next item's
	// parameters are evaluated after them, not in their way. Against a distant server the workers
	// also take turns, one item's parameters per turn of the event loop: workers whose answers
	// came in together would otherwise evaluate theirs back to back while the next answers wait.
	// A turn costs a timer's wait, which only slow answers make worth it.
	let turns: Promise<void> = Promise.resolve();
	const nextTurn = async () => {
		if ((recentResponseMs() ?? 0) < TURNS_FROM_RESPONSE_MS) return await sleep(0);
		const mine = turns.then(async () => await sleep(0));
		turns = mine;
		await mine;
	};
	const worker = async () => {
		for (let first = true; next < total && !stopped; first = false) {
			if (!first) await nextTurn();
			if (next >= total || stopped) break;
			const index = next++;
			try {
				results[index] = {
					status: 'fulfilled',
					value: await execute(itemOfRun(this, index, run, writesOnce)),
				};
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
				if (!continueOnFail) {
					stopped = true;
					run.stop(reason);
				}
			}
			// Batches wait for every item to give its payload or fail (run.ts).
			if (allAtOnce) run.settled(index);
		}
	};
	// The workers start one per turn of the event loop: the first item's request leaves without
	// waiting for the parameters of the others to be evaluated.
	const workers: Array<Promise<void>> = [];
	const width = allAtOnce ? total : Math.min(ITEMS_AT_ONCE, total);
	for (let started = 0; started < width; started++) {
		if (started && !allAtOnce) await sleep(0);
		if (next >= total || stopped) break;
		workers.push(worker());
	}
	await Promise.all(workers);

	const output: INodeExecutionData[] = [];
	results.forEach((result, index) => {
		if (result.status === 'fulfilled') {
			output.push(...outputOf(result.value, index));
			return;
		}
		const error = asNodeError(this.getNode(), result.reason, index);
		if (!continueOnFail) throw error;
		output.push(failedItem(error, index));
	});
	return [output];
}

/**
 * The error item of a failed input item (Continue On Fail, or as a tool): what failed, in its
 * JSON (errors.ts `errorJson`, which says why it carries no error object).
 */
export function failedItem(
	error: ReturnType<typeof asNodeError>,
	index: number,
): INodeExecutionData {
	return { json: errorJson(error), pairedItem: { item: index } };
}

/**
 * Runs one item's work in a single-item context of RoutingNode: its result, or with Continue On
 * Fail its error item (RoutingNode's own would carry an empty JSON).
 */
export async function runOneItem(
	context: IExecutePaginationFunctions,
	work: (item: Item) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const item = itemOf(context);
	try {
		return await work(item);
	} catch (error) {
		const nodeError = asNodeError(context.getNode(), error, item.index);
		if (!context.continueOnFail() && !item.asTool) throw nodeError;
		return [failedItem(nodeError, item.index)];
	}
}

/**
 * A coded operation as RoutingNode runs it: as the pagination hook of its option's routing,
 * once per item. n8n runs the node this way when it ignores custom operations (see define.ts).
 */
export function routedExecute(execute: Execute) {
	return async function (this: IExecutePaginationFunctions): Promise<INodeExecutionData[]> {
		return await runOneItem(this, async (item) => outputOf(await execute(item), item.index));
	};
}
