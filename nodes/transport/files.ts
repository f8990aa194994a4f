import { createHash } from 'crypto';
import type { IBinaryData, INode, INodeExecutionData } from 'n8n-workflow';

import { inputError } from './errors';
import type { FilePart, StoredFileStream } from './multipart';

/**
 * The chunk size in which a file in n8n's binary data store is read for an upload: just under
 * the 128 KiB above which the C library (by default) maps each allocation afresh, so that the
 * chunks come from memory the process already has (docs/performance.md has the measurements).
 */
export const STREAM_CHUNK_BYTES = 120 * 1024;

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
			identity: `${name}:${id}`,
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
		identity: `${name}:${createHash('sha256').update(data.data).digest('hex')}`,
		content: async () => {
			const bytes = await source.buffer(name);
			return { bytes, size: bytes.length };
		},
	};
}
