import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { contactLocator } from '../../../shared/contact';
import { fileIdField, filesPath } from './shared';

export const getDownloadUrl = defineOperation('file', {
	value: 'getDownloadUrl',
	name: 'Get Download URL',
	action: 'Get a temporary download URL of a file',
	description: 'Get a signed, temporary URL to download the file, and when it expires',
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
					options.url = await filesPath.call(this, true, '/signed-url');
					return options;
				},
			],
		},
	},
	fields: [contactLocator, fileIdField],
});
