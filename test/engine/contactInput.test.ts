/** Contact Create or Update, and bad contact input refused before any request. */
import nock from 'nock';

import { runNode } from '../harness/engine';
import {
	AGENT,
	API,
	byId,
	byRef,
	contact,
	credentials,
	ID1,
	mapperSchema,
	setupNock,
	SIMPLE,
} from './helpers';

setupNock();

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
		const { items } = await runNode({ parameters: upsert({ output: 'raw' }), credentials });
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
