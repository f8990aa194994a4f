import { defineOperation } from '../../../shared/descriptions';
import {
	contactLocator,
	simplifyContacts,
	simplifyField,
	toContact,
} from '../../../shared/contact';

export const archive = defineOperation('contact', {
	value: 'archive',
	name: 'Archive',
	action: 'Archive a contact',
	description:
		'Archive a contact (it leaves the contact list), by external reference ID or A2V2 ID',
	routing: {
		request: { method: 'PATCH' },
		send: { preSend: [toContact('/archive')] },
		output: { postReceive: [simplifyContacts] },
	},
	fields: [contactLocator, simplifyField],
});
