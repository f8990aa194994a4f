import type { IDataObject } from 'n8n-workflow';

import { contactAddress, contactLocator } from '../../../fields/contact';
import { outputFields, shaper } from '../../../fields/output';
import { defineOperation } from '../../../operations/define';
import { contactBody, updateFields } from './body';

export const update = defineOperation('contact', {
	value: 'update',
	name: 'Update',
	action: 'Update a contact',
	description:
		'Change some fields of an existing contact, found by external reference ID or A2V2 ID. Only the fields given are sent; the others are kept.',
	toolDescription:
		'Change fields of an existing contact in the A2V2 CRM, found by its external reference ID or A2V2 ID. Only the fields given change; the others are kept. Returns the updated contact. Fails with "Not found" if no contact has that ID.',
	fields: [contactLocator, ...updateFields, ...outputFields('contact')],
	execute: async (item) => {
		const { path, target } = contactAddress(item);
		const body = contactBody(item, { create: false });
		const shape = shaper('contact', item);
		return shape(await item.data<IDataObject>({ method: 'PUT', path, target, body }));
	},
});
