/**
 * Identifiers in URL paths: each encoded as exactly one segment, sent exactly as given, or refused before any request, proven through n8n's real execution engine against nock.
 */
import nock from 'nock';
import { runNode } from '../harness/engine';
import {
	AGENT,
	API,
	API_HOST,
	contact,
	credentials,
	getById,
	getByRef,
	ID1,
	setupNock,
} from './helpers';

setupNock();

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
