import { contactLocator } from '../../../fields/contact';
import { output, outputFields } from '../../../fields/output';
import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { fileAddress, fileIdField } from './address';

export const get = defineOperation('file', {
	value: 'get',
	name: 'Get',
	action: 'Get a file of a contact',
	description: "Get a file's metadata (name, type, size, created)",
	toolDescription:
		"Get the metadata of one file of a contact in the A2V2 CRM (name, type, size, when it was added), by the contact's ID and the file ID.",
	routing: route('GET', (item) => fileAddress(item), output('file')),
	fields: [contactLocator, fileIdField, ...outputFields('file')],
});
