import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { addressTo } from '../../../shared/paths';
import { contactLocator } from '../../../shared/contact';
import { fileIdField, filesAddress } from './shared';

async function sendDelete(this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
	addressTo(options, await filesAddress.call(this, true));
	const reason = String(
		(this.getNodeParameter('deleteOptions', {}) as IDataObject).reason ?? '',
	).trim();
	options.body = reason ? { reason } : {};
	return options;
}

async function deleted(items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return items.map(() => ({ json: { deleted: true } }));
}

export const deleteFile = defineOperation('file', {
	value: 'delete',
	name: 'Delete',
	action: 'Delete a file of a contact',
	description: 'Delete a file from a contact, optionally with a reason',
	routing: {
		request: { method: 'DELETE' },
		send: { preSend: [sendDelete] },
		output: { postReceive: [deleted] },
	},
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
				},
			],
		},
	],
});
