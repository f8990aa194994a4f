import { defineOperation } from '../../../shared/descriptions';
import { contactLocator } from '../../../shared/contact';
import { fileIdField, toFiles } from './shared';

export const get = defineOperation('file', {
	value: 'get',
	name: 'Get',
	action: 'Get a file of a contact',
	description: "Get a file's metadata (name, type, size, created)",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [toFiles(true)],
		},
	},
	fields: [contactLocator, fileIdField],
});
