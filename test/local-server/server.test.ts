/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The local A2V2 server against the contract (shared/a2v2-open-api.md): every endpoint, auth,
 * scopes, rate limits, pagination, the error envelope, uploads, signed URLs, faults.
 */
import type { Json } from '../json';
import type { LocalServer } from '../../local-server/server';

import { startA2V2Server, DEMO_AGENT_ID, OTHER_AGENT_ID, FORM_TEMPLATES } from '../../local-server/server';
import { makePdf } from '../../local-server/documents';

const FULL = { 'X-API-Key': 'demo-full-key', 'X-API-Secret': 'demo-full-secret' };
const A = DEMO_AGENT_ID;
const INTAKE = FORM_TEMPLATES[0]._id;
const FEEDBACK = FORM_TEMPLATES[1]._id;

let server: LocalServer;
let base: string;

beforeAll(async () => {
	server = await startA2V2Server({ quiet: true });
	base = `${server.url}/v1/open`;
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

async function call(
	method: string,
	path: string,
	options: { headers?: Record<string, string>; json?: unknown; form?: FormData } = {},
) {
	const headers: Record<string, string> = { ...FULL, ...(options.headers ?? {}) };
	let body: Json;
	if (options.json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(options.json);
	} else if (options.form) {
		body = options.form;
	}
	const response = await fetch(`${base}${path}`, { method, headers, body });
	const text = await response.text();
	let json: Json;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, headers: response.headers, body: json };
}

const intake = {
	fullName: 'Ada Lovelace',
	email: 'ada@example.com',
	visitDate: '2026-01-05',
	reason: 'checkup',
};

describe('health and authentication', () => {
	it('answers health without auth', async () => {
		const r = await fetch(`${base}/health`);
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({
			success: true,
			message: 'A2V2 Open API is healthy',
			version: '1.0.0',
		});
	});

	it('asks for both headers when one is missing', async () => {
		const r = await call('GET', `/contacts/chatbots/${A}`, { headers: { 'X-API-Secret': '' } });
		expect(r.status).toBe(401);
		expect(r.body).toEqual({
			success: false,
			message:
				'API key and secret are required. Please provide x-api-key and x-api-secret headers.',
		});
	});

	it('refuses a wrong secret with 401', async () => {
		const r = await call('GET', `/contacts/chatbots/${A}`, { headers: { 'X-API-Secret': 'nope' } });
		expect(r.status).toBe(401);
		expect(r.body.success).toBe(false);
	});

	it('refuses a key of another agent with 403', async () => {
		const r = await call('GET', `/contacts/chatbots/${A}`, {
			headers: { 'X-API-Key': 'demo-other-key', 'X-API-Secret': 'demo-other-secret' },
		});
		expect(r.status).toBe(403);
		expect(r.body.message).toContain(A);
		const own = await call('GET', `/contacts/chatbots/${OTHER_AGENT_ID}`, {
			headers: { 'X-API-Key': 'demo-other-key', 'X-API-Secret': 'demo-other-secret' },
		});
		expect(own.status).toBe(200);
		expect(own.body.data).toEqual([]);
	});

	it.each([
		['demo-readonly', 'GET', `/contacts/chatbots/${A}`, 200],
		['demo-readonly', 'POST', `/contacts/chatbots/${A}`, 403],
		['demo-extraction', 'GET', `/contacts/schema/chatbots/${A}`, 403],
		['demo-extraction', 'GET', '/document-extraction/schema-examples', 200],
		['demo-contacts', 'GET', '/document-extraction/schema-examples', 403],
		['demo-contacts', 'GET', `/forms/templates/chatbots/${A}`, 403],
		['demo-nothing', 'GET', `/contacts/chatbots/${A}`, 403],
	])('scopes: %s %s %s → %i', async (key, method, path, status) => {
		const r = await call(method, path, {
			headers: { 'X-API-Key': `${key}-key`, 'X-API-Secret': `${key}-secret` },
			json: method === 'POST' ? { primaryEmail: 'x@example.com' } : undefined,
		});
		expect(r.status).toBe(status);
		if (status === 403)
			expect(r.body.message).toMatch(/lacks (contacts|document-extraction|forms):(read|create)/);
	});
});

describe('rate limits', () => {
	it('answers 429 with Retry-After and X-RateLimit-* once the minute window is used up, per key', async () => {
		server.reset({ minuteWindowMs: 60_000 });
		server.addKey({
			key: 'k3',
			secret: 's3',
			scopes: { contacts: ['read'] },
			perMinute: 3,
			perHour: 100,
		});
		const headers = { 'X-API-Key': 'k3', 'X-API-Secret': 's3' };
		const remaining = [];
		for (let i = 0; i < 3; i++) {
			const r = await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
			expect(r.status).toBe(200);
			expect(r.headers.get('x-ratelimit-limit')).toBe('3');
			remaining.push(r.headers.get('x-ratelimit-remaining'));
		}
		expect(remaining).toEqual(['2', '1', '0']);
		const limited = await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({
			success: false,
			message: 'Rate limit exceeded. Please back off and retry later.',
		});
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		// Another key is not affected.
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(200);
	});

	it("opens a key's window with its first request; X-RateLimit-Reset and Retry-After round up to whole seconds", async () => {
		const WINDOW = 1500;
		server.reset({ minuteWindowMs: WINDOW });
		server.addKey({
			key: 'kf',
			secret: 'sf',
			scopes: { contacts: ['read'] },
			perMinute: 2,
			perHour: 100,
		});
		const headers = { 'X-API-Key': 'kf', 'X-API-Secret': 'sf' };
		// The window opens when the first request arrives: between these two instants.
		const sent = Date.now();
		const first = await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
		const answered = Date.now();
		const reset = Number(first.headers.get('x-ratelimit-reset')) * 1000;
		// The window ends WINDOW after its first request; the header rounds that up.
		expect(reset).toBeGreaterThanOrEqual(sent + WINDOW);
		expect(reset).toBeLessThan(answered + WINDOW + 1000);
		expect((await call('GET', `/contacts/schema/chatbots/${A}`, { headers })).status).toBe(200);
		const asked = Date.now();
		const limited = await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
		const told = Date.now();
		expect(limited.status).toBe(429);
		// The rest of the window, rounded up to whole seconds.
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(Math.ceil((sent + WINDOW - told) / 1000));
		expect(retryAfter).toBeLessThanOrEqual(Math.ceil((answered + WINDOW - asked) / 1000));
		await new Promise((r) => setTimeout(r, answered + WINDOW + 20 - Date.now()));
		const again = await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
		expect(again.status).toBe(200);
		expect(again.headers.get('x-ratelimit-remaining')).toBe('1');
	});

	it('opens a new window after it resets (windows aligned to the clock)', async () => {
		const WINDOW = 1000;
		server.reset({ minuteWindowMs: WINDOW, rateLimitWindows: 'clock' });
		server.addKey({
			key: 'k1',
			secret: 's1',
			scopes: { contacts: ['read'] },
			perMinute: 1,
			perHour: 100,
		});
		const headers = { 'X-API-Key': 'k1', 'X-API-Secret': 's1' };
		// Windows are aligned to the clock: start just after a boundary, so that the first two
		// requests share a window however slow the machine is.
		await new Promise((r) => setTimeout(r, WINDOW - (Date.now() % WINDOW) + 10));
		expect((await call('GET', `/contacts/schema/chatbots/${A}`, { headers })).status).toBe(200);
		expect((await call('GET', `/contacts/schema/chatbots/${A}`, { headers })).status).toBe(429);
		await new Promise((r) => setTimeout(r, WINDOW - (Date.now() % WINDOW) + 10));
		expect((await call('GET', `/contacts/schema/chatbots/${A}`, { headers })).status).toBe(200);
		server.reset({ minuteWindowMs: 60_000, rateLimitWindows: 'first-request' });
	});

	it('enforces the hourly limit too', async () => {
		server.addKey({
			key: 'kh',
			secret: 'sh',
			scopes: { contacts: ['read'] },
			perMinute: 100,
			perHour: 2,
		});
		const headers = { 'X-API-Key': 'kh', 'X-API-Secret': 'sh' };
		await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
		await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
		const r = await call('GET', `/contacts/schema/chatbots/${A}`, { headers });
		expect(r.status).toBe(429);
		expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(60);
	});
});

describe('contacts', () => {
	it('serves the schema with standard and custom fields of every type', async () => {
		const r = await call('GET', `/contacts/schema/chatbots/${A}`);
		const fields = r.body.data.fields;
		expect(new Set(fields.map((f: Json) => f.type))).toEqual(
			new Set([
				'string',
				'email',
				'phone',
				'number',
				'boolean',
				'date',
				'select',
				'multiselect',
				'array',
				'object',
			]),
		);
		expect(fields.find((f: Json) => f.key === 'primaryEmail')).toMatchObject({
			required: true,
			type: 'email',
		});
		expect(fields.filter((f: Json) => f.custom).length).toBeGreaterThan(3);
	});

	it('creates, gets by both identifiers, updates partially, archives', async () => {
		const created = await call('POST', `/contacts/chatbots/${A}`, {
			json: {
				primaryEmail: 'new@example.com',
				externalReferenceId: 'EXT/1',
				firstName: 'New',
				customFields: { membership_level: 'Gold', lifetime_value: 5 },
			},
		});
		expect(created.status).toBe(201);
		const c = created.body.data;
		expect(c._id).toMatch(/^[0-9a-f]{24}$/);
		expect(c).toMatchObject({ isArchived: false, archivedAt: null, status: 'active', tags: [] });
		expect((await call('GET', `/contacts/EXT%2F1/chatbots/${A}`)).body.data._id).toBe(c._id);
		expect(
			(await call('GET', `/contacts/mantisid/${c._id}/chatbots/${A}`)).body.data
				.externalReferenceId,
		).toBe('EXT/1');
		const updated = await call('PUT', `/contacts/mantisid/${c._id}/chatbots/${A}`, {
			json: { lastName: 'Person', customFields: { lifetime_value: 9 } },
		});
		expect(updated.body.data).toMatchObject({
			firstName: 'New',
			lastName: 'Person',
			customFields: { membership_level: 'Gold', lifetime_value: 9 },
		});
		const archived = await call('PATCH', `/contacts/EXT%2F1/chatbots/${A}/archive`);
		expect(archived.body.data.isArchived).toBe(true);
		const list = await call('GET', `/contacts/chatbots/${A}?search=new%40example.com`);
		expect(list.body.data).toEqual([]);
	});

	it('validates with field errors, and refuses a duplicate external reference ID with 409', async () => {
		const missing = await call('POST', `/contacts/chatbots/${A}`, {
			json: { firstName: 'x', status: 'sleepy', membership_level: 'Gold' },
		});
		expect(missing.status).toBe(400);
		expect(missing.body.errors.map((e: Json) => e.field)).toEqual(
			expect.arrayContaining(['primaryEmail', 'status', 'membership_level']),
		);
		const badCustom = await call('POST', `/contacts/chatbots/${A}`, {
			json: { primaryEmail: 'a@b.co', customFields: { lifetime_value: 'lots' } },
		});
		expect(badCustom.body.errors).toEqual([
			{ field: 'customFields.lifetime_value', message: 'lifetime_value must be a number' },
		]);
		const dup = await call('POST', `/contacts/chatbots/${A}`, {
			json: { primaryEmail: 'a@b.co', externalReferenceId: 'DEMO-001' },
		});
		expect(dup.status).toBe(409);
	});

	it('answers 404 for an unknown contact and 400 for a malformed A2V2 ID', async () => {
		expect((await call('GET', `/contacts/nobody/chatbots/${A}`)).status).toBe(404);
		expect((await call('GET', `/contacts/mantisid/${'0'.repeat(24)}/chatbots/${A}`)).status).toBe(
			404,
		);
		expect((await call('GET', `/contacts/mantisid/short/chatbots/${A}`)).status).toBe(400);
	});

	it('pages with the documented pagination object', async () => {
		const r = await call('GET', `/contacts/chatbots/${A}?page=2&limit=10`);
		expect(r.body.pagination).toEqual({
			currentPage: 2,
			totalPages: 3,
			totalItems: 24,
			itemsPerPage: 10,
			hasNextPage: true,
			hasPreviousPage: true,
		});
		expect(r.body.data).toHaveLength(10);
		expect((await call('GET', `/contacts/chatbots/${A}?limit=101`)).status).toBe(400);
		expect((await call('GET', `/contacts/chatbots/${A}?page=0`)).status).toBe(400);
	});

	it('filters by search, status and tag, and sorts', async () => {
		const vip = await call('GET', `/contacts/chatbots/${A}?tag=VIP&limit=100`);
		expect(vip.body.data.length).toBe(8);
		expect(vip.body.data.every((c: Json) => c.tags.includes('VIP'))).toBe(true);
		const blocked = await call('GET', `/contacts/chatbots/${A}?status=blocked&limit=100`);
		expect(blocked.body.data.every((c: Json) => c.status === 'blocked')).toBe(true);
		const search = await call('GET', `/contacts/chatbots/${A}?search=LOVELACE&limit=100`);
		expect(search.body.data.map((c: Json) => c.lastName)).toEqual(['Lovelace', 'Lovelace']);
		const sorted = await call(
			'GET',
			`/contacts/chatbots/${A}?sortBy=firstName&sortOrder=asc&limit=100`,
		);
		const names = sorted.body.data.map((c: Json) => c.firstName);
		expect(names).toEqual([...names].sort());
		expect((await call('GET', `/contacts/chatbots/${A}?sortBy=shoeSize`)).status).toBe(400);
		expect((await call('GET', `/contacts/chatbots/${A}?status=sleepy`)).status).toBe(400);
	});
});

describe('contact files', () => {
	const contactId = () => server.contacts().find((c) => c.externalReferenceId === 'DEMO-002')!._id;
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
		server.reset({ maxUploadBytes: 1024 });
		expect((await upload(Buffer.alloc(2048, 1), 'big.pdf', 'application/pdf')).status).toBe(413);
		expect((await upload(Buffer.from('MZ'), 'tool.exe', 'application/x-msdownload')).status).toBe(
			415,
		);
		const form = new FormData();
		form.append('other', 'x');
		expect((await call('POST', `/files/chatbots/${A}/${contactId()}`, { form })).status).toBe(400);
		server.reset({ maxUploadBytes: 25 * 1024 * 1024 });
	});

	it('lets signed URLs expire', async () => {
		server.reset({ signedUrlTtlMs: 50 });
		const up = await upload(Buffer.from('plain text'), 'a.txt', 'text/plain');
		const signed = await call(
			'GET',
			`/files/chatbots/${A}/${contactId()}/files/${up.body.data._id}/signed-url`,
		);
		await new Promise((r) => setTimeout(r, 80));
		expect((await fetch(signed.body.data.url)).status).toBe(403);
		server.reset({ signedUrlTtlMs: 15 * 60_000 });
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
		server.addFault({ method: 'GET', path: '/contacts/schema', status: 503, times: 2 });
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(503);
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(503);
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(200);
		server.addFault({ path: '/contacts/schema', successFalse: true });
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).body.success).toBe(false);
		server.addFault({ path: '/contacts/schema', delayMs: 150 });
		const started = Date.now();
		await call('GET', `/contacts/schema/chatbots/${A}`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		server.addFault({ path: '/contacts/schema', drop: true });
		await expect(call('GET', `/contacts/schema/chatbots/${A}`)).rejects.toThrow();
	});

	it('can drop the answer after the request was processed', async () => {
		server.addFault({ method: 'POST', path: '/contacts/chatbots', drop: true, when: 'after' });
		await expect(
			call('POST', `/contacts/chatbots/${A}`, { json: { primaryEmail: 'lost@example.com' } }),
		).rejects.toThrow();
		expect(server.contacts().filter((c) => c.primaryEmail === 'lost@example.com')).toHaveLength(1);
	});

	it('is driven over HTTP as well (/__control)', async () => {
		await fetch(`${server.url}/__control/faults`, {
			method: 'POST',
			body: JSON.stringify({ path: '/contacts/schema', status: 500 }),
		});
		expect((await call('GET', `/contacts/schema/chatbots/${A}`)).status).toBe(500);
		const state = await (await fetch(`${server.url}/__control/state`)).json();
		expect(state.contacts).toHaveLength(24);
	});
});
