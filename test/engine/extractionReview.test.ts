/**
 * Document Extraction's Minimum Confidence: each result says whether a person should check it
 * (`needsReview`) and which fields are below the minimum (`lowConfidenceFields`); without the
 * option, results are as before.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import { API, credentials, setupNock } from './helpers';

setupNock();

const schema = {
	field: [
		{ name: 'invoiceNumber', type: 'string', required: true },
		{ name: 'vendorEmail', type: 'email', required: true },
		{ name: 'totalAmount', type: 'number', required: false },
	],
};
const file = {
	data: Buffer.from('Invoice').toString('base64'),
	mimeType: 'text/plain',
	fileName: 'a.txt',
};

async function review(data: IDataObject, fieldConfidences: IDataObject, options: IDataObject) {
	const values = Object.values(fieldConfidences).map(Number);
	nock(API)
		.post('/document-extraction/extract')
		.reply(200, {
			success: true,
			data,
			metadata: {
				confidence: values.reduce((a, b) => a + b, 0) / values.length,
				fieldConfidences,
				validation: { isValid: true, missingRequired: [], errors: [] },
			},
		});
	const { items, error } = await runNode({
		parameters: {
			resource: 'documentExtraction',
			operation: 'extract',
			schemaFields: schema,
			extractOptions: options,
		},
		credentials,
		items: [{ json: {}, binary: { data: file } }],
	});
	expect(error).toBeUndefined();
	return items[0].json;
}

const all = { invoiceNumber: 'INV-1', vendorEmail: 'a@b.example', totalAmount: 12 };

it('every field at or over the minimum: no review', async () => {
	const json = await review(
		all,
		{ invoiceNumber: 0.95, vendorEmail: 0.9, totalAmount: 0.8 },
		{ minimumConfidence: 0.8 },
	);
	expect(json).toMatchObject({ needsReview: false, lowConfidenceFields: [] });
});

it('a field under the minimum: review, naming it', async () => {
	const json = await review(
		all,
		{ invoiceNumber: 0.95, vendorEmail: 0.95, totalAmount: 0.4 },
		{ minimumConfidence: 0.8 },
	);
	expect(json).toMatchObject({ needsReview: true, lowConfidenceFields: ['totalAmount'] });
});

it('a required field missing: review, naming it, even at a minimum of 0', async () => {
	const json = await review(
		{ ...all, invoiceNumber: null },
		{ invoiceNumber: 0, vendorEmail: 0.95, totalAmount: 0.95 },
		{ minimumConfidence: 0 },
	);
	expect(json).toMatchObject({ needsReview: true, lowConfidenceFields: ['invoiceNumber'] });
});

it('the overall confidence under the minimum: review', async () => {
	nock(API)
		.post('/document-extraction/extract')
		.reply(200, {
			success: true,
			data: all,
			metadata: {
				confidence: 0.5,
				fieldConfidences: { invoiceNumber: 0.9, vendorEmail: 0.9, totalAmount: 0.9 },
			},
		});
	const { items } = await runNode({
		parameters: {
			resource: 'documentExtraction',
			operation: 'extract',
			schemaFields: schema,
			extractOptions: { minimumConfidence: 0.8 },
		},
		credentials,
		items: [{ json: {}, binary: { data: file } }],
	});
	expect(items[0].json).toMatchObject({ needsReview: true, lowConfidenceFields: [] });
});

it('without the option, results carry no review fields', async () => {
	const json = await review(all, { invoiceNumber: 0.1, vendorEmail: 0.1, totalAmount: 0.1 }, {});
	expect(json).not.toHaveProperty('needsReview');
	expect(json).not.toHaveProperty('lowConfidenceFields');
});
