/** The Form resource against the local A2V2 server. */
import { resourceMapping } from '../harness/editor';
import { runNode } from '../harness/engine';
import { type InputItem, type Parameters } from '../harness/nodeTypes';
import { useLocalServer } from './local';

import { FORM_TEMPLATES } from '../../local-server/server';

const local = useLocalServer();

const INTAKE = FORM_TEMPLATES[0]._id;
const template = { __rl: true, mode: 'id', value: INTAKE };
const run = (parameters: Parameters, items?: InputItem[]) =>
	runNode({
		parameters: { resource: 'form', ...parameters },
		credentials: local.credentials(),
		items,
	});

async function submitIntake(age: string) {
	const { fields } = await resourceMapping('getTemplateFields', {
		parameters: { resource: 'form', operation: 'submit', template },
		credentials: local.credentials(),
	});
	return await run({
		operation: 'submit',
		template,
		contactRef: 'DEMO-008',
		formFields: {
			mappingMode: 'defineBelow',
			value: {
				fullName: 'Barbara Liskov',
				email: 'barbara@example.com',
				visitDate: '2026-02-03',
				reason: 'checkup',
				age,
				insured: 'true',
				symptoms: '["cough"]',
			},
			matchingColumns: [],
			schema: fields,
		},
		submitOptions: { submissionNotes: `age ${age}` },
	});
}

it('submits; a second submission supersedes the first, which is hidden unless asked for; latest is the second', async () => {
	const first = await submitIntake('40');
	expect(first.error).toBeUndefined();
	expect(first.items[0].json).toMatchObject({
		status: 'submitted',
		formData: { age: 40, insured: true, symptoms: ['cough'] },
	});
	const second = await submitIntake('41');
	const visible = await run({ operation: 'getAll', contactRef: 'DEMO-008', returnAll: true });
	expect(visible.items.map((i) => i.json.id)).toEqual([second.items[0].json.id]);
	const all = await run({
		operation: 'getAll',
		contactRef: 'DEMO-008',
		returnAll: true,
		filters: { includeSuperseded: true },
		output: 'raw',
	});
	expect(all.items.find((i) => i.json._id === first.items[0].json.id)?.json.supersededBy).toBe(
		second.items[0].json.id,
	);
	const latest = await run({ operation: 'getLatest', contactRef: 'DEMO-008', template });
	expect(latest.items[0].json.id).toBe(second.items[0].json.id);
});

it('moves a submission through the review statuses', async () => {
	const { items } = await submitIntake('50');
	const id = items[0].json.id;
	for (const status of ['under_review', 'approved']) {
		const updated = await run({
			operation: 'update',
			submissionId: id,
			updateFields: { status, reviewNotes: `now ${status}` },
		});
		expect(updated.items[0].json).toMatchObject({ status, reviewNotes: `now ${status}` });
	}
	const got = await run({ operation: 'get', submissionId: id });
	expect(got.items[0].json.status).toBe('approved');
	const approved = await run({
		operation: 'getAll',
		contactRef: 'DEMO-008',
		returnAll: true,
		filters: { status: 'approved' },
	});
	expect(approved.items.map((i) => i.json.id)).toEqual([id]);
});

it('submits many in batches, every item with its own result', async () => {
	const items = Array.from({ length: 12 }, (_, n) => ({
		json: { contact: n % 2 ? 'DEMO-001' : 'DEMO-002', rating: n === 5 ? 'five' : n },
	}));
	const server = local.server();
	server.clearRequests();
	const { items: output, error } = await run(
		{
			operation: 'submitMany',
			template: { __rl: true, mode: 'id', value: FORM_TEMPLATES[1]._id },
			contactRef: '={{ $json.contact }}',
			formDataMode: 'json',
			formDataJson: '={{ JSON.stringify({ rating: $json.rating }) }}',
		},
		items,
	);
	expect(error).toBeUndefined();
	expect(output).toHaveLength(12);
	expect(output.map((i) => i.json.success)).toEqual(items.map((_, n) => n !== 5));
	expect(output[5].json.error).toBe('Validation failed: formData.rating: rating must be a number');
	expect(server.requests({ method: 'POST', path: /\/forms\/batch\// })).toHaveLength(2);
	expect(server.submissions().filter((s) => s.templateId === FORM_TEMPLATES[1]._id)).toHaveLength(
		11,
	);
});
