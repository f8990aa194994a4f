/**
 * The shared request pipeline, proven through n8n's real execution engine (WorkflowExecute →
 * RoutingNode → the node's pagination function → transport) against nock.
 */
import nock from 'nock';

import { runChain, runNode } from '../harness/engine';
import {
	AGENT,
	allText,
	API,
	API_HOST,
	contact,
	credentials,
	ID1,
	KEY,
	roomy,
	SECRET,
	setupNock,
} from './helpers';

setupNock();

const getById = (id = ID1) => ({
	resource: 'contact',
	operation: 'get',
	contact: { __rl: true, mode: 'id', value: id },
	simplify: false,
});
const getByRef = (ref: string) => ({
	resource: 'contact',
	operation: 'get',
	contact: { __rl: true, mode: 'externalReferenceId', value: ref },
	simplify: false,
});
const createJson = (body: object) => ({
	resource: 'contact',
	operation: 'create',
	fieldsMode: 'json',
	contactJson: JSON.stringify(body),
	simplify: false,
});

describe('authentication and base URL', () => {
	it('sends X-API-Key and X-API-Secret on every request, and a JSON Accept header', async () => {
		const scope = nock(API, {
			reqheaders: { 'x-api-key': KEY, 'x-api-secret': SECRET, accept: 'application/json' },
		})
			.get(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.reply(200, { success: true, data: contact(ID1) }, roomy());
		const { items, error } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: contact(ID1), pairedItem: { item: 0 } }]);
		scope.done();
	});

	it.each([
		['the host', API_HOST],
		['the host with a trailing slash', `${API_HOST}/`],
		['the host with /v1/open', `${API_HOST}/v1/open`],
		['the host with /v1/open/', `${API_HOST}/v1/open/`],
		['the host with /v1/open//', `${API_HOST}/v1/open//`],
	])('joins /v1/open to %s', async (_label, baseUrl) => {
		nock(API)
			.get(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.reply(200, { success: true, data: contact(ID1) });
		const { error, items } = await runNode({
			parameters: getById(),
			credentials: { ...credentials, baseUrl },
		});
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
	});

	it('reads the credential once per node run, and each node of an execution uses its own', async () => {
		const other = {
			...credentials,
			apiKey: 'key-of-the-second-node',
			apiSecret: 'secret-of-the-second-node',
			agentId: 'agent-2',
		};
		const seen: string[] = [];
		nock(API)
			.post(/\/contacts\/chatbots\/agent-[12]$/)
			.times(40)
			.reply(function (uri) {
				seen.push(
					`${uri.split('/').pop()} ${String(this.req.headers['x-api-key'])} ${String(this.req.headers['x-api-secret'])}`,
				);
				return [201, { success: true, data: contact(ID1) }, roomy()];
			});
		const items = Array.from({ length: 20 }, (_, i) => ({ json: { email: `c${i}@example.com` } }));
		const create = {
			resource: 'contact',
			operation: 'create',
			fieldsMode: 'json',
			contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
			simplify: false,
		};
		const { outputs, errors, credentialReads } = await runChain({
			nodes: [
				{ parameters: create, credentials },
				{
					parameters: {
						...create,
						contactJson: '={{ JSON.stringify({ primaryEmail: "second@example.com" }) }}',
					},
					credentials: other,
				},
			],
			items,
		});
		expect(errors).toEqual([undefined, undefined]);
		expect(outputs.map((o) => o.length)).toEqual([20, 20]);
		// 40 requests, two node runs: two reads.
		expect(credentialReads).toBe(2);
		expect(seen.filter((s) => s === `agent-1 ${KEY} ${SECRET}`)).toHaveLength(20);
		expect(
			seen.filter((s) => s === 'agent-2 key-of-the-second-node secret-of-the-second-node'),
		).toHaveLength(20);
	});

	it('keeps a path below the host (a gateway prefix)', async () => {
		nock('https://gw.example.test')
			.get(`/a2v2/v1/open/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.reply(200, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: getById(),
			credentials: { ...credentials, baseUrl: 'https://gw.example.test/a2v2/' },
		});
		expect(error).toBeUndefined();
	});

	it.each(['ftp://api.a2v2.test', 'api.a2v2.test', 'not a url', 'javascript:alert(1)', ''])(
		'refuses the Base URL %j before any request',
		async (baseUrl) => {
			const { error } = await runNode({
				parameters: getById(),
				credentials: { ...credentials, baseUrl },
			});
			expect(error?.message).toMatch(/Base URL .* is not an http\(s\) URL/);
		},
	);
});

describe("n8n's own Request Options", () => {
	it('applies Timeout to the requests', async () => {
		nock(API)
			.get(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.delay(2000)
			.reply(200, { success: true, data: contact(ID1) });
		const started = Date.now();
		const { error } = await runNode({
			parameters: { ...getById(), requestOptions: { timeout: 200, maxRetries: 0 } },
			credentials,
		});
		expect(Date.now() - started).toBeLessThan(1500);
		expect(error?.message).toBe(
			'Could not reach the A2V2 API at api.a2v2.test: the request timed out [item 0]',
		);
	});
});

describe('path segments', () => {
	it.each([
		['a/b', 'a%2Fb'],
		['../x', '..%2Fx'],
		['?', '%3F'],
		['#frag', '%23frag'],
		['100%', '100%25'],
		['with space', 'with%20space'],
		['Zoë-日本', 'Zo%C3%AB-%E6%97%A5%E6%9C%AC'],
		["it's(1)*", 'it%27s%281%29%2A'],
	])('encodes the external reference ID %j as one segment', async (ref, encoded) => {
		const expected = `/v1/open/contacts/${encoded}/chatbots/${AGENT}`;
		const scope = nock(API_HOST)
			.get((path) => path === expected)
			.reply(200, { success: true, data: contact(ID1, { externalReferenceId: ref }) });
		const { error, items } = await runNode({ parameters: getByRef(ref), credentials });
		expect(error).toBeUndefined();
		expect(items[0].json.externalReferenceId).toBe(ref);
		scope.done();
	});

	it.each([
		[
			'.',
			'Contact (By External Reference ID): cannot be "." (a dot segment would address another endpoint) [item 0]',
		],
		[
			'..',
			'Contact (By External Reference ID): cannot be ".." (a dot segment would address another endpoint) [item 0]',
		],
		['   ', 'Contact (By External Reference ID): is empty [item 0]'],
	])(
		'refuses the external reference ID %j before any request, in one wording',
		async (ref, message) => {
			const { error } = await runNode({ parameters: getByRef(ref), credentials });
			expect(error?.message).toBe(message);
		},
	);

	describe('sends an identifier with spaces around it exactly as given, never the trimmed one', () => {
		const spacedPath = `/contacts/%20sp%20/chatbots/${AGENT}`;
		const spaced = contact(ID1, { externalReferenceId: ' sp ' });
		it('Contact → Get', async () => {
			nock(API).get(spacedPath).reply(200, { success: true, data: spaced });
			const { error, items } = await runNode({ parameters: getByRef(' sp '), credentials });
			expect(error).toBeUndefined();
			expect(items[0].json.externalReferenceId).toBe(' sp ');
		});
		it('Contact → Create or Update: looks up, and updates, the ID as given', async () => {
			nock(API)
				.get(spacedPath)
				.reply(200, { success: true, data: spaced })
				.put(spacedPath, { lastName: 'X' })
				.reply(200, { success: true, data: { ...spaced, lastName: 'X' } });
			const { error, items } = await runNode({
				parameters: {
					resource: 'contact',
					operation: 'upsert',
					externalReferenceId: ' sp ',
					fieldsMode: 'json',
					contactJson: '{"lastName":"X"}',
				},
				credentials,
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ result: 'updated', externalReferenceId: ' sp ' });
		});
		it('Contact → Create or Update: creates with the ID as given', async () => {
			nock(API)
				.get(spacedPath)
				.reply(404, { success: false, message: 'Contact not found' })
				.post(`/contacts/chatbots/${AGENT}`, {
					primaryEmail: 'a@b.co',
					externalReferenceId: ' sp ',
				})
				.reply(201, { success: true, data: spaced });
			const { error, items } = await runNode({
				parameters: {
					resource: 'contact',
					operation: 'upsert',
					externalReferenceId: ' sp ',
					fieldsMode: 'json',
					contactJson: '{"primaryEmail":"a@b.co"}',
				},
				credentials,
			});
			expect(error).toBeUndefined();
			expect(items[0].json.result).toBe('created');
		});
		it('File → Get Many: resolves the contact given, then lists its files', async () => {
			nock(API)
				.get(spacedPath)
				.reply(200, { success: true, data: spaced })
				.get(`/files/chatbots/${AGENT}/${ID1}`)
				.query({ page: '1', limit: '100' })
				.reply(200, { success: true, data: [], pagination: { hasNextPage: false } });
			const { error } = await runNode({
				parameters: {
					resource: 'file',
					operation: 'getAll',
					contact: getByRef(' sp ').contact,
					returnAll: true,
				},
				credentials,
			});
			expect(error).toBeUndefined();
		});
		it('Form → Get Many and Submit Many', async () => {
			nock(API)
				.get(`/forms/contacts/%20sp%20/chatbots/${AGENT}`)
				.query(true)
				.reply(200, { success: true, data: [], pagination: { hasNextPage: false } })
				.post(`/forms/batch/contacts/%20sp%20/chatbots/${AGENT}`)
				.reply(200, {
					success: true,
					data: { results: [{ index: 0, success: true, data: { _id: 's1' } }] },
				});
			expect(
				(
					await runNode({
						parameters: {
							resource: 'form',
							operation: 'getAll',
							contactRef: ' sp ',
							returnAll: true,
						},
						credentials,
					})
				).error,
			).toBeUndefined();
			const many = await runNode({
				parameters: {
					resource: 'form',
					operation: 'submitMany',
					template: { __rl: true, mode: 'id', value: 'T1' },
					contactRef: ' sp ',
					formDataMode: 'json',
					formDataJson: '{"a":1}',
				},
				credentials,
			});
			expect(many.items[0].json).toEqual({ success: true, _id: 's1' });
		});
	});

	it('encodes the agent ID from the credential as one segment', async () => {
		const scope = nock(API_HOST)
			.get((path) => path === `/v1/open/contacts/mantisid/${ID1}/chatbots/team%2Fa%3Fb`)
			.reply(200, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: getById(),
			credentials: { ...credentials, agentId: 'team/a?b' },
		});
		expect(error).toBeUndefined();
		scope.done();
	});
});

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
				simplify: false,
			},
			credentials,
			items: [{ json: { ref: 'one' } }, { json: { ref: 'missing' } }, { json: { ref: 'three' } }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json.externalReferenceId).toBe('one');
		expect(items[1].error?.message).toBe(
			'Not found: contact with external reference ID "missing" [item 1]',
		);
		expect(items[2].json.externalReferenceId).toBe('three');
	});
});

describe('rate limits (429)', () => {
	const path = `/contacts/mantisid/${ID1}/chatbots/${AGENT}`;

	it('waits as Retry-After says, then retries', async () => {
		const times: number[] = [];
		nock(API)
			.get(path)
			.reply(() => {
				times.push(Date.now());
				return [429, { success: false, message: 'Rate limit exceeded' }, { 'Retry-After': '1' }];
			})
			.get(path)
			.reply(() => {
				times.push(Date.now());
				return [200, { success: true, data: contact(ID1) }];
			});
		const { error, items } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
	});

	it('backs off exponentially when Retry-After is absent', async () => {
		const times: number[] = [];
		const limited = () => {
			times.push(Date.now());
			return [429, { success: false, message: 'Rate limit exceeded' }] as [number, object];
		};
		nock(API)
			.get(path)
			.reply(limited)
			.get(path)
			.reply(limited)
			.get(path)
			.reply(() => {
				times.push(Date.now());
				return [200, { success: true, data: contact(ID1) }];
			});
		const { error } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(times).toHaveLength(3);
		// Jittered between half and all of 1 s, then of 2 s.
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(450);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(950);
	});

	it('gives up with a clear message once the allowed wait is used up', async () => {
		nock(API)
			.get(path)
			.reply(429, { success: false, message: 'Rate limit exceeded' }, { 'Retry-After': '30' });
		const started = Date.now();
		const { error } = await runNode({
			parameters: { ...getById(), requestOptions: { maxRateLimitWait: 5 } },
			credentials,
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error?.message).toBe('The A2V2 rate limit of this API key is still exceeded [item 0]');
		expect(error?.description).toContain('Max Rate-Limit Wait');
	});

	it('after a 429, waits its Retry-After only, not for the end of the rate-limit window', async () => {
		const window = {
			'X-RateLimit-Limit': '10',
			'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 60),
		};
		nock(API)
			.get(path)
			.reply(
				200,
				{ success: true, data: contact(ID1) },
				{ ...window, 'X-RateLimit-Remaining': '5' },
			)
			.get(path)
			.reply(
				429,
				{ success: false, message: 'Rate limit exceeded' },
				{ ...window, 'X-RateLimit-Remaining': '0', 'Retry-After': '0' },
			)
			.get(path)
			.reply(
				200,
				{ success: true, data: contact(ID1) },
				{ ...window, 'X-RateLimit-Remaining': '4' },
			);
		const first = await runNode({ parameters: getById(), credentials });
		expect(first.error).toBeUndefined();
		const started = Date.now();
		const second = await runNode({ parameters: getById(), credentials });
		expect(second.error).toBeUndefined();
		// The window resets in a minute; Retry-After said no wait at all.
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('retries a create after a 429 (a 429 was not processed)', async () => {
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(429, { success: false, message: 'Rate limit exceeded' }, { 'Retry-After': '0' })
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(201, { success: true, data: contact(ID1) });
		const { error, items } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
	});
});

describe('retries on faults', () => {
	const path = `/contacts/mantisid/${ID1}/chatbots/${AGENT}`;

	it('retries a read after 5xx and network faults, a bounded number of times', async () => {
		nock(API)
			.get(path)
			.reply(500, { success: false, message: 'boom' })
			.get(path)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.get(path)
			.reply(200, { success: true, data: contact(ID1) });
		const { error, items } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
	});

	it('stops after the configured number of retries', async () => {
		let calls = 0;
		nock(API)
			.get(path)
			.times(3)
			.reply(() => {
				calls++;
				return [502, { success: false, message: 'Bad gateway' }];
			});
		const { error } = await runNode({
			parameters: { ...getById(), requestOptions: { maxRetries: 2 } },
			credentials,
		});
		expect(calls).toBe(3);
		expect(error?.message).toBe('A2V2 server error (502): Bad gateway [item 0]');
	});

	it('retries an idempotent update (PUT) after a 5xx', async () => {
		nock(API)
			.put(path, { firstName: 'Ada' })
			.reply(500, { success: false, message: 'boom' })
			.put(path, { firstName: 'Ada' })
			.reply(200, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'update',
				contact: { __rl: true, mode: 'id', value: ID1 },
				fieldsMode: 'json',
				contactJson: '{"firstName":"Ada"}',
			},
			credentials,
		});
		expect(error).toBeUndefined();
	});

	it('never repeats a create after a 5xx', async () => {
		let calls = 0;
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(() => {
				calls++;
				return [500, { success: false, message: 'boom' }];
			});
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		expect(calls).toBe(1);
		expect(error?.message).toBe('A2V2 server error (500): boom [item 0]');
		expect(error?.description).toContain('was not repeated automatically');
	});

	it('never repeats a create whose connection broke after sending', async () => {
		const scope = nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		// One interceptor, consumed once: a second attempt would have found no mock and failed differently.
		scope.done();
		expect(error?.message).toBe(
			'Could not reach the A2V2 API at api.a2v2.test: the connection was reset [item 0]',
		);
		expect(error?.description).toContain('may or may not have been processed');
	});

	it('repeats a create that certainly never left (connection refused)', async () => {
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(201, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		expect(error).toBeUndefined();
	});
});

describe('pagination', () => {
	const list = `/contacts/chatbots/${AGENT}`;
	const page = (n: number, count: number, hasNextPage: boolean) => ({
		success: true,
		data: Array.from({ length: count }, (_, i) =>
			contact(`65f1c0ffee0ddba11de${String(n).padStart(2, '0')}${String(i).padStart(3, '0')}`),
		),
		pagination: {
			currentPage: n,
			totalPages: 3,
			totalItems: 250,
			itemsPerPage: 100,
			hasNextPage,
			hasPreviousPage: n > 1,
		},
	});
	const filters = { search: 'ada', status: 'active', tag: 'VIP' };
	const sort = { sortBy: 'lastName', sortOrder: 'asc' };

	it('Return All pages with limit=100 and keeps every filter on every page', async () => {
		const scope = nock(API)
			.get(list)
			.query({ ...filters, ...sort, page: '1', limit: '100' })
			.reply(200, page(1, 100, true))
			.get(list)
			.query({ ...filters, ...sort, page: '2', limit: '100' })
			.reply(200, page(2, 100, true))
			.get(list)
			.query({ ...filters, ...sort, page: '3', limit: '100' })
			.reply(200, page(3, 50, false));
		const { error, items } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				filters,
				sort,
				simplify: false,
			},
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(250);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		scope.done();
	});

	/**
	 * A list of `total` records served as a real paged API does: page n of size `limit` is the
	 * records (n-1) x limit to n x limit - 1. A page size that changes in the middle of a listing
	 * returns some records twice and skips others.
	 */
	function pagedList(total: number) {
		const ids = Array.from(
			{ length: total },
			(_, i) => `65f1c0ffee0ddba11de${String(i).padStart(5, '0')}`,
		);
		const requests: Array<{ page: number; limit: number }> = [];
		nock(API)
			.persist()
			.get(list)
			.query(true)
			.reply((uri) => {
				const q = new URL(uri, API).searchParams;
				const pageNo = Number(q.get('page'));
				const limit = Number(q.get('limit'));
				requests.push({ page: pageNo, limit });
				const totalPages = Math.max(1, Math.ceil(total / limit));
				return [
					200,
					{
						success: true,
						data: ids.slice((pageNo - 1) * limit, pageNo * limit).map((id) => contact(id)),
						pagination: {
							currentPage: pageNo,
							totalPages,
							totalItems: total,
							itemsPerPage: limit,
							hasNextPage: pageNo < totalPages,
							hasPreviousPage: pageNo > 1,
						},
					},
				];
			});
		return { ids, requests };
	}

	it.each([150, 250, 1, 99, 101])(
		'Limit %i returns exactly the first records in order, in ceil(N/100) requests of one page size',
		async (limit) => {
			const { ids, requests } = pagedList(300);
			const { error, items } = await runNode({
				parameters: {
					resource: 'contact',
					operation: 'getAll',
					returnAll: false,
					limit,
					filters: { status: 'active' },
				},
				credentials,
			});
			nock.cleanAll();
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.id)).toEqual(ids.slice(0, limit));
			expect(requests).toHaveLength(Math.ceil(limit / 100));
			expect(new Set(requests.map((r) => r.limit)).size).toBe(1);
		},
	);

	it('Return All over 250 records returns each record once, in order, in 3 requests', async () => {
		const { ids, requests } = pagedList(257);
		const { error, items } = await runNode({
			parameters: { resource: 'contact', operation: 'getAll', returnAll: true, simplify: true },
			credentials,
		});
		nock.cleanAll();
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(ids);
		expect(requests).toEqual([1, 2, 3].map((page) => ({ page, limit: 100 })));
	});

	it('a small Limit is one request', async () => {
		const scope = nock(API)
			.get(list)
			.query({ page: '1', limit: '5' })
			.reply(200, page(1, 5, true));
		const { items } = await runNode({
			parameters: { resource: 'contact', operation: 'getAll', limit: 5 },
			credentials,
		});
		expect(items).toHaveLength(5);
		scope.done();
	});
});

describe('multipart uploads', () => {
	it('sends the binary as a multipart part "file" with its name and type, and no JSON content type', async () => {
		const pdf = Buffer.from('%PDF-1.4\nhello\n%%EOF\n');
		let contentType = '';
		let body = '';
		const scope = nock(API)
			.post(`/files/chatbots/${AGENT}/${ID1}`)
			.reply(function (_uri, requestBody) {
				contentType = String(this.req.headers['content-type']);
				body = Buffer.isBuffer(requestBody) ? requestBody.toString('latin1') : String(requestBody);
				return [
					201,
					{
						success: true,
						data: {
							_id: 'f1',
							fileName: 'report.pdf',
							mimeType: 'application/pdf',
							fileSize: pdf.length,
						},
					},
				];
			});
		const { error, items } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'upload',
				contact: { __rl: true, mode: 'id', value: ID1 },
				binaryPropertyName: 'data',
			},
			credentials,
			items: [
				{
					json: {},
					binary: {
						data: {
							data: pdf.toString('base64'),
							mimeType: 'application/pdf',
							fileName: 'report.pdf',
						},
					},
				},
			],
		});
		expect(error).toBeUndefined();
		scope.done();
		const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType)?.[1];
		expect(boundary).toBeTruthy();
		expect(body).toContain(
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n${pdf.toString('latin1')}\r\n--${boundary}--`,
		);
		expect(body).not.toContain('application/json');
		expect(items[0].json).toEqual({
			_id: 'f1',
			fileName: 'report.pdf',
			mimeType: 'application/pdf',
			fileSize: pdf.length,
		});
	});
});
