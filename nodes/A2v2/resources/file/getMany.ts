import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation, returnAllAndLimit, sortCollection } from '../../../shared/descriptions';
import { contactLocator } from '../../../shared/contact';
import { filesPath } from './shared';

export const getMany = defineOperation('file', {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many files of a contact',
	description: "List a contact's files (ID, name, type, size, created), optionally sorted",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					options.url = await filesPath.call(this, false);
					return options;
				},
			],
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
