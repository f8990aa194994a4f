import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './errors';

/**
 * Runs a custom operation for every input item (at once; the pacer bounds what goes out), each
 * result item paired to its input item. A failing item stops the node, or with Continue On
 * Fail becomes an error item while the others go on.
 */
export async function forEachItem(
	this: IExecuteFunctions,
	run: (itemIndex: number) => Promise<IDataObject | INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results = await Promise.allSettled(items.map(async (_, itemIndex) => await run(itemIndex)));
	const output: INodeExecutionData[] = [];
	results.forEach((result, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (result.status === 'rejected') {
			const error = asNodeError(this.getNode(), result.reason, itemIndex);
			if (!this.continueOnFail()) throw error;
			output.push({ json: { error: error.message }, error, pairedItem });
			return;
		}
		const produced = Array.isArray(result.value) ? result.value : [{ json: result.value }];
		for (const item of produced) output.push({ ...item, pairedItem });
	});
	return [output];
}
