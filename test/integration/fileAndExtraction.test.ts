/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/** Files and document extraction against the local A2V2 server. */
import { createHash } from 'node:crypto';
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import { type Parameters } from '../harness/nodeTypes';
import { useLocalServer } from './local';

import { makePdf } from '../../local-server/documents';

const local = useLocalServer();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.concat([
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	Buffer.alloc(2048, 7),
]);
const PDF: Buffer = makePdf([
	'Invoice Number: INV-2026-7',
	'Vendor Name: Acme Ltd',
	'Total Amount: 1,234.00',
	'Invoice Date: 2026-03-04',
]);
const binary = (name: string, type: string, bytes: Buffer) => ({
	data: bytes.toString('base64'),
	mimeType: type,
	fileName: name,
});

const run = (parameters: Parameters, items?: INodeExecutionData[]) =>
	runNode({ parameters, credentials: local.credentials(), items });

it('uploads a PDF and a PNG, lists, gets, downloads the same bytes, deletes', async () => {
	const contact = { __rl: true, mode: 'externalReferenceId', value: 'DEMO-010' };
	const uploaded = await run(
		{ resource: 'file', operation: 'upload', contact, binaryPropertyName: 'data' },
		[
			{ json: {}, binary: { data: binary('invoice.pdf', 'application/pdf', PDF) } },
			{ json: {}, binary: { data: binary('scan.png', 'image/png', PNG) } },
		],
	);
	expect(uploaded.error).toBeUndefined();
	expect(uploaded.items.map((i) => [i.json.fileName, i.json.mimeType, i.json.fileSize])).toEqual([
		['invoice.pdf', 'application/pdf', PDF.length],
		['scan.png', 'image/png', PNG.length],
	]);

	const list = await run({
		resource: 'file',
		operation: 'getAll',
		contact,
		returnAll: true,
		sort: { sortBy: 'fileName', sortOrder: 'asc' },
	});
	expect(list.items.map((i) => i.json.fileName)).toEqual(['invoice.pdf', 'scan.png']);

	for (const [index, bytes] of [PDF, PNG].entries()) {
		const fileId = uploaded.items[index].json.id as string;
		const meta = await run({ resource: 'file', operation: 'get', contact, fileId });
		expect(meta.items[0].json.fileSize).toBe(bytes.length);
		const downloaded = await run({
			resource: 'file',
			operation: 'download',
			contact,
			fileId,
			binaryPropertyName: 'file',
		});
		expect(downloaded.error).toBeUndefined();
		const data = downloaded.items[0].binary!.file;
		expect(sha(Buffer.from(data.data, 'base64'))).toBe(sha(bytes));
		expect(data.fileName).toBe(index === 0 ? 'invoice.pdf' : 'scan.png');
		expect(data.mimeType).toBe(index === 0 ? 'application/pdf' : 'image/png');
	}

	const removed = await run({
		resource: 'file',
		operation: 'delete',
		contact,
		fileId: uploaded.items[0].json.id,
		deleteOptions: { reason: 'test' },
	});
	expect(removed.items[0].json).toEqual({ deleted: true });
	const after = await run({ resource: 'file', operation: 'getAll', contact, returnAll: true });
	expect(after.items.map((i) => i.json.fileName)).toEqual(['scan.png']);
});

it('refuses a file type the platform does not take, clearly', async () => {
	const { error } = await run(
		{
			resource: 'file',
			operation: 'upload',
			contact: { __rl: true, mode: 'externalReferenceId', value: 'DEMO-010' },
		},
		[
			{
				json: {},
				binary: { data: binary('tool.exe', 'application/x-msdownload', Buffer.from('MZ')) },
			},
		],
	);
	expect(error?.message).toBe(
		'File type not allowed: File type "application/x-msdownload" is not allowed [item 0]',
	);
});

it('reports an expired signed URL clearly', async () => {
	local.server().reset({ signedUrlTtlMs: 1 });
	const contact = { __rl: true, mode: 'externalReferenceId', value: 'DEMO-010' };
	const up = await run({ resource: 'file', operation: 'upload', contact }, [
		{ json: {}, binary: { data: binary('a.txt', 'text/plain', Buffer.from('abc')) } },
	]);
	const signed = await run({
		resource: 'file',
		operation: 'getDownloadUrl',
		contact,
		fileId: up.items[0].json.id,
	});
	await new Promise((r) => setTimeout(r, 20));
	const { error } = await run({
		resource: 'file',
		operation: 'download',
		downloadFrom: 'url',
		signedUrl: signed.items[0].json.url,
	});
	expect(error?.message).toBe('The signed download URL has expired [item 0]');
	local.server().reset({ signedUrlTtlMs: 15 * 60_000 });
});

describe('extraction', () => {
	const invoiceFields = {
		field: [
			{ name: 'invoiceNumber', type: 'string', description: 'Invoice number', required: true },
			{ name: 'vendorName', type: 'string', description: 'Vendor name', required: true },
			{ name: 'totalAmount', type: 'number', description: 'Total amount', required: false },
			{ name: 'invoiceDate', type: 'date', description: 'Invoice date', required: false },
		],
	};

	it.each([
		[
			'a text document',
			binary(
				'invoice.txt',
				'text/plain',
				Buffer.from(
					'Invoice Number: INV-2026-7\nVendor Name: Acme Ltd\nTotal Amount: 1,234.00\nInvoice Date: 2026-03-04\n',
				),
			),
		],
		['a PDF', binary('invoice.pdf', 'application/pdf', PDF)],
	])('extracts from %s with a schema built in the UI', async (_label, document) => {
		const { items, error } = await run(
			{ resource: 'documentExtraction', operation: 'extract', schemaFields: invoiceFields },
			[{ json: {}, binary: { data: document } }],
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			invoiceNumber: 'INV-2026-7',
			vendorName: 'Acme Ltd',
			totalAmount: 1234,
			invoiceDate: '2026-03-04',
		});
		expect(items[0].json.metadata).toMatchObject({
			confidence: 0.95,
			validation: { isValid: true },
		});
	});

	it('extracts with an example schema of the API', async () => {
		const examples = await run({ resource: 'documentExtraction', operation: 'getSchemaExamples' });
		const invoice = examples.items.find((i) => i.json.name === 'invoice')!.json;
		const { items } = await run(
			{
				resource: 'documentExtraction',
				operation: 'extract',
				schemaMode: 'example',
				schemaExample: JSON.stringify(invoice.schema),
				extractOptions: { resultField: 'invoice' },
			},
			[{ json: {}, binary: { data: binary('invoice.pdf', 'application/pdf', PDF) } }],
		);
		expect(items[0].json.invoice).toMatchObject({
			invoiceNumber: 'INV-2026-7',
			vendorName: 'Acme Ltd',
			totalAmount: 1234,
		});
	});

	it('gives three results for an item with three attachments', async () => {
		const mail = {
			json: { subject: 'Invoices' },
			binary: {
				attachment_0: binary(
					'a.pdf',
					'application/pdf',
					makePdf(['Invoice Number: A-1', 'Vendor Name: A']),
				),
				attachment_1: binary(
					'b.txt',
					'text/plain',
					Buffer.from('Invoice Number: B-2\nVendor Name: B\n'),
				),
				attachment_2: binary(
					'c.pdf',
					'application/pdf',
					makePdf(['Invoice Number: C-3', 'Vendor Name: C']),
				),
			},
		};
		const { items, error } = await run(
			{
				resource: 'documentExtraction',
				operation: 'extract',
				documents: 'all',
				schemaFields: invoiceFields,
			},
			[mail],
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.invoiceNumber)).toEqual(['A-1', 'B-2', 'C-3']);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('is refused clearly for a key without Document Extraction Access', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'documentExtraction',
				operation: 'extract',
				schemaFields: invoiceFields,
			},
			credentials: local.credentials('demo-contacts'),
			items: [{ json: {}, binary: { data: binary('a.txt', 'text/plain', Buffer.from('x: y')) } }],
		});
		expect(error?.message).toBe(
			'The A2V2 API key lacks Document Extraction Access: create [item 0]',
		);
	});
});
