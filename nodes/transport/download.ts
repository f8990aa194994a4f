import type {
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { deliver } from './deliver';
import type { FailedCall } from './errors';
import type { RequestSettings } from './settings';

/** The first 500 characters of an answer's body (a stream is read to its end). */
export async function bodyText(body: unknown): Promise<string> {
	if (typeof body === 'string') return body.slice(0, 500);
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8').slice(0, 500);
	if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function')
		return JSON.stringify(body).slice(0, 500);
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks).toString('utf8').slice(0, 500);
}

/**
 * Downloads from an address outside the A2V2 API (a signed URL of its file storage): no A2V2
 * credential goes with it. The answer is streamed to `read` (which stores it); a 5xx, a network
 * fault or an answer cut off half way is tried again like any read.
 */
export async function fetchFile<T>(
	context: IExecuteFunctions | IExecuteSingleFunctions,
	options: {
		url: string;
		itemIndex?: number;
		settings: RequestSettings;
		target: string;
		failed: (call: FailedCall, response: IN8nHttpFullResponse) => Promise<Error>;
		read: (response: IN8nHttpFullResponse) => Promise<T>;
	},
): Promise<T> {
	const url = new URL(options.url);
	return await deliver({
		node: () => context.getNode(),
		call: {
			method: 'GET',
			path: url.pathname,
			target: options.target,
			service: 'the file storage',
			itemIndex: options.itemIndex,
			secrets: [],
		},
		host: url.host,
		settings: options.settings,
		idempotent: true,
		failed: options.failed,
		read: options.read,
		send: async () =>
			(await context.helpers.httpRequest({
				method: 'GET',
				url: options.url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				...options.settings.connection,
			})) as IN8nHttpFullResponse,
	});
}
