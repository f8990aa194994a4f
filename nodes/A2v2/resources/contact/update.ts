import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { contactBody, updateFields } from './body';
import { contactLocator, contactPath, simplifyContacts, simplifyField } from './shared';

async function sendContactChanges(this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
	options.url = contactPath.call(this);
	options.body = contactBody(
		this.getNode(),
		this.getItemIndex(),
		(name, fallback) => this.getNodeParameter(name, fallback),
		this.getInputData().json,
		{ create: false },
	);
	return options;
}

export const update = defineOperation('contact', {
	value: 'update',
	name: 'Update',
	action: 'Update a contact',
	description:
		'Change some fields of an existing contact, found by external reference ID or A2V2 ID. Only the fields given are sent; the others are kept.',
	routing: {
		request: { method: 'PUT' },
		send: { preSend: [sendContactChanges] },
		output: { postReceive: [simplifyContacts] },
	},
	fields: [contactLocator, ...updateFields, simplifyField],
});
