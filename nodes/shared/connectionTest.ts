import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { redact } from './errors';
import { apiRoot, pathSegment } from './url';

interface Answer {
	statusCode: number;
	body?: { message?: unknown };
}

function said(answer: Answer, secrets: string[]): string {
	const message = answer.body && typeof answer.body.message === 'string' ? answer.body.message : '';
	return message ? ` A2V2 said: "${redact(message, secrets)}"` : '';
}

/**
 * The A2V2 connection test. It reads the agent's contact schema (Contact Access: read); on a
 * 403 it tries the extraction examples (Document Extraction Access: read), so that a key made
 * only for extraction passes, with a message saying what it lacks. A wrong key or secret, a
 * wrong agent and an unreachable host each fail with their own message.
 */
export async function a2v2ConnectionTest(
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

	// The test context offers only the deprecated `request` helper; fetch does the same here.
	const get = async (path: string): Promise<Answer> => {
		const response = await fetch(`${root}${path}`, {
			headers: {
				'X-API-Key': String(data.apiKey ?? ''),
				'X-API-Secret': String(data.apiSecret ?? ''),
				Accept: 'application/json',
			},
			signal: AbortSignal.timeout(20_000),
		});
		const text = await response.text();
		let body: Answer['body'];
		try {
			body = text ? (JSON.parse(text) as Answer['body']) : undefined;
		} catch {
			body = { message: text.slice(0, 200) };
		}
		return { statusCode: response.status, body };
	};

	let contacts: Answer;
	try {
		contacts = await get(`/contacts/schema/chatbots/${agent}`);
	} catch (error) {
		const e = error as {
			name?: string;
			code?: string;
			cause?: { code?: string; message?: string };
		};
		const code =
			e.cause?.code ?? e.code ?? (e.name === 'TimeoutError' ? 'timed out' : e.cause?.message);
		return {
			status: 'Error',
			message: `Could not reach the A2V2 API at ${new URL(root).host}${code ? ` (${code})` : ''}: check the Base URL`,
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
		return {
			status: 'Error',
			message: `The API key or secret is wrong.${said(contacts, secrets)}`,
		};
	}
	if (status === 404) {
		return {
			status: 'Error',
			message: `Agent "${String(data.agentId)}" was not found: check the Agent ID.${said(contacts, secrets)}`,
		};
	}
	if (status === 403) {
		let extraction: Answer | undefined;
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
	return {
		status: 'Error',
		message: `A2V2 answered HTTP ${status}.${said(contacts, secrets)}`,
	};
}
