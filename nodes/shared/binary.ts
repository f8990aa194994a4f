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

/**
 * Where a binary property's bytes come from: n8n keeps them in the item (memory mode) or on
 * disk (filesystem mode, `id` set), where they can be streamed.
 */
export interface BinarySource {
	buffer: (propertyName: string) => Promise<Buffer>;
	stream: (binaryDataId: string) => Promise<AsyncIterable<Uint8Array>>;
}

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
 * The file in an input item's binary property, as a Blob for a multipart part, and an empty
 * file refused before any request. A file n8n keeps on disk is streamed into the Blob chunk by
 * chunk (held once); one kept in the item is decoded once and copied once (held twice).
 */
export async function filePart(
	node: INode,
	itemIndex: number,
	item: INodeExecutionData,
	propertyName: string,
	source: BinarySource,
	overrides: { fileName?: string; mimeType?: string } = {},
): Promise<FilePart> {
	const name = propertyName.trim();
	const data = binaryOf(node, itemIndex, item, name);
	const mimeType = overrides.mimeType || data.mimeType || 'application/octet-stream';
	const fileName =
		overrides.fileName || data.fileName || `${name}${data.fileExtension ? `.${data.fileExtension}` : ''}`;
	let blob: Blob;
	if (data.id) {
		blob = new Blob([], { type: mimeType });
		for await (const chunk of await source.stream(data.id)) {
			// A Blob made of a Blob and a chunk refers to the first one's bytes: only the chunk is copied.
			blob = new Blob([blob, chunk as Uint8Array<ArrayBuffer>], { type: mimeType });
		}
	} else {
		blob = new Blob([(await source.buffer(name)) as unknown as ArrayBuffer], { type: mimeType });
	}
	if (blob.size === 0) throw inputError(node, itemIndex, 'Input Binary Field', `the file in "${name}" is empty`);
	return { blob, fileName, mimeType, size: blob.size };
}
