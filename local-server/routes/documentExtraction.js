'use strict';
// The local server's document extraction: schema examples and a deterministic extract.
const { HttpError, badRequest } = require('../common');
const { documentText, extract } = require('../documents');
const seed = require('../seed');

const EXTRACTION_TYPES = ['string', 'number', 'date', 'boolean', 'email', 'array', 'object'];
const EXTRACTION_DOCUMENT_TYPES = [
	'application/pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'text/plain',
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
];

module.exports = function documentExtraction({ route, multipart }) {
	const { readMultipart, filePart } = multipart;

	route('GET', '/document-extraction/schema-examples', 'document-extraction', 'read', () => ({
		body: { success: true, message: 'Schema examples retrieved', data: seed.SCHEMA_EXAMPLES },
	}));
	route(
		'POST',
		'/document-extraction/extract',
		'document-extraction',
		'create',
		async ({ req }) => {
			const started = Date.now();
			const form = await readMultipart(req);
			const doc = await filePart(form, 'document');
			if (doc.bytes.length === 0)
				throw badRequest('The document is empty', [
					{ field: 'document', message: 'document is empty' },
				]);
			const byExt = {
				pdf: 'application/pdf',
				txt: 'text/plain',
				docx: EXTRACTION_DOCUMENT_TYPES[1],
				png: 'image/png',
				jpg: 'image/jpeg',
				jpeg: 'image/jpeg',
			};
			const mimeType =
				doc.mimeType === 'application/octet-stream'
					? (byExt[doc.fileName.split('.').pop().toLowerCase()] ?? doc.mimeType)
					: doc.mimeType;
			if (!EXTRACTION_DOCUMENT_TYPES.includes(mimeType))
				throw new HttpError(
					415,
					`Document type "${doc.mimeType}" is not supported: use PDF, DOCX, TXT or an image`,
				);
			const rawSchema = form.get('schema');
			let schema;
			try {
				schema = typeof rawSchema === 'string' ? JSON.parse(rawSchema) : undefined;
			} catch {
				schema = undefined;
			}
			if (!schema || typeof schema !== 'object' || Array.isArray(schema))
				throw badRequest('schema must be a JSON object', [
					{ field: 'schema', message: 'schema must be a JSON object' },
				]);
			const entries = Object.entries(schema);
			if (entries.length === 0)
				throw badRequest('schema has no fields', [
					{ field: 'schema', message: 'schema needs at least one field' },
				]);
			const errors = entries
				.filter(
					([, spec]) => !spec || typeof spec !== 'object' || !EXTRACTION_TYPES.includes(spec.type),
				)
				.map(([name, spec]) => ({
					field: `schema.${name}`,
					message: `unknown type "${spec?.type}"; use one of ${EXTRACTION_TYPES.join(', ')}`,
				}));
			if (errors.length) throw badRequest('Invalid schema', errors);
			const result = extract(documentText(doc.bytes, mimeType, doc.fileName), schema);
			const saveToS3 = String(form.get('saveToS3') ?? 'false') === 'true';
			return {
				body: {
					success: true,
					data: result.data,
					metadata: {
						confidence: result.confidence,
						fieldConfidences: result.fieldConfidences,
						validation: result.validation,
						processingTime: Date.now() - started,
						document: {
							fileName: doc.fileName,
							mimeType,
							size: doc.bytes.length,
							savedToS3: saveToS3,
							customInstructions: form.get('customInstructions') ?? null,
						},
					},
				},
			};
		},
	);
};
