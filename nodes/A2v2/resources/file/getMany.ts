import { sortCollection } from '../../../fields/common';
import { contactLocator } from '../../../fields/contact';
import { output, outputFields } from '../../../fields/output';
import { route } from '../../../operations/declarative';
import { defineOperation, listFields } from '../../../operations/define';
import { contactFiles } from './address';

export const getMany = defineOperation('file', {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many files of a contact',
	description: "List a contact's files (ID, name, type, size, created), optionally sorted",
	toolDescription:
		"List the files of a contact in the A2V2 CRM, newest first, by the contact's external reference ID or A2V2 ID. Returns each file's ID, name, type, size and when it was added.",
	routing: route('GET', contactFiles, output('file')),
	fields: [
		contactLocator,
		...listFields,
		sortCollection([
			{ name: 'Created At', value: 'createdAt' },
			{ name: 'File Name', value: 'fileName' },
			{ name: 'File Size', value: 'fileSize' },
		]),
		...outputFields('file'),
	],
});
