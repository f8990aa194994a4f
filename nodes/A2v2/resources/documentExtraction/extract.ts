import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { binaryPropertyField } from '../../../fields/common';
import { defineOperation } from '../../../operations/define';
import type { Item } from '../../../operations/item';
import { inputError } from '../../../transport/errors';
import { binaryOf, filePart } from '../../../transport/files';
import { multipartBody } from '../../../transport/multipart';
import { reviewOf } from './review';
import { extractionSchema, schemaFields } from './schema';

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

/** The binary properties of an item to extract from, in the item's order. */
function documentsOf(item: Item): string[] {
	const { input } = item;
	if (item.param('documents', 'one') === 'one') {
		const name = String(item.param('binaryPropertyName', 'data')).trim();
		binaryOf(item.node, item.index, input, name);
		return [name];
	}
	const byName = matcher(String(item.param('fileNameFilter', '')));
	const byType = matcher(String(item.param('mimeTypeFilter', '')));
	const all = Object.entries(input.binary ?? {});
	const chosen = all
		.filter(([, data]) => byName(data.fileName ?? '') && byType(data.mimeType ?? ''))
		.map(([name]) => name);
	if (!chosen.length) {
		if (item.param('noDocument', 'error') === 'skip') return [];
		throw inputError(
			item.node,
			item.index,
			'Documents',
			all.length ? 'no binary property matches the filters' : 'the item has no binary data',
			all.length
				? `The item's files: ${all.map(([name, d]) => `${name} (${d.fileName ?? 'no name'}, ${d.mimeType})`).join(', ')}`
				: undefined,
		);
	}
	return chosen;
}

/** Extracts from each chosen document of an item: one output item per document. */
async function extractFrom(item: Item): Promise<INodeExecutionData[]> {
	// Everything is checked before the first request.
	const schemaObject = extractionSchema(item);
	const schema = JSON.stringify(schemaObject);
	const names = documentsOf(item);
	if (!names.length) return [];
	const options = item.param<IDataObject>('extractOptions', {});
	const instructions = String(options.customInstructions ?? '').trim();
	const resultField = String(options.resultField ?? '').trim();
	const minimum =
		options.minimumConfidence === undefined ? undefined : Number(options.minimumConfidence);
	if (minimum !== undefined && !(minimum >= 0 && minimum <= 1)) {
		throw inputError(
			item.node,
			item.index,
			'Minimum Confidence',
			`${String(options.minimumConfidence)} is not between 0 and 1`,
		);
	}
	const { input } = item;

	return await Promise.all(
		names.map(async (name) => {
			const document = await filePart(item.node, item.index, input, name, 'document', item.files);
			// The document is read when the request is about to go (see A2V2Request.body).
			const form = multipartBody([
				document,
				{ name: 'schema', text: schema },
				...(instructions ? [{ name: 'customInstructions', text: instructions }] : []),
				{ name: 'saveToS3', text: options.saveToS3 === true ? 'true' : 'false' },
			]);
			const response = await item.request({
				method: 'POST',
				path: '/document-extraction/extract',
				body: form,
			});
			const body = response.body as { data?: IDataObject; metadata?: IDataObject };
			const fields = body.data ?? {};
			const metadata = { ...(body.metadata ?? {}), binaryPropertyName: name };
			const json: IDataObject = resultField
				? { [resultField]: fields, metadata }
				: { ...fields, metadata };
			if (minimum !== undefined)
				Object.assign(json, reviewOf(fields, metadata, schemaObject, minimum));
			const output: INodeExecutionData = { json };
			if (options.keepBinary !== false)
				output.binary = { [name]: input.binary?.[name] as IBinaryData };
			return output;
		}),
	);
}

export const extract = defineOperation('documentExtraction', {
	value: 'extract',
	name: 'Extract',
	action: 'Extract structured data from a document',
	description:
		'Send a document (PDF, DOCX, TXT or image) from a binary field, get the fields of a schema back with confidences. Consumes A2V2 AI credits.',
	toolDescription:
		"Extract the fields of the configured schema from a document of the workflow's input (PDF, DOCX, TXT or image) with A2V2's AI. Returns the extracted fields and their confidences. Consumes A2V2 AI credits.",
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
					displayName: 'Minimum Confidence',
					name: 'minimumConfidence',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					default: 0.8,
					description:
						'Flags results a person should check: each gets "needsReview" (true when the overall confidence or a field\'s confidence is below this, or a required field is missing) and "lowConfidenceFields" (their names)',
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
	execute: extractFrom,
});
