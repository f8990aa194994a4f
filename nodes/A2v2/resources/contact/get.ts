import { defineOperation } from '../../../shared/descriptions';
import {
	contactLocator,
	simplifyContacts,
	simplifyField,
	toContact,
} from '../../../shared/contact';

export const get = defineOperation('contact', {
	value: 'get',
	name: 'Get',
	action: 'Get a contact',
	description: 'Get one contact by its external reference ID or its A2V2 ID',
	routing: {
		request: { method: 'GET' },
		send: { preSend: [toContact()] },
		output: { postReceive: [simplifyContacts] },
	},
	fields: [contactLocator, simplifyField],
});
