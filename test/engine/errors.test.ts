/**
 * Errors that say what failed: every status of the API, redirects, the key and secret never shown, Continue On Fail, proven through n8n's real execution engine against nock.
 */
import nock from 'nock';
import { runNode } from '../harness/engine';
import {
	AGENT,
	allText,
	API,
	API_HOST,
	contact,
	createJson,
	credentials,
	getById,
	getByRef,
	ID1,
	KEY,
	roomy,
	SECRET,
	setupNock,
} from './helpers';

setupNock();

describe('errors', () => {
	const path = `/contacts/mantisid/${ID1}/chatbots/${AGENT}`;

	it('does not send a write on to where a redirect points, and says where it points', async () => {
		// HTTP clients turn a POST redirected with 301 into a GET: a create that creates nothing.
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(301, '', {
				Location: `https://elsewhere.a2v2.test/v1/open/contacts/chatbots/${AGENT}`,
			});
		const { error, items } = await runNode({
			parameters: createJson({ primaryEmail: 'a@b.co' }),
			credentials,
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			`A2V2 answered with a redirect (HTTP 301) to https://elsewhere.a2v2.test/v1/open/contacts/chatbots/${AGENT} [item 0]`,
		);
		expect(error?.description).toContain(
			"The request changes data, so it is not sent on to another address: set the credential's Base URL to the address the A2V2 API answers at (the redirect points to https://elsewhere.a2v2.test).",
		);
		// No request reached elsewhere.a2v2.test: nock refuses any host it was not told about.
	});

	it('follows a redirect of a read', async () => {
		nock(API)
			.get(path)
			.reply(302, '', { Location: `https://elsewhere.a2v2.test/v1/open${path}` });
		nock('https://elsewhere.a2v2.test/v1/open')
			.get(path)
			.reply(200, { success: true, data: contact(ID1) });
		const { error, items } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json._id)).toEqual([ID1]);
	});

	it('turns 400 into a message with the field errors', async () => {
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(400, {
				success: false,
				message: 'Validation failed',
				errors: [
					{ field: 'customFields.lifetime_value', message: 'lifetime_value must be a number' },
				],
			});
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'a@b.co' }),
			credentials,
		});
		expect(error?.message).toBe('A2V2 rejected the request: Validation failed [item 0]');
		expect(error?.description).toContain(
			'customFields.lifetime_value: lifetime_value must be a number',
		);
		expect(error?.httpCode).toBe('400');
	});

	it('says the key or secret is wrong on 401, and never echoes them', async () => {
		nock(API)
			.get(path)
			.reply(401, { success: false, message: `Invalid API key ${KEY} with secret ${SECRET}` });
		const run = await runNode({ parameters: getById(), credentials });
		expect(run.error?.message).toBe('The A2V2 API key or secret is wrong [item 0]');
		expect(run.error?.description).toContain('[redacted]');
		const everything =
			allText(run.error) + allText(run.items) + JSON.stringify(run.run.data.resultData);
		expect(everything).not.toContain(KEY);
		expect(everything).not.toContain(SECRET);
	});

	it.each([
		['GET', 'read'],
		['PUT', 'update'],
		['PATCH', 'update'],
	])('names the missing permission on 403 (%s → Contact Access: %s)', async (method, action) => {
		const operation = { GET: 'get', PUT: 'update', PATCH: 'archive' }[method] as string;
		const suffix = method === 'PATCH' ? '/archive' : '';
		nock(API)
			.intercept(`${path}${suffix}`, method)
			.reply(403, { success: false, message: 'Insufficient permissions' });
		const { error } = await runNode({
			parameters: {
				...getById(),
				operation,
				...(operation === 'update' ? { fieldsMode: 'json', contactJson: '{"firstName":"A"}' } : {}),
			},
			credentials,
		});
		expect(error?.message).toBe(`The A2V2 API key lacks Contact Access: ${action} [item 0]`);
	});

	it('names create as the missing permission on a 403 of a create', async () => {
		nock(API).post(`/contacts/chatbots/${AGENT}`).reply(403, { success: false, message: 'no' });
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'a@b.co' }),
			credentials,
		});
		expect(error?.message).toBe('The A2V2 API key lacks Contact Access: create [item 0]');
	});

	it('says what was not found, with the identifier used', async () => {
		nock(API_HOST)
			.get((p) => p === `/v1/open/contacts/USER%2F7/chatbots/${AGENT}`)
			.reply(404, { success: false, message: 'Contact not found' });
		const { error } = await runNode({ parameters: getByRef('USER/7'), credentials });
		expect(error?.message).toBe('Not found: contact with external reference ID "USER/7" [item 0]');
		expect(error?.httpCode).toBe('404');
	});

	// Each operation says what it addresses, with the identifiers as the user gave them.
	const tpl = (value: string) => ({ __rl: true, mode: 'id', value });
	const byRef = (value: string) => ({ __rl: true, mode: 'externalReferenceId', value });
	it.each([
		[
			'Contact → Get by A2V2 ID',
			getById(),
			`/contacts/mantisid/${ID1}/chatbots/${AGENT}`,
			`contact with A2V2 ID "${ID1}"`,
		],
		[
			'Contact → Update (custom operation)',
			{
				resource: 'contact',
				operation: 'update',
				contact: byRef('a b'),
				fieldsMode: 'json',
				contactJson: '{"firstName":"X"}',
			},
			`/contacts/a%20b/chatbots/${AGENT}`,
			'contact with external reference ID "a b"',
		],
		[
			'Contact → Get Many',
			{ resource: 'contact', operation: 'getAll', returnAll: false, limit: 5 },
			`/contacts/chatbots/${AGENT}?page=1&limit=5`,
			`agent "${AGENT}"`,
		],
		[
			'Contact → Get Schema',
			{ resource: 'contact', operation: 'getSchema' },
			`/contacts/schema/chatbots/${AGENT}`,
			`contact schema of agent "${AGENT}"`,
		],
		[
			'File → Get',
			{ resource: 'file', operation: 'get', contact: tpl(ID1), fileId: 'f/1' },
			`/files/chatbots/${AGENT}/${ID1}/files/f%2F1`,
			`file "f/1" of the contact with A2V2 ID "${ID1}"`,
		],
		[
			'File → Get Many',
			{ resource: 'file', operation: 'getAll', contact: tpl(ID1), returnAll: true },
			`/files/chatbots/${AGENT}/${ID1}?page=1&limit=100`,
			`contact with A2V2 ID "${ID1}"`,
		],
		[
			'Form → Get',
			{ resource: 'form', operation: 'get', submissionId: 's?1' },
			`/forms/submissions/s%3F1/chatbots/${AGENT}`,
			'form submission "s?1"',
		],
		[
			'Form → Get Template Schema',
			{ resource: 'form', operation: 'getTemplateSchema', template: tpl('t#1') },
			`/forms/templates/t%231/schema/chatbots/${AGENT}`,
			'form template "t#1"',
		],
		[
			'Form → Get Latest',
			{ resource: 'form', operation: 'getLatest', contactRef: 'R 1', template: tpl('t1') },
			`/forms/contacts/R%201/templates/t1/latest/chatbots/${AGENT}`,
			'latest submission of form template "t1" for the contact with external reference ID "R 1"',
		],
	])('names what %s addresses when it is not found', async (_name, parameters, path, target) => {
		const method = parameters.operation === 'update' ? 'put' : 'get';
		const scope = nock(API_HOST)
			.intercept(`/v1/open${path}`, method.toUpperCase())
			.reply(404, { success: false, message: 'Not found' }, roomy());
		const { error } = await runNode({ parameters, credentials });
		expect(error?.message).toBe(`Not found: ${target} [item 0]`);
		scope.done();
	});

	it('says a duplicate is a duplicate (409)', async () => {
		nock(API).post(`/contacts/chatbots/${AGENT}`).reply(409, {
			success: false,
			message: 'A contact with externalReferenceId "X" already exists',
		});
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'a@b.co', externalReferenceId: 'X' }),
			credentials,
		});
		expect(error?.message).toBe(
			'Duplicate: A contact with externalReferenceId "X" already exists [item 0]',
		);
	});

	it.each([
		[413, 'File too large: too big [item 0]'],
		[415, 'File type not allowed: too odd [item 0]'],
	])('explains %i', async (status, message) => {
		nock(API)
			.get(path)
			.reply(status, { success: false, message: status === 413 ? 'too big' : 'too odd' });
		const { error } = await runNode({ parameters: getById(), credentials });
		expect(error?.message).toBe(message);
	});

	it('treats a 2xx answer with success: false as an error', async () => {
		nock(API).get(path).reply(200, { success: false, message: 'Something went wrong' });
		const { error } = await runNode({ parameters: getById(), credentials });
		expect(error?.message).toBe('A2V2 reported a failure: Something went wrong [item 0]');
	});

	it('reports a 5xx after its retries', async () => {
		nock(API).get(path).times(2).reply(503, { success: false, message: 'Service unavailable' });
		const { error } = await runNode({
			parameters: { ...getById(), requestOptions: { maxRetries: 1 } },
			credentials,
		});
		expect(error?.message).toBe('A2V2 server error (503): Service unavailable [item 0]');
	});

	it('with Continue On Fail, turns only the failing item into an error item', async () => {
		nock(API_HOST)
			.get((p) => p.startsWith('/v1/open/contacts/'))
			.times(3)
			.reply((uri) => {
				const ref = decodeURIComponent(uri.split('/')[4]);
				return ref === 'missing'
					? [404, { success: false, message: 'Contact not found' }]
					: [200, { success: true, data: contact(ID1, { externalReferenceId: ref }) }];
			});
		const { items, error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'get',
				contact: { __rl: true, mode: 'externalReferenceId', value: '={{ $json.ref }}' },
				output: 'raw',
			},
			credentials,
			items: [{ json: { ref: 'one' } }, { json: { ref: 'missing' } }, { json: { ref: 'three' } }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json.externalReferenceId).toBe('one');
		// The error item says why in its JSON (errorItems.test.ts has the details).
		expect(items[1].json.error).toBe(
			'Not found: contact with external reference ID "missing" [item 1]',
		);
		expect(items[2].json.externalReferenceId).toBe('three');
	});
});
