/** Form Submit Many: batches of a contact's submissions, each result paired with its item. */
import nock from 'nock';

import { FORM_TEMPLATES } from '../../local-server/seed';
import { runNode } from '../harness/engine';
import { AGENT, API, credentials, setupNock } from './helpers';

setupNock();

const template = (id = FORM_TEMPLATES[0]._id) => ({ __rl: true, mode: 'id', value: id });

describe('submit many', () => {
	const batchReply = (ids: string[]) =>
		function (_uri: string, body: { submissions: Array<{ formData: { n: number } }> }) {
			ids.push(...body.submissions.map((s) => String(s.formData.n)));
			return [
				200,
				{
					success: true,
					data: {
						results: body.submissions.map((s, index) =>
							s.formData.n % 5 === 4
								? {
										index,
										success: false,
										error: {
											message: 'Validation failed',
											errors: [{ field: 'formData.n', message: 'bad' }],
										},
									}
								: {
										index,
										success: true,
										data: { _id: `sub-${s.formData.n}`, formData: s.formData },
									},
						),
					},
				},
			] as [number, object];
		};
	const parameters = {
		resource: 'form',
		operation: 'submitMany',
		template: template(),
		contactRef: '={{ $json.contact }}',
		formDataMode: 'json',
		formDataJson: '={{ JSON.stringify({ n: $json.n }) }}',
	};

	it('sends 25 items of one contact in 3 batch requests and pairs every result with its item', async () => {
		const sizes: number[] = [];
		const order: string[] = [];
		nock(API)
			.post(`/forms/batch/contacts/C1/chatbots/${AGENT}`)
			.times(3)
			.reply(function (uri, body) {
				sizes.push((body as { submissions: unknown[] }).submissions.length);
				return batchReply(order).call(this, uri, body as never);
			});
		const items = Array.from({ length: 25 }, (_, n) => ({ json: { contact: 'C1', n } }));
		const { items: output, error } = await runNode({ parameters, credentials, items });
		expect(error).toBeUndefined();
		expect(sizes.sort((a, b) => b - a)).toEqual([10, 10, 5]);
		expect(output).toHaveLength(25);
		output.forEach((item, n) => {
			expect(item.pairedItem).toEqual({ item: n });
			if (n % 5 === 4)
				expect(item.json).toEqual({
					success: false,
					error: 'Validation failed: formData.n: bad',
					errors: [{ field: 'formData.n', message: 'bad' }],
				});
			else expect(item.json).toEqual({ success: true, _id: `sub-${n}`, formData: { n } });
		});
	});

	it('groups 25 items across 3 contacts per contact', async () => {
		const perContact: Record<string, string[]> = { A: [], B: [], C: [] };
		for (const c of ['A', 'B', 'C']) {
			nock(API)
				.post(`/forms/batch/contacts/${c}/chatbots/${AGENT}`)
				.times(c === 'A' ? 2 : 1)
				.reply(function (uri, body) {
					return batchReply(perContact[c]).call(this, uri, body as never);
				});
		}
		const contactOf = (n: number) => (n < 12 ? 'A' : n < 20 ? 'B' : 'C');
		const items = Array.from({ length: 25 }, (_, n) => ({ json: { contact: contactOf(n), n } }));
		const { items: output } = await runNode({ parameters, credentials, items });
		expect(perContact.A.sort()).toEqual(Array.from({ length: 12 }, (_, n) => String(n)).sort());
		expect(perContact.B.sort()).toEqual(['12', '13', '14', '15', '16', '17', '18', '19']);
		expect(perContact.C.sort()).toEqual(['20', '21', '22', '23', '24']);
		expect(output.map((i) => (i.pairedItem as { item: number }).item)).toEqual(
			items.map((_, n) => n),
		);
		// Each result is the one for its own item, whichever batch carried it.
		output.forEach((item, n) => {
			if (n % 5 === 4) expect(item.json.success).toBe(false);
			else expect(item.json).toEqual({ success: true, _id: `sub-${n}`, formData: { n } });
		});
	});

	describe('reads the batch answer defensively (its shape is only assumed by the contract)', () => {
		const items = [
			{ json: { contact: 'C1', n: 1 } },
			{ json: { contact: 'C1', n: 2 } },
			{ json: { contact: 'C1', n: 3 } },
		];
		const failure = {
			success: false,
			error: 'rating must be a number: formData.rating: rating must be a number',
			errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
		};
		const ok = (n: number) => ({ success: true, _id: `sub-${n}` });
		it.each([
			[
				'a list in data, by position, message and errors at the top of each result',
				200,
				{
					success: true,
					data: [
						{ success: true, data: { _id: 'sub-1' } },
						{
							success: false,
							message: 'rating must be a number',
							errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
						},
						{ success: true, data: { _id: 'sub-3' } },
					],
				},
			],
			[
				'data.results matched by index, in another order, message under error',
				200,
				{
					success: true,
					data: {
						results: [
							{ index: 2, success: true, data: { _id: 'sub-3' } },
							{ index: 0, success: true, data: { _id: 'sub-1' } },
							{
								index: 1,
								success: false,
								error: {
									message: 'rating must be a number',
									errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
								},
							},
						],
					},
				},
			],
			[
				'a result with a status but no success flag, the submission under "submission"',
				200,
				{
					success: true,
					data: {
						results: [
							{ status: 201, submission: { _id: 'sub-1' } },
							{
								status: 400,
								message: 'rating must be a number',
								errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
							},
							{ status: 201, submission: { _id: 'sub-3' } },
						],
					},
				},
			],
			[
				'a whole-batch 400 whose data.results lists every outcome',
				400,
				{
					success: false,
					message: '2 of 3 failed',
					data: {
						results: [
							{ index: 0, success: true, data: { _id: 'sub-1' } },
							{
								index: 1,
								success: false,
								error: {
									message: 'rating must be a number',
									errors: [{ field: 'formData.rating', message: 'rating must be a number' }],
								},
							},
							{ index: 2, success: true, data: { _id: 'sub-3' } },
						],
					},
				},
			],
		])('%s', async (_label, status, answer) => {
			nock(API).post(`/forms/batch/contacts/C1/chatbots/${AGENT}`).reply(status, answer);
			const { items: output, error } = await runNode({ parameters, credentials, items });
			expect(error).toBeUndefined();
			expect(output.map((i) => i.json)).toEqual([ok(1), failure, ok(3)]);
			expect(output.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		});

		it('an item without a result says so, with what the batch answer said', async () => {
			nock(API)
				.post(`/forms/batch/contacts/C1/chatbots/${AGENT}`)
				.reply(200, {
					success: true,
					message: 'accepted',
					data: [{ success: true, data: { _id: 'sub-1' } }],
				});
			const { items: output } = await runNode({ parameters, credentials, items });
			expect(output[1].json).toEqual({
				success: false,
				error: 'A2V2 returned no result for this submission (the batch answer said: "accepted")',
				errors: [],
			});
		});

		it('a 400 without results fails every item of the batch with the API error', async () => {
			nock(API)
				.post(`/forms/batch/contacts/C1/chatbots/${AGENT}`)
				.reply(400, { success: false, message: 'submissions must be an array' });
			const { error } = await runNode({ parameters, credentials, items });
			expect(error?.message).toBe(
				'A2V2 rejected the request: submissions must be an array [item 0]',
			);
		});
	});

	it('checks every item before any request', async () => {
		const { error } = await runNode({
			parameters,
			credentials,
			items: [{ json: { contact: 'A', n: 1 } }, { json: { contact: '', n: 2 } }],
		});
		expect(error?.message).toBe('Contact External Reference ID: is empty [item 1]');
	});
});
