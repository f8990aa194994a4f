/**
 * n8n starts the requests of all input items at once. 1,000 creates against a key limited to
 * 100 requests per (shortened) minute must all succeed without a storm of 429s, and without
 * leaving the key's windows unused: whether the server's windows open with a key's first
 * request (the local server's default, as common rate limiters count) or are aligned to the
 * clock.
 */
import { MAX_IN_FLIGHT } from '../../nodes/transport/pacing';
import { runNode } from '../harness/engine';
import { useLocalServer } from './local';

const WINDOW_MS = 1000;
const local = useLocalServer({ minuteWindowMs: WINDOW_MS });

/** The windows the server counted in, replayed from its log: when each opened. */
function windowOpenings(arrivals: number[], mode: string): number[] {
	const openings: number[] = [];
	for (const at of arrivals) {
		const last = openings[openings.length - 1];
		if (mode === 'clock') {
			const start = Math.floor(at / WINDOW_MS) * WINDOW_MS;
			if (last !== start) openings.push(start);
		} else if (last === undefined || at >= last + WINDOW_MS) openings.push(at);
	}
	return openings;
}

/** `count` creates with a key limited to 100 a window; the items out and the server's answers. */
async function createPaced(count: number, windows: { mode: string; windowMs: number }) {
	const server = local.server();
	server.reset({ minuteWindowMs: windows.windowMs, rateLimitWindows: windows.mode });
	server.addKey({
		key: 'slow-key',
		secret: 'slow-secret',
		scopes: { contacts: ['create', 'read'] },
		perMinute: 100,
		perHour: 100_000,
	});
	const items = Array.from({ length: count }, (_, i) => ({
		json: { email: `paced${i}@example.com`, ref: `PACED-${i}` },
	}));

	const { items: output, error } = await runNode({
		parameters: {
			resource: 'contact',
			operation: 'create',
			fieldsMode: 'json',
			contactJson:
				'={{ JSON.stringify({ primaryEmail: $json.email, externalReferenceId: $json.ref }) }}',
			output: 'simplified',
		},
		credentials: { ...local.credentials(), apiKey: 'slow-key', apiSecret: 'slow-secret' },
		items,
	});

	expect(error).toBeUndefined();
	expect(output).toHaveLength(count);
	expect(output.filter((i) => i.error || i.json.error)).toEqual([]);
	expect(new Set(output.map((i) => i.json.externalReferenceId)).size).toBe(count);
	// Every item is paired with its own input item.
	expect(output.map((i) => (i.pairedItem as { item: number }).item)).toEqual(
		items.map((_, i) => i),
	);
	const created = server
		.contacts()
		.filter((c) => String(c.externalReferenceId).startsWith('PACED-'));
	expect(created).toHaveLength(count);
	const answers = server.requests({ method: 'POST', path: '/v1/open/contacts/chatbots' });
	const limited = answers.filter((r) => r.status === 429).length;
	expect(answers).toHaveLength(count + limited);
	return { answers, limited };
}

describe.each(['first-request', 'clock'])('windows: %s', (mode) => {
	it('creates 1,000 contacts with a key limited to 100 a window: no failed item, no 429 storm, no window left unused', async () => {
		const { answers, limited } = await createPaced(1000, { mode, windowMs: WINDOW_MS });
		expect(limited).toBeLessThanOrEqual(1);
		// The accepted requests filled their windows: 1,000 at 100 a window are 10 windows (one
		// more when a window was cut short by a 429, or when the clock ended the first one before
		// its 100 were sent)...
		const accepted = answers.filter((r) => r.status !== 429).map((r) => r.at);
		const openings = windowOpenings(accepted, mode);
		expect(openings.length).toBeLessThanOrEqual(10 + limited + (mode === 'clock' ? 1 : 0));
		// ...and each window opened soon after the previous one ended, not when the rounded-up
		// X-RateLimit-Reset said (up to a second later when windows open with a request).
		const lateBy = openings.slice(1).map((at, i) => at - (openings[i] + WINDOW_MS));
		expect(Math.max(...lateBy)).toBeLessThan(300);
	});
});

it('windows that are no whole number of seconds: a wrong guess of their end costs one 429, then the pacer waits for the announced reset', async () => {
	const { limited } = await createPaced(300, { mode: 'first-request', windowMs: 1500 });
	expect(limited).toBeLessThanOrEqual(1);
});

it('against a distant server, spreads the requests in flight over the response time instead of sending them in batches', async () => {
	const server = local.server();
	server.reset({ minuteWindowMs: 60_000, latencyMs: 40 });
	try {
		const items = Array.from({ length: 200 }, (_, i) => ({
			json: { email: `spread${i}@example.com` },
		}));
		const { items: output, error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'create',
				fieldsMode: 'json',
				contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
			},
			credentials: local.credentials(),
			items,
		});
		expect(error).toBeUndefined();
		expect(output.filter((i) => i.error || i.json.error)).toEqual([]);
		const arrivals = server
			.requests({ method: 'POST', path: '/v1/open/contacts/chatbots' })
			.map((r) => r.at);
		expect(arrivals).toHaveLength(200);
		// Sent together, MAX_IN_FLIGHT requests would arrive within a few milliseconds, round
		// after round; spread, a tenth of the response time holds a few of them.
		// The typical crowd around an arrival (the median, so that a pause of the test process,
		// which delays several arrivals at once, does not decide it).
		const crowds = arrivals
			.slice(50)
			.map((at) => arrivals.filter((other) => other >= at && other < at + 4).length)
			.sort((a, b) => a - b);
		expect(crowds[Math.floor(crowds.length / 2)]).toBeLessThanOrEqual(MAX_IN_FLIGHT / 4);
	} finally {
		server.reset({ minuteWindowMs: WINDOW_MS, latencyMs: 0 });
	}
});
