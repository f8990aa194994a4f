/** The local A2V2 server for its contract tests: started once per file, reset before each test. */
import type { Json } from '../json';
import type { LocalServer } from '../../local-server/server';

import { startA2V2Server } from '../../local-server/server';

export const FULL = { 'X-API-Key': 'demo-full-key', 'X-API-Secret': 'demo-full-secret' };

/** The server of the file's tests, and `call`, a request to its API with the full demo key. */
export function useLocalServer() {
	const state: { server?: LocalServer; base?: string } = {};
	beforeAll(async () => {
		state.server = await startA2V2Server({ quiet: true });
		state.base = `${state.server.url}/v1/open`;
	});
	afterAll(async () => state.server?.close());
	beforeEach(() => state.server?.reset());

	async function call(
		method: string,
		path: string,
		options: { headers?: Record<string, string>; json?: unknown; form?: FormData } = {},
	) {
		const headers: Record<string, string> = { ...FULL, ...(options.headers ?? {}) };
		let body: Json;
		if (options.json !== undefined) {
			headers['Content-Type'] = 'application/json';
			body = JSON.stringify(options.json);
		} else if (options.form) {
			body = options.form;
		}
		const response = await fetch(`${state.base}${path}`, { method, headers, body });
		const text = await response.text();
		let json: Json;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		return { status: response.status, headers: response.headers, body: json };
	}
	return {
		call,
		get server() {
			return state.server as LocalServer;
		},
		get base() {
			return state.base as string;
		},
	};
}
