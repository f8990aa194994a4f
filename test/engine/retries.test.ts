/**
 * Nothing lost, nothing doubled: 429s waited out (Retry-After, else backoff), faults retried a bounded number of times, a create never blindly repeated, proven through n8n's real execution engine against nock.
 */
import nock from 'nock';
import { runNode } from '../harness/engine';
import { AGENT, API, contact, createJson, credentials, getById, ID1, setupNock } from './helpers';

setupNock();

describe('rate limits (429)', () => {
	const path = `/contacts/mantisid/${ID1}/chatbots/${AGENT}`;

	it('waits as Retry-After says, then retries', async () => {
		const times: number[] = [];
		nock(API)
			.get(path)
			.reply(() => {
				times.push(Date.now());
				return [429, { success: false, message: 'Rate limit exceeded' }, { 'Retry-After': '1' }];
			})
			.get(path)
			.reply(() => {
				times.push(Date.now());
				return [200, { success: true, data: contact(ID1) }];
			});
		const { error, items } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
	});

	it('backs off exponentially when Retry-After is absent', async () => {
		const times: number[] = [];
		const limited = () => {
			times.push(Date.now());
			return [429, { success: false, message: 'Rate limit exceeded' }] as [number, object];
		};
		nock(API)
			.get(path)
			.reply(limited)
			.get(path)
			.reply(limited)
			.get(path)
			.reply(() => {
				times.push(Date.now());
				return [200, { success: true, data: contact(ID1) }];
			});
		const { error } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(times).toHaveLength(3);
		// Jittered between half and all of 1 s, then of 2 s.
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(450);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(950);
	});

	it('gives up with a clear message once the allowed wait is used up', async () => {
		nock(API)
			.get(path)
			.reply(429, { success: false, message: 'Rate limit exceeded' }, { 'Retry-After': '30' });
		const started = Date.now();
		const { error } = await runNode({
			parameters: { ...getById(), requestOptions: { maxRateLimitWait: 5 } },
			credentials,
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error?.message).toBe('The A2V2 rate limit of this API key is still exceeded [item 0]');
		expect(error?.description).toContain('Max Rate-Limit Wait');
	});

	it('after a 429, waits its Retry-After only, not for the end of the rate-limit window', async () => {
		const window = {
			'X-RateLimit-Limit': '10',
			'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 60),
		};
		nock(API)
			.get(path)
			.reply(
				200,
				{ success: true, data: contact(ID1) },
				{ ...window, 'X-RateLimit-Remaining': '5' },
			)
			.get(path)
			.reply(
				429,
				{ success: false, message: 'Rate limit exceeded' },
				{ ...window, 'X-RateLimit-Remaining': '0', 'Retry-After': '0' },
			)
			.get(path)
			.reply(
				200,
				{ success: true, data: contact(ID1) },
				{ ...window, 'X-RateLimit-Remaining': '4' },
			);
		const first = await runNode({ parameters: getById(), credentials });
		expect(first.error).toBeUndefined();
		const started = Date.now();
		const second = await runNode({ parameters: getById(), credentials });
		expect(second.error).toBeUndefined();
		// The window resets in a minute; Retry-After said no wait at all.
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('retries a create after a 429 (a 429 was not processed)', async () => {
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(429, { success: false, message: 'Rate limit exceeded' }, { 'Retry-After': '0' })
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(201, { success: true, data: contact(ID1) });
		const { error, items } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
	});
});

describe('retries on faults', () => {
	const path = `/contacts/mantisid/${ID1}/chatbots/${AGENT}`;

	it('retries a read after 5xx and network faults, a bounded number of times', async () => {
		nock(API)
			.get(path)
			.reply(500, { success: false, message: 'boom' })
			.get(path)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.get(path)
			.reply(200, { success: true, data: contact(ID1) });
		const { error, items } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
	});

	it('stops after the configured number of retries', async () => {
		let calls = 0;
		nock(API)
			.get(path)
			.times(3)
			.reply(() => {
				calls++;
				return [502, { success: false, message: 'Bad gateway' }];
			});
		const { error } = await runNode({
			parameters: { ...getById(), requestOptions: { maxRetries: 2 } },
			credentials,
		});
		expect(calls).toBe(3);
		expect(error?.message).toBe('A2V2 server error (502): Bad gateway [item 0]');
	});

	it('retries an idempotent update (PUT) after a 5xx', async () => {
		nock(API)
			.put(path, { firstName: 'Ada' })
			.reply(500, { success: false, message: 'boom' })
			.put(path, { firstName: 'Ada' })
			.reply(200, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: {
				resource: 'contact',
				operation: 'update',
				contact: { __rl: true, mode: 'id', value: ID1 },
				fieldsMode: 'json',
				contactJson: '{"firstName":"Ada"}',
			},
			credentials,
		});
		expect(error).toBeUndefined();
	});

	it('never repeats a create after a 5xx', async () => {
		let calls = 0;
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(() => {
				calls++;
				return [500, { success: false, message: 'boom' }];
			});
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		expect(calls).toBe(1);
		expect(error?.message).toBe('A2V2 server error (500): boom [item 0]');
		expect(error?.description).toContain('was not repeated automatically');
	});

	it('never repeats a create whose connection broke after sending', async () => {
		const scope = nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		// One interceptor, consumed once: a second attempt would have found no mock and failed differently.
		scope.done();
		expect(error?.message).toBe(
			'Could not reach the A2V2 API at api.a2v2.test: the connection was reset [item 0]',
		);
		expect(error?.description).toContain('may or may not have been processed');
	});

	it('repeats a create that certainly never left (connection refused)', async () => {
		nock(API)
			.post(`/contacts/chatbots/${AGENT}`)
			.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
			.post(`/contacts/chatbots/${AGENT}`)
			.reply(201, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: createJson({ primaryEmail: 'ada@example.com' }),
			credentials,
		});
		expect(error).toBeUndefined();
	});
});
