import type { IBinaryData, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FilePart, StoredFileStream } from './multipart';

import { inputError } from './validation';

/**
 * The chunk size in which a file in n8n's binary data store is read for an upload: 120 KiB, just
 * under the 128 KiB above which the C library (by default) maps each allocation afresh; smaller
 * chunks are served from memory the process already has. Measured in real n8n 2.41.1
 * (bench/real-n8n.bench.ts), five 20 MB files uploaded in one execution grew n8n's memory by
 * 9 MiB in 64 KiB chunks (n8n's default), 14 MiB in 120 KiB chunks and 58-75 MiB in 1 MiB
 * chunks (the HTTP Request node: 34-37 MiB); one 20 MB upload took 153 ms, 126 ms and 126 ms.
 */
export const STREAM_CHUNK_BYTES = 120 * 1024;

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file',
};

/**
 * Where a binary property's bytes come from: n8n keeps them in the item (memory mode) or in its
 * binary data store (filesystem, database or S3 mode, `id` set), from where they are streamed.
 */
export interface BinarySource {
	buffer: (propertyName: string) => Promise<Buffer>;
	stream: (binaryDataId: string) => Promise<StoredFileStream>;
	metadata: (binaryDataId: string) => Promise<{ fileSize?: unknown }>;
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
 * The file in an input item's binary property as a multipart file part, an empty file refused
 * before any request. Its bytes are read only when the request's body is opened: a file in n8n's
 * store is streamed from there chunk by chunk (never held whole), one in the item is decoded
 * once.
 */
export async function filePart(
	node: INode,
	itemIndex: number,
	item: INodeExecutionData,
	propertyName: string,
	partName: string,
	source: BinarySource,
	overrides: { fileName?: string; mimeType?: string } = {},
): Promise<FilePart> {
	const name = propertyName.trim();
	const data = binaryOf(node, itemIndex, item, name);
	const mimeType = overrides.mimeType || data.mimeType || 'application/octet-stream';
	const fileName =
		overrides.fileName ||
		data.fileName ||
		`${name}${data.fileExtension ? `.${data.fileExtension}` : ''}`;
	const empty = () =>
		inputError(node, itemIndex, 'Input Binary Field', `the file in "${name}" is empty`);
	const id = data.id;
	if (id) {
		const fileSize = Number((await source.metadata(id)).fileSize);
		// The store's own size makes the Content-Length; without one the body goes chunked.
		const size = Number.isInteger(fileSize) && fileSize >= 0 ? fileSize : undefined;
		if (size === 0) throw empty();
		return {
			name: partName,
			fileName,
			mimeType,
			content: async () => {
				try {
					return { bytes: await source.stream(id), size };
				} catch (error) {
					throw inputError(
						node,
						itemIndex,
						'Input Binary Field',
						`n8n could not read the file in "${name}" from its binary data store (${(error as Error).message})`,
						'The file was stored by an earlier node of this execution; it may have been removed since, or the binary data store may be unavailable.',
					);
				}
			},
		};
	}
	if (!data.data) throw empty();
	return {
		name: partName,
		fileName,
		mimeType,
		content: async () => {
			const bytes = await source.buffer(name);
			return { bytes, size: bytes.length };
		},
	};
}
