/**
 * n8n starts the requests of all input items at once. 1,000 creates against a key limited to
 * 100 requests per (shortened) minute must all succeed without a storm of 429s.
 */
import { resetPacers } from '../../nodes/shared/pacing';
import { runNode } from '../harness/engine';
import { useLocalServer } from './local';

const WINDOW_MS = 1000;
const local = useLocalServer({ minuteWindowMs: WINDOW_MS });

beforeEach(() => resetPacers());

it('creates 1,000 contacts with a key limited to 100 a window: no failed item, few 429s', async () => {
	const server = local.server();
	server.addKey({ key: 'slow-key', secret: 'slow-secret', scopes: { contacts: ['create', 'read'] }, perMinute: 100, perHour: 100_000 });
	const items = Array.from({ length: 1000 }, (_, i) => ({ json: { email: `paced${i}@example.com`, ref: `PACED-${i}` } }));

	const started = Date.now();
	const { items: output, error } = await runNode({
		parameters: {
			resource: 'contact',
			operation: 'create',
			fieldsMode: 'json',
			contactJson: '={{ JSON.stringify({ primaryEmail: $json.email, externalReferenceId: $json.ref }) }}',
			simplify: true,
		},
		credentials: { ...local.credentials(), apiKey: 'slow-key', apiSecret: 'slow-secret' },
		items,
	});
	const elapsed = Date.now() - started;

	expect(error).toBeUndefined();
	expect(output).toHaveLength(1000);
	expect(output.filter((i) => i.error)).toEqual([]);
	expect(new Set(output.map((i) => i.json.externalReferenceId)).size).toBe(1000);
	// Every item is paired with its own input item.
	expect(output.map((i) => (i.pairedItem as { item: number }).item)).toEqual(items.map((_, i) => i));

	const created = server.contacts().filter((c) => String(c.externalReferenceId).startsWith('PACED-'));
	expect(created).toHaveLength(1000);
	const answers = server.requests({ method: 'POST', path: '/v1/open/contacts/chatbots' });
	const limited = answers.filter((r) => r.status === 429).length;
	expect(limited).toBeLessThanOrEqual(10);
	expect(answers).toHaveLength(1000 + limited);
	// The limit allows 100 a window: 1,000 need at least 9 window changes.
	expect(elapsed).toBeGreaterThanOrEqual(9 * WINDOW_MS - 1000);
});
