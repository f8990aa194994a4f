/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * Where a workflow reports what it processed: n8n's HTTP Request node posts `{ "id": ... }` per
 * item to `url`, and `received` holds the IDs in the order they came.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parameters of the HTTP Request node that reports each item's `id` to the sink at `url`. */
export const reportParameters = (url: string) => ({
	method: 'POST',
	url,
	sendBody: true,
	specifyBody: 'json',
	jsonBody: '={{ JSON.stringify({ id: $json.id }) }}',
	options: {},
});

export async function startSink(received: string[] = []) {
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push(String(JSON.parse(body).id));
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/reported`,
		received,
		close: () => new Promise((r) => server.close(r)),
	};
}
