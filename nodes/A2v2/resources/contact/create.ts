import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { contactBody, createFields } from './body';
import { simplifyContacts, simplifyField } from './shared';

async function sendNewContact(this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
	options.body = contactBody(
		this.getNode(),
		this.getItemIndex(),
		(name, fallback) => this.getNodeParameter(name, fallback),
		this.getInputData().json,
		{ create: true },
	);
	return options;
}

export const create = defineOperation('contact', {
	value: 'create',
	name: 'Create',
	action: 'Create a contact',
	description:
		'Create a contact in the agent\'s CRM. primaryEmail is required; custom fields go under customFields. Fails if the external reference ID is already used.',
	routing: {
		request: { method: 'POST', url: '/contacts/chatbots/{agentId}' },
		send: { preSend: [sendNewContact] },
		output: { postReceive: [simplifyContacts] },
	},
	fields: [...createFields, simplifyField],
});
