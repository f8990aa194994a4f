import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation, returnAllAndLimit } from '../../../shared/descriptions';
import { contactLocator } from '../contact/shared';
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
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'collection',
			placeholder: 'Add Sort Option',
			default: {},
			options: [
				{
					displayName: 'Sort By',
					name: 'sortBy',
					type: 'options',
					options: [
						{ name: 'Created At', value: 'createdAt' },
						{ name: 'File Name', value: 'fileName' },
						{ name: 'File Size', value: 'fileSize' },
					],
					default: 'createdAt',
					routing: { send: { type: 'query', property: 'sortBy' } },
				},
				{
					displayName: 'Sort Order',
					name: 'sortOrder',
					type: 'options',
					options: [
						{ name: 'Ascending', value: 'asc' },
						{ name: 'Descending', value: 'desc' },
					],
					default: 'desc',
					routing: { send: { type: 'query', property: 'sortOrder' } },
				},
			],
		},
	],
});
