/** Form resource: exact requests, the template-driven mapper, bad input. */
import nock from 'nock';

import { listSearch, resourceMapping } from '../harness/editor';
import { runNode } from '../harness/engine';
import { FORM_TEMPLATES } from '../../local-server/seed';
import { AGENT, API, credentials, setupNock } from './helpers';

setupNock();

const [T1, T2] = FORM_TEMPLATES.map((t) => t._id);
const template = (id = T1) => ({ __rl: true, mode: 'id', value: id });
/** Fields of the local server's demo templates (one copy of the fixture). */
const FIELDS_T1 = FORM_TEMPLATES[0].fields.filter((f) =>
	['fullName', 'age', 'reason'].includes(f.key),
);
const FIELDS_T2 = FORM_TEMPLATES[1].fields.filter((f) => f.key === 'rating');
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
				output: 'raw',
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
		expect(items.map((i) => i.json.id)).toEqual(['sub-1', 'sub-2']);
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
			).items[0].json.id,
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
			).items[0].json.id,
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
