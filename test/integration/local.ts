/** The local A2V2 server for integration tests, and credentials for its demo keys. */
import type { CredentialData } from '../harness/engine';

const { startA2V2Server, DEMO_AGENT_ID } = require('../server/server');

export { DEMO_AGENT_ID };

export interface LocalServer {
	url: string;
	reset(overrides?: object): void;
	addKey(key: object): void;
	addFault(fault: object): void;
	createContact(contact: object, agentId?: string, at?: string): Record<string, any>;
	contacts(): Array<Record<string, any>>;
	files(): Array<Record<string, any>>;
	createFile(
		contactId: string,
		file: { fileName: string; mimeType: string; bytes: Buffer },
		agentId?: string,
	): Record<string, any>;
	createSubmission(
		contactRef: string,
		templateId: string,
		body: object,
		agentId?: string,
	): Record<string, any>;
	fileBytes(id: string): Buffer | undefined;
	submissions(): Array<Record<string, any>>;
	requests(filter?: { method?: string; path?: string | RegExp }): Array<{
		method: string;
		path: string;
		query: Record<string, string>;
		status: number | string;
		key: string;
		at: number;
	}>;
	clearRequests(): void;
	close(): Promise<void>;
}

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
