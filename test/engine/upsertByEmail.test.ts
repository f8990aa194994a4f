/**
 * Contact Create or Update matched on the primary e-mail: one search page (every candidate's
 * e-mail checked, not case-sensitive), then the update of the one match by its A2V2 ID, or a
 * create; two matches are an error naming them, nothing written; a value that is not an e-mail is
 * refused before any request.
 */
import nock from 'nock';

import { runNode } from '../harness/engine';
import { AGENT, API, contact, credentials, ID1, ID2, setupNock } from './helpers';

setupNock();

const LIST = `/contacts/chatbots/${AGENT}`;
const upsert = (email: string, fields: object = { firstName: 'Ann' }) => ({
	resource: 'contact',
	operation: 'upsert',
	matchOn: 'primaryEmail',
	matchEmail: email,
	fieldsMode: 'json',
	contactJson: JSON.stringify(fields),
});
const search = (email: string, data: object[], hasNextPage = false, page = 1) =>
	nock(API)
		.get(LIST)
		.query({ search: email, page: String(page), limit: '100' })
		.reply(200, { success: true, data, pagination: { hasNextPage } });

it('updates the one contact whose e-mail is the one given, not the near-matches', async () => {
	search('ann@x.com', [
		contact(ID2, { primaryEmail: 'joann@x.com' }),
		contact(ID1, { primaryEmail: 'Ann@X.com' }),
		contact('65f1c0ffee0ddba11dead003', { primaryEmail: 'ann@x.com.au' }),
	]);
	nock(API)
		.put(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`, { firstName: 'Ann' })
		.reply(200, { success: true, data: contact(ID1, { firstName: 'Ann' }) });
	const { items, error } = await runNode({ parameters: upsert('ann@x.com'), credentials });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ result: 'updated', id: ID1, firstName: 'Ann' });
});

it('creates the contact, with the e-mail, when no candidate has it', async () => {
	search('ann@x.com', [contact(ID2, { primaryEmail: 'joann@x.com' })]);
	nock(API)
		.post(LIST, { firstName: 'Ann', primaryEmail: 'ann@x.com' })
		.reply(201, { success: true, data: contact(ID1, { primaryEmail: 'ann@x.com' }) });
	const { items } = await runNode({ parameters: upsert('ann@x.com'), credentials });
	expect(items[0].json).toMatchObject({ result: 'created', primaryEmail: 'ann@x.com' });
});

it('reads further pages only when the search has more than one page of candidates', async () => {
	const near = Array.from({ length: 100 }, (_, i) =>
		contact(`65f1c0ffee0ddba11de${String(i).padStart(5, '0')}`, { primaryEmail: `x${i}ann@x.com` }),
	);
	search('ann@x.com', near, true, 1);
	search('ann@x.com', [contact(ID1, { primaryEmail: 'ann@x.com' })], false, 2);
	nock(API)
		.put(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
		.reply(200, { success: true, data: contact(ID1) });
	const { items } = await runNode({ parameters: upsert('ann@x.com'), credentials });
	expect(items[0].json.result).toBe('updated');
});

it('two contacts with the e-mail: an error naming their A2V2 IDs, nothing written', async () => {
	search('ann@x.com', [
		contact(ID1, { primaryEmail: 'ann@x.com' }),
		contact(ID2, { primaryEmail: 'ANN@x.com' }),
	]);
	const { error } = await runNode({ parameters: upsert('ann@x.com'), credentials });
	expect(error?.message).toBe(
		`Primary E-mail: 2 contacts have the e-mail "ann@x.com" (A2V2 IDs "${ID1}", "${ID2}"): nothing was changed [item 0]`,
	);
});

it('refuses a value that is not an e-mail before any request', async () => {
	const { error } = await runNode({ parameters: upsert('ann at x'), credentials });
	expect(error?.message).toBe('Primary E-mail: "ann at x" is not an e-mail address [item 0]');
});
