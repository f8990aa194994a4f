/** Form resource: exact requests, the template-driven mapper, batches, bad input. */
import nock from 'nock';

import { listSearch, resourceMapping } from '../harness/editor';
import { runNode } from '../harness/engine';
import { AGENT, API, credentials, setupNock } from './helpers';

setupNock();

const T1 = '6650a1b2c3d4e5f6a7b8c901';
const T2 = '6650a1b2c3d4e5f6a7b8c902';
const template = (id = T1) => ({ __rl: true, mode: 'id', value: id });
const FIELDS_T1 = [
	{ key: 'fullName', label: 'Full Name', type: 'string', required: true },
	{ key: 'age', label: 'Age', type: 'number', required: false },
	{
		key: 'reason',
		label: 'Reason',
		type: 'select',
		required: true,
		options: [{ value: 'checkup', label: 'Checkup' }],
	},
];
const FIELDS_T2 = [{ key: 'rating', label: 'Rating', type: 'number', required: true }];
const submission = (extra: object = {}) => ({
	_id: 'sub-1',
	templateId: T1,
	formData: { fullName: 'Ada' },
	status: 'submitted',
	supersededBy: null,
	...extra,
});

async function mapperFields(id: string, fields: object[]) {
	nock(API)
		.get(`/forms/templates/${id}/schema/chatbots/${AGENT}`)
		.reply(200, { success: true, data: { templateId: id, name: 'T', fields } });
	return (
		await resourceMapping('getTemplateFields', {
			parameters: { resource: 'form', operation: 'submit', template: template(id) },
			credentials,
		})
	).fields;
}

describe('templates', () => {
	it('lists templates, and searches them for the locator', async () => {
		const templates = [
			{ _id: T1, name: 'Patient Intake', description: 'x', isActive: true },
			{ _id: T2, name: 'Old Survey', description: 'y', isActive: false },
		];
		nock(API)
			.get(`/forms/templates/chatbots/${AGENT}`)
			.twice()
			.reply(200, { success: true, data: templates });
		const { items } = await runNode({
			parameters: { resource: 'form', operation: 'getTemplates' },
			credentials,
		});
		expect(items.map((i) => i.json)).toEqual(templates);
		const found = await listSearch('searchTemplates', {
			parameters: { resource: 'form', operation: 'submit' },
			credentials,
			filter: 'survey',
		});
		expect(found).toEqual({ results: [{ name: 'Old Survey (inactive)', value: T2 }] });
	});

	it.each([
		['getTemplateSchema', 'schema'],
		['getTemplateStructure', 'structure'],
	])('%s reads /forms/templates/<id>/%s', async (operation, kind) => {
		nock(API)
			.get(`/forms/templates/a%2Fb/${kind}/chatbots/${AGENT}`)
			.reply(200, { success: true, data: { templateId: 'a/b' } });
		const { items } = await runNode({
			parameters: { resource: 'form', operation, template: template('a/b') },
			credentials,
		});
		expect(items[0].json).toEqual({ templateId: 'a/b' });
	});

	it("loads the template's fields into the mapper, and other fields for another template", async () => {
		const first = await mapperFields(T1, FIELDS_T1);
		expect(first.map((f) => [f.id, f.type, f.required])).toEqual([
			['fullName', 'string', true],
			['age', 'number', false],
			['reason', 'options', true],
		]);
		const second = await mapperFields(T2, FIELDS_T2);
		expect(second.map((f) => f.id)).toEqual(['rating']);
	});

	it('asks for a template before loading fields', async () => {
		const result = await resourceMapping('getTemplateFields', {
			parameters: { resource: 'form', operation: 'submit' },
			credentials,
		});
		expect(result).toEqual({ fields: [], emptyFieldsNotice: 'Choose a template first' });
	});
});

describe('submit', () => {
	it('posts the converted form data, notes and client ID to /forms/submit/<template>/contacts/<ref>', async () => {
		const schema = await mapperFields(T1, FIELDS_T1);
		const scope = nock(API)
			.post(`/forms/submit/${T1}/contacts/USER%201`, {
				formData: { fullName: 'Ada', age: 36, reason: 'checkup' },
				submissionNotes: 'first visit',
				clientId: 'c-7',
			})
			.reply(201, { success: true, data: submission() });
		const { items, error } = await runNode({
			parameters: {
				resource: 'form',
				operation: 'submit',
				template: template(),
				contactRef: 'USER 1',
				formFields: {
					mappingMode: 'defineBelow',
					value: { fullName: 'Ada', age: '36', reason: 'checkup' },
					matchingColumns: [],
					schema,
				},
				submitOptions: { submissionNotes: 'first visit', clientId: 'c-7' },
			},
			credentials,
		});
		expect(error).toBeUndefined();
		scope.done();
		expect(items).toEqual([{ json: submission(), pairedItem: { item: 0 } }]);
	});

	it('says plainly when the key has no forms permission', async () => {
		nock(API)
			.post(`/forms/submit/${T1}/contacts/U1`)
			.reply(403, { success: false, message: 'Forbidden' });
		const { error } = await runNode({
			parameters: {
				resource: 'form',
				operation: 'submit',
				template: template(),
				contactRef: 'U1',
				formDataMode: 'json',
				formDataJson: '{"a":1}',
			},
			credentials,
		});
		expect(error?.message).toBe(
			'The A2V2 API key lacks the forms permission (A2V2 has not confirmed that keys can be given it; ask A2V2 support to enable forms for this key) [item 0]',
		);
	});
});

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

describe('submissions', () => {
	it("lists a contact's submissions with every filter, on every page", async () => {
		const scope = nock(API)
			.get(`/forms/contacts/U1/chatbots/${AGENT}`)
			.query({
				templateId: T1,
				status: 'approved',
				includeSuperseded: 'true',
				page: '1',
				limit: '100',
			})
			.reply(200, {
				success: true,
				data: [submission()],
				pagination: {
					currentPage: 1,
					totalPages: 2,
					totalItems: 101,
					itemsPerPage: 100,
					hasNextPage: true,
					hasPreviousPage: false,
				},
			})
			.get(`/forms/contacts/U1/chatbots/${AGENT}`)
			.query({
				templateId: T1,
				status: 'approved',
				includeSuperseded: 'true',
				page: '2',
				limit: '100',
			})
			.reply(200, {
				success: true,
				data: [submission({ _id: 'sub-2' })],
				pagination: {
					currentPage: 2,
					totalPages: 2,
					totalItems: 101,
					itemsPerPage: 100,
					hasNextPage: false,
					hasPreviousPage: true,
				},
			});
		const { items } = await runNode({
			parameters: {
				resource: 'form',
				operation: 'getAll',
				contactRef: 'U1',
				returnAll: true,
				filters: { templateId: T1, status: 'approved', includeSuperseded: true },
			},
			credentials,
		});
		scope.done();
		expect(items.map((i) => i.json._id)).toEqual(['sub-1', 'sub-2']);
	});

	it('gets one submission and the latest of a template for a contact', async () => {
		nock(API)
			.get(`/forms/submissions/sub%2F1/chatbots/${AGENT}`)
			.reply(200, { success: true, data: submission() })
			.get(`/forms/contacts/U1/templates/${T1}/latest/chatbots/${AGENT}`)
			.reply(200, { success: true, data: submission({ _id: 'sub-9' }) });
		expect(
			(
				await runNode({
					parameters: { resource: 'form', operation: 'get', submissionId: 'sub/1' },
					credentials,
				})
			).items[0].json._id,
		).toBe('sub-1');
		expect(
			(
				await runNode({
					parameters: {
						resource: 'form',
						operation: 'getLatest',
						contactRef: 'U1',
						template: template(),
					},
					credentials,
				})
			).items[0].json._id,
		).toBe('sub-9');
	});

	it('updates form data, notes, status and review notes', async () => {
		const scope = nock(API)
			.put(`/forms/submissions/sub-1/chatbots/${AGENT}`, {
				formData: { age: 37 },
				status: 'under_review',
				submissionNotes: 'n',
				reviewNotes: 'r',
			})
			.reply(200, { success: true, data: submission({ status: 'under_review' }) });
		const { items } = await runNode({
			parameters: {
				resource: 'form',
				operation: 'update',
				submissionId: 'sub-1',
				updateFields: {
					formData: '{"age":37}',
					status: 'under_review',
					submissionNotes: 'n',
					reviewNotes: 'r',
				},
			},
			credentials,
		});
		scope.done();
		expect(items[0].json.status).toBe('under_review');
	});
});

describe('bad input is refused before any request', () => {
	it.each([
		[
			'a status outside the documented set',
			{ operation: 'update', submissionId: 's', updateFields: { status: '={{ "done" }}' } },
			'Status: "done" is not one of draft, submitted, under_review, approved, rejected, archived [item 0]',
		],
		[
			'form data JSON that is not an object',
			{
				operation: 'submit',
				template: template(),
				contactRef: 'U',
				formDataMode: 'json',
				formDataJson: '[1]',
			},
			'Form Data (JSON): must be a JSON object, like {"key": "value"} [item 0]',
		],
		[
			'update form data JSON that is not an object',
			{ operation: 'update', submissionId: 's', updateFields: { formData: '"x"' } },
			'Form Data (JSON): must be a JSON object, like {"key": "value"} [item 0]',
		],
		[
			'an empty contact',
			{
				operation: 'submit',
				template: template(),
				contactRef: '={{ "" }}',
				formDataMode: 'json',
				formDataJson: '{}',
			},
			'Contact External Reference ID: is empty [item 0]',
		],
		[
			'an empty template',
			{ operation: 'getLatest', contactRef: 'U', template: template('={{ "" }}') },
			'Template: is empty [item 0]',
		],
		[
			'an empty submission ID',
			{ operation: 'get', submissionId: '={{ " " }}' },
			'Submission ID: is empty [item 0]',
		],
	])('%s', async (_label, parameters, message) => {
		const { error } = await runNode({
			parameters: { resource: 'form', ...parameters },
			credentials,
		});
		expect(error?.message).toBe(message);
	});

	it('a required template field left empty', async () => {
		const schema = await mapperFields(T1, FIELDS_T1);
		const { error } = await runNode({
			parameters: {
				resource: 'form',
				operation: 'submit',
				template: template(),
				contactRef: 'U1',
				formFields: {
					mappingMode: 'defineBelow',
					value: { fullName: '  ', reason: 'checkup' },
					matchingColumns: [],
					schema,
				},
			},
			credentials,
		});
		expect(error?.message).toBe('Form Data "Full Name": is required by the template [item 0]');
	});
});
