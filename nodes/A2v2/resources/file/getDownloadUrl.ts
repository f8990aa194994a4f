import { defineOperation } from '../../../shared/descriptions';
import { contactLocator } from '../../../shared/contact';
import { fileIdField, toFiles } from './shared';

export const getDownloadUrl = defineOperation('file', {
	value: 'getDownloadUrl',
	name: 'Get Download URL',
	action: 'Get a temporary download URL of a file',
	description: 'Get a signed, temporary URL to download the file, and when it expires',
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [toFiles(true, '/signed-url')],
		},
	},
	fields: [contactLocator, fileIdField],
});
