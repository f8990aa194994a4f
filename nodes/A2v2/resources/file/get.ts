import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { contactLocator } from '../../../shared/contact';
import { fileIdField, filesPath } from './shared';

export const get = defineOperation('file', {
	value: 'get',
	name: 'Get',
	action: 'Get a file of a contact',
	description: "Get a file's metadata (name, type, size, created)",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					options.url = await filesPath.call(this, true);
					return options;
				},
			],
		},
	},
	fields: [contactLocator, fileIdField],
});
