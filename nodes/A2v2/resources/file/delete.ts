import { contactLocator } from '../../../fields/contact';
import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { fileAddress, fileIdField } from './address';

export const deleteFile = defineOperation('file', {
	value: 'delete',
	name: 'Delete',
	action: 'Delete a file of a contact',
	description: 'Delete a file from a contact, optionally with a reason',
	toolDescription:
		'Delete one file of a contact in the A2V2 CRM, by the contact\'s ID and the file ID. Returns {"deleted": true}.',
	routing: route(
		'DELETE',
		(item) => fileAddress(item),
		(items) => items.map(() => ({ json: { deleted: true } })),
	),
	fields: [
		contactLocator,
		fileIdField,
		{
			displayName: 'Options',
			name: 'deleteOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Reason',
					name: 'reason',
					type: 'string',
					default: '',
					description: 'Why the file is deleted (kept by A2V2)',
					routing: { send: { type: 'body', property: 'reason' } },
				},
			],
		},
	],
});
