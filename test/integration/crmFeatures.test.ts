/**
 * What the best CRM nodes have, against the local A2V2 server: error items that say why, the
 * output users choose, Create or Update by e-mail among near-matches and archived contacts, the
 * trigger starting from a date, extraction that flags what needs review, and Retry On Fail that
 * doubles nothing.
 */
import { makePdf } from '../../local-server/documents';
import { loadOptions } from '../harness/editor';
import { runNode } from '../harness/engine';
import { pollHarness } from '../harness/poll';
import { useLocalServer } from './local';

const local = useLocalServer();

const createJson = { resource: 'contact', operation: 'create', fieldsMode: 'json' };

it('error items carry the status, the message and the field errors: 400, 404, 409, 429', async () => {
	const server = local.server();
	server.createContact({ primaryEmail: 'taken@example.com', externalReferenceId: 'TAKEN' });
	const invalid = await runNode({
		// The node checks what it knows; the agent's schema says a Lifetime Value is a number.
		parameters: {
			...createJson,
			contactJson: '{"primaryEmail":"x@example.com","customFields":{"lifetime_value":"lots"}}',
		},
		credentials: local.credentials(),
		continueOnFail: true,
	});
	expect(invalid.items[0].json).toEqual({
		error: expect.stringMatching(/^A2V2 rejected the request: .* \[item 0\]$/),
		details: expect.objectContaining({
			httpCode: 400,
			fieldErrors: [expect.objectContaining({ field: 'customFields.lifetime_value' })],
		}),
	});
	const missing = await runNode({
		parameters: {
			resource: 'contact',
			operation: 'get',
			contact: { __rl: true, mode: 'externalReferenceId', value: 'NOBODY' },
		},
		credentials: local.credentials(),
		continueOnFail: true,
	});
	expect(missing.items[0].json).toMatchObject({
		error: 'Not found: contact with external reference ID "NOBODY" [item 0]',
		details: { httpCode: 404 },
	});
	const duplicate = await runNode({
		parameters: {
			...createJson,
			contactJson: '{"primaryEmail":"again@example.com","externalReferenceId":"TAKEN"}',
		},
		credentials: local.credentials(),
		continueOnFail: true,
	});
	expect(duplicate.items[0].json).toMatchObject({
		error: expect.stringMatching(/^Duplicate: /),
		details: { httpCode: 409 },
	});
	server.addKey({
		key: 'tiny-key',
		secret: 'tiny-secret',
		scopes: { contacts: ['read'] },
		perMinute: 1,
	});
	const get = {
		resource: 'contact',
		operation: 'get',
		contact: { __rl: true, mode: 'externalReferenceId', value: 'TAKEN' },
		requestOptions: { maxRateLimitWait: 0 },
	};
	await runNode({ parameters: get, credentials: local.credentials('tiny') });
	const limited = await runNode({
		parameters: get,
		credentials: local.credentials('tiny'),
		continueOnFail: true,
	});
	expect(limited.items[0].json).toMatchObject({
		error: 'The A2V2 rate limit of this API key is still exceeded [item 0]',
		details: { httpCode: 429 },
	});
});

describe('Create or Update by e-mail', () => {
	const upsert = (email: string) => ({
		resource: 'contact',
		operation: 'upsert',
		matchOn: 'primaryEmail',
		matchEmail: email,
		fieldsMode: 'json',
		contactJson: '{"lastName":"Matched"}',
	});

	it('updates ann@x.com, never joann@x.com; an archived ann does not count', async () => {
		const server = local.server();
		const joann = server.createContact({ primaryEmail: 'joann@x.com' });
		const ann = server.createContact({ primaryEmail: 'Ann@X.com' });
		const { items } = await runNode({
			parameters: upsert('ann@x.com'),
			credentials: local.credentials(),
		});
		expect(items[0].json).toMatchObject({ result: 'updated', id: ann._id, lastName: 'Matched' });
		const after = server.contacts();
		expect(after.find((c) => c._id === joann._id)?.lastName).not.toBe('Matched');

		// Archived, Ann is out of the list: the next upsert by her e-mail creates a contact.
		await runNode({
			parameters: {
				resource: 'contact',
				operation: 'archive',
				contact: { __rl: true, mode: 'id', value: ann._id },
			},
			credentials: local.credentials(),
		});
		const again = await runNode({
			parameters: upsert('ann@x.com'),
			credentials: local.credentials(),
		});
		expect(again.items[0].json).toMatchObject({ result: 'created', primaryEmail: 'ann@x.com' });
	});

	it('two contacts with the e-mail: an error naming both, nothing written', async () => {
		const server = local.server();
		const a = server.createContact({ primaryEmail: 'twin@x.com' });
		const b = server.createContact({ primaryEmail: 'TWIN@x.com' });
		const { error } = await runNode({
			parameters: upsert('twin@x.com'),
			credentials: local.credentials(),
		});
		expect(error?.message).toContain(`"${a._id}"`);
		expect(error?.message).toContain(`"${b._id}"`);
		expect(server.contacts().filter((c) => c.lastName === 'Matched')).toEqual([]);
	});
});

it('the trigger starts from a date: the contacts since it, each once, then what arrives', async () => {
	const server = local.server();
	const base = Date.parse('2099-03-01T00:00:00.000Z');
	const stamp = (s: number) => new Date(base + s * 1000).toISOString();
	for (let i = 0; i < 250; i++)
		server.createContact({ primaryEmail: `old${i}@x.com` }, undefined, stamp(i));
	const recent = Array.from({ length: 250 }, (_, i) =>
		server.createContact({ primaryEmail: `new${i}@x.com` }, undefined, stamp(1000 + i)),
	);
	const trigger = pollHarness({
		parameters: { event: 'newContact', simplify: true, options: { startFrom: stamp(1000) } },
		credentials: local.credentials(),
	});
	const first = await trigger.poll();
	expect((first ?? []).map((i) => i.json.id)).toEqual(recent.map((c) => c._id));
	const later = server.createContact({ primaryEmail: 'later@x.com' }, undefined, stamp(2000));
	expect((await trigger.poll())?.map((i) => i.json.id)).toEqual([later._id]);
	expect(await trigger.poll()).toBeNull();
});

it('extraction flags an invoice whose total it is unsure of, not a clear one', async () => {
	const pdf = (total: string) =>
		makePdf(['Invoice Number: INV-1', 'Vendor Email: a@vendor.example', `Total Amount: ${total}`]);
	const file = (bytes: Buffer) => ({
		data: bytes.toString('base64'),
		mimeType: 'application/pdf',
		fileName: 'invoice.pdf',
	});
	const { items } = await runNode({
		parameters: {
			resource: 'documentExtraction',
			operation: 'extract',
			schemaFields: {
				field: [
					{ name: 'invoiceNumber', type: 'string', required: true },
					{ name: 'vendorEmail', type: 'email', required: true },
					{ name: 'totalAmount', type: 'number', required: false },
				],
			},
			extractOptions: { minimumConfidence: 0.8 },
		},
		credentials: local.credentials(),
		items: [
			{ json: {}, binary: { data: file(pdf('12.50')) } },
			{ json: {}, binary: { data: file(pdf('99.00 (?)')) } },
		],
	});
	expect(items.map((i) => [i.json.needsReview, i.json.lowConfidenceFields])).toEqual([
		[false, []],
		[true, ['totalAmount']],
	]);
});

it('Retry On Fail: a create refused once part way, each contact exists once, output in order', async () => {
	const server = local.server();
	server.addFault({ method: 'POST', path: '/contacts/chatbots/', after: 7, status: 400 });
	const emails = Array.from({ length: 20 }, (_, i) => `retry${i}@x.com`);
	const { items, error } = await runNode({
		parameters: {
			...createJson,
			contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
		},
		credentials: local.credentials(),
		items: emails.map((email) => ({ json: { email } })),
		tries: 2,
	});
	expect(error).toBeUndefined();
	expect(items.map((i) => i.json.primaryEmail)).toEqual(emails);
	const stored = server.contacts().filter((c) => String(c.primaryEmail).startsWith('retry'));
	expect(stored.map((c) => c.primaryEmail).sort()).toEqual([...emails].sort());
});

it("Output: Selected Fields from the agent's schema, custom ones included; files simplified", async () => {
	const server = local.server();
	const stored = server.createContact({
		primaryEmail: 'output@x.com',
		firstName: 'Olga',
		customFields: { membership_level: 'Gold', lifetime_value: 12 },
	});
	const offered = await loadOptions('getContactOutputFields', {
		parameters: { resource: 'contact', operation: 'get', output: 'selected' },
		credentials: local.credentials(),
	});
	expect(offered.map((o) => o.value)).toEqual(
		expect.arrayContaining(['firstName', 'customFields.membership_level']),
	);
	const contact = { __rl: true, mode: 'id', value: stored._id };
	const { items } = await runNode({
		parameters: {
			resource: 'contact',
			operation: 'get',
			contact,
			output: 'selected',
			outputFields: [
				'firstName',
				'customFields.membership_level',
				'customFields.newsletter_opt_in',
			],
		},
		credentials: local.credentials(),
	});
	expect(items[0].json).toEqual({
		id: stored._id,
		firstName: 'Olga',
		customFields: { membership_level: 'Gold', newsletter_opt_in: null },
	});
	const upload = await runNode({
		parameters: { resource: 'file', operation: 'upload', contact, binaryPropertyName: 'data' },
		credentials: local.credentials(),
		items: [
			{
				json: {},
				binary: {
					data: {
						data: Buffer.from('hello').toString('base64'),
						mimeType: 'text/plain',
						fileName: 'hello.txt',
					},
				},
			},
		],
	});
	expect(upload.items[0].json).toEqual({
		id: server.files().find((f) => f.contactId === stored._id)?._id,
		fileName: 'hello.txt',
		mimeType: 'text/plain',
		fileSize: 5,
		createdAt: expect.any(String),
	});
});
