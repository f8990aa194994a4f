/** Contact resource: every operation's exact request and output, bad input, and the loaders. */
import nock from 'nock';

import { listSearch, resourceMapping } from '../harness/editor';
import { runNode } from '../harness/engine';
import { AGENT, API, contact, credentials, ID1, ID2, setupNock } from './helpers';

setupNock();

const SCHEMA = [
	{ key: 'firstName', label: 'First Name', type: 'string', required: false },
	{ key: 'primaryEmail', label: 'Primary Email', type: 'email', required: true },
	{ key: 'dob', label: 'Date of Birth', type: 'date', required: false },
	{ key: 'tags', label: 'Tags', type: 'array', required: false },
	{
		key: 'status',
		label: 'Status',
		type: 'select',
		required: false,
		options: [
			{ value: 'active', label: 'Active' },
			{ value: 'blocked', label: 'Blocked' },
		],
	},
	{ key: 'lifetime_value', label: 'Lifetime Value', type: 'number', custom: true },
	{ key: 'newsletter_opt_in', label: 'Newsletter', type: 'boolean', custom: true },
	{
		key: 'interests',
		label: 'Interests',
		type: 'multiselect',
		custom: true,
		options: [{ value: 'sales' }],
	},
	{ key: 'preferences', label: 'Preferences', type: 'object', custom: true },
];

const SIMPLE = {
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

const byRef = (value: string) => ({ __rl: true, mode: 'externalReferenceId', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The mapper's fields as the editor stores them after loading the schema. */
async function mapperSchema(method = 'getContactFields') {
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

describe('loaders', () => {
	it('loads the contact fields into the mapper: types, required marks, options, custom fields', async () => {
		const fields = await mapperSchema();
		expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([
			['firstName', 'string', false],
			['primaryEmail', 'string', true],
			['dob', 'dateTime', false],
			['tags', 'string', false],
			['status', 'options', false],
			['customFields.lifetime_value', 'number', false],
			['customFields.newsletter_opt_in', 'boolean', false],
			['customFields.interests', 'array', false],
			['customFields.preferences', 'object', false],
		]);
		expect(fields.find((f) => f.id === 'status')?.options).toEqual([
			{ name: 'Active', value: 'active' },
			{ name: 'Blocked', value: 'blocked' },
		]);
		expect(fields.find((f) => f.id === 'tags')?.displayName).toBe('Tags (comma-separated)');
		expect(fields.find((f) => f.id === 'customFields.lifetime_value')?.displayName).toBe(
			'Lifetime Value (custom)',
		);
	});

	it('marks nothing required for Update', async () => {
		const fields = await mapperSchema('getContactFieldsForUpdate');
		expect(fields.some((f) => f.required)).toBe(false);
	});

	it('shows a clear message in the editor when the schema cannot be loaded', async () => {
		nock(API)
			.get(`/contacts/schema/chatbots/${AGENT}`)
			.reply(403, { success: false, message: 'Insufficient permissions' });
		await expect(
			resourceMapping('getContactFields', {
				parameters: { resource: 'contact', operation: 'create' },
				credentials,
			}),
		).rejects.toThrow('Could not load from A2V2: The A2V2 API key lacks Contact Access: read');
	});

	it('searches contacts for the locator, page by page', async () => {
		nock(API)
			.get(`/contacts/chatbots/${AGENT}`)
			.query({ page: '2', limit: '100', sortBy: 'updatedAt', sortOrder: 'desc', search: 'ada' })
			.reply(200, {
				success: true,
				data: [contact(ID1), contact(ID2, { firstName: '', lastName: '', primaryEmail: '' })],
				pagination: {
					currentPage: 2,
					totalPages: 3,
					totalItems: 202,
					itemsPerPage: 100,
					hasNextPage: true,
					hasPreviousPage: true,
				},
			});
		const result = await listSearch('searchContacts', {
			parameters: { resource: 'contact', operation: 'get' },
			credentials,
			filter: 'ada',
			paginationToken: '2',
		});
		expect(result).toEqual({
			results: [
				{ name: 'Ada Lovelace <ada@example.com>', value: ID1 },
				{ name: 'REF-002', value: ID2 },
			],
			paginationToken: '3',
		});
	});
});

describe('create', () => {
	it('sends the mapped fields converted to their types, custom fields under customFields, tags as a list', async () => {
		const schema = await mapperSchema();
		const scope = nock(API)
			.post(`/contacts/chatbots/${AGENT}`, {
				primaryEmail: 'ada@example.com',
				firstName: 'Ada',
				status: 'active',
				tags: ['VIP', 'lead'],
				customFields: {
					lifetime_value: 42,
					newsletter_opt_in: true,
					preferences: { tone: 'formal' },
				},
			})
			.reply(201, { success: true, data: contact(ID1) });
		const { items, error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				contactFields: {
					mappingMode: 'defineBelow',
					value: {
						primaryEmail: 'ada@example.com',
						firstName: 'Ada',
						status: 'active',
						tags: 'VIP, lead',
						'customFields.lifetime_value': '42',
						'customFields.newsletter_opt_in': 'true',
						'customFields.preferences': '{"tone":"formal"}',
					},
					matchingColumns: [],
					schema,
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
			},
			credentials,
		});
		expect(error).toBeUndefined();
		scope.done();
		expect(items).toEqual([{ json: SIMPLE, pairedItem: { item: 0 } }]);
	});

	it('maps the input item automatically, nesting a customFields object', async () => {
		const schema = await mapperSchema();
		const scope = nock(API)
			.post(`/contacts/chatbots/${AGENT}`, {
				primaryEmail: 'grace@example.com',
				firstName: 'Grace',
				customFields: { lifetime_value: 7 },
			})
			.reply(201, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				contactFields: {
					mappingMode: 'autoMapInputData',
					value: null,
					matchingColumns: [],
					schema,
				},
			},
			credentials,
			items: [
				{
					json: {
						primaryEmail: 'grace@example.com',
						firstName: 'Grace',
						customFields: { lifetime_value: 7 },
					},
				},
			],
		});
		expect(error).toBeUndefined();
		scope.done();
	});

	it('sends a JSON body as given, and returns the raw contact without Simplify', async () => {
		const body = {
			primaryEmail: 'ada@example.com',
			externalReferenceId: 'USER_12345',
			tags: ['VIP'],
			customFields: { membership_level: 'Gold' },
		};
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`, body)
			.reply(201, { success: true, data: contact(ID1) });
		const { items } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: JSON.stringify(body),
				simplify: false,
			},
			credentials,
		});
		expect(items[0].json).toEqual(contact(ID1));
	});

	it('resolves a parameter with an expression for each item, one without it the same for all', async () => {
		// The node reads a parameter without an expression once per run: one that has one (here
		// Simplify, from each item) must still be resolved per item.
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'a@b.co' })
			.reply(201, { success: true, data: contact(ID1) })
			.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'c@d.co' })
			.reply(201, { success: true, data: contact(ID2) })
			.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'e@f.co' })
			.reply(201, { success: true, data: contact(ID1) });
		const { items, error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
				simplify: '={{ $json.simple }}',
				requestOptions: { maxRetries: 0 },
			},
			credentials,
			items: [
				{ json: { email: 'a@b.co', simple: true } },
				{ json: { email: 'c@d.co', simple: false } },
				{ json: { email: 'e@f.co', simple: true } },
			],
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// Simplified: `id`, no `_id`; raw: the contact as A2V2 answered.
		expect([items[0].json.id, items[0].json._id]).toEqual([ID1, undefined]);
		expect(items[1].json).toEqual(contact(ID2));
		expect([items[2].json.id, items[2].json._id]).toEqual([ID1, undefined]);
	});
});

describe('get, update, archive: both identifier kinds', () => {
	it.each([
		['external reference ID', byRef('USER 1'), '/contacts/USER%201/chatbots/agent-1'],
		['A2V2 ID', byId(ID1), `/contacts/mantisid/${ID1}/chatbots/agent-1`],
	])('gets a contact by %s', async (_kind, locator, path) => {
		nock(API)
			.get(path)
			.reply(200, { success: true, data: contact(ID1) });
		const { items } = await runNode({
			parameters: { resource: 'contact', operation: 'get', contact: locator },
			credentials,
		});
		expect(items).toEqual([{ json: SIMPLE, pairedItem: { item: 0 } }]);
	});

	it('gets a contact chosen from the list (its A2V2 ID)', async () => {
		nock(API)
			.get(`/contacts/mantisid/${ID1}/chatbots/agent-1`)
			.reply(200, { success: true, data: contact(ID1) });
		const { items } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'get',
				contact: { __rl: true, mode: 'list', value: ID1 },
			},
			credentials,
		});
		expect(items[0].json.id).toBe(ID1);
	});

	it.each([
		['external reference ID', byRef('USER_1'), '/contacts/USER_1/chatbots/agent-1'],
		['A2V2 ID', byId(ID1), `/contacts/mantisid/${ID1}/chatbots/agent-1`],
	])('updates only the fields given, by %s', async (_kind, locator, path) => {
		const scope = nock(API)
			.put(path, { lastName: 'Byron', customFields: { lifetime_value: 3 } })
			.reply(200, { success: true, data: contact(ID1, { lastName: 'Byron' }) });
		const { items, error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'update',
				contact: locator,
				contactFields: {
					mappingMode: 'defineBelow',
					value: {
						lastName: 'Byron',
						firstName: '',
						'customFields.lifetime_value': 3,
						primaryEmail: null,
					},
					matchingColumns: [],
					schema: await mapperSchema('getContactFieldsForUpdate'),
				},
			},
			credentials,
		});
		expect(error).toBeUndefined();
		scope.done();
		expect(items[0].json.lastName).toBe('Byron');
	});

	it.each([
		['external reference ID', byRef('USER_1'), '/contacts/USER_1/chatbots/agent-1/archive'],
		['A2V2 ID', byId(ID1), `/contacts/mantisid/${ID1}/chatbots/agent-1/archive`],
	])('archives by %s', async (_kind, locator, path) => {
		nock(API)
			.patch(path)
			.reply(200, {
				success: true,
				data: contact(ID1, { isArchived: true, archivedAt: '2026-02-01T00:00:00.000Z' }),
			});
		const { items } = await runNode({
			parameters: { resource: 'contact', operation: 'archive', contact: locator, simplify: false },
			credentials,
		});
		expect(items[0].json).toMatchObject({ _id: ID1, isArchived: true });
	});
});

describe('get many and get schema', () => {
	it('simplifies every contact of the list', async () => {
		nock(API)
			.get(`/contacts/chatbots/${AGENT}`)
			.query({ page: '1', limit: '2' })
			.reply(200, {
				success: true,
				data: [contact(ID1), contact(ID2)],
				pagination: {
					currentPage: 1,
					totalPages: 1,
					totalItems: 2,
					itemsPerPage: 2,
					hasNextPage: false,
					hasPreviousPage: false,
				},
			});
		const { items } = await runNode({
			parameters: { resource: 'contact', operation: 'getAll', limit: 2 },
			credentials,
		});
		expect(items.map((i) => i.json)).toEqual([
			SIMPLE,
			{ ...SIMPLE, id: ID2, externalReferenceId: 'REF-002' },
		]);
	});

	it('returns one item per schema field', async () => {
		nock(API)
			.get(`/contacts/schema/chatbots/${AGENT}`)
			.reply(200, { success: true, data: { fields: SCHEMA } });
		const { items } = await runNode({
			parameters: { resource: 'contact', operation: 'getSchema' },
			credentials,
		});
		expect(items.map((i) => i.json)).toEqual(SCHEMA);
	});
});

describe('create or update', () => {
	const upsert = (extra: object = {}) => ({
		resource: 'contact',
		operation: 'upsert',
		externalReferenceId: 'USER/9',
		fieldsMode: 'json',
		contactJson: '{"primaryEmail":"ada@example.com","firstName":"Ada"}',
		...extra,
	});
	const path = '/contacts/USER%2F9/chatbots/agent-1';

	it('updates the contact when it exists', async () => {
		const scope = nock(API)
			.get(path)
			.reply(200, { success: true, data: contact(ID1) })
			.put(path, { primaryEmail: 'ada@example.com', firstName: 'Ada' })
			.reply(200, { success: true, data: contact(ID1) });
		const { items, error } = await runNode({ parameters: upsert(), credentials });
		expect(error).toBeUndefined();
		scope.done();
		expect(items).toEqual([{ json: { result: 'updated', ...SIMPLE }, pairedItem: { item: 0 } }]);
	});

	it('creates the contact, with its external reference ID, when it does not exist', async () => {
		const scope = nock(API)
			.get(path)
			.reply(404, { success: false, message: 'Contact not found' })
			.post(`/contacts/chatbots/${AGENT}`, {
				primaryEmail: 'ada@example.com',
				firstName: 'Ada',
				externalReferenceId: 'USER/9',
			})
			.reply(201, { success: true, data: contact(ID1, { externalReferenceId: 'USER/9' }) });
		const { items } = await runNode({ parameters: upsert({ simplify: false }), credentials });
		scope.done();
		expect(items[0].json).toMatchObject({
			result: 'created',
			_id: ID1,
			externalReferenceId: 'USER/9',
		});
	});

	it('updates instead when the contact appeared in the meantime (409)', async () => {
		const scope = nock(API)
			.get(path)
			.reply(404, { success: false, message: 'Contact not found' })
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(409, { success: false, message: 'already exists' })
			.put(path)
			.reply(200, { success: true, data: contact(ID1) });
		const { items } = await runNode({ parameters: upsert(), credentials });
		scope.done();
		expect(items[0].json.result).toBe('updated');
	});

	it('needs primaryEmail only when it has to create', async () => {
		nock(API).get(path).reply(404, { success: false, message: 'Contact not found' });
		const { error } = await runNode({
			parameters: upsert({ contactJson: '{"firstName":"Ada"}' }),
			credentials,
		});
		expect(error?.message).toBe(
			'Contact (JSON) "primaryEmail": is required to create a contact [item 0]',
		);
	});

	it('follows Continue On Fail per item, keeping the pairing', async () => {
		nock(API)
			.get('/contacts/A/chatbots/agent-1')
			.reply(200, { success: true, data: contact(ID1) })
			.put('/contacts/A/chatbots/agent-1')
			.reply(200, { success: true, data: contact(ID1) });
		const { items, error } = await runNode({
			parameters: upsert({ externalReferenceId: '={{ $json.ref }}' }),
			credentials,
			items: [{ json: { ref: 'A' } }, { json: { ref: '' } }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0]).toMatchObject({ json: { result: 'updated' }, pairedItem: { item: 0 } });
		expect(items[1]).toMatchObject({
			json: { error: 'External Reference ID: is empty [item 1]' },
			pairedItem: { item: 1 },
		});
	});
});

describe('bad input is refused before any request, naming the parameter and the item', () => {
	const createJson = (body: unknown) => ({
		resource: 'contact',
		operation: 'create',
		fieldsMode: 'json',
		contactJson: typeof body === 'string' ? body : JSON.stringify(body),
	});

	it.each([
		[
			'a missing primaryEmail',
			createJson({ firstName: 'A' }),
			'Contact (JSON) "primaryEmail": is required to create a contact [item 0]',
		],
		[
			'an e-mail that is not one',
			createJson({ primaryEmail: 'ada(at)example' }),
			'Contact (JSON) "primaryEmail": "ada(at)example" is not an e-mail address [item 0]',
		],
		[
			'a date that is not one',
			createJson({ primaryEmail: 'a@b.co', dob: 'the day after' }),
			'Contact (JSON) "dob": "the day after" is not a date [item 0]',
		],
		[
			'a status outside the set',
			createJson({ primaryEmail: 'a@b.co', status: 'sleepy' }),
			'Contact (JSON) "status": "sleepy" is not one of active, inactive, blocked [item 0]',
		],
		[
			'customFields that is not an object',
			createJson({ primaryEmail: 'a@b.co', customFields: [1, 2] }),
			'Contact (JSON) "customFields": must be a JSON object, like {"key": "value"} [item 0]',
		],
		[
			'customFields JSON that does not parse',
			createJson({ primaryEmail: 'a@b.co', customFields: '{nope' }),
			/^Contact \(JSON\) "customFields": is not valid JSON/,
		],
		[
			'a body that is not an object',
			createJson('[1]'),
			'Contact (JSON): must be a JSON object, like {"key": "value"} [item 0]',
		],
		[
			'an empty external reference ID in the body',
			createJson({ primaryEmail: 'a@b.co', externalReferenceId: '  ' }),
			'Contact (JSON) "externalReferenceId": is empty [item 0]',
		],
		[
			'an A2V2 ID that is not 24 characters',
			{ resource: 'contact', operation: 'get', contact: byId('={{ "65f1c0ffee" }}') },
			'Contact (By A2V2 ID): "65f1c0ffee" is not an A2V2 contact ID (24 hexadecimal characters; this has 10) [item 0]',
		],
		[
			'an empty external reference ID',
			{ resource: 'contact', operation: 'archive', contact: byRef('={{ "" }}') },
			'Contact (By External Reference ID): is empty [item 0]',
		],
		[
			'an empty Create or Update key',
			{
				resource: 'contact',
				operation: 'upsert',
				externalReferenceId: ' ',
				fieldsMode: 'json',
				contactJson: '{}',
			},
			'External Reference ID: is empty [item 0]',
		],
	])('%s', async (_label, parameters, message) => {
		const { error } = await runNode({ parameters, credentials });
		if (typeof message === 'string') expect(error?.message).toBe(message);
		else expect(error?.message).toMatch(message);
	});

	it('stops a workflow whose fixed contact is empty or malformed before anything runs (n8n checks them)', async () => {
		const empty = await runNode({
			parameters: { resource: 'contact', operation: 'get', contact: byRef('') },
			credentials,
		});
		expect(empty.error?.message).toContain('Parameter "Contact" is required.');
		const short = await runNode({
			parameters: { resource: 'contact', operation: 'get', contact: byId('65f1c0ffee') },
			credentials,
		});
		expect(short.error?.message).toContain(
			'Contact (By A2V2 ID): an A2V2 contact ID has 24 hexadecimal characters',
		);
	});

	it('names the item: the second of three (the first is sent, the third never starts)', async () => {
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'a@b.co' })
			.reply(201, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
			},
			credentials,
			items: [
				{ json: { email: 'a@b.co' } },
				{ json: { email: 'nope' } },
				{ json: { email: 'c@d.co' } },
			],
		});
		expect(error?.message).toBe(
			'Contact (JSON) "primaryEmail": "nope" is not an e-mail address [item 1]',
		);
	});

	it('a failing item stops the node: the items under way finish, no later item starts', async () => {
		// Items start in their order (up to 32 at a time): when item 20 is refused, items 0-19
		// have started and finish; items 21-39 never start.
		const sent: string[] = [];
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.times(20)
			.reply((_uri, body) => {
				sent.push((body as { primaryEmail: string }).primaryEmail);
				return [201, { success: true, data: contact(ID1) }];
			});
		const { error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
			},
			credentials,
			items: Array.from({ length: 40 }, (_, i) => ({
				json: { email: i === 20 ? 'nope' : `c${i}@d.co` },
			})),
		});
		expect(error?.message).toBe(
			'Contact (JSON) "primaryEmail": "nope" is not an e-mail address [item 20]',
		);
		expect(sent.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}@d.co`).sort());
	});

	it('refuses an e-mail in the mapper that is not an e-mail', async () => {
		const schema = await mapperSchema();
		const { error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				contactFields: {
					mappingMode: 'defineBelow',
					value: { primaryEmail: 'nope' },
					matchingColumns: [],
					schema,
				},
			},
			credentials,
		});
		expect(error?.message).toBe(
			'Contact Fields "primaryEmail": "nope" is not an e-mail address [item 0]',
		);
	});
});
