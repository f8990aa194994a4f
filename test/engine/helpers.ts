import nock from 'nock';

import { CONTACT_SCHEMA } from '../../local-server/seed';
import type { CredentialData } from '../harness/credentials';
import { resourceMapping } from '../harness/editor';

export const API_HOST = 'https://api.a2v2.test';
export const API = `${API_HOST}/v1/open`;
export const AGENT = 'agent-1';
export const KEY = 'key-0123456789';
export const SECRET = 'secret-abcdefghij';

export const credentials: CredentialData = {
	apiKey: KEY,
	apiSecret: SECRET,
	agentId: AGENT,
	baseUrl: API_HOST,
};

/** An A2V2 API answer with rate-limit headers that leave plenty of room. */
export const roomy = () => ({
	'X-RateLimit-Limit': '1000',
	'X-RateLimit-Remaining': '999',
	'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 60),
});

export const contact = (id: string, extra: Record<string, unknown> = {}) => ({
	_id: id,
	externalReferenceId: `REF-${id.slice(-3)}`,
	firstName: 'Ada',
	lastName: 'Lovelace',
	primaryEmail: 'ada@example.com',
	primaryPhone: '+15550100',
	status: 'active',
	tags: ['VIP'],
	customFields: { membership_level: 'Gold' },
	isArchived: false,
	archivedAt: null,
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-02T00:00:00.000Z',
	...extra,
});

/** Parameters of the A2V2 node's most used operations, as tests write them. */
export const getById = (id = ID1) => ({
	resource: 'contact',
	operation: 'get',
	contact: { __rl: true, mode: 'id', value: id },
	output: 'raw',
});
export const getByRef = (ref: string) => ({
	resource: 'contact',
	operation: 'get',
	contact: { __rl: true, mode: 'externalReferenceId', value: ref },
	output: 'raw',
});
export const createJson = (body: object) => ({
	resource: 'contact',
	operation: 'create',
	fieldsMode: 'json',
	contactJson: JSON.stringify(body),
	output: 'raw',
});

export const ID1 = '65f1c0ffee0ddba11dead001';
export const ID2 = '65f1c0ffee0ddba11dead002';

export function setupNock() {
	beforeAll(() => {
		nock.disableNetConnect();
	});
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => {
		nock.enableNetConnect();
		// nock patches Node's http module, which jest shares between the test files of a worker:
		// un-patch it so that later files talk to real servers directly.
		nock.restore();
	});
}

/** Every string in a value, for checking that no secret leaks into output or errors. */
export function allText(value: unknown): string {
	const seen = new Set<unknown>();
	const walk = (v: unknown): string => {
		if (v === null || v === undefined) return '';
		if (typeof v === 'string') return v;
		if (typeof v !== 'object') return String(v);
		if (seen.has(v)) return '';
		seen.add(v);
		const own = Object.getOwnPropertyNames(v).map((k) => walk((v as Record<string, unknown>)[k]));
		return own.join('\n');
	};
	return walk(value);
}

export interface CapturedMultipart {
	contentType: string;
	raw: string;
	parts: Map<string, { value: string; fileName?: string; type?: string; bytes?: Buffer }>;
}

/** nock hands a request body over as text, or as hex when it is not valid UTF-8. */
export function bodyBytes(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	const text = String(body);
	return /^(?:[0-9a-f]{2})+$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
}

/** Parses a captured multipart body with Node's own parser, keeping the raw text too. */
export async function parseMultipart(
	contentType: string,
	body: Buffer | string,
): Promise<CapturedMultipart> {
	const raw = Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
	const form = await new Request('http://local/', {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: new Uint8Array(raw),
	}).formData();
	const parts: CapturedMultipart['parts'] = new Map();
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string') parts.set(name, { value });
		else
			parts.set(name, {
				value: '',
				fileName: value.name,
				type: value.type,
				bytes: Buffer.from(await value.arrayBuffer()),
			});
	}
	return { contentType, raw: raw.toString('latin1'), parts };
}

/** A nock reply function that captures the multipart request and answers `answer`. */
export function captureMultipart(
	store: { request?: Promise<CapturedMultipart> },
	status: number,
	answer: object,
) {
	return function (
		this: { req: { headers: Record<string, string | string[]> } },
		_uri: string,
		body: unknown,
	) {
		const contentType = String(this.req.headers['content-type']);
		store.request = parseMultipart(contentType, bodyBytes(body));
		return [status, answer] as [number, object];
	};
}

/** Fields of every kind, from the local server's demo schema (one copy of the fixture). */
export const SCHEMA = CONTACT_SCHEMA.filter((f) =>
	[
		'firstName',
		'primaryEmail',
		'dob',
		'tags',
		'status',
		'lifetime_value',
		'newsletter_opt_in',
		'interests',
		'preferences',
	].includes(f.key),
);

export const SIMPLE = {
	id: ID1,
	externalReferenceId: 'REF-001',
	firstName: 'Ada',
	lastName: 'Lovelace',
	primaryEmail: 'ada@example.com',
	primaryPhone: '+15550100',
	status: 'active',
	tags: ['VIP'],
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-02T00:00:00.000Z',
};

export const byRef = (value: string) => ({ __rl: true, mode: 'externalReferenceId', value });
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The mapper's fields as the editor stores them after loading the schema. */
export async function mapperSchema(method = 'getContactFields') {
	nock(API)
		.get(`/contacts/schema/chatbots/${AGENT}`)
		.reply(200, { success: true, data: { fields: SCHEMA } });
	return (
		await resourceMapping(method, {
			parameters: { resource: 'contact', operation: 'create' },
			credentials,
		})
	).fields;
}
