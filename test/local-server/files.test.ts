/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n; this rule
   guards the code that runs inside n8n (n8n Cloud's sandbox). */
/**
 * The local A2V2 server against the contract (shared/a2v2-open-api.md): contact files (uploads,
 * signed URLs), forms, document extraction, fault injection.
 */
import type { Json } from '../json';

import { DEMO_AGENT_ID, FORM_TEMPLATES } from '../../local-server/server';
import { makePdf } from '../../local-server/documents';
import { useLocalServer } from './client';

const local = useLocalServer();
const { call } = local;
const A = DEMO_AGENT_ID;
const INTAKE = FORM_TEMPLATES[0]._id;
const FEEDBACK = FORM_TEMPLATES[1]._id;
const intake = {
	fullName: 'Ada Lovelace',
	email: 'ada@example.com',
	visitDate: '2026-01-05',
	reason: 'checkup',
};

describe('contact files', () => {
	const contactId = () =>
		local.server.contacts().find((c) => c.externalReferenceId === 'DEMO-002')!._id;
	const upload = (bytes: Buffer, name: string, type: string) => {
		const form = new FormData();
		form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
		return call('POST', `/files/chatbots/${A}/${contactId()}`, { form });
	};

	it('uploads, lists, gets, signs, downloads the same bytes, deletes', async () => {
		const pdf = makePdf(['Hello']);
		const up = await upload(pdf, 'hello.pdf', 'application/pdf');
		expect(up.status).toBe(201);
		expect(up.body.data).toMatchObject({
			fileName: 'hello.pdf',
			mimeType: 'application/pdf',
			fileSize: pdf.length,
		});
		const id = up.body.data._id;
		const list = await call(
			'GET',
			`/files/chatbots/${A}/${contactId()}?sortBy=fileName&sortOrder=asc`,
		);
		expect(list.body.data.map((f: Json) => f._id)).toEqual([id]);
		expect(list.body.pagination.totalItems).toBe(1);
		expect(
			(await call('GET', `/files/chatbots/${A}/${contactId()}/files/${id}`)).body.data.fileSize,
		).toBe(pdf.length);
		const signed = await call('GET', `/files/chatbots/${A}/${contactId()}/files/${id}/signed-url`);
		expect(Date.parse(signed.body.data.expiresAt)).toBeGreaterThan(Date.now());
		const download = await fetch(signed.body.data.url);
		expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
		expect(download.headers.get('content-type')).toBe('application/pdf');
		const del = await call('DELETE', `/files/chatbots/${A}/${contactId()}/files/${id}`, {
			json: { reason: 'test' },
		});
		expect(del.body.data).toMatchObject({ deleted: true, reason: 'test' });
		expect((await call('GET', `/files/chatbots/${A}/${contactId()}/files/${id}`)).status).toBe(404);
	});

	it('refuses a file over the limit (413), a type not allowed (415) and a missing part (400)', async () => {
		local.server.reset({ maxUploadBytes: 1024 });
		expect((await upload(Buffer.alloc(2048, 1), 'big.pdf', 'application/pdf')).status).toBe(413);
		expect((await upload(Buffer.from('MZ'), 'tool.exe', 'application/x-msdownload')).status).toBe(
			415,
		);
		const form = new FormData();
		form.append('other', 'x');
		expect((await call('POST', `/files/chatbots/${A}/${contactId()}`, { form })).status).toBe(400);
		local.server.reset({ maxUploadBytes: 25 * 1024 * 1024 });
	});

	it('lets signed URLs expire', async () => {
		local.server.reset({ signedUrlTtlMs: 50 });
		const up = await upload(Buffer.from('plain text'), 'a.txt', 'text/plain');
		const signed = await call(
			'GET',
			`/files/chatbots/${A}/${contactId()}/files/${up.body.data._id}/signed-url`,
		);
		await new Promise((r) => setTimeout(r, 80));
		expect((await fetch(signed.body.data.url)).status).toBe(403);
		local.server.reset({ signedUrlTtlMs: 15 * 60_000 });
	});
});

describe('forms', () => {
	it('lists templates, serves schemas and the legacy structure', async () => {
		const templates = await call('GET', `/forms/templates/chatbots/${A}`);
		expect(templates.body.data.map((t: Json) => t.name)).toEqual([
			'Patient Intake',
			'Customer Feedback',
			'Old Survey',
		]);
		const schema = await call('GET', `/forms/templates/${INTAKE}/schema/chatbots/${A}`);
		expect(schema.body.data.fields.find((f: Json) => f.key === 'reason').options.length).toBe(4);
		const structure = await call('GET', `/forms/templates/${INTAKE}/structure/chatbots/${A}`);
		expect(structure.body.data.structure.reason).toBe('checkup');
		expect((await call('GET', `/forms/templates/nope/schema/chatbots/${A}`)).status).toBe(404);
	});

	it('submits, supersedes the earlier submission, lists, updates, gives the latest', async () => {
		const first = await call('POST', `/forms/submit/${INTAKE}/contacts/DEMO-003`, {
			json: { formData: intake, submissionNotes: 'first' },
		});
		expect(first.status).toBe(201);
		const second = await call('POST', `/forms/submit/${INTAKE}/contacts/DEMO-003`, {
			json: { formData: { ...intake, age: 36 }, clientId: 'c-1' },
		});
		const visible = await call('GET', `/forms/contacts/DEMO-003/chatbots/${A}`);
		expect(visible.body.data.map((s: Json) => s._id)).toEqual([second.body.data._id]);
		const all = await call('GET', `/forms/contacts/DEMO-003/chatbots/${A}?includeSuperseded=true`);
		expect(all.body.data).toHaveLength(2);
		expect(all.body.data.find((s: Json) => s._id === first.body.data._id).supersededBy).toBe(
			second.body.data._id,
		);
		const reviewed = await call('PUT', `/forms/submissions/${second.body.data._id}/chatbots/${A}`, {
			json: { status: 'under_review', reviewNotes: 'looking' },
		});
		expect(reviewed.body.data).toMatchObject({
			status: 'under_review',
			reviewNotes: 'looking',
			clientId: 'c-1',
		});
		expect(
			(
				await call('PUT', `/forms/submissions/${second.body.data._id}/chatbots/${A}`, {
					json: { status: 'done' },
				})
			).status,
		).toBe(400);
		const latest = await call(
			'GET',
			`/forms/contacts/DEMO-003/templates/${INTAKE}/latest/chatbots/${A}`,
		);
		expect(latest.body.data._id).toBe(second.body.data._id);
		expect(
			(await call('GET', `/forms/submissions/${first.body.data._id}/chatbots/${A}`)).body.data
				.submissionNotes,
		).toBe('first');
		expect(
			(await call('GET', `/forms/contacts/DEMO-003/templates/${FEEDBACK}/latest/chatbots/${A}`))
				.status,
		).toBe(404);
	});

	it('validates form data against the template', async () => {
		const r = await call('POST', `/forms/submit/${INTAKE}/contacts/DEMO-003`, {
			json: { formData: { fullName: 'x', reason: 'boredom' } },
		});
		expect(r.status).toBe(400);
		expect(r.body.errors.map((e: Json) => e.field)).toEqual(
			expect.arrayContaining(['formData.email', 'formData.visitDate', 'formData.reason']),
		);
	});

	it('submits a batch of 1-10 with a result per submission', async () => {
		const r = await call('POST', `/forms/batch/contacts/DEMO-004/chatbots/${A}`, {
			json: {
				submissions: [
					{ templateId: INTAKE, formData: intake },
					{ templateId: FEEDBACK, formData: { rating: 'five' } },
				],
			},
		});
		expect(r.status).toBe(200);
		expect(r.body.data.results.map((x: Json) => x.success)).toEqual([true, false]);
		expect(r.body.data.results[1].error.errors[0].field).toBe('formData.rating');
		const tooMany = Array.from({ length: 11 }, () => ({
			templateId: FEEDBACK,
			formData: { rating: 5 },
		}));
		expect(
			(
				await call('POST', `/forms/batch/contacts/DEMO-004/chatbots/${A}`, {
					json: { submissions: tooMany },
				})
			).status,
		).toBe(400);
	});
});

describe('document extraction', () => {
	const extract = (bytes: Buffer, name: string, type: string, schema: string) => {
		const form = new FormData();
		form.append('document', new Blob([new Uint8Array(bytes)], { type }), name);
		form.append('schema', schema);
		form.append('saveToS3', 'false');
		return call('POST', '/document-extraction/extract', { form });
	};
	const schema = JSON.stringify({
		invoiceNumber: { type: 'string', required: true },
		totalAmount: { type: 'number' },
		paid: { type: 'boolean' },
	});

	it('serves schema examples', async () => {
		const r = await call('GET', '/document-extraction/schema-examples');
		expect(r.body.data.map((e: Json) => e.name)).toEqual(['invoice', 'medical', 'resume']);
	});

	it('extracts label: value lines from text and PDF documents', async () => {
		const text = await extract(
			Buffer.from('Invoice Number: INV-9\nTotal Amount: 1,200.50\nPaid: yes\n'),
			'inv.txt',
			'text/plain',
			schema,
		);
		expect(text.body.data).toEqual({ invoiceNumber: 'INV-9', totalAmount: 1200.5, paid: true });
		expect(text.body.metadata.validation.isValid).toBe(true);
		const pdf = await extract(
			makePdf(['Invoice Number: INV-10', 'Total Amount: 99']),
			'inv.pdf',
			'application/pdf',
			schema,
		);
		expect(pdf.body.data).toEqual({ invoiceNumber: 'INV-10', totalAmount: 99, paid: null });
		expect(pdf.body.metadata.fieldConfidences.paid).toBe(0);
		expect(pdf.body.metadata.document).toMatchObject({
			fileName: 'inv.pdf',
			mimeType: 'application/pdf',
		});
	});

	it('refuses a schema that is not an object, has no field or has an unknown type', async () => {
		const doc = Buffer.from('x: y');
		expect((await extract(doc, 'a.txt', 'text/plain', '[1]')).status).toBe(400);
		expect((await extract(doc, 'a.txt', 'text/plain', '{}')).status).toBe(400);
		const unknown = await extract(doc, 'a.txt', 'text/plain', '{"a":{"type":"money"}}');
		expect(unknown.status).toBe(400);
		expect(unknown.body.errors[0].field).toBe('schema.a');
	});
});

describe('fault injection', () => {
	it('injects statuses, success: false, delays and dropped connections, a chosen number of times', async () => {
		local.server.addFault({ method: 'GET', path: '/contacts/schema', status: 503, times: 2 });
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(503);
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(503);
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(200);
		local.server.addFault({ path: '/contacts/schema', successFalse: true });
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).body.success).toBe(false);
		local.server.addFault({ path: '/contacts/schema', delayMs: 150 });
		const started = Date.now();
		await call('GET', `/contacts/schema/chatbots/${A}`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		local.server.addFault({ path: '/contacts/schema', drop: true });
		await expect(call('GET', `/contacts/schema/chatbots/${A}`)).rejects.toThrow();
	});

	it('can drop the answer after the request was processed', async () => {
		local.server.addFault({
			method: 'POST',
			path: '/contacts/chatbots',
			drop: true,
			when: 'after',
		});
		await expect(
			call('POST', `/contacts/chatbots/${A}`, { json: { primaryEmail: 'lost@example.com' } }),
		).rejects.toThrow();
		expect(
			local.server.contacts().filter((c) => c.primaryEmail === 'lost@example.com'),
		).toHaveLength(1);
	});

	it('is driven over HTTP as well (/__control)', async () => {
		await fetch(`${local.server.url}/__control/faults`, {
			method: 'POST',
			body: JSON.stringify({ path: '/contacts/schema', status: 500 }),
		});
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(500);
		const state = await (await fetch(`${local.server.url}/__control/state`)).json();
		expect(state.contacts).toHaveLength(24);
	});
});
