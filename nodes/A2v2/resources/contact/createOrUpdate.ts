import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { simplifyContact, simplifyField } from '../../../fields/contact';
import { defineOperation } from '../../../operations/define';
import type { Item } from '../../../operations/item';
import { asNodeError } from '../../../transport/errors';
import { AGENT_TARGET, pathParameter } from '../../../transport/url';
import { contactBody, updateFields } from './body';

const hasStatus = (error: unknown, status: string) =>
	error instanceof NodeApiError && error.httpCode === status;

/** Looks the contact up by its external reference ID; updates it, or creates it when missing. */
async function upsert(
	item: Item,
): Promise<{ result: 'created' | 'updated'; contact: IDataObject }> {
	const ref = item.param<string>('externalReferenceId', '');
	const segment = pathParameter(item.node, item.index, 'External Reference ID', ref);
	const body = contactBody(item, { create: false });
	delete body.externalReferenceId;
	const contact = {
		path: `/contacts/${segment}/chatbots/{agentId}`,
		target: `contact with external reference ID "${ref}"`,
	};
	try {
		await item.request({ method: 'GET', ...contact });
	} catch (error) {
		if (!hasStatus(error, '404')) throw asNodeError(item.node, error, item.index);
		// Not there: create it. Creating needs primaryEmail, checked before the request.
		contactBody(item, { create: true });
		try {
			const created = await item.data<IDataObject>({
				method: 'POST',
				path: '/contacts/chatbots/{agentId}',
				target: AGENT_TARGET,
				body: { ...body, externalReferenceId: ref },
			});
			return { result: 'created', contact: created };
		} catch (createError) {
			// Created by someone else in the meantime: update it instead.
			if (!hasStatus(createError, '409')) throw asNodeError(item.node, createError, item.index);
		}
	}
	return {
		result: 'updated',
		contact: await item.data<IDataObject>({ method: 'PUT', ...contact, body }),
	};
}

export const createOrUpdate = defineOperation('contact', {
	value: 'upsert',
	name: 'Create or Update',
	action: 'Create or update a contact by external reference ID',
	// The wording n8n's linter requires for every upsert; the action and the field say what it matches on.
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	toolDescription:
		'Create a contact in the A2V2 CRM, or update it if a contact with the same external reference ID exists. Needs the external reference ID, and the primary e-mail address when the contact is new. Returns the contact and "result": "created" or "updated".',
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
	execute: async (item) => {
		const { result, contact } = await upsert(item);
		return { result, ...(item.param('simplify', true) ? simplifyContact(contact) : contact) };
	},
});
