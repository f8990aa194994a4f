/**
 * With Continue On Fail, an error item says why in its JSON, for coded and declarative operations
 * alike: the message, and under `details` the HTTP status, the API's own message and its field
 * errors; never the key or secret. The items around it succeed, each paired with its input; with
 * the error output, the failed items go there, their details kept.
 */
import nock from 'nock';

import { runNode } from '../harness/engine';
import { AGENT, allText, API, contact, credentials, ID1, KEY, SECRET, setupNock } from './helpers';

setupNock();

const creates = {
	resource: 'contact',
	operation: 'create',
	fieldsMode: 'json',
	contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
};
const emails = (...list: string[]) => list.map((email) => ({ json: { email } }));

it('a 400 with field errors (a coded operation): the field and its message in the item', async () => {
	nock(API)
		.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'a@ok.example' })
		.reply(201, { success: true, data: contact(ID1, { primaryEmail: 'a@ok.example' }) })
		.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'b@blocked.example' })
		.reply(400, {
			success: false,
			message: 'Validation failed',
			errors: [{ field: 'primaryEmail', message: 'primaryEmail domain is blocked for this agent' }],
		});
	const { items, error } = await runNode({
		parameters: creates,
		items: emails('a@ok.example', 'b@blocked.example'),
		credentials,
		continueOnFail: true,
	});
	expect(error).toBeUndefined();
	expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(items[1].json).toEqual({
		error: 'A2V2 rejected the request: Validation failed [item 1]',
		details: {
			httpCode: 400,
			apiMessage: 'Validation failed',
			fieldErrors: [
				{ field: 'primaryEmail', message: 'primaryEmail domain is blocked for this agent' },
			],
		},
	});
});

it('a 404 (a declarative operation): the identifier used, the status and the message', async () => {
	nock(API)
		.get(`/contacts/NOPE/chatbots/${AGENT}`)
		.reply(404, { success: false, message: 'Contact not found' });
	const { items } = await runNode({
		parameters: {
			resource: 'contact',
			operation: 'get',
			contact: { __rl: true, mode: 'externalReferenceId', value: 'NOPE' },
		},
		credentials,
		continueOnFail: true,
	});
	expect(items).toEqual([
		expect.objectContaining({
			json: {
				error: 'Not found: contact with external reference ID "NOPE" [item 0]',
				details: { httpCode: 404, apiMessage: 'Contact not found' },
			},
			pairedItem: { item: 0 },
		}),
	]);
});

it('a 409: a duplicate, with what the API said', async () => {
	nock(API)
		.post(`/contacts/chatbots/${AGENT}`)
		.reply(409, { success: false, message: 'externalReferenceId "R-1" is already used' });
	const { items } = await runNode({
		parameters: creates,
		items: emails('a@ok.example'),
		credentials,
		continueOnFail: true,
	});
	expect(items[0].json).toEqual({
		error: 'Duplicate: externalReferenceId "R-1" is already used [item 0]',
		details: { httpCode: 409, apiMessage: 'externalReferenceId "R-1" is already used' },
	});
});

it('a 429 that ran out of waiting: the rate limit, and never the key or secret', async () => {
	nock(API)
		.get(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
		.reply(
			429,
			{ success: false, message: `Rate limit exceeded for ${KEY}` },
			{ 'Retry-After': '60' },
		);
	const { items } = await runNode({
		parameters: {
			resource: 'contact',
			operation: 'get',
			contact: { __rl: true, mode: 'id', value: ID1 },
			requestOptions: { maxRateLimitWait: 1 },
		},
		credentials,
		continueOnFail: true,
	});
	expect(items[0].json).toEqual({
		error: 'The A2V2 rate limit of this API key is still exceeded [item 0]',
		details: { httpCode: 429, apiMessage: 'Rate limit exceeded for [redacted]' },
	});
	expect(allText(items)).not.toContain(KEY);
	expect(allText(items)).not.toContain(SECRET);
});

it('bad input refused before any request: the parameter and the item, no status', async () => {
	const { items } = await runNode({
		parameters: creates,
		items: emails('not an e-mail'),
		credentials,
		continueOnFail: true,
	});
	expect(items[0].json).toEqual({
		error: 'Contact (JSON) "primaryEmail": "not an e-mail" is not an e-mail address [item 0]',
	});
});

it('with the error output, the failed items go there with their details, the others stay', async () => {
	nock(API)
		.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'a@ok.example' })
		.reply(201, { success: true, data: contact(ID1, { primaryEmail: 'a@ok.example' }) })
		.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'b@blocked.example' })
		.reply(400, {
			success: false,
			message: 'Validation failed',
			errors: [{ field: 'primaryEmail', message: 'blocked' }],
		});
	const { items, errorItems, error } = await runNode({
		parameters: creates,
		items: emails('a@ok.example', 'b@blocked.example'),
		credentials,
		errorOutput: true,
	});
	expect(error).toBeUndefined();
	expect(items.map((i) => i.json.primaryEmail)).toEqual(['a@ok.example']);
	expect(errorItems).toHaveLength(1);
	expect(errorItems[0].json).toMatchObject({
		error: 'A2V2 rejected the request: Validation failed [item 1]',
		details: { httpCode: 400, fieldErrors: [{ field: 'primaryEmail', message: 'blocked' }] },
	});
});
