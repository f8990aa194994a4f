/**
 * Every operation a model would use, run both ways n8n runs the node: in a regular execution
 * (custom operations for coded ones) and as an AI tool invoked in-process through n8n-core's
 * `getInputConnectionData` (AI Agent 1.x and 2.x, the MCP Server Trigger), which runs RoutingNode
 * and ignores custom operations. Each way must send the same requests and give the same output;
 * failures reach the model as errors that say what to change, and bad identifiers are refused
 * before any request.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { runAsTool } from '../harness/agent';
import { runNode } from '../harness/engine';
import type { Parameters } from '../harness/nodeTypes';
import { AGENT, API, contact, credentials, ID1, KEY, SECRET, setupNock } from './helpers';

setupNock();

const fromAI = (key: string, type = 'string') =>
	`={{ $fromAI('${key}', 'the ${key}', '${type}') }}`;
const byRef = (value: string) => ({ __rl: true, mode: 'externalReferenceId', value });

const SUBMISSION = {
	_id: 'sub-1',
	templateId: 'tpl-1',
	contactId: ID1,
	formData: { rating: 5 },
	status: 'submitted',
};

interface Case {
	name: string;
	/** The tool node's parameters, with $fromAI() where a model gives a value. */
	tool: Parameters;
	/** The model's arguments. */
	args: IDataObject;
	/** The same node in a workflow, with the values the model gave. */
	regular: Parameters;
	/** The requests both ways must send, set up anew for each way. */
	mock: () => void;
}

const cases: Case[] = [
	{
		name: 'Contact Create (mapped fields)',
		tool: {
			resource: 'contact',
			operation: 'create',
			contactFields: {
				mappingMode: 'defineBelow',
				value: { primaryEmail: fromAI('email'), firstName: fromAI('firstName') },
				schema: [],
			},
		},
		args: { email: 'ann@x.com', firstName: 'Ann' },
		regular: {
			resource: 'contact',
			operation: 'create',
			contactFields: {
				mappingMode: 'defineBelow',
				value: { primaryEmail: 'ann@x.com', firstName: 'Ann' },
				schema: [],
			},
		},
		mock: () =>
			nock(API)
				.post(`/contacts/chatbots/${AGENT}`, { primaryEmail: 'ann@x.com', firstName: 'Ann' })
				.reply(201, { success: true, data: contact(ID1, { primaryEmail: 'ann@x.com' }) }),
	},
	{
		name: 'Contact Update by external reference ID',
		tool: {
			resource: 'contact',
			operation: 'update',
			contact: { __rl: true, mode: 'externalReferenceId', value: fromAI('ref') },
			fieldsMode: 'json',
			contactJson: `={{ JSON.stringify({ lastName: $fromAI('lastName', 'the last name', 'string') }) }}`,
		},
		args: { ref: 'A/1', lastName: 'Byron' },
		regular: {
			resource: 'contact',
			operation: 'update',
			contact: byRef('A/1'),
			fieldsMode: 'json',
			contactJson: '{"lastName":"Byron"}',
		},
		mock: () =>
			nock(API)
				.put(`/contacts/A%2F1/chatbots/${AGENT}`, { lastName: 'Byron' })
				.reply(200, { success: true, data: contact(ID1, { lastName: 'Byron' }) }),
	},
	{
		name: 'Contact Create or Update (a new contact)',
		tool: {
			resource: 'contact',
			operation: 'upsert',
			externalReferenceId: fromAI('ref'),
			fieldsMode: 'json',
			contactJson: `={{ JSON.stringify({ primaryEmail: $fromAI('email', 'the email', 'string') }) }}`,
		},
		args: { ref: 'LEAD-9', email: 'lead@x.com' },
		regular: {
			resource: 'contact',
			operation: 'upsert',
			externalReferenceId: 'LEAD-9',
			fieldsMode: 'json',
			contactJson: '{"primaryEmail":"lead@x.com"}',
		},
		mock: () =>
			nock(API)
				.get(`/contacts/LEAD-9/chatbots/${AGENT}`)
				.reply(404, { success: false, message: 'Contact not found' })
				.post(`/contacts/chatbots/${AGENT}`, {
					primaryEmail: 'lead@x.com',
					externalReferenceId: 'LEAD-9',
				})
				.reply(201, { success: true, data: contact(ID1, { externalReferenceId: 'LEAD-9' }) }),
	},
	{
		name: 'Contact Get',
		tool: {
			resource: 'contact',
			operation: 'get',
			contact: { __rl: true, mode: 'externalReferenceId', value: fromAI('ref') },
		},
		args: { ref: 'REF-001' },
		regular: { resource: 'contact', operation: 'get', contact: byRef('REF-001') },
		mock: () =>
			nock(API)
				.get(`/contacts/REF-001/chatbots/${AGENT}`)
				.reply(200, { success: true, data: contact(ID1) }),
	},
	{
		name: 'Contact Archive',
		tool: {
			resource: 'contact',
			operation: 'archive',
			contact: { __rl: true, mode: 'externalReferenceId', value: fromAI('ref') },
		},
		args: { ref: 'REF-001' },
		regular: { resource: 'contact', operation: 'archive', contact: byRef('REF-001') },
		mock: () =>
			nock(API)
				.patch(`/contacts/REF-001/chatbots/${AGENT}/archive`)
				.reply(200, { success: true, data: contact(ID1, { isArchived: true }) }),
	},
	{
		name: 'Form Submit',
		tool: {
			resource: 'form',
			operation: 'submit',
			template: { __rl: true, mode: 'id', value: 'tpl-1' },
			contactRef: fromAI('ref'),
			formDataMode: 'json',
			formDataJson: `={{ JSON.stringify({ rating: $fromAI('rating', 'the rating', 'number') }) }}`,
		},
		args: { ref: 'REF-001', rating: 5 },
		regular: {
			resource: 'form',
			operation: 'submit',
			template: { __rl: true, mode: 'id', value: 'tpl-1' },
			contactRef: 'REF-001',
			formDataMode: 'json',
			formDataJson: '{"rating":5}',
		},
		mock: () =>
			nock(API)
				.post('/forms/submit/tpl-1/contacts/REF-001', { formData: { rating: 5 } })
				.reply(201, { success: true, data: SUBMISSION }),
	},
	{
		name: 'Form Submit Many (one submission)',
		tool: {
			resource: 'form',
			operation: 'submitMany',
			template: { __rl: true, mode: 'id', value: 'tpl-1' },
			contactRef: fromAI('ref'),
			formDataMode: 'json',
			formDataJson: '{"rating":4}',
		},
		args: { ref: 'REF-001' },
		regular: {
			resource: 'form',
			operation: 'submitMany',
			template: { __rl: true, mode: 'id', value: 'tpl-1' },
			contactRef: 'REF-001',
			formDataMode: 'json',
			formDataJson: '{"rating":4}',
		},
		mock: () =>
			nock(API)
				.post(`/forms/batch/contacts/REF-001/chatbots/${AGENT}`, {
					submissions: [{ templateId: 'tpl-1', formData: { rating: 4 } }],
				})
				.reply(201, { success: true, data: [{ success: true, data: SUBMISSION }] }),
	},
	{
		name: "Form Get Many (a contact's submissions)",
		tool: { resource: 'form', operation: 'getAll', contactRef: fromAI('ref') },
		args: { ref: 'REF-001' },
		regular: { resource: 'form', operation: 'getAll', contactRef: 'REF-001', limit: 10 },
		mock: () =>
			nock(API)
				.get(`/forms/contacts/REF-001/chatbots/${AGENT}`)
				.query({ page: '1', limit: '10' })
				.reply(200, {
					success: true,
					data: [SUBMISSION],
					pagination: { hasNextPage: false },
				}),
	},
	{
		name: 'Document Extraction Get Schema Examples',
		tool: { resource: 'documentExtraction', operation: 'getSchemaExamples' },
		args: {},
		regular: { resource: 'documentExtraction', operation: 'getSchemaExamples' },
		mock: () =>
			nock(API)
				.get('/document-extraction/schema-examples')
				.reply(200, {
					success: true,
					data: [{ name: 'invoice', description: 'An invoice', schema: {} }],
				}),
	},
];

describe('every operation gives the same requests and output as a tool in-process as in a workflow', () => {
	it.each(cases)('$name', async ({ tool, args, regular, mock }) => {
		mock();
		const workflow = await runNode({ parameters: regular, credentials });
		expect(workflow.error).toBeUndefined();
		expect(nock.pendingMocks()).toEqual([]);

		mock();
		const { results } = await runAsTool({
			tools: { Tool: tool },
			calls: [{ tool: 'Tool', args }],
			credentials,
		});
		expect(results[0].error).toBeUndefined();
		expect(JSON.parse(results[0].answer as string)).toEqual(workflow.items.map((i) => i.json));
	});
});

describe('as a tool', () => {
	const find = {
		resource: 'contact',
		operation: 'getAll',
		filters: { search: fromAI('search') },
	};

	it('lists at most Max Results (10) unless told otherwise, and offers what a model needs', async () => {
		nock(API)
			.get(`/contacts/chatbots/${AGENT}`)
			.query({ page: '1', limit: '10', search: 'ada' })
			.reply(200, {
				success: true,
				data: Array.from({ length: 10 }, (_, i) =>
					contact(ID1.slice(0, -2) + String(i).padStart(2, '0')),
				),
				pagination: { hasNextPage: true },
			});
		const { offered, results } = await runAsTool({
			tools: { 'Find Contacts': find },
			calls: [{ tool: 'Find_Contacts', args: { search: 'ada' } }],
			credentials,
		});
		expect(offered).toEqual([
			{
				name: 'Find_Contacts',
				description: expect.stringMatching(/^Find contacts in the A2V2 CRM/),
				parameters: ['search'],
			},
		]);
		const answer = results[0].answer as string;
		expect(JSON.parse(answer)).toHaveLength(10);
		expect(answer.length).toBeLessThan(8 * 1024);
	});

	it('takes the number of results from the model when Max Results asks it to', async () => {
		nock(API)
			.get(`/contacts/chatbots/${AGENT}`)
			.query({ page: '1', limit: '3', search: 'ada' })
			.reply(200, { success: true, data: [contact(ID1)], pagination: { hasNextPage: false } });
		const { results } = await runAsTool({
			tools: { Find: { ...find, maxResults: fromAI('maxResults', 'number') } },
			calls: [{ tool: 'Find', args: { search: 'ada', maxResults: 3 } }],
			credentials,
		});
		expect(JSON.parse(results[0].answer as string)).toHaveLength(1);
	});

	it('a description set by the user replaces the default one', async () => {
		const { offered } = await runAsTool({
			tools: { Find: { ...find, toolDescription: 'Look up our customers' } },
			calls: [],
			credentials,
		});
		expect(offered[0].description).toBe('Look up our customers');
	});

	it('answers failures to the model, saying what to change and never the key or secret', async () => {
		nock(API)
			.get(`/contacts/NOPE-1/chatbots/${AGENT}`)
			.reply(404, { success: false, message: 'Contact not found' })
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(400, {
				success: false,
				message: 'Validation failed',
				errors: [{ field: 'primaryEmail', message: 'primaryEmail domain is blocked' }],
			})
			.put(`/contacts/REF-001/chatbots/${AGENT}`)
			.reply(403, { success: false, message: `Key ${KEY} lacks update` });
		const { results } = await runAsTool({
			tools: {
				Get: {
					resource: 'contact',
					operation: 'get',
					contact: { __rl: true, mode: 'externalReferenceId', value: fromAI('ref') },
				},
				Create: {
					resource: 'contact',
					operation: 'create',
					fieldsMode: 'json',
					contactJson: `={{ JSON.stringify({ primaryEmail: $fromAI('email', 'the email', 'string') }) }}`,
				},
				Update: {
					resource: 'contact',
					operation: 'update',
					contact: { __rl: true, mode: 'externalReferenceId', value: fromAI('ref') },
					fieldsMode: 'json',
					contactJson: '{"lastName":"X"}',
				},
			},
			calls: [
				{ tool: 'Get', args: { ref: 'NOPE-1' } },
				{ tool: 'Create', args: { email: 'a@blocked.example' } },
				{ tool: 'Create', args: { email: 'not an e-mail' } },
				{ tool: 'Update', args: { ref: 'REF-001' } },
			],
			credentials,
		});
		// Each failure is the tool's answer (n8n's AI Agent 1.x and 2.x show a thrown error to the
		// model as an empty answer): the error item, with the API's status, message and fields.
		expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
		const answers = results.map((r) => JSON.parse(r.answer as string) as IDataObject[]);
		expect(answers[0]).toEqual([
			{
				error: 'Not found: contact with external reference ID "NOPE-1" [item 0]',
				details: { httpCode: 404, apiMessage: 'Contact not found' },
			},
		]);
		expect(answers[1]).toEqual([
			{
				error: 'A2V2 rejected the request: Validation failed [item 0]',
				details: {
					httpCode: 400,
					apiMessage: 'Validation failed',
					fieldErrors: [{ field: 'primaryEmail', message: 'primaryEmail domain is blocked' }],
				},
			},
		]);
		expect(answers[2]).toEqual([
			{ error: 'Contact (JSON) "primaryEmail": "not an e-mail" is not an e-mail address [item 0]' },
		]);
		expect(answers[3]).toEqual([
			{
				error: 'The A2V2 API key lacks Contact Access: update [item 0]',
				details: { httpCode: 403, apiMessage: 'Key [redacted] lacks update' },
			},
		]);
		const text = JSON.stringify(results);
		expect(text).not.toContain(KEY);
		expect(text).not.toContain(SECRET);
	});

	it('refuses an empty identifier before any request, never calling the bare base URL', async () => {
		const { results } = await runAsTool({
			tools: {
				Get: {
					resource: 'contact',
					operation: 'get',
					contact: { __rl: true, mode: 'externalReferenceId', value: fromAI('ref') },
				},
				Update: {
					resource: 'contact',
					operation: 'update',
					contact: { __rl: true, mode: 'externalReferenceId', value: fromAI('ref') },
					fieldsMode: 'json',
					contactJson: '{"lastName":"X"}',
				},
				Submit: {
					resource: 'form',
					operation: 'submit',
					template: { __rl: true, mode: 'id', value: 'tpl-1' },
					contactRef: fromAI('ref'),
					formDataMode: 'json',
					formDataJson: '{}',
				},
			},
			calls: [
				{ tool: 'Get', args: { ref: '' } },
				{ tool: 'Update', args: { ref: '  ' } },
				{ tool: 'Submit', args: { ref: '' } },
			],
			credentials,
		});
		expect(results.map((r) => JSON.parse(r.answer as string))).toEqual([
			[{ error: 'Contact (By External Reference ID): is empty [item 0]' }],
			[{ error: 'Contact (By External Reference ID): is empty [item 0]' }],
			[{ error: 'Contact External Reference ID: is empty [item 0]' }],
		]);
		// setupNock fails the test on any request that was not mocked.
	});

	it('refuses an operation this version does not know before any request', async () => {
		const { results } = await runAsTool({
			tools: { Odd: { resource: 'contact', operation: 'merge' } },
			calls: [{ tool: 'Odd', args: {} }],
			credentials,
		});
		expect(JSON.parse(results[0].answer as string)).toEqual([
			{
				error:
					'Operation: "merge" is not an operation of "contact" in this version of the A2V2 node [item 0]',
			},
		]);
	});
});
