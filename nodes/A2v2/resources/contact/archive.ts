import { contactAddress, contactLocator } from '../../../fields/contact';
import { output, outputFields } from '../../../fields/output';
import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';

export const archive = defineOperation('contact', {
	value: 'archive',
	name: 'Archive',
	action: 'Archive a contact',
	description:
		'Archive a contact (it leaves the contact list), by external reference ID or A2V2 ID',
	toolDescription:
		'Archive a contact of the A2V2 CRM, found by its external reference ID or A2V2 ID: it leaves the contact list but is kept. Returns the archived contact.',
	routing: route('PATCH', (item) => contactAddress(item, '/archive'), output('contact')),
	fields: [contactLocator, ...outputFields('contact')],
});
