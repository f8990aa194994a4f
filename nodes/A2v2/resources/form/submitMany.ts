import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { asNodeError } from '../../../shared/errors';
import { requestSettings } from '../../../shared/pipeline';
import { a2v2Request } from '../../../shared/transport';
import { isBlankValue } from '../../../shared/url';
import { pathParameter } from '../../../shared/paths';
import { inputError } from '../../../shared/validation';
import { submissionBody, submissionOptions } from './submit';
import { contactRefField, formData, formDataFields, templateLocator } from './shared';

/** The most submissions the batch endpoint takes at once. */
const BATCH_SIZE = 10;

export const submitMany = defineOperation('form', {
	value: 'submitMany',
	name: 'Submit Many',
	action: 'Submit many forms in batches',
	description:
		'Submit one form per input item with as few requests as possible: the items of one contact go together, up to 10 per request. Each item gets its own result (success or failure).',
	execute: executeSubmitMany,
	fields: [templateLocator, contactRefField, ...formDataFields, submissionOptions],
});

interface Prepared {
	itemIndex: number;
	/** The contact's external reference ID, encoded as a path segment. */
	contact: string;
	/** The contact in the user's words, for errors. */
	target: string;
	submission: IDataObject;
}

/**
 * The batch answer's result list. The contract only assumes "one result per submission", so it
 * is read defensively: a list in `data`, under `data.results`, or under `results`.
 */
function resultListOf(body: unknown): IDataObject[] | undefined {
	const envelope = (body ?? {}) as IDataObject;
	const data = envelope.data as IDataObject | IDataObject[] | undefined;
	for (const candidate of [data, (data as IDataObject | undefined)?.results, envelope.results]) {
		if (Array.isArray(candidate)) return candidate as IDataObject[];
	}
	return undefined;
}

/** The result of the submission at `position` of a batch: by its `index` when results carry one. */
function resultAt(results: IDataObject[], position: number): IDataObject | undefined {
	const indexed = results.some((r) => r && typeof r === 'object' && typeof r.index === 'number');
	const result = indexed ? results.find((r) => r?.index === position) : results[position];
	return result && typeof result === 'object' ? result : undefined;
}

function fieldErrorsOf(result: IDataObject): IDataObject[] {
	const error = result.error as IDataObject | undefined;
	const list = Array.isArray(result.errors)
		? result.errors
		: Array.isArray(error?.errors)
			? error?.errors
			: [];
	return (list as unknown[]).filter((e): e is IDataObject => !!e && typeof e === 'object');
}

/** One item's output for its result in the batch answer. */
function outcomeOf(result: IDataObject | undefined, batchMessage: string): IDataObject {
	if (!result) {
		return {
			success: false,
			error: `A2V2 returned no result for this submission${batchMessage ? ` (the batch answer said: "${batchMessage}")` : ''}`,
			errors: [],
		};
	}
	const error = result.error;
	const status = Number(
		result.status ?? result.statusCode ?? (error as IDataObject | undefined)?.status,
	);
	const failed =
		result.success === false || (result.success !== true && (!!error || status >= 400));
	if (!failed) {
		const data = result.data ?? result.submission;
		if (data && typeof data === 'object' && !Array.isArray(data))
			return { success: true, ...(data as IDataObject) };
		const rest = { ...result };
		for (const key of ['index', 'success', 'status', 'statusCode']) delete rest[key];
		return { success: true, ...rest };
	}
	const said =
		(typeof error === 'string' && error) ||
		String((error as IDataObject | undefined)?.message ?? result.message ?? '') ||
		'A2V2 rejected this submission';
	const errors = fieldErrorsOf(result);
	const fields = errors.map(
		(e) =>
			`${e.field === undefined ? '' : `${String(e.field)}: `}${String(e.message ?? 'invalid')}`,
	);
	return { success: false, error: fields.length ? `${said}: ${fields.join('; ')}` : said, errors };
}

function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const node = this.getNode();
	const get = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
	const contact = pathParameter(
		node,
		itemIndex,
		'Contact External Reference ID',
		get('contactRef', ''),
	);
	const template = this.getNodeParameter('template', itemIndex, '', { extractValue: true });
	if (isBlankValue(template)) throw inputError(node, itemIndex, 'Template', 'is empty');
	const templateId = String(template);
	const data = formData(node, itemIndex, get, this.getInputData()[itemIndex].json);
	const target = `contact with external reference ID "${String(get('contactRef', ''))}"`;
	return { itemIndex, contact, target, submission: { templateId, ...submissionBody(get, data) } };
}

async function executeSubmitMany(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const failed = (itemIndex: number, error: unknown) => {
		const nodeError = asNodeError(node, error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		results[itemIndex] = {
			json: { error: nodeError.message },
			error: nodeError,
			pairedItem: { item: itemIndex },
		};
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
			const response = await a2v2Request.call(this, {
				method: 'POST',
				path: `/forms/batch/contacts/${batch[0].contact}/chatbots/{agentId}`,
				target: batch[0].target,
				body: { submissions: batch.map((p) => p.submission) },
				itemIndex: first,
				settings: requestSettings.call(this, first),
				// A whole-batch validation failure that still lists a result per submission gives
				// each item its own message.
				acceptFailure: (status, body) => (status === 400 || status === 422) && !!resultListOf(body),
			});
			const body = response.body as IDataObject | undefined;
			return {
				results: resultListOf(body) ?? [],
				message: typeof body?.message === 'string' ? body.message : '',
			};
		}),
	);

	answers.forEach((answer, b) => {
		const batch = batches[b];
		if (answer.status === 'rejected') {
			for (const p of batch) {
				const reason = answer.reason as NodeApiError | NodeOperationError;
				failed(
					p.itemIndex,
					new NodeApiError(
						node,
						{ message: reason.message },
						{
							message: reason.message.replace(/\[item \d+\]$/, `[item ${p.itemIndex}]`),
							description: reason.description ?? undefined,
							httpCode: (reason as NodeApiError).httpCode ?? undefined,
							itemIndex: p.itemIndex,
						},
					),
				);
			}
			return;
		}
		batch.forEach((p, position) => {
			const json = outcomeOf(resultAt(answer.value.results, position), answer.value.message);
			results[p.itemIndex] = { json, pairedItem: { item: p.itemIndex } };
		});
	});
	return [results.filter((r): r is INodeExecutionData => r !== undefined)];
}
