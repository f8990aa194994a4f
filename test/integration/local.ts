/** The local A2V2 server for integration tests, and credentials for its demo keys. */
import type { CredentialData } from '../harness/credentials';

import { startA2V2Server, DEMO_AGENT_ID } from '../../local-server/server';
import type { LocalServer } from '../../local-server/server';

export { DEMO_AGENT_ID };
export type { LocalServer };

/** Starts a server for the test file; resets its state before each test. */
export function useLocalServer(options: object = {}): {
	server: () => LocalServer;
	credentials: (key?: string) => CredentialData;
} {
	let server: LocalServer;
	beforeAll(async () => {
		server = await startA2V2Server({ quiet: true, ...options });
	});
	beforeEach(() => server.reset());
	afterAll(async () => server.close());
	return {
		server: () => server,
		credentials: (key = 'demo-full') => ({
			apiKey: `${key}-key`,
			apiSecret: `${key}-secret`,
			agentId: DEMO_AGENT_ID,
			baseUrl: server.url,
		}),
	};
}
