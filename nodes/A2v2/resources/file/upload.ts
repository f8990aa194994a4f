import type { IDataObject } from 'n8n-workflow';

import { binaryPropertyField } from '../../../fields/common';
import { contactLocator } from '../../../fields/contact';
import { outputFields, shaper } from '../../../fields/output';
import { defineOperation } from '../../../operations/define';
import { filePart } from '../../../transport/files';
import { multipartBody } from '../../../transport/multipart';
import { contactFiles } from './address';

export const upload = defineOperation('file', {
	value: 'upload',
	name: 'Upload',
	action: 'Upload a file to a contact',
	description:
		'Attach a file from an input binary field to a contact (PDF, DOCX, DOC, TXT, CSV, XLSX, PNG, JPEG, GIF, WEBP)',
	toolDescription:
		"Attach a file of the workflow's input to a contact in the A2V2 CRM, by the contact's external reference ID or A2V2 ID. Returns the stored file's ID, name, type and size.",
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
		...outputFields('file'),
	],
	execute: async (item) => {
		const overrides = item.param<IDataObject>('uploadOptions', {});
		// The file is checked before the contact is looked up, and read only when the request goes.
		const part = await filePart(
			item.node,
			item.index,
			item.input,
			item.param<string>('binaryPropertyName', 'data'),
			'file',
			item.files,
			{
				fileName: overrides.fileName as string | undefined,
				mimeType: overrides.mimeType as string | undefined,
			},
		);
		const shape = shaper('file', item);
		const { path, target } = await contactFiles(item);
		return shape(
			await item.data<IDataObject>({ method: 'POST', path, target, body: multipartBody([part]) }),
		);
	},
});
