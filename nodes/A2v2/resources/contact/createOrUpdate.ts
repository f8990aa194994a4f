import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { asNodeError } from '../../../shared/errors';
import { requestSettings } from '../../../shared/pipeline';
import { forEachItem } from '../../../shared/perItem';
import type { ItemParameters } from '../../../shared/parameters';
import { a2v2Data } from '../../../shared/transport';
import { AGENT_TARGET, pathParameter } from '../../../shared/paths';
import { contactBody, updateFields } from './body';
import { simplifyContact, simplifyField } from '../../../shared/contact';

export const createOrUpdate = defineOperation('contact', {
	value: 'upsert',
	name: 'Create or Update',
	action: 'Create or update a contact by external reference ID',
	// The wording n8n's linter requires for every upsert; the action and the field say what it matches on.
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	// A custom operation: a lookup, then a create or an update.
	execute: executeCreateOrUpdate,
	fields: [
		{
			displayName: 'External Reference ID',
			name: 'externalReferenceId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. USER_12345',
			description:
				'Your own system\'s ID for the contact. The contact with this ID is updated if it exists and created otherwise; the output field "result" says which happened.',
		},
		...updateFields,
		simplifyField,
	],
});

function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}

function isDuplicate(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '409';
}

async function upsertOne(
	this: IExecuteFunctions,
	itemIndex: number,
	get: ItemParameters,
): Promise<{ result: 'created' | 'updated'; contact: IDataObject }> {
	const node = this.getNode();
	const ref = get('externalReferenceId', '') as string;
	const segment = pathParameter(node, itemIndex, 'External Reference ID', ref);
	const body = contactBody(node, itemIndex, get, this.getInputData()[itemIndex].json, {
		create: false,
	});
	delete body.externalReferenceId;
	const settings = requestSettings.call(this, itemIndex, get);
	const contactPath = `/contacts/${segment}/chatbots/{agentId}`;
	const target = `contact with external reference ID "${ref}"`;

	const update = async () =>
		(await a2v2Data.call(this, {
			method: 'PUT',
			path: contactPath,
			target,
			body,
			itemIndex,
			settings,
		})) as IDataObject;

	try {
		await a2v2Data.call(this, {
			method: 'GET',
			path: contactPath,
			target,
			itemIndex,
			settings,
		});
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(node, error, itemIndex);
		// Not there: create it. Creating needs primaryEmail, checked before the request.
		contactBody(node, itemIndex, get, this.getInputData()[itemIndex].json, { create: true });
		try {
			const created = (await a2v2Data.call(this, {
				method: 'POST',
				path: '/contacts/chatbots/{agentId}',
				target: AGENT_TARGET,
				body: { ...body, externalReferenceId: ref },
				itemIndex,
				settings,
			})) as IDataObject;
			return { result: 'created', contact: created };
		} catch (createError) {
			// Created by someone else in the meantime: update it instead.
			if (!isDuplicate(createError)) throw asNodeError(node, createError, itemIndex);
		}
	}
	return { result: 'updated', contact: await update() };
}

/** Create or Update, for every input item. */
async function executeCreateOrUpdate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem.call(this, async (itemIndex, get) => {
		const { result, contact } = await upsertOne.call(this, itemIndex, get);
		const simplify = get('simplify', true) as boolean;
		return { result, ...(simplify ? simplifyContact(contact) : contact) };
	});
}
