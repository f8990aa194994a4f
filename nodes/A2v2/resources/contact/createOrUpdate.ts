import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { outputFields, shaper } from '../../../fields/output';
import { isEmail } from '../../../fields/values';
import { defineOperation } from '../../../operations/define';
import type { Item } from '../../../operations/item';
import { asNodeError, inputError } from '../../../transport/errors';
import { AGENT_TARGET, PAGE_SIZE, pathParameter } from '../../../transport/url';
import { contactBody, updateFields } from './body';

type Upserted = { result: 'created' | 'updated'; contact: IDataObject };

const hasStatus = (error: unknown, status: string) =>
	error instanceof NodeApiError && error.httpCode === status;

const CREATE = {
	method: 'POST' as const,
	path: '/contacts/chatbots/{agentId}',
	target: AGENT_TARGET,
};

/** Matched on the external reference ID: looked up, then updated, or created when missing. */
async function byReference(item: Item): Promise<Upserted> {
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
				...CREATE,
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

/**
 * The contacts whose primary e-mail is `email` (case-insensitive). The list's search is not an
 * exact match: every candidate is checked here, page after page (one page when fewer than 100
 * contacts match the search). Archived contacts are not in the list.
 */
async function contactsWithEmail(item: Item, email: string): Promise<IDataObject[]> {
	const wanted = email.toLowerCase();
	const found: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const answer = (
			await item.request({
				...CREATE,
				method: 'GET',
				qs: { search: email, page, limit: PAGE_SIZE },
			})
		).body as { data?: IDataObject[]; pagination?: { hasNextPage?: boolean } };
		const candidates = answer.data ?? [];
		found.push(...candidates.filter((c) => String(c.primaryEmail ?? '').toLowerCase() === wanted));
		if (!candidates.length || answer.pagination?.hasNextPage !== true) return found;
	}
}

/** Matched on the primary e-mail: the one contact with it updated, or a contact created. */
async function byEmail(item: Item): Promise<Upserted> {
	const email = String(item.param('matchEmail', '')).trim();
	if (!isEmail(email)) {
		throw inputError(
			item.node,
			item.index,
			'Primary E-mail',
			`"${email}" is not an e-mail address`,
		);
	}
	const body = contactBody(item, { create: false });
	const matches = await contactsWithEmail(item, email);
	if (matches.length > 1) {
		const ids = matches.map((c) => `"${String(c._id)}"`).join(', ');
		throw inputError(
			item.node,
			item.index,
			'Primary E-mail',
			`${matches.length} contacts have the e-mail "${email}" (A2V2 IDs ${ids}): nothing was changed`,
			'Update the one you mean by its A2V2 ID, or archive the others.',
		);
	}
	if (matches.length === 0) {
		const created = await item.data<IDataObject>({
			...CREATE,
			body: { ...body, primaryEmail: body.primaryEmail ?? email },
		});
		return { result: 'created', contact: created };
	}
	const id = pathParameter(item.node, item.index, 'The contact ID', matches[0]._id);
	const updated = await item.data<IDataObject>({
		method: 'PUT',
		path: `/contacts/mantisid/${id}/chatbots/{agentId}`,
		target: `contact with A2V2 ID "${String(matches[0]._id)}" (e-mail "${email}")`,
		body,
	});
	return { result: 'updated', contact: updated };
}

export const createOrUpdate = defineOperation('contact', {
	value: 'upsert',
	name: 'Create or Update',
	action: 'Create or update a contact by external reference ID or e-mail',
	// The wording n8n's linter requires for every upsert; the action and the fields say what it
	// matches on.
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	toolDescription:
		'Create a contact in the A2V2 CRM, or update it if a contact with the same external reference ID (or primary e-mail, as this tool is set up) exists. Needs that ID or e-mail, and the primary e-mail address when the contact is new. Returns the contact and "result": "created" or "updated".',
	fields: [
		{
			displayName: 'Match On',
			name: 'matchOn',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'External Reference ID',
					value: 'externalReferenceId',
					description: "Your own system's ID for the contact",
				},
				{
					name: 'Primary E-Mail',
					value: 'primaryEmail',
					description:
						'The contact whose primary e-mail is this one (not case-sensitive); two such contacts are an error',
				},
			],
			default: 'externalReferenceId',
		},
		{
			displayName: 'External Reference ID',
			name: 'externalReferenceId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. USER_12345',
			description:
				'Your own system\'s ID for the contact. The contact with this ID is updated if it exists and created otherwise; the output field "result" says which happened.',
			displayOptions: { show: { matchOn: ['externalReferenceId'] } },
		},
		{
			displayName: 'Primary E-Mail',
			name: 'matchEmail',
			type: 'string',
			placeholder: 'e.g. name@example.com',
			required: true,
			default: '',
			description:
				'The contact with this primary e-mail is updated if there is one and created otherwise; the output field "result" says which happened',
			displayOptions: { show: { matchOn: ['primaryEmail'] } },
		},
		...updateFields,
		...outputFields('contact'),
	],
	execute: async (item) => {
		const upsert =
			item.param('matchOn', 'externalReferenceId') === 'primaryEmail' ? byEmail : byReference;
		const shape = shaper('contact', item);
		const { result, contact } = await upsert(item);
		return { result, ...shape(contact) };
	},
});
