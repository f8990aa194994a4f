/**
 * Requests as the sender makes them: the key's headers, the credential read once per run, the Base URL forms, n8n's Request Options, proven through n8n's real execution engine against nock.
 */
import nock from 'nock';
import { runChain, runNode } from '../harness/engine';
import {
	AGENT,
	API,
	API_HOST,
	contact,
	credentials,
	getById,
	ID1,
	KEY,
	roomy,
	SECRET,
	setupNock,
} from './helpers';

setupNock();

describe('authentication and base URL', () => {
	it('sends X-API-Key and X-API-Secret on every request, and a JSON Accept header', async () => {
		const scope = nock(API, {
			reqheaders: { 'x-api-key': KEY, 'x-api-secret': SECRET, accept: 'application/json' },
		})
			.get(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.reply(200, { success: true, data: contact(ID1) }, roomy());
		const { items, error } = await runNode({ parameters: getById(), credentials });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: contact(ID1), pairedItem: { item: 0 } }]);
		scope.done();
	});

	it.each([
		['the host', API_HOST],
		['the host with a trailing slash', `${API_HOST}/`],
		['the host with /v1/open', `${API_HOST}/v1/open`],
		['the host with /v1/open/', `${API_HOST}/v1/open/`],
		['the host with /v1/open//', `${API_HOST}/v1/open//`],
	])('joins /v1/open to %s', async (_label, baseUrl) => {
		nock(API)
			.get(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.reply(200, { success: true, data: contact(ID1) });
		const { error, items } = await runNode({
			parameters: getById(),
			credentials: { ...credentials, baseUrl },
		});
		expect(error).toBeUndefined();
		expect(items[0].json._id).toBe(ID1);
	});

	it('reads the credential once per node run, and each node of an execution uses its own', async () => {
		const other = {
			...credentials,
			apiKey: 'key-of-the-second-node',
			apiSecret: 'secret-of-the-second-node',
			agentId: 'agent-2',
		};
		const seen: string[] = [];
		nock(API)
			.post(/\/contacts\/chatbots\/agent-[12]$/)
			.times(40)
			.reply(function (uri) {
				seen.push(
					`${uri.split('/').pop()} ${String(this.req.headers['x-api-key'])} ${String(this.req.headers['x-api-secret'])}`,
				);
				return [201, { success: true, data: contact(ID1) }, roomy()];
			});
		const items = Array.from({ length: 20 }, (_, i) => ({ json: { email: `c${i}@example.com` } }));
		const create = {
			resource: 'contact',
			operation: 'create',
			fieldsMode: 'json',
			contactJson: '={{ JSON.stringify({ primaryEmail: $json.email }) }}',
			output: 'raw',
		};
		const { outputs, errors, credentialReads } = await runChain({
			nodes: [
				{ parameters: create, credentials },
				{
					parameters: {
						...create,
						contactJson: '={{ JSON.stringify({ primaryEmail: "second@example.com" }) }}',
					},
					credentials: other,
				},
			],
			items,
		});
		expect(errors).toEqual([undefined, undefined]);
		expect(outputs.map((o) => o.length)).toEqual([20, 20]);
		// 40 requests, two node runs: two reads.
		expect(credentialReads).toBe(2);
		expect(seen.filter((s) => s === `agent-1 ${KEY} ${SECRET}`)).toHaveLength(20);
		expect(
			seen.filter((s) => s === 'agent-2 key-of-the-second-node secret-of-the-second-node'),
		).toHaveLength(20);
	});

	it('keeps a path below the host (a gateway prefix)', async () => {
		nock('https://gw.example.test')
			.get(`/a2v2/v1/open/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.reply(200, { success: true, data: contact(ID1) });
		const { error } = await runNode({
			parameters: getById(),
			credentials: { ...credentials, baseUrl: 'https://gw.example.test/a2v2/' },
		});
		expect(error).toBeUndefined();
	});

	it.each(['ftp://api.a2v2.test', 'api.a2v2.test', 'not a url', 'javascript:alert(1)', ''])(
		'refuses the Base URL %j before any request',
		async (baseUrl) => {
			const { error } = await runNode({
				parameters: getById(),
				credentials: { ...credentials, baseUrl },
			});
			expect(error?.message).toMatch(/Base URL .* is not an http\(s\) URL/);
		},
	);
});

describe("n8n's own Request Options", () => {
	it('applies Timeout to the requests', async () => {
		nock(API)
			.get(`/contacts/mantisid/${ID1}/chatbots/${AGENT}`)
			.delay(2000)
			.reply(200, { success: true, data: contact(ID1) });
		const started = Date.now();
		const { error } = await runNode({
			parameters: { ...getById(), requestOptions: { timeout: 200, maxRetries: 0 } },
			credentials,
		});
		expect(Date.now() - started).toBeLessThan(1500);
		expect(error?.message).toBe(
			'Could not reach the A2V2 API at api.a2v2.test: the request timed out [item 0]',
		);
	});
});
