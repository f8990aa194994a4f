/**
 * The A2V2 node as an AI tool invoked in-process (n8n-core's own tool invocation, as under AI
 * Agent 1.x and 2.x and the MCP Server Trigger) against the local A2V2 server: the list tools left
 * at their defaults answer with a small, simplified list, and a write reaches the server once.
 */
import { FORM_TEMPLATES } from '../../local-server/server';
import { runAsTool } from '../harness/agent';
import { useLocalServer } from './local';

const local = useLocalServer();

const ref = (key: string) => ({
	__rl: true,
	mode: 'externalReferenceId',
	value: `={{ $fromAI('${key}', 'the external reference ID', 'string') }}`,
});

it('the list tools at their defaults answer with at most 10 items, in under 8 KB', async () => {
	const server = local.server();
	const contact = server.contacts()[0];
	for (let i = 0; i < 12; i++) {
		server.createSubmission(String(contact.externalReferenceId), FORM_TEMPLATES[1]._id, {
			formData: {
				rating: (i % 5) + 1,
				comment: `Visit ${i}: friendly and quick, would come again`,
			},
		});
		server.createFile(contact._id, {
			fileName: `scan-${i}.pdf`,
			mimeType: 'application/pdf',
			bytes: Buffer.from(`%PDF-1.4 scan ${i}`),
		});
	}
	const { results } = await runAsTool({
		tools: {
			Find: { resource: 'contact', operation: 'getAll' },
			Files: { resource: 'file', operation: 'getAll', contact: ref('contact') },
			Submissions: {
				resource: 'form',
				operation: 'getAll',
				contactRef: `={{ $fromAI('contact', 'the external reference ID', 'string') }}`,
				// A new submission supersedes the earlier one of its template: list them all.
				filters: { includeSuperseded: true },
			},
		},
		calls: [
			{ tool: 'Find', args: {} },
			{ tool: 'Files', args: { contact: String(contact.externalReferenceId) } },
			{ tool: 'Submissions', args: { contact: String(contact.externalReferenceId) } },
		],
		credentials: local.credentials(),
	});
	expect(server.contacts().length).toBeGreaterThan(10);
	for (const { tool, answer } of results) {
		const list = JSON.parse(answer as string) as Array<Record<string, unknown>>;
		expect([tool, list.length]).toEqual([tool, 10]);
		expect([tool, (answer as string).length < 8 * 1024]).toEqual([tool, true]);
	}
	// Contacts come simplified: the flat set, not the raw contact.
	expect(Object.keys(JSON.parse(results[0].answer as string)[0]).sort()).toEqual([
		'createdAt',
		'externalReferenceId',
		'firstName',
		'id',
		'lastName',
		'primaryEmail',
		'primaryPhone',
		'status',
		'tags',
		'updatedAt',
	]);
});

it('a create as a tool reaches the server once, and a duplicate is answered with why', async () => {
	const tool = {
		resource: 'contact',
		operation: 'create',
		fieldsMode: 'json',
		contactJson:
			"={{ JSON.stringify({ primaryEmail: $fromAI('email', 'the e-mail', 'string'), externalReferenceId: $fromAI('ref', 'our ID', 'string') }) }}",
	};
	const { results } = await runAsTool({
		tools: { Create: tool },
		calls: [
			{ tool: 'Create', args: { email: 'tool@example.com', ref: 'TOOL-1' } },
			{ tool: 'Create', args: { email: 'tool@example.com', ref: 'TOOL-1' } },
		],
		credentials: local.credentials(),
	});
	expect(JSON.parse(results[0].answer as string)[0]).toMatchObject({
		externalReferenceId: 'TOOL-1',
	});
	expect(JSON.parse(results[1].answer as string)[0]).toMatchObject({
		error: expect.stringMatching(/^Duplicate: /),
		details: expect.objectContaining({ httpCode: 409 }),
	});
	expect(
		local
			.server()
			.contacts()
			.filter((c) => c.externalReferenceId === 'TOOL-1'),
	).toHaveLength(1);
});
