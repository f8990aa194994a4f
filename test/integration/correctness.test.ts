/**
 * Data correctness against the local A2V2 server, which pages as a real paged API does (page n
 * of size `limit` starts at (n-1) x limit): lists return exactly the records asked for,
 * identifiers are used exactly as given, and a failed submission of Submit Many says why.
 */
import { runNode } from '../harness/engine';
import { type InputItem, type Parameters } from '../harness/nodeTypes';
import { useLocalServer } from './local';

import { FORM_TEMPLATES } from '../../local-server/server';

const local = useLocalServer();

const run = (parameters: Parameters, items?: InputItem[]) =>
	runNode({ parameters, credentials: local.credentials(), items });
const FEEDBACK = FORM_TEMPLATES[1]._id;
const ids = (items: Array<{ json: Record<string, unknown> }>, key = 'id') =>
	items.map((i) => i.json[key]);

describe('a Limit that is not a multiple of 100', () => {
	const LIMITS = [150, 250, 1, 99, 101];

	it.each(LIMITS)(
		'Contact → Get Many, Limit %i: exactly the first records, in order, ceil(N/100) requests',
		async (limit) => {
			const server = local.server();
			for (let i = 0; i < 300; i++)
				server.createContact({ primaryEmail: `paged${i}@example.com`, tags: ['paged'] });
			const expected = server
				.contacts()
				.filter((c) => c.tags?.includes('paged'))
				.reverse() // newest first, the list's default order
				.slice(0, limit)
				.map((c) => c._id);
			server.clearRequests();
			const { error, items } = await run({
				resource: 'contact',
				operation: 'getAll',
				returnAll: false,
				limit,
				filters: { tag: 'paged' },
			});
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual(expected);
			expect(server.requests({ method: 'GET', path: '/v1/open/contacts/chatbots' })).toHaveLength(
				Math.ceil(limit / 100),
			);
		},
	);

	it('File → Get Many, Limit 150 of 180 files: the first 150 by file name, each once', async () => {
		const server = local.server();
		const owner = server.contacts().find((c) => c.externalReferenceId === 'DEMO-003')!;
		for (let i = 0; i < 180; i++)
			server.createFile(owner._id, {
				fileName: `f-${String(i).padStart(3, '0')}.txt`,
				mimeType: 'text/plain',
				bytes: Buffer.from(`file ${i}`),
			});
		server.clearRequests();
		const { error, items } = await run({
			resource: 'file',
			operation: 'getAll',
			contact: { __rl: true, mode: 'id', value: owner._id },
			returnAll: false,
			limit: 150,
			sort: { sortBy: 'fileName', sortOrder: 'asc' },
		});
		expect(error).toBeUndefined();
		expect(ids(items, 'fileName')).toEqual(
			Array.from({ length: 150 }, (_, i) => `f-${String(i).padStart(3, '0')}.txt`),
		);
		expect(server.requests({ method: 'GET', path: /^\/v1\/open\/files\// })).toHaveLength(2);
	});

	it('Form → Get Many, Limit 150 of 160 submissions: the newest 150, each once', async () => {
		const server = local.server();
		const made = Array.from({ length: 160 }, (_, i) =>
			server.createSubmission('DEMO-004', FEEDBACK, { formData: { rating: i % 5 } }),
		);
		server.clearRequests();
		const { error, items } = await run({
			resource: 'form',
			operation: 'getAll',
			contactRef: 'DEMO-004',
			returnAll: false,
			limit: 150,
			filters: { includeSuperseded: true },
		});
		expect(error).toBeUndefined();
		expect(ids(items, 'id')).toEqual(
			made
				.reverse()
				.slice(0, 150)
				.map((s) => s._id),
		);
		expect(server.requests({ method: 'GET', path: /^\/v1\/open\/forms\/contacts\// })).toHaveLength(
			2,
		);
	});
});

describe('an identifier with spaces around it is used exactly as given', () => {
	beforeEach(() => {
		const server = local.server();
		// The record whose ID is the trimmed value: nothing may act on it.
		server.createContact({
			primaryEmail: 'sp@example.com',
			externalReferenceId: 'sp',
			firstName: 'Trimmed',
		});
		server.createContact({
			primaryEmail: 'spaced@example.com',
			externalReferenceId: ' sp ',
			firstName: 'Spaced',
		});
		server.clearRequests();
	});
	const spaced = { __rl: true, mode: 'externalReferenceId', value: ' sp ' };
	const trimmed = () =>
		local
			.server()
			.contacts()
			.find((c) => c.externalReferenceId === 'sp')!;
	const sentTo = () =>
		local
			.server()
			.requests()
			.map((r) => decodeURIComponent(r.path));

	it('Contact → Get', async () => {
		const { error, items } = await run({ resource: 'contact', operation: 'get', contact: spaced });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ firstName: 'Spaced', externalReferenceId: ' sp ' });
		expect(local.server().requests()[0].path).toContain('/contacts/%20sp%20/chatbots/');
	});

	it('Contact → Create or Update updates the contact named, never the trimmed one', async () => {
		const { error, items } = await run({
			resource: 'contact',
			operation: 'upsert',
			externalReferenceId: ' sp ',
			fieldsMode: 'json',
			contactJson: '{"lastName":"Updated"}',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			result: 'updated',
			firstName: 'Spaced',
			lastName: 'Updated',
		});
		expect(trimmed().lastName).toBeFalsy();
		expect(sentTo().every((p) => !p.includes('/contacts/sp/'))).toBe(true);
	});

	it('Contact → Create or Update creates a contact with the ID as given', async () => {
		const { error, items } = await run({
			resource: 'contact',
			operation: 'upsert',
			externalReferenceId: ' new ',
			fieldsMode: 'json',
			contactJson: '{"primaryEmail":"new@example.com"}',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ result: 'created', externalReferenceId: ' new ' });
	});

	it("File → Get Many lists the named contact's files", async () => {
		const server = local.server();
		const owner = server.contacts().find((c) => c.externalReferenceId === ' sp ')!;
		server.createFile(owner._id, {
			fileName: 'spaced.txt',
			mimeType: 'text/plain',
			bytes: Buffer.from('x'),
		});
		server.createFile(trimmed()._id, {
			fileName: 'trimmed.txt',
			mimeType: 'text/plain',
			bytes: Buffer.from('y'),
		});
		const { error, items } = await run({
			resource: 'file',
			operation: 'getAll',
			contact: spaced,
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(ids(items, 'fileName')).toEqual(['spaced.txt']);
	});

	it("Form → Submit and Get Many act on the named contact's forms", async () => {
		const submitted = await run({
			resource: 'form',
			operation: 'submit',
			template: { __rl: true, mode: 'id', value: FEEDBACK },
			contactRef: ' sp ',
			formDataMode: 'json',
			formDataJson: '{"rating":4}',
		});
		expect(submitted.error).toBeUndefined();
		const server = local.server();
		const owner = server.contacts().find((c) => c.externalReferenceId === ' sp ')!;
		expect(server.submissions().map((s) => s.contactId)).toEqual([owner._id]);
		const listed = await run({
			resource: 'form',
			operation: 'getAll',
			contactRef: ' sp ',
			returnAll: true,
		});
		expect(ids(listed.items, 'id')).toEqual([submitted.items[0].json.id]);
	});

	it('an all-blank identifier is refused before any request, naming the parameter and the item', async () => {
		const { error } = await run({
			resource: 'contact',
			operation: 'get',
			contact: { __rl: true, mode: 'externalReferenceId', value: '   ' },
		});
		expect(error?.message).toBe('Contact (By External Reference ID): is empty [item 0]');
		expect(local.server().requests()).toHaveLength(0);
	});

	it('an A2V2 ID with spaces around it is refused, not trimmed', async () => {
		const id = trimmed()._id;
		const { error } = await run({
			resource: 'contact',
			operation: 'get',
			contact: { __rl: true, mode: 'id', value: ` ${id}` },
		});
		// n8n checks the locator's own pattern before the node runs.
		expect(error?.message).toContain(
			'Contact (By A2V2 ID): an A2V2 contact ID has 24 hexadecimal characters',
		);
		expect(local.server().requests()).toHaveLength(0);
	});
});

describe('a failed submission of Submit Many says why', () => {
	const submitMany = (ratings: unknown[]) =>
		run(
			{
				resource: 'form',
				operation: 'submitMany',
				template: { __rl: true, mode: 'id', value: FEEDBACK },
				contactRef: 'DEMO-001',
				formDataMode: 'json',
				formDataJson: '={{ JSON.stringify({ rating: $json.rating }) }}',
			},
			ratings.map((rating) => ({ json: { rating } })),
		);

	afterEach(() => local.server().reset({ batchResults: 'nested' }));

	it.each(['nested', 'flat'])(
		'with results %s: the failed item names the field and the problem',
		async (shape) => {
			local.server().reset({ batchResults: shape });
			const { error, items } = await submitMany([5, 'five', 3]);
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.success)).toEqual([true, false, true]);
			expect(items[1].json).toEqual({
				success: false,
				error: 'Validation failed: formData.rating: rating must be a number',
				errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
			});
			expect(items[0].json).toMatchObject({ success: true, formData: { rating: 5 } });
			expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		},
	);

	it('a whole batch refused with 400 gives each item its own message', async () => {
		const { error, items } = await submitMany(['five', 'six']);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{
				success: false,
				error: 'Validation failed: formData.rating: rating must be a number',
				errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
			},
			{
				success: false,
				error: 'Validation failed: formData.rating: rating must be a number',
				errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
			},
		]);
	});
});

describe('one wording for a refused identifier', () => {
	it.each([
		[
			{
				resource: 'contact',
				operation: 'get',
				contact: { __rl: true, mode: 'externalReferenceId', value: '..' },
			},
			'Contact (By External Reference ID)',
		],
		[
			{
				resource: 'contact',
				operation: 'upsert',
				externalReferenceId: '..',
				fieldsMode: 'json',
				contactJson: '{}',
			},
			'External Reference ID',
		],
		[
			{ resource: 'form', operation: 'getAll', contactRef: '..', returnAll: true },
			'Contact External Reference ID',
		],
		[
			{
				resource: 'form',
				operation: 'submitMany',
				template: { __rl: true, mode: 'id', value: FEEDBACK },
				contactRef: '..',
				formDataMode: 'json',
				formDataJson: '{"rating":1}',
			},
			'Contact External Reference ID',
		],
		[
			{
				resource: 'file',
				operation: 'get',
				contact: { __rl: true, mode: 'id', value: '65f1c0ffee0ddba11dead001' },
				fileId: '.',
			},
			'File ID',
		],
	])('%#: "<parameter>: cannot be ..." before any request', async (parameters, parameter) => {
		local.server().clearRequests();
		const { error } = await run(parameters as Parameters);
		const dots = (parameters as { fileId?: string }).fileId ?? '..';
		expect(error?.message).toBe(
			`${parameter}: cannot be "${dots}" (a dot segment would address another endpoint) [item 0]`,
		);
		expect(local.server().requests()).toHaveLength(0);
	});
});
