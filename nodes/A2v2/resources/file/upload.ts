import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { binaryPropertyField, filePart } from '../../../shared/binary';
import { defineOperation } from '../../../shared/descriptions';
import { contactLocator } from '../contact/shared';
import { filesPath } from './shared';

async function sendFile(this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
	const overrides = this.getNodeParameter('uploadOptions', {}) as IDataObject;
	const part = await filePart(
		this.getNode(),
		this.getItemIndex(),
		this.getInputData(),
		this.getNodeParameter('binaryPropertyName', 'data') as string,
		{
			buffer: async (name) => await this.helpers.getBinaryDataBuffer(name),
			stream: async (id) => await this.helpers.getBinaryStream(id),
		},
		{ fileName: overrides.fileName as string | undefined, mimeType: overrides.mimeType as string | undefined },
	);
	const form = new FormData();
	form.append('file', part.blob, part.fileName);
	options.url = await filesPath.call(this, false);
	options.body = form;
	return options;
}

export const upload = defineOperation('file', {
	value: 'upload',
	name: 'Upload',
	action: 'Upload a file to a contact',
	description:
		'Attach a file from an input binary field to a contact (PDF, DOCX, DOC, TXT, CSV, XLSX, PNG, JPEG, GIF, WEBP)',
	routing: {
		request: { method: 'POST' },
		send: { preSend: [sendFile] },
	},
	fields: [
		contactLocator,
		binaryPropertyField,
		{
			displayName: 'Options',
			name: 'uploadOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'File Name',
					name: 'fileName',
					type: 'string',
					default: '',
					description: "The name to store the file under, instead of the binary data's own",
				},
				{
					displayName: 'MIME Type',
					name: 'mimeType',
					type: 'string',
					default: '',
					placeholder: 'e.g. application/pdf',
					description: "The file's type, instead of the binary data's own",
				},
			],
		},
	],
});
