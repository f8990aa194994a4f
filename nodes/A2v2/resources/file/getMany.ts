import { defineOperation, returnAllAndLimit, sortCollection } from '../../../shared/descriptions';
import { contactLocator } from '../../../shared/contact';
import { toFiles } from './shared';

export const getMany = defineOperation('file', {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many files of a contact',
	description: "List a contact's files (ID, name, type, size, created), optionally sorted",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [toFiles(false)],
		},
	},
	fields: [
		contactLocator,
		...returnAllAndLimit,
		sortCollection([
			{ name: 'Created At', value: 'createdAt' },
			{ name: 'File Name', value: 'fileName' },
			{ name: 'File Size', value: 'fileSize' },
		]),
	],
});
