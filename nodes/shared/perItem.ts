import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { asNodeError } from './errors';
import { MAX_IN_FLIGHT } from './pacing';
import { parametersOf, type ItemParameters } from './parameters';

/**
 * How many items are worked on at once: twice the requests a key may have in flight, so that
 * the next requests are ready when slots free up. Starting every item at once would evaluate the
 * parameters (expressions) of all of them before the first request leaves: with 1,000 items, half
 * a second of work before anything goes out, instead of done while answers are awaited.
 */
const ITEMS_AT_ONCE = 2 * MAX_IN_FLIGHT;

/**
 * Runs a custom operation for every input item, in the items' order and ITEMS_AT_ONCE at a time
 * (the pacer bounds what goes out), each result item paired to its input item. `run` gets the
 * item's parameters through `get` (see parameters.ts: those without an expression are read once
 * per run). A failing item stops the node: the items already under way finish, no later item
 * starts, and the first failure is thrown. With Continue On Fail it becomes an error item while
 * the others go on.
 */
export async function forEachItem(
	this: IExecuteFunctions,
	run: (itemIndex: number, get: ItemParameters) => Promise<IDataObject | INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const results: Array<PromiseSettledResult<IDataObject | INodeExecutionData[]>> = [];
	let next = 0;
	let stopped = false;
	const worker = async () => {
		for (let first = true; next < items.length && !stopped; first = false) {
			// Between two items, the answers that have come in are handled first: the next item's
			// parameters are evaluated after them, not in their way.
			if (!first) await sleep(0);
			if (next >= items.length || stopped) break;
			const itemIndex = next++;
			try {
				results[itemIndex] = {
					status: 'fulfilled',
					value: await run(itemIndex, parametersOf.call(this, itemIndex)),
				};
			} catch (reason) {
				results[itemIndex] = { status: 'rejected', reason };
				if (!continueOnFail) stopped = true;
			}
		}
	};
	// The workers start one per turn of the event loop: the first item's request leaves without
	// waiting for the parameters of ITEMS_AT_ONCE items to be evaluated (against a key not yet
	// known it goes alone anyway), and the next items are prepared while it is under way.
	const workers: Array<Promise<void>> = [];
	for (let started = 0; started < Math.min(ITEMS_AT_ONCE, items.length); started++) {
		if (started) await sleep(0);
		if (next >= items.length || stopped) break;
		workers.push(worker());
	}
	await Promise.all(workers);

	const output: INodeExecutionData[] = [];
	results.forEach((result, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (result.status === 'rejected') {
			const error = asNodeError(this.getNode(), result.reason, itemIndex);
			if (!continueOnFail) throw error;
			output.push({ json: { error: error.message }, error, pairedItem });
			return;
		}
		const produced = Array.isArray(result.value) ? result.value : [{ json: result.value }];
		for (const item of produced) output.push({ ...item, pairedItem });
	});
	return [output];
}
