/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n; these rules
   guard the code that runs inside n8n (n8n Cloud's sandbox, a node's errors). */
/**
 * What every real-n8n e2e file starts from: the pinned n8n of a line, the local A2V2 server, a
 * throwaway folder with this package installed for n8n, and the credentials imported.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEMO_AGENT_ID, startA2V2Server, type LocalServer } from '../../local-server/server';
import { ensureHost } from '../../scripts/n8n-host';
import * as n8n from '../../scripts/n8n-run';
import type { Json } from '../json';

export interface N8nSetUp {
	host: Json;
	server: LocalServer;
	/** The throwaway folder (n8n's user folder unless `userSubfolder` says otherwise). */
	folder: string;
	userFolder: string;
	env: Record<string, string>;
}

/** An A2V2 credential for the local server; the demo key "full" unless told otherwise. */
export const a2v2Credential = (
	server: LocalServer,
	{ id, name }: { id: string; name: string },
	{ apiKey = 'demo-full-key', apiSecret = 'demo-full-secret' } = {},
) => ({
	id,
	name,
	type: 'a2v2Api',
	data: { apiKey, apiSecret, agentId: DEMO_AGENT_ID, baseUrl: server.url },
});

export async function setUpN8n({
	line = '2.x',
	name,
	credentials,
	userSubfolder,
	owner,
}: {
	line?: string;
	/** A word for the folder's name. */
	name: string;
	/** The credentials to import, made once the local server listens. */
	credentials: (server: LocalServer) => Json[];
	userSubfolder?: string;
	owner?: { email: string; password: string };
}): Promise<N8nSetUp> {
	const host = ensureHost(line);
	const server = await startA2V2Server({ quiet: true });
	try {
		const folder = mkdtempSync(join(tmpdir(), `a2v2-e2e-${name}-`));
		const userFolder = userSubfolder ? join(folder, userSubfolder) : folder;
		n8n.installPackage(userFolder);
		const env = n8n.n8nEnv(host, {
			userFolder,
			port: await n8n.freePort(),
			brokerPort: await n8n.freePort(),
			owner,
		});
		await n8n.importCredentials(host, env, credentials(server), folder);
		return { host, server, folder, userFolder, env };
	} catch (error) {
		await server.close();
		throw error;
	}
}
