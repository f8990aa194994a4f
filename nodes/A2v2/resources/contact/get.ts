import { contactAddress, contactLocator } from '../../../fields/contact';
import { output, outputFields } from '../../../fields/output';
import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';

export const get = defineOperation('contact', {
	value: 'get',
	name: 'Get',
	action: 'Get a contact',
	description: 'Get one contact by its external reference ID or its A2V2 ID',
	toolDescription:
		'Get one contact of the A2V2 CRM by its external reference ID or its A2V2 ID. Returns its names, e-mail, phone, status, tags and dates. Fails with "Not found" if no contact has that ID.',
	routing: route('GET', (item) => contactAddress(item), output('contact')),
	fields: [contactLocator, ...outputFields('contact')],
});
