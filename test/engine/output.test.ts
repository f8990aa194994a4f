/**
 * The output users choose (version 2 of the node): Simplified (the default), Raw, or Selected
 * Fields, for contacts, files and form submissions, coded and declarative operations alike; a
 * field that cannot exist is refused before any request; version 1 keeps its Simplify switch.
 */
import nock from 'nock';

import { loadOptions } from '../harness/editor';
import { runNode } from '../harness/engine';
import { AGENT, API, byRef, contact, credentials, ID1, SCHEMA, setupNock, SIMPLE } from './helpers';

setupNock();

const getContact = (extra: object = {}) => ({
	resource: 'contact',
	operation: 'get',
	contact: byRef('REF-001'),
	...extra,
});
const answerContact = () =>
	nock(API)
		.get(`/contacts/REF-001/chatbots/${AGENT}`)
		.reply(200, { success: true, data: contact(ID1) });

describe('contacts', () => {
	it('version 2 gives the Simplified output by default', async () => {
		answerContact();
		const { items } = await runNode({ parameters: getContact(), credentials });
		expect(items[0].json).toEqual(SIMPLE);
	});

	it('Raw gives the API object', async () => {
		answerContact();
		const { items } = await runNode({
			parameters: getContact({ output: 'raw' }),
			credentials,
		});
		expect(items[0].json).toEqual(contact(ID1));
	});

	it('Selected Fields gives the ID and the fields listed, custom ones nested', async () => {
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(201, { success: true, data: contact(ID1) });
		const { items } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: '{"primaryEmail":"ada@example.com"}',
				output: 'selected',
				outputFields: ['firstName', 'customFields.membership_level', 'customFields.missing'],
			},
			credentials,
		});
		expect(items[0].json).toEqual({
			id: ID1,
			firstName: 'Ada',
			customFields: { membership_level: 'Gold', missing: null },
		});
	});

	it('a malformed field path is refused before any request, naming it', async () => {
		const { error } = await runNode({
			parameters: getContact({ output: 'selected', outputFields: ['firstName', 'customFields.'] }),
			credentials,
		});
		expect(error?.message).toBe('Fields: "customFields." is not a field name [item 0]');
	});

	it('a field a contact does not have is refused before any request, naming it', async () => {
		// No interceptor: a request would fail the run with another error.
		const { error } = await runNode({
			parameters: getContact({
				output: 'selected',
				outputFields: '={{ ["firstName", "shoeSize", "acquisition_source"] }}',
			}),
			credentials,
		});
		expect(error?.message).toBe(
			'Fields: "shoeSize", "acquisition_source" are not fields of a contact [item 0]',
		);
		expect(error?.description).toContain('a custom field is customFields.<key>');
	});

	it('a path into a field that is not an object is refused', async () => {
		const { error } = await runNode({
			parameters: getContact({ output: 'selected', outputFields: ['firstName.initial'] }),
			credentials,
		});
		expect(error?.message).toBe('Fields: "firstName.initial" is not a field of a contact [item 0]');
	});

	it('version 1 keeps Simplify: on by default, off gives the raw contact', async () => {
		answerContact();
		expect(
			(await runNode({ parameters: getContact(), credentials, typeVersion: 1 })).items[0].json,
		).toEqual(SIMPLE);
		answerContact();
		const raw = await runNode({
			parameters: getContact({ simplify: false }),
			credentials,
			typeVersion: 1,
		});
		expect(raw.items[0].json).toEqual(contact(ID1));
	});

	it("offers the agent's contact fields to choose from, custom ones under customFields", async () => {
		nock(API)
			.get(`/contacts/schema/chatbots/${AGENT}`)
			.reply(200, { success: true, data: { fields: SCHEMA } });
		const options = await loadOptions('getContactOutputFields', {
			parameters: getContact({ output: 'selected' }),
			credentials,
		});
		expect(options.map((o) => o.value)).toEqual(
			expect.arrayContaining(['primaryEmail', 'createdAt', 'customFields.lifetime_value']),
		);
	});
});

describe('files and form submissions', () => {
	const file = {
		_id: 'f-1',
		fileName: 'a.pdf',
		mimeType: 'application/pdf',
		fileSize: 12,
		createdAt: '2026-01-01T00:00:00.000Z',
		storageKey: 'internal/abc',
	};

	it('a file: Simplified by default in version 2, raw in version 1', async () => {
		const files = () =>
			nock(API)
				.get(`/files/chatbots/${AGENT}/${ID1}/files/f-1`)
				.reply(200, { success: true, data: file });
		const parameters = {
			resource: 'file',
			operation: 'get',
			contact: { __rl: true, mode: 'id', value: ID1 },
			fileId: 'f-1',
		};
		files();
		const v2 = await runNode({ parameters, credentials });
		expect(v2.items[0].json).toEqual({
			id: 'f-1',
			fileName: 'a.pdf',
			mimeType: 'application/pdf',
			fileSize: 12,
			createdAt: '2026-01-01T00:00:00.000Z',
		});
		files();
		expect((await runNode({ parameters, credentials, typeVersion: 1 })).items[0].json).toEqual(
			file,
		);
	});

	it('submissions: Selected Fields reach into the form data', async () => {
		nock(API)
			.get(`/forms/contacts/REF-1/chatbots/${AGENT}`)
			.query(true)
			.reply(200, {
				success: true,
				data: [
					{
						_id: 's-1',
						templateId: 't-1',
						formData: { rating: 5, comment: 'ok' },
						status: 'submitted',
					},
				],
				pagination: { hasNextPage: false },
			});
		const { items } = await runNode({
			parameters: {
				resource: 'form',
				operation: 'getAll',
				contactRef: 'REF-1',
				output: 'selected',
				outputFields: '={{ ["status", "formData.rating"] }}',
			},
			credentials,
		});
		expect(items[0].json).toEqual({ id: 's-1', status: 'submitted', formData: { rating: 5 } });
	});

	it('a field a file does not have is refused before any request', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'get',
				contact: { __rl: true, mode: 'id', value: ID1 },
				fileId: 'f-1',
				output: 'selected',
				outputFields: '={{ ["fileName", "rating"] }}',
			},
			credentials,
		});
		expect(error?.message).toBe('Fields: "rating" is not a field of a file [item 0]');
	});
});
