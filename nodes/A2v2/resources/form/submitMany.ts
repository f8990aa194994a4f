import type { IDataObject } from 'n8n-workflow';

import { defineOperation } from '../../../operations/define';
import type { Item } from '../../../operations/item';
import { describeFieldErrors, forItem, inputError } from '../../../transport/errors';
import { a2v2Request } from '../../../transport/request';
import { isBlankValue, pathParameter } from '../../../transport/url';
import { submissionBody, submissionFields } from './fields';

/** The most submissions the batch endpoint takes at once. */
const BATCH_SIZE = 10;

interface Prepared {
	index: number;
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
	const fields = describeFieldErrors(
		errors.map((e) => ({
			field: e.field === undefined ? undefined : String(e.field),
			message: String(e.message ?? 'invalid'),
		})),
	);
	return { success: false, error: fields ? `${said}: ${fields}` : said, errors };
}

/** One item's submission, checked before any request. */
function prepare(item: Item): Prepared {
	const contactRef = item.param<unknown>('contactRef', '');
	const contact = pathParameter(item.node, item.index, 'Contact External Reference ID', contactRef);
	const template = item.param<unknown>('template', '', { extractValue: true });
	if (isBlankValue(template)) throw inputError(item.node, item.index, 'Template', 'is empty');
	return {
		index: item.index,
		contact,
		target: `contact with external reference ID "${String(contactRef)}"`,
		submission: { templateId: String(template), ...submissionBody(item) },
	};
}

/** Sends one batch of a contact's submissions; one outcome (or error) per submission. */
async function sendBatch(item: Item, batch: Prepared[]): Promise<Array<IDataObject | Error>> {
	try {
		// Sent for the batch, not one item: its error is given to each item of the batch. Sent once
		// per node run, however often Retry On Fail runs the node again.
		const body = { submissions: batch.map((p) => p.submission) };
		const key = [
			'batch',
			batch[0].contact,
			JSON.stringify(batch.map((p) => p.index)),
			JSON.stringify(body),
		].join('\u0000');
		const response = await item.once(
			key,
			async () =>
				await a2v2Request.call(item.context, {
					method: 'POST',
					path: `/forms/batch/contacts/${batch[0].contact}/chatbots/{agentId}`,
					target: batch[0].target,
					body,
					settings: item.settings(),
					// A whole-batch validation failure that still lists a result per submission gives each
					// item its own message.
					acceptFailure: (status, answer) =>
						(status === 400 || status === 422) && !!resultListOf(answer),
				}),
		);
		const answer = response.body as IDataObject | undefined;
		const results = resultListOf(answer) ?? [];
		const message = typeof answer?.message === 'string' ? answer.message : '';
		return batch.map((_, position) => outcomeOf(resultAt(results, position), message));
	} catch (error) {
		// The request failed as a whole: each of its items fails with its error.
		return batch.map((p) => forItem(item.node, error, p.index));
	}
}

export const submitMany = defineOperation('form', {
	value: 'submitMany',
	name: 'Submit Many',
	action: 'Submit many forms in batches',
	description:
		'Submit one form per input item with as few requests as possible: the items of one contact go together, up to 10 per request. Each item gets its own result (success or failure).',
	toolDescription:
		"Submit a form of a template for a contact in the A2V2 CRM, by the template ID and the contact's external reference ID, with the form data keyed by the template's field keys. Returns whether it succeeded, with the submission or the reason it was refused.",
	fields: submissionFields,
	// Every item is checked before the first request; the items of one contact, in their order,
	// go in batches of up to 10.
	allItemsAtOnce: true,
	execute: async (item) => {
		const prepared = prepare(item);
		return await item.run.batch(
			prepared.contact,
			prepared,
			item.index,
			BATCH_SIZE,
			async (batch: Prepared[]) => await sendBatch(item, batch),
		);
	},
});
