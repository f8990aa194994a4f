import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IN8nHttpFullResponse,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { redact } from './errors';
import { deliver } from './deliver';
import { apiRoot, pathSegment } from './url';

/** The node a credential check's errors would name: it runs outside any workflow. */
const CHECK_NODE: INode = {
	id: 'a2v2-credential-check',
	name: 'A2V2 credential',
	type: 'n8n-nodes-a2v2.a2v2',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The A2V2 credential's connection check (the nodes name it in `testedBy`). It reads the agent's
 * contact schema (Contact Access: read); on a 403 it tries the extraction examples (Document
 * Extraction Access: read), so that a key made only for extraction passes, with a message saying
 * what it lacks. A wrong key or secret, a wrong agent and an unreachable host each fail with their
 * own message. Its requests go through the one sender with one retry.
 */
export async function checkA2v2Credential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = [String(data.apiKey ?? ''), String(data.apiSecret ?? '')];
	let root: string;
	let agent: string;
	try {
		root = apiRoot(data.baseUrl);
		agent = pathSegment(String(data.agentId ?? '').trim(), 'The Agent ID');
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}

	// The check's context offers only n8n's deprecated `request` helper; fetch sends the same.
	const get = async (path: string) =>
		await deliver({
			node: () => CHECK_NODE,
			call: { method: 'GET', path, secrets },
			host: new URL(root).host,
			settings: { maxRateLimitWaitMs: 10_000, maxRetries: 1 },
			idempotent: true,
			acceptFailure: () => true,
			send: async (): Promise<IN8nHttpFullResponse> => {
				const response = await fetch(`${root}${path}`, {
					headers: {
						'X-API-Key': String(data.apiKey ?? ''),
						'X-API-Secret': String(data.apiSecret ?? ''),
						Accept: 'application/json',
					},
					signal: AbortSignal.timeout(20_000),
				});
				const text = await response.text();
				let body: unknown;
				try {
					body = text ? JSON.parse(text) : undefined;
				} catch {
					body = { message: text.slice(0, 200) };
				}
				return {
					statusCode: response.status,
					headers: Object.fromEntries(response.headers.entries()),
					body,
				} as IN8nHttpFullResponse;
			},
		});
	const said = (answer: IN8nHttpFullResponse) => {
		const message = (answer.body as IDataObject | undefined)?.message;
		return typeof message === 'string' && message
			? ` A2V2 said: "${redact(message, secrets)}"`
			: '';
	};

	let contacts: IN8nHttpFullResponse;
	try {
		contacts = await get(`/contacts/schema/chatbots/${agent}`);
	} catch (error) {
		return {
			status: 'Error',
			message: `${(error as Error).message}. Check the Base URL.`,
		};
	}

	const status = contacts.statusCode;
	if (status >= 200 && status < 300) {
		return {
			status: 'OK',
			message: 'Connection successful: the key has Contact Access for this agent',
		};
	}
	if (status === 401) {
		return { status: 'Error', message: `The API key or secret is wrong.${said(contacts)}` };
	}
	if (status === 404) {
		return {
			status: 'Error',
			message: `Agent "${String(data.agentId)}" was not found: check the Agent ID.${said(contacts)}`,
		};
	}
	if (status === 403) {
		let extraction: IN8nHttpFullResponse | undefined;
		try {
			extraction = await get('/document-extraction/schema-examples');
		} catch {
			extraction = undefined;
		}
		if (extraction && extraction.statusCode >= 200 && extraction.statusCode < 300) {
			return {
				status: 'OK',
				message:
					'Connected, but the key lacks Contact Access: read for this agent: Document Extraction works; Contact, File and the trigger will be refused.',
			};
		}
		return {
			status: 'OK',
			message:
				'The key is valid but lacks Contact Access: read for this agent and Document Extraction Access: read. Grant them in the A2V2 dashboard, or check the Agent ID.',
		};
	}
	return { status: 'Error', message: `A2V2 answered HTTP ${status}.${said(contacts)}` };
}
