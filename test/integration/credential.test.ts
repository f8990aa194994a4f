/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
import { createServer, type AddressInfo } from 'node:net';
/** The connection test (the nodes' `testedBy`) against the local A2V2 server. */
import { testCredential } from '../harness/editor';
import { useLocalServer } from './local';

const local = useLocalServer();

describe('connection test', () => {
	it('passes for a valid key with Contact Access', async () => {
		expect(await testCredential(local.credentials('demo-full'))).toEqual({
			status: 'OK',
			message: 'Connection successful: the key has Contact Access for this agent',
		});
	});

	it('accepts the Base URL with /v1/open and a trailing slash', async () => {
		const credentials = { ...local.credentials(), baseUrl: `${local.server().url}/v1/open/` };
		expect((await testCredential(credentials)).status).toBe('OK');
	});

	it('fails for a wrong secret, without echoing it', async () => {
		const result = await testCredential({
			...local.credentials(),
			apiSecret: 'wrong-secret-value',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The API key or secret is wrong\./);
		expect(result.message).not.toContain('wrong-secret-value');
	});

	it('passes for a key with only Document Extraction Access, saying what it lacks', async () => {
		const result = await testCredential(local.credentials('demo-extraction'));
		expect(result.status).toBe('OK');
		expect(result.message).toContain('lacks Contact Access: read');
		expect(result.message).toContain('Document Extraction works');
	});

	it('passes for a valid key without either access, saying so', async () => {
		const result = await testCredential(local.credentials('demo-nothing'));
		expect(result.status).toBe('OK');
		expect(result.message).toContain(
			'lacks Contact Access: read for this agent and Document Extraction Access: read',
		);
	});

	it('fails clearly for an unreachable host', async () => {
		// A port that was free a moment ago: nothing listens there.
		const probe = createServer();
		await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
		const port = (probe.address() as AddressInfo).port;
		await new Promise((resolve) => probe.close(resolve));
		const result = await testCredential({
			...local.credentials(),
			baseUrl: `http://127.0.0.1:${port}`,
		});
		expect(result).toEqual({
			status: 'Error',
			message: `Could not reach the A2V2 API at 127.0.0.1:${port}: the connection was refused. Check the Base URL.`,
		});
	});

	it('refuses a Base URL that is not http(s)', async () => {
		const result = await testCredential({ ...local.credentials(), baseUrl: 'ftp://example.com' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('is not an http(s) URL');
	});
});
