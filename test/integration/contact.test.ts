/** The Contact resource against the local A2V2 server. */
import { resourceMapping } from '../harness/editor';
import { runNode } from '../harness/engine';
import { type InputItem, type Parameters } from '../harness/nodeTypes';
import { useLocalServer } from './local';
import type { IDataObject } from 'n8n-workflow';

const local = useLocalServer();

const run = (parameters: Parameters, items?: InputItem[]) =>
	runNode({
		parameters: { resource: 'contact', ...parameters },
		credentials: local.credentials(),
		items,
	});

async function schema() {
	return (
		await resourceMapping('getContactFields', {
			parameters: { resource: 'contact', operation: 'create' },
			credentials: local.credentials(),
		})
	).fields;
}

it('creates a contact from the mapper with custom fields, then gets it by both identifiers', async () => {
	const fields = await schema();
	expect(fields.map((f) => f.id)).toContain('customFields.membership_level');
	const created = await run({
		operation: 'create',
		contactFields: {
			mappingMode: 'defineBelow',
			value: {
				primaryEmail: 'marie@example.com',
				firstName: 'Marie',
				lastName: 'Curie',
				externalReferenceId: 'MC-1867',
				tags: 'science, VIP',
				'customFields.membership_level': 'Gold',
				'customFields.lifetime_value': '1903',
				'customFields.newsletter_opt_in': 'true',
			},
			matchingColumns: [],
			schema: fields,
		},
		output: 'raw',
	});
	expect(created.error).toBeUndefined();
	const c = created.items[0].json;
	expect(c).toMatchObject({
		primaryEmail: 'marie@example.com',
		tags: ['science', 'VIP'],
		customFields: { membership_level: 'Gold', lifetime_value: 1903, newsletter_opt_in: true },
	});

	const byRef = await run({
		operation: 'get',
		contact: { __rl: true, mode: 'externalReferenceId', value: 'MC-1867' },
	});
	expect(byRef.items[0].json).toMatchObject({ id: c._id, lastName: 'Curie' });
	const byId = await run({ operation: 'get', contact: { __rl: true, mode: 'id', value: c._id } });
	expect(byId.items[0].json.externalReferenceId).toBe('MC-1867');
});

it('updates only the fields given', async () => {
	const before = local
		.server()
		.contacts()
		.find((c) => c.externalReferenceId === 'DEMO-005')!;
	const { error } = await run({
		operation: 'update',
		contact: { __rl: true, mode: 'externalReferenceId', value: 'DEMO-005' },
		fieldsMode: 'json',
		contactJson: '{"lastName":"Changed","customFields":{"acquisition_source":"Referral"}}',
	});
	expect(error).toBeUndefined();
	const after = local
		.server()
		.contacts()
		.find((c) => c.externalReferenceId === 'DEMO-005')!;
	expect(after).toMatchObject({
		firstName: before.firstName,
		lastName: 'Changed',
		primaryEmail: before.primaryEmail,
	});
	expect(after.customFields).toEqual({ ...before.customFields, acquisition_source: 'Referral' });
});

it('create or update: creates the first time, updates the second', async () => {
	const parameters = {
		operation: 'upsert',
		externalReferenceId: 'UPSERT-1',
		fieldsMode: 'json',
		contactJson: '={{ JSON.stringify({ primaryEmail: "up@example.com", firstName: $json.name }) }}',
	};
	const first = await run(parameters, [{ json: { name: 'First' } }]);
	expect(first.items[0].json).toMatchObject({
		result: 'created',
		externalReferenceId: 'UPSERT-1',
		firstName: 'First',
	});
	const second = await run(parameters, [{ json: { name: 'Second' } }]);
	expect(second.items[0].json).toMatchObject({
		result: 'updated',
		firstName: 'Second',
		id: first.items[0].json.id,
	});
	expect(
		local
			.server()
			.contacts()
			.filter((c) => c.externalReferenceId === 'UPSERT-1'),
	).toHaveLength(1);
});

describe('get many', () => {
	const getAll = (extra: Parameters) => run({ operation: 'getAll', returnAll: true, ...extra });

	it.each([
		[
			'search',
			{ search: 'hopper' },
			(c: IDataObject) => /hopper/i.test(`${c.lastName} ${c.primaryEmail}`),
		],
		['status', { status: 'inactive' }, (c: IDataObject) => c.status === 'inactive'],
		['tag', { tag: 'VIP' }, (c: IDataObject) => (c.tags as string[]).includes('VIP')],
	])('filters by %s', async (_name, filters, holds) => {
		const { items } = await getAll({ filters });
		const expected = local
			.server()
			.contacts()
			.filter((c) => !c.isArchived && holds(c as IDataObject));
		expect(items.length).toBe(expected.length);
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => holds(i.json))).toBe(true);
	});

	it.each([
		['firstName', 'asc'],
		['lastName', 'desc'],
		['primaryEmail', 'asc'],
		['createdAt', 'asc'],
		['updatedAt', 'desc'],
	])('sorts by %s %s', async (sortBy, sortOrder) => {
		const { items } = await getAll({ sort: { sortBy, sortOrder }, output: 'raw' });
		const values = items.map((i) => String(i.json[sortBy]));
		const sorted = [...values].sort();
		expect(values).toEqual(sortOrder === 'asc' ? sorted : sorted.reverse());
	});

	it('Return All over 250 contacts makes exactly 3 list requests', async () => {
		const server = local.server();
		server.reset({ seed: false });
		server.addKey({
			key: 'demo-full-key',
			secret: 'demo-full-secret',
			scopes: { contacts: ['create', 'read'] },
			perMinute: 1000,
			perHour: 10000,
		});
		for (let i = 0; i < 250; i++)
			server.createContact({ primaryEmail: `bulk${i}@example.com`, tags: ['bulk'] });
		server.clearRequests();
		const { items } = await getAll({ filters: { tag: 'bulk' } });
		expect(items).toHaveLength(250);
		expect(new Set(items.map((i) => i.json.id)).size).toBe(250);
		const requests = server.requests({ method: 'GET', path: '/v1/open/contacts/chatbots' });
		expect(requests.map((r) => r.query)).toEqual([
			{ tag: 'bulk', page: '1', limit: '100' },
			{ tag: 'bulk', page: '2', limit: '100' },
			{ tag: 'bulk', page: '3', limit: '100' },
		]);
		server.reset({ seed: true });
	});
});

it('archives a contact, which leaves the list', async () => {
	const before = await run({
		operation: 'getAll',
		returnAll: true,
		filters: { search: 'DEMO-007' },
	});
	expect(before.items).toHaveLength(1);
	const archived = await run({
		operation: 'archive',
		contact: { __rl: true, mode: 'externalReferenceId', value: 'DEMO-007' },
		output: 'raw',
	});
	expect(archived.items[0].json.isArchived).toBe(true);
	const after = await run({
		operation: 'getAll',
		returnAll: true,
		filters: { search: 'DEMO-007' },
	});
	expect(after.items).toHaveLength(0);
});

it('reports a duplicate external reference ID clearly', async () => {
	const { error } = await run({
		operation: 'create',
		fieldsMode: 'json',
		contactJson: '{"primaryEmail":"x@example.com","externalReferenceId":"DEMO-001"}',
	});
	expect(error?.message).toBe(
		'Duplicate: A contact with externalReferenceId "DEMO-001" already exists [item 0]',
	);
});

it('reports the missing permission of a read-only key', async () => {
	const { error } = await runNode({
		parameters: {
			resource: 'contact',
			operation: 'create',
			fieldsMode: 'json',
			contactJson: '{"primaryEmail":"x@example.com"}',
		},
		credentials: local.credentials('demo-readonly'),
	});
	expect(error?.message).toBe('The A2V2 API key lacks Contact Access: create [item 0]');
});
