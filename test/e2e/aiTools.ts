/**
 * The A2V2 tools an AI agent or an MCP client gets in the e2e tests, the calls a model makes
 * with them, and what those calls must have done: one contact created, found, updated, a second
 * created and archived, a form submitted and listed, the extraction examples read, and two
 * failures (a contact that does not exist, a duplicate) answered with errors that say what to
 * change.
 */
import type { LocalServer } from '../../local-server/server';
import { FORM_TEMPLATES } from '../../local-server/server';
import type { Json } from '../json';

const FEEDBACK = FORM_TEMPLATES[1];

const fromAI = (key: string, description: string, type = 'string') =>
	`={{ $fromAI('${key}', '${description}', '${type}') }}`;
const byRef = {
	__rl: true,
	mode: 'externalReferenceId',
	value: fromAI('externalReferenceId', 'the external reference ID of the contact'),
};

/** Tool node name → the A2V2 node's parameters. */
export const TOOLS: Record<string, Json> = {
	'Create Contact': {
		resource: 'contact',
		operation: 'create',
		contactFields: {
			mappingMode: 'defineBelow',
			value: {
				primaryEmail: fromAI('primaryEmail', 'the e-mail address'),
				firstName: fromAI('firstName', 'the first name'),
				externalReferenceId: fromAI('externalReferenceId', 'our ID for the person'),
			},
			matchingColumns: [],
			schema: [],
		},
	},
	'Get Contact': { resource: 'contact', operation: 'get', contact: byRef },
	'Find Contacts': {
		resource: 'contact',
		operation: 'getAll',
		filters: { search: fromAI('search', 'text to search for') },
	},
	'Update Contact': {
		resource: 'contact',
		operation: 'update',
		contact: byRef,
		contactFields: {
			mappingMode: 'defineBelow',
			value: { lastName: fromAI('lastName', 'the new last name') },
			matchingColumns: [],
			schema: [],
		},
	},
	'Create or Update Contact': {
		resource: 'contact',
		operation: 'upsert',
		externalReferenceId: fromAI('externalReferenceId', 'the external reference ID of the contact'),
		contactFields: {
			mappingMode: 'defineBelow',
			value: { primaryEmail: fromAI('primaryEmail', 'the e-mail address') },
			matchingColumns: [],
			schema: [],
		},
	},
	'Archive Contact': { resource: 'contact', operation: 'archive', contact: byRef },
	'Submit Feedback Form': {
		resource: 'form',
		operation: 'submit',
		template: { __rl: true, mode: 'id', value: FEEDBACK._id },
		contactRef: fromAI('externalReferenceId', 'the external reference ID of the contact'),
		formDataMode: 'json',
		formDataJson: `={{ JSON.stringify({ rating: $fromAI('rating', 'the rating from 1 to 5', 'number'), comment: $fromAI('comment', 'what the customer said', 'string') }) }}`,
	},
	'Get Form Submissions': {
		resource: 'form',
		operation: 'getAll',
		contactRef: fromAI('externalReferenceId', 'the external reference ID of the contact'),
	},
	'Get Extraction Examples': { resource: 'documentExtraction', operation: 'getSchemaExamples' },
};

/** The tool's name as n8n offers it to a model (spaces become underscores). */
export const toolName = (node: string) => node.replace(/ /g, '_');

/** The A2V2 tool nodes, on a credential, wired to `target` (an agent or the MCP trigger). */
export function toolNodes(credential: { id: string; name: string }, target: string) {
	const nodes = Object.entries(TOOLS).map(([name, parameters], i) => ({
		parameters,
		id: `a2v2-tool-${i}`,
		name,
		type: 'n8n-nodes-a2v2.a2v2Tool',
		typeVersion: 1,
		position: [200 + i * 140, 300],
		credentials: { a2v2Api: credential },
	}));
	const connections = Object.fromEntries(
		nodes.map((n) => [n.name, { ai_tool: [[{ node: target, type: 'ai_tool', index: 0 }]] }]),
	);
	return { nodes, connections };
}

/** The calls of one conversation; `tag` keeps its contacts apart from other conversations'. */
export function calls(tag: string) {
	const ref = `${tag}-1`;
	const email = `${tag.toLowerCase()}@example.com`;
	return [
		{
			name: 'Create_Contact',
			arguments: { externalReferenceId: ref, primaryEmail: email, firstName: 'Ada' },
		},
		{ name: 'Get_Contact', arguments: { externalReferenceId: ref } },
		{ name: 'Find_Contacts', arguments: { search: email } },
		{ name: 'Update_Contact', arguments: { externalReferenceId: ref, lastName: 'Lovelace' } },
		{
			name: 'Create_or_Update_Contact',
			arguments: {
				externalReferenceId: `${tag}-2`,
				primaryEmail: `${tag.toLowerCase()}-2@example.com`,
			},
		},
		{
			name: 'Submit_Feedback_Form',
			arguments: { externalReferenceId: ref, rating: 5, comment: 'Very helpful' },
		},
		{ name: 'Get_Form_Submissions', arguments: { externalReferenceId: ref } },
		{ name: 'Get_Extraction_Examples', arguments: {} },
		{ name: 'Archive_Contact', arguments: { externalReferenceId: `${tag}-2` } },
		{ name: 'Get_Contact', arguments: { externalReferenceId: `${tag}-NOPE` } },
		{
			name: 'Create_Contact',
			arguments: { externalReferenceId: ref, primaryEmail: email, firstName: 'Ada' },
		},
	];
}

/** The parameters each tool asks the model for (its JSON schema's properties). */
export const OFFERED_PARAMETERS: Record<string, string[]> = {
	Create_Contact: ['externalReferenceId', 'firstName', 'primaryEmail'],
	Get_Contact: ['externalReferenceId'],
	Find_Contacts: ['search'],
	Update_Contact: ['externalReferenceId', 'lastName'],
	Create_or_Update_Contact: ['externalReferenceId', 'primaryEmail'],
	Archive_Contact: ['externalReferenceId'],
	Submit_Feedback_Form: ['comment', 'externalReferenceId', 'rating'],
	Get_Form_Submissions: ['externalReferenceId'],
	Get_Extraction_Examples: [],
};

/** What the model or client got back for each call, in order (text as n8n gave it). */
export function expectAnswers(tag: string, answers: string[]) {
	const ref = `${tag}-1`;
	const json = (i: number) => {
		const parsed = JSON.parse(answers[i]);
		return Array.isArray(parsed) ? parsed : [parsed];
	};
	expect(answers).toHaveLength(11);
	expect(json(0)[0]).toMatchObject({ externalReferenceId: ref, firstName: 'Ada' });
	expect(json(1)[0]).toMatchObject({
		externalReferenceId: ref,
		primaryEmail: `${tag.toLowerCase()}@example.com`,
	});
	expect(json(2).map((c: Json) => c.externalReferenceId)).toEqual([ref]);
	expect(json(3)[0]).toMatchObject({ externalReferenceId: ref, lastName: 'Lovelace' });
	expect(json(4)[0]).toMatchObject({ result: 'created', externalReferenceId: `${tag}-2` });
	expect(json(5)[0]).toMatchObject({ formData: { rating: 5, comment: 'Very helpful' } });
	expect(json(6).map((s: Json) => s.templateId)).toEqual([FEEDBACK._id]);
	expect(json(7).map((e: Json) => e.name)).toContain('invoice');
	expect(json(8)[0]).toMatchObject({ externalReferenceId: `${tag}-2` });
	expect(answers[9]).toContain(`Not found: contact with external reference ID \\"${tag}-NOPE\\"`);
	expect(answers[10]).toContain('Duplicate');
}

/** What the calls did in the local A2V2 server. */
export function expectStored(server: LocalServer, tag: string) {
	const ref = `${tag}-1`;
	const contacts = server.contacts();
	expect(contacts.filter((c) => c.externalReferenceId === ref)).toEqual([
		expect.objectContaining({ firstName: 'Ada', lastName: 'Lovelace' }),
	]);
	expect(contacts.find((c) => c.externalReferenceId === `${tag}-2`)).toMatchObject({
		isArchived: true,
	});
	const contactId = contacts.find((c) => c.externalReferenceId === ref)?._id;
	expect(
		server.submissions().filter((s) => s.contactId === contactId && s.templateId === FEEDBACK._id),
	).toEqual([expect.objectContaining({ formData: { rating: 5, comment: 'Very helpful' } })]);
}
