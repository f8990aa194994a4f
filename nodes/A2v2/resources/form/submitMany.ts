import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { asNodeError } from '../../../shared/errors';
import { retrySettings } from '../../../shared/routing';
import { a2v2Data } from '../../../shared/transport';
import { pathSegment } from '../../../shared/url';
import { inputError } from '../../../shared/validation';
import { submissionBody, submissionOptions } from './submit';
import { contactRefField, formData, formDataFields, templateLocator } from './shared';

/** The most submissions the batch endpoint takes at once. */
export const BATCH_SIZE = 10;

export const submitMany = defineOperation('form', {
	value: 'submitMany',
	name: 'Submit Many',
	action: 'Submit many forms in batches',
	description:
		'Submit one form per input item with as few requests as possible: the items of one contact go together, up to 10 per request. Each item gets its own result (success or failure).',
	// Runs as a custom operation (see `executeSubmitMany`); the routing is never used.
	routing: {},
	fields: [templateLocator, contactRefField, ...formDataFields, submissionOptions],
});

interface Prepared {
	itemIndex: number;
	contact: string;
	submission: IDataObject;
}

interface BatchResult {
	index: number;
	success: boolean;
	data?: IDataObject;
	error?: { message?: string; errors?: unknown };
}

function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const node = this.getNode();
	const get = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
	const contact = String(get('contactRef', '')).trim();
	if (!contact) throw inputError(node, itemIndex, 'Contact External Reference ID', 'is empty');
	try {
		pathSegment(contact, `"${contact}"`);
	} catch (error) {
		throw inputError(node, itemIndex, 'Contact External Reference ID', (error as Error).message);
	}
	const templateId = String(this.getNodeParameter('template', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!templateId) throw inputError(node, itemIndex, 'Template', 'is empty');
	const data = formData(node, itemIndex, get, this.getInputData()[itemIndex].json);
	return { itemIndex, contact, submission: { templateId, ...submissionBody(get, data) } };
}

export async function executeSubmitMany(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const failed = (itemIndex: number, error: unknown) => {
		const nodeError = asNodeError(node, error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		results[itemIndex] = { json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } };
	};

	// Every item is checked before the first request.
	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(prepare.call(this, itemIndex));
		} catch (error) {
			failed(itemIndex, error);
		}
	}

	// The items of one contact, in their order, in batches of up to 10.
	const byContact = new Map<string, Prepared[]>();
	for (const p of prepared) byContact.set(p.contact, [...(byContact.get(p.contact) ?? []), p]);
	const batches: Prepared[][] = [];
	for (const list of byContact.values()) {
		for (let i = 0; i < list.length; i += BATCH_SIZE) batches.push(list.slice(i, i + BATCH_SIZE));
	}

	const answers = await Promise.allSettled(
		batches.map(async (batch) => {
			const first = batch[0].itemIndex;
			const data = (await a2v2Data.call(this, {
				method: 'POST',
				path: `/forms/batch/contacts/${pathSegment(batch[0].contact, 'contact')}/chatbots/{agentId}`,
				body: { submissions: batch.map((p) => p.submission) },
				itemIndex: first,
				settings: retrySettings.call(this, first),
			})) as { results?: BatchResult[] };
			return data?.results ?? [];
		}),
	);

	answers.forEach((answer, b) => {
		const batch = batches[b];
		if (answer.status === 'rejected') {
			for (const p of batch) {
				const reason = answer.reason as NodeApiError | NodeOperationError;
				failed(p.itemIndex, new NodeApiError(node, { message: reason.message }, {
					message: reason.message.replace(/\[item \d+\]$/, `[item ${p.itemIndex}]`),
					description: reason.description ?? undefined,
					httpCode: (reason as NodeApiError).httpCode ?? undefined,
					itemIndex: p.itemIndex,
				}));
			}
			return;
		}
		batch.forEach((p, position) => {
			const result = answer.value.find((r) => r.index === position) ?? answer.value[position];
			const json: IDataObject = result?.success
				? { success: true, ...(result.data ?? {}) }
				: {
						success: false,
						error: result?.error?.message ?? 'A2V2 returned no result for this submission',
						errors: (result?.error?.errors as IDataObject[] | undefined) ?? [],
					};
			results[p.itemIndex] = { json, pairedItem: { item: p.itemIndex } };
		});
	});
	return [results.filter((r): r is INodeExecutionData => r !== undefined)];
}
