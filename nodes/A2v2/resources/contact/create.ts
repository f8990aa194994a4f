import type { IDataObject } from 'n8n-workflow';

import { outputFields, shaper } from '../../../fields/output';
import { AGENT_TARGET } from '../../../transport/url';
import { defineOperation } from '../../../operations/define';
import { contactBody, createFields } from './body';

export const create = defineOperation('contact', {
	value: 'create',
	name: 'Create',
	action: 'Create a contact',
	description:
		"Create a contact in the agent's CRM. primaryEmail is required; custom fields go under customFields. Fails if the external reference ID is already used.",
	toolDescription:
		'Create a new contact in the A2V2 CRM. Needs the primary e-mail address; first and last name, phone, tags and the external reference ID (your own ID for the person) are optional. Returns the new contact with its A2V2 ID. Fails with "Duplicate" if the external reference ID is already used: then use the update tool.',
	fields: [...createFields, ...outputFields('contact')],
	execute: async (item) => {
		const body = contactBody(item, { create: true });
		const shape = shaper('contact', item);
		return shape(
			await item.data<IDataObject>({
				method: 'POST',
				path: '/contacts/chatbots/{agentId}',
				target: AGENT_TARGET,
				body,
			}),
		);
	},
});
