import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from './validation';

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file',
};

export interface FilePart {
	blob: Blob;
	fileName: string;
	mimeType: string;
}

/**
 * The file in an input item's binary property, as a Blob for a multipart part. A missing
 * property is named together with the ones the item has; an empty file is refused.
 */
export async function binaryFilePart(
	this: IExecuteSingleFunctions,
	propertyName: string,
	overrides: { fileName?: string; mimeType?: string } = {},
): Promise<FilePart> {
	const itemIndex = this.getItemIndex();
	const node = this.getNode();
	const binary = this.getInputData().binary ?? {};
	const name = propertyName.trim();
	const data = binary[name];
	if (!data) {
		const present = Object.keys(binary);
		throw inputError(
			node,
			itemIndex,
			'Input Binary Field',
			`the item has no binary property "${name}"`,
			present.length
				? `Its binary properties: ${present.join(', ')}`
				: 'The item has no binary data at all: read or download the file in an earlier node.',
		);
	}
	const buffer = await this.helpers.getBinaryDataBuffer(name);
	if (buffer.length === 0) {
		throw inputError(node, itemIndex, 'Input Binary Field', `the file in "${name}" is empty`);
	}
	const mimeType = overrides.mimeType || data.mimeType || 'application/octet-stream';
	const fileName = overrides.fileName || data.fileName || `${name}${data.fileExtension ? `.${data.fileExtension}` : ''}`;
	return { blob: new Blob([new Uint8Array(buffer)], { type: mimeType }), fileName, mimeType };
}
