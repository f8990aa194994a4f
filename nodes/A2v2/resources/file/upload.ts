import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { binaryPropertyField, filePart, STREAM_CHUNK_BYTES } from '../../../shared/binary';
import { defineOperation } from '../../../shared/descriptions';
import { addressTo } from '../../../shared/paths';
import { multipartBody } from '../../../shared/multipart';
import { contactLocator } from '../../../shared/contact';
import { filesAddress } from './shared';

async function sendFile(this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const item = this.getInputData();
	const property = this.getNodeParameter('binaryPropertyName', 'data') as string;
	const overrides = this.getNodeParameter('uploadOptions', {}) as IDataObject;
	addressTo(options, await filesAddress.call(this, false));
	const part = await filePart(
		node,
		itemIndex,
		item,
		property,
		'file',
		{
			buffer: async (name) => await this.helpers.getBinaryDataBuffer(name),
			stream: async (id) => await this.helpers.getBinaryStream(id, STREAM_CHUNK_BYTES),
			metadata: async (id) => await this.helpers.getBinaryMetadata(id),
		},
		{
			fileName: overrides.fileName as string | undefined,
			mimeType: overrides.mimeType as string | undefined,
		},
	);
	// The file is read when the request is about to go (see A2V2Request.body).
	options.body = multipartBody([part]) as unknown as IHttpRequestOptions['body'];
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
