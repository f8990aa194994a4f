/** Contact resource: every operation's exact request and output, and the loaders. */
import nock from 'nock';

import { listSearch, resourceMapping } from '../harness/editor';
import { runNode } from '../harness/engine';
import {
	AGENT,
	API,
	byId,
	byRef,
	contact,
	credentials,
	ID1,
	ID2,
	mapperSchema,
	SCHEMA,
	setupNock,
	SIMPLE,
} from './helpers';

setupNock();

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
			{ name: 'Inactive', value: 'inactive' },
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

	it('sends a JSON body as given, and returns the raw contact with Output Raw', async () => {
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
				output: 'raw',
			},
			credentials,
		});
		expect(items[0].json).toEqual(contact(ID1));
	});

	it('resolves a parameter with an expression for each item, one without it the same for all', async () => {
		// The node reads a parameter without an expression once per run: one that has one (here
		// Output, from each item) must still be resolved per item.
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
				output: "={{ $json.simple ? 'simplified' : 'raw' }}",
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
			parameters: { resource: 'contact', operation: 'archive', contact: locator, output: 'raw' },
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
