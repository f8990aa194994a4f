import type { IBinaryData, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';

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
	size: number;
}

/** Where a binary property's bytes come from (n8n keeps them in memory or on disk). */
export type ReadBinary = (propertyName: string) => Promise<Buffer>;

/** The binary data of an item's property; a missing one is named with the ones the item has. */
export function binaryOf(
	node: INode,
	itemIndex: number,
	item: INodeExecutionData,
	propertyName: string,
	parameter = 'Input Binary Field',
): IBinaryData {
	const binary = item.binary ?? {};
	const name = propertyName.trim();
	const data = binary[name];
	if (!data) {
		const present = Object.keys(binary);
		throw inputError(
			node,
			itemIndex,
			parameter,
			`the item has no binary property "${name}"`,
			present.length
				? `Its binary properties: ${present.join(', ')}`
				: 'The item has no binary data at all: read or download the file in an earlier node.',
		);
	}
	return data;
}

/**
 * The file in an input item's binary property, as a Blob for a multipart part. The bytes are
 * read once and copied once into the Blob (a file is never held more than twice), and an empty
 * file is refused before any request.
 */
export async function filePart(
	node: INode,
	itemIndex: number,
	item: INodeExecutionData,
	propertyName: string,
	read: ReadBinary,
	overrides: { fileName?: string; mimeType?: string } = {},
): Promise<FilePart> {
	const name = propertyName.trim();
	const data = binaryOf(node, itemIndex, item, name);
	let buffer: Buffer | undefined = await read(name);
	const size = buffer.length;
	if (size === 0) throw inputError(node, itemIndex, 'Input Binary Field', `the file in "${name}" is empty`);
	const mimeType = overrides.mimeType || data.mimeType || 'application/octet-stream';
	const fileName =
		overrides.fileName || data.fileName || `${name}${data.fileExtension ? `.${data.fileExtension}` : ''}`;
	const blob = new Blob([buffer as unknown as ArrayBuffer], { type: mimeType });
	buffer = undefined;
	return { blob, fileName, mimeType, size };
}
