/** Document Extraction: the exact multipart body, outputs, attachments, schema checks. */
import nock from 'nock';
import type { IDataObject, IPairedItemData } from 'n8n-workflow';

import { loadOptions } from '../harness/editor';
import { runNode } from '../harness/engine';
import { API, captureMultipart, credentials, setupNock, type CapturedMultipart } from './helpers';

setupNock();

const TEXT = Buffer.from('Invoice Number: INV-1\nTotal Amount: 12.50\n');
const doc = (name: string, type: string, bytes = TEXT) => ({
	data: bytes.toString('base64'),
	mimeType: type,
	fileName: name,
});
const answer = (data: object) => ({
	success: true,
	data,
	metadata: {
		confidence: 0.9,
		fieldConfidences: { invoiceNumber: 0.9 },
		validation: { isValid: true },
		processingTime: 12,
		document: { fileName: 'inv.txt' },
	},
});
const uiSchema = {
	field: [
		{ name: 'invoiceNumber', type: 'string', description: 'The invoice number', required: true },
		{ name: 'totalAmount', type: 'number', description: '', required: false },
	],
};
const extract = (extra: object = {}) => ({
	resource: 'documentExtraction',
	operation: 'extract',
	schemaFields: uiSchema,
	...extra,
});

it('sends document, schema (JSON), customInstructions and saveToS3 as multipart parts', async () => {
	const store: { request?: Promise<CapturedMultipart> } = {};
	nock(API)
		.post('/document-extraction/extract')
		.reply(captureMultipart(store, 200, answer({ invoiceNumber: 'INV-1', totalAmount: 12.5 })));
	const { items, error } = await runNode({
		parameters: extract({
			extractOptions: { customInstructions: 'Amounts are in EUR', saveToS3: true },
		}),
		credentials,
		items: [{ json: {}, binary: { data: doc('inv.txt', 'text/plain') } }],
	});
	expect(error).toBeUndefined();
	const sent = await store.request!;
	expect(sent.contentType).toMatch(/^multipart\/form-data; boundary=\S+$/);
	expect(sent.raw).not.toContain('application/json');
	expect([...sent.parts.keys()]).toEqual(['document', 'schema', 'customInstructions', 'saveToS3']);
	expect(sent.parts.get('document')).toMatchObject({ fileName: 'inv.txt', type: 'text/plain' });
	expect(sent.parts.get('document')!.bytes!.equals(TEXT)).toBe(true);
	expect(JSON.parse(sent.parts.get('schema')!.value)).toEqual({
		invoiceNumber: { type: 'string', required: true, description: 'The invoice number' },
		totalAmount: { type: 'number', required: false },
	});
	expect(sent.parts.get('customInstructions')!.value).toBe('Amounts are in EUR');
	expect(sent.parts.get('saveToS3')!.value).toBe('true');
	expect(items).toHaveLength(1);
	expect(items[0].json).toEqual({
		invoiceNumber: 'INV-1',
		totalAmount: 12.5,
		metadata: { ...answer({}).metadata, binaryPropertyName: 'data' },
	});
	expect(items[0].binary?.data).toMatchObject({ fileName: 'inv.txt' });
	expect(items[0].pairedItem).toEqual({ item: 0 });
});

it('puts the fields under a key when asked, sends saveToS3=false by default, and can drop the binary', async () => {
	const store: { request?: Promise<CapturedMultipart> } = {};
	nock(API)
		.post('/document-extraction/extract')
		.reply(captureMultipart(store, 200, answer({ invoiceNumber: 'INV-1' })));
	const { items } = await runNode({
		parameters: extract({
			schemaMode: 'json',
			schemaJson: '{"invoiceNumber":{"type":"string"}}',
			extractOptions: { resultField: 'invoice', keepBinary: false },
		}),
		credentials,
		items: [{ json: {}, binary: { data: doc('inv.txt', 'text/plain') } }],
	});
	const sent = await store.request!;
	expect([...sent.parts.keys()]).toEqual(['document', 'schema', 'saveToS3']);
	expect(sent.parts.get('saveToS3')!.value).toBe('false');
	expect(items[0].json.invoice).toEqual({ invoiceNumber: 'INV-1' });
	expect(items[0].binary).toBeUndefined();
});

it('extracts every attachment that matches the filters, one item each, paired to its input item', async () => {
	const files: string[] = [];
	nock(API)
		.post('/document-extraction/extract')
		.times(4)
		.reply(async function (_uri, body) {
			const { parseMultipart, bodyBytes } = await import('./helpers');
			const parsed = await parseMultipart(
				String(this.req.headers['content-type']),
				bodyBytes(body),
			);
			files.push(parsed.parts.get('document')!.fileName!);
			return [200, answer({ invoiceNumber: parsed.parts.get('document')!.fileName })];
		});
	const email = (n: number) => ({
		json: { subject: `mail ${n}` },
		binary: {
			attachment_0: doc(`invoice-${n}a.pdf`, 'application/pdf'),
			attachment_1: doc(`logo-${n}.png`, 'image/png'),
			attachment_2: doc(`invoice-${n}b.PDF`, 'application/pdf'),
		},
	});
	const { items, error } = await runNode({
		parameters: extract({
			documents: 'all',
			fileNameFilter: 'invoice-*',
			mimeTypeFilter: 'application/pdf',
		}),
		credentials,
		items: [email(1), email(2)],
	});
	expect(error).toBeUndefined();
	expect(files.sort()).toEqual([
		'invoice-1a.pdf',
		'invoice-1b.PDF',
		'invoice-2a.pdf',
		'invoice-2b.PDF',
	]);
	expect(
		items.map((i) => [
			i.json.invoiceNumber,
			(i.json.metadata as IDataObject).binaryPropertyName,
			(i.pairedItem as IPairedItemData).item,
		]),
	).toEqual([
		['invoice-1a.pdf', 'attachment_0', 0],
		['invoice-1b.PDF', 'attachment_2', 0],
		['invoice-2a.pdf', 'attachment_0', 1],
		['invoice-2b.PDF', 'attachment_2', 1],
	]);
	expect(Object.keys(items[1].binary!)).toEqual(['attachment_2']);
});

it('skips an item without a matching file when asked (an e-mail with no invoice attached)', async () => {
	const scope = nock(API)
		.post('/document-extraction/extract')
		.reply(200, answer({ invoiceNumber: 'INV-1' }));
	const { items, error } = await runNode({
		parameters: extract({
			documents: 'all',
			mimeTypeFilter: 'application/pdf',
			noDocument: 'skip',
		}),
		credentials,
		items: [
			{ json: { subject: 'no attachment' } },
			{ json: { subject: 'a note only' }, binary: { attachment_0: doc('note.txt', 'text/plain') } },
			{
				json: { subject: 'an invoice' },
				binary: { attachment_0: doc('inv.pdf', 'application/pdf') },
			},
		],
	});
	expect(error).toBeUndefined();
	expect(items.map((i) => [i.json.invoiceNumber, (i.pairedItem as IPairedItemData).item])).toEqual([
		['INV-1', 2],
	]);
	scope.done();
});

it('uses an example schema loaded live from the API', async () => {
	nock(API)
		.get('/document-extraction/schema-examples')
		.reply(200, {
			success: true,
			data: [
				{ name: 'invoice', description: 'Invoices', schema: { invoiceNumber: { type: 'string' } } },
			],
		});
	const options = await loadOptions('getSchemaExamples', {
		parameters: { resource: 'documentExtraction', operation: 'extract' },
		credentials,
	});
	expect(options).toEqual([
		{ name: 'invoice', value: '{"invoiceNumber":{"type":"string"}}', description: 'Invoices' },
	]);
	const store: { request?: Promise<CapturedMultipart> } = {};
	nock(API)
		.post('/document-extraction/extract')
		.reply(captureMultipart(store, 200, answer({ invoiceNumber: 'X' })));
	await runNode({
		parameters: extract({ schemaMode: 'example', schemaExample: options[0].value }),
		credentials,
		items: [{ json: {}, binary: { data: doc('inv.txt', 'text/plain') } }],
	});
	expect(JSON.parse((await store.request!).parts.get('schema')!.value)).toEqual({
		invoiceNumber: { type: 'string' },
	});
});

it('lists the schema examples, one item each', async () => {
	const examples = [
		{ name: 'invoice', description: 'Invoices', schema: {} },
		{ name: 'resume', description: 'CVs', schema: {} },
	];
	nock(API)
		.get('/document-extraction/schema-examples')
		.reply(200, { success: true, data: examples });
	const { items } = await runNode({
		parameters: { resource: 'documentExtraction', operation: 'getSchemaExamples' },
		credentials,
	});
	expect(items.map((i) => i.json)).toEqual(examples);
});

it('never repeats an extraction after a server error (it consumes credits)', async () => {
	nock(API)
		.post('/document-extraction/extract')
		.reply(500, { success: false, message: 'model failed' });
	const { error } = await runNode({
		parameters: extract(),
		credentials,
		items: [{ json: {}, binary: { data: doc('inv.txt', 'text/plain') } }],
	});
	expect(error?.message).toBe('A2V2 server error (500): model failed [item 0]');
});

describe('bad input is refused before any request', () => {
	const withDoc = [{ json: {}, binary: { data: doc('inv.txt', 'text/plain') } }];
	it.each([
		[
			'a JSON schema that is not an object',
			extract({ schemaMode: 'json', schemaJson: '["a"]' }),
			withDoc,
			'Schema (JSON): must be a JSON object, like {"key": "value"} [item 0]',
		],
		[
			'a field with an unknown type',
			extract({ schemaMode: 'json', schemaJson: '{"total":{"type":"money"}}' }),
			withDoc,
			'Schema (JSON) "total": unknown type "money"; use one of string, number, date, boolean, email, array, object [item 0]',
		],
		[
			'a schema with no fields',
			extract({ schemaMode: 'json', schemaJson: '{}' }),
			withDoc,
			'Schema (JSON): the schema has no fields [item 0]',
		],
		[
			'no fields defined',
			extract({ schemaFields: {} }),
			withDoc,
			'Fields to Extract: the schema has no fields [item 0]',
		],
		[
			'a field without a name',
			extract({ schemaFields: { field: [{ name: ' ', type: 'string' }] } }),
			withDoc,
			'Fields to Extract: field 1 has no name [item 0]',
		],
		[
			'a missing binary property',
			extract({ binaryPropertyName: 'attachment_0' }),
			withDoc,
			'Input Binary Field: the item has no binary property "attachment_0" [item 0]',
		],
		[
			'an empty file',
			extract(),
			[{ json: {}, binary: { data: doc('e.txt', 'text/plain', Buffer.alloc(0)) } }],
			'Input Binary Field: the file in "data" is empty [item 0]',
		],
		[
			'no attachment matching the filters',
			extract({ documents: 'all', mimeTypeFilter: 'image/*' }),
			withDoc,
			'Documents: no binary property matches the filters [item 0]',
		],
	])('%s', async (_label, parameters, items, message) => {
		const { error } = await runNode({ parameters, credentials, items });
		expect(error?.message).toBe(message);
	});
});
