/**
 * n8n's Retry On Fail runs the node again with every input item; a write that already succeeded
 * in an earlier try of the node run is not sent again: its first answer is given, so nothing is
 * doubled and the output after the last try is complete, in order.
 */
import nock from 'nock';

import { runNode } from '../harness/engine';
import { AGENT, API, contact, credentials, setupNock } from './helpers';

setupNock();

const id = (n: number) => `65f1c0ffee0ddba11de${String(n).padStart(5, '0')}`;
const items = Array.from({ length: 20 }, (_, n) => ({ json: { email: `c${n}@example.com` } }));
const creates = {
	resource: 'contact',
	operation: 'create',
	fieldsMode: 'json',
	contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
};

/** The API: each e-mail created once; `refuse` e-mails answered 400 the first `times` times. */
function api(refuse: string, times: number) {
	const created: string[] = [];
	let refused = 0;
	nock(API)
		.post(`/contacts/chatbots/${AGENT}`)
		.times(20 + times)
		.reply((_uri, body) => {
			const email = (body as { primaryEmail: string }).primaryEmail;
			if (email === refuse && refused < times) {
				refused++;
				return [400, { success: false, message: 'Validation failed' }];
			}
			created.push(email);
			const n = Number(email.slice(1, email.indexOf('@')));
			return [201, { success: true, data: contact(id(n), { primaryEmail: email }) }];
		});
	return created;
}

it.each([2, 3])(
	'with %s tries and item 7 refused once, every contact is created once',
	async (tries) => {
		const created = api('c7@example.com', 1);
		const { items: output, error } = await runNode({
			parameters: creates,
			items,
			credentials,
			tries,
		});
		expect(error).toBeUndefined();
		expect(created.sort()).toEqual(items.map((i) => i.json.email).sort());
		expect(output.map((i) => i.json.primaryEmail)).toEqual(items.map((i) => i.json.email));
		expect(output.map((i) => i.pairedItem)).toEqual(items.map((_, n) => ({ item: n })));
	},
);

it('refused on every try: the node fails, and the others were still sent once', async () => {
	const created = api('c7@example.com', 3);
	const { error } = await runNode({ parameters: creates, items, credentials, tries: 3 });
	expect(error?.message).toBe('A2V2 rejected the request: Validation failed [item 7]');
	expect(new Set(created).size).toBe(created.length);
	nock.cleanAll();
});
