import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	binaryOf,
	binaryPropertyField,
	filePart,
	STREAM_CHUNK_BYTES,
} from '../../../shared/binary';
import { multipartBody } from '../../../shared/multipart';
import { defineOperation } from '../../../shared/descriptions';
import { requestSettings } from '../../../shared/pipeline';
import { forEachItem } from '../../../shared/perItem';
import { a2v2Request } from '../../../shared/transport';
import { inputError } from '../../../shared/validation';
import { extractionSchema, schemaFields } from './schema';

export const extract = defineOperation('documentExtraction', {
	value: 'extract',
	name: 'Extract',
	action: 'Extract structured data from a document',
	description:
		'Send a document (PDF, DOCX, TXT or image) from a binary field, get the fields of a schema back with confidences. Consumes A2V2 AI credits.',
	execute: executeExtract,
	fields: [
		{
			displayName: 'Documents',
			name: 'documents',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'One Binary Field',
					value: 'one',
					description: 'Extract from the file in one binary field',
				},
				{
					name: 'Every Binary Field',
					value: 'all',
					description:
						'Extract from every file of the item (e.g. e-mail attachments), one output item per file',
				},
			],
			default: 'one',
		},
		{ ...binaryPropertyField, displayOptions: { show: { documents: ['one'] } } },
		{
			displayName: 'File Name Filter',
			name: 'fileNameFilter',
			type: 'string',
			default: '',
			placeholder: 'e.g. *.pdf, invoice-*',
			description:
				'Only files whose name matches one of these comma-separated patterns (* is any text); empty for all',
			displayOptions: { show: { documents: ['all'] } },
		},
		{
			displayName: 'MIME Type Filter',
			name: 'mimeTypeFilter',
			type: 'string',
			default: '',
			placeholder: 'e.g. application/pdf, image/*',
			description: 'Only files of one of these comma-separated types; empty for all',
			displayOptions: { show: { documents: ['all'] } },
		},
		{
			displayName: 'If No File Matches',
			name: 'noDocument',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Skip the Item',
					value: 'skip',
					description:
						'The item gives no output (an e-mail without an invoice attached, for example)',
				},
				{
					name: 'Stop With an Error',
					value: 'error',
					description: 'The item fails, naming the files it has',
				},
			],
			default: 'error',
			description: 'What to do with an item that has no file matching the filters',
			displayOptions: { show: { documents: ['all'] } },
		},
		...schemaFields,
		{
			displayName: 'Options',
			name: 'extractOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Custom Instructions',
					name: 'customInstructions',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
					description: 'Extra natural-language guidance for the extraction',
				},
				{
					displayName: 'Keep Document Binary',
					name: 'keepBinary',
					type: 'boolean',
					default: true,
					description:
						'Whether each output item carries the document it was extracted from (to upload it next, for example)',
				},
				{
					displayName: 'Put Result in Field',
					name: 'resultField',
					type: 'string',
					default: '',
					placeholder: 'e.g. extracted',
					description:
						'The output field for the extracted fields; empty puts them at the top level',
				},
				{
					displayName: 'Save Document in A2V2 Storage',
					name: 'saveToS3',
					type: 'boolean',
					default: false,
					description: 'Whether A2V2 keeps the document in its storage',
				},
			],
		},
	],
});

/** `*.pdf, invoice-*` → one case-insensitive pattern; empty matches everything. */
function matcher(patterns: string): (value: string) => boolean {
	const list = patterns
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean);
	if (!list.length) return () => true;
	const regexes = list.map(
		(p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i'),
	);
	return (value) => regexes.some((re) => re.test(value));
}

/** The binary properties to extract from, in the item's order. */
function documentsOf(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): string[] {
	const node = this.getNode();
	if (this.getNodeParameter('documents', itemIndex, 'one') === 'one') {
		const name = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
		binaryOf(node, itemIndex, item, name);
		return [name];
	}
	const byName = matcher(String(this.getNodeParameter('fileNameFilter', itemIndex, '')));
	const byType = matcher(String(this.getNodeParameter('mimeTypeFilter', itemIndex, '')));
	const all = Object.entries(item.binary ?? {});
	const chosen = all
		.filter(([, data]) => byName(data.fileName ?? '') && byType(data.mimeType ?? ''))
		.map(([name]) => name);
	if (!chosen.length) {
		if (this.getNodeParameter('noDocument', itemIndex, 'error') === 'skip') return [];
		throw inputError(
			node,
			itemIndex,
			'Documents',
			all.length ? 'no binary property matches the filters' : 'the item has no binary data',
			all.length
				? `The item's files: ${all.map(([name, d]) => `${name} (${d.fileName ?? 'no name'}, ${d.mimeType})`).join(', ')}`
				: undefined,
		);
	}
	return chosen;
}

async function extractOne(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const item = this.getInputData()[itemIndex];
	const get = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
	// Everything is checked before the first request.
	const schema = JSON.stringify(extractionSchema(node, itemIndex, get));
	const names = documentsOf.call(this, itemIndex, item);
	if (!names.length) return [];
	const options = get('extractOptions', {}) as IDataObject;
	const instructions = String(options.customInstructions ?? '').trim();
	const resultField = String(options.resultField ?? '').trim();
	const settings = requestSettings.call(this, itemIndex);

	return await Promise.all(
		names.map(async (name) => {
			const document = await filePart(node, itemIndex, item, name, 'document', {
				buffer: async (n) => await this.helpers.getBinaryDataBuffer(itemIndex, n),
				stream: async (id) => await this.helpers.getBinaryStream(id, STREAM_CHUNK_BYTES),
				metadata: async (id) => await this.helpers.getBinaryMetadata(id),
			});
			// The document is read when the request is about to go (see A2V2Request.body).
			const form = multipartBody([
				document,
				{ name: 'schema', text: schema },
				...(instructions ? [{ name: 'customInstructions', text: instructions }] : []),
				{ name: 'saveToS3', text: options.saveToS3 === true ? 'true' : 'false' },
			]);
			const response = await a2v2Request.call(this, {
				method: 'POST',
				path: '/document-extraction/extract',
				body: form,
				itemIndex,
				settings,
			});
			const body = response.body as { data?: IDataObject; metadata?: IDataObject };
			const fields = body.data ?? {};
			const metadata = { ...(body.metadata ?? {}), binaryPropertyName: name };
			const json: IDataObject = resultField
				? { [resultField]: fields, metadata }
				: { ...fields, metadata };
			const output: INodeExecutionData = { json };
			if (options.keepBinary !== false)
				output.binary = { [name]: item.binary?.[name] as IBinaryData };
			return output;
		}),
	);
}

async function executeExtract(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem.call(this, async (itemIndex) => await extractOne.call(this, itemIndex));
}
