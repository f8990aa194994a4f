/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n; this rule
   guards the code that runs inside n8n (n8n Cloud's sandbox). */
/**
 * The local A2V2 server against the contract (shared/a2v2-open-api.md): health, auth and
 * scopes, rate limits, contacts (pagination, the error envelope).
 */
import type { Json } from '../json';

import { DEMO_AGENT_ID, OTHER_AGENT_ID } from '../../local-server/server';
import { useLocalServer } from './client';

const local = useLocalServer();
const { call } = local;
const A = DEMO_AGENT_ID;

describe('health and authentication', () => {
	it('answers health without auth', async () => {
		const r = await fetch(`${local.base}/health`);
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
		local.server.reset({ minuteWindowMs: 60_000 });
		local.server.addKey({
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
		local.server.reset({ minuteWindowMs: WINDOW });
		local.server.addKey({
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
		local.server.reset({ minuteWindowMs: WINDOW, rateLimitWindows: 'clock' });
		local.server.addKey({
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
		local.server.reset({ minuteWindowMs: 60_000, rateLimitWindows: 'first-request' });
	});

	it('enforces the hourly limit too', async () => {
		local.server.addKey({
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
