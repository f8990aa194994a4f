/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test code: it runs in Node on a developer's machine or in CI, never inside n8n. */
/** The workflows of the queue-mode scale test (queue.scale.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { everyFiveSeconds } from '../e2e/rest';
import { reportParameters } from '../e2e/sink';
import * as n8n from '../../scripts/n8n-run';
import type { Json } from '../json';

export const FULL_CRED = 'a2v2ScaleFullCr1';
export const LIMITED_CRED = 'a2v2ScaleLimCr01';
export const CREATE_WORKFLOW = 'a2v2ScaleCreate1';
export const PIPELINE_WORKFLOW = 'a2v2ScalePipe001';
export const TRIGGER_WORKFLOW = 'a2v2ScaleTrig001';
export const DOWNLOAD_WORKFLOW = 'a2v2ScaleDown001';
export const WINDOW_MS = 2000;

const node = (name: string, type: string, typeVersion: number, parameters: object, x: number) => ({
	parameters,
	id: name.toLowerCase().replace(/\W+/g, '-'),
	name,
	type,
	typeVersion,
	position: [x, 0],
});
const webhook = (path: string, webhookId: string) => ({
	...node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		0,
	),
	webhookId,
});
const chain = (names: string[]) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

export function createWorkflow() {
	return {
		id: CREATE_WORKFLOW,
		name: 'Scale: 500 creates per execution',
		nodes: [
			webhook('scale-create', '5ca1e000-0000-4000-8000-000000000001'),
			node(
				'Items',
				'n8n-nodes-base.code',
				2,
				{
					jsCode:
						'const run = $input.first().json.body.run;\nreturn Array.from({ length: 500 }, (_, i) => ({ json: { email: `scale-${run}-${i}@example.com` } }));',
				},
				240,
			),
			{
				...node(
					'Create Contact',
					'n8n-nodes-a2v2.a2v2',
					1,
					{
						resource: 'contact',
						operation: 'create',
						fieldsMode: 'json',
						contactJson: '={ "primaryEmail": "{{ $json.email }}" }',
					},
					480,
				),
				credentials: { a2v2Api: { id: LIMITED_CRED, name: 'A2V2 limited' } },
			},
		],
		connections: chain(['Webhook', 'Items', 'Create Contact']),
		settings: { executionOrder: 'v1' },
	};
}

/** Example 1 as it ships, its Email Trigger replaced by a webhook receiving the PDF. */
export function pipelineWorkflow() {
	const example = JSON.parse(
		readFileSync(join(n8n.ROOT, 'examples', '1-email-attachments-to-contact.json'), 'utf8'),
	);
	const wired = n8n.withCredential(example, {
		id: PIPELINE_WORKFLOW,
		credentialId: FULL_CRED,
		credentialName: 'A2V2 full',
	});
	const trigger = 'Email Trigger (IMAP)';
	wired.nodes = [
		webhook('scale-invoice', '5ca1e000-0000-4000-8000-000000000002'),
		...wired.nodes.filter((n: Json) => n.name !== trigger),
	];
	const connections = wired.connections as Record<string, unknown>;
	connections.Webhook = connections[trigger];
	delete connections[trigger];
	wired.name = 'Scale: example 1 from a webhook';
	return wired;
}

/** A file downloaded by a worker, answered by the main instance's webhook (binary data crosses). */
export function downloadWorkflow() {
	return {
		id: DOWNLOAD_WORKFLOW,
		name: 'Scale: download a file',
		nodes: [
			{
				...node(
					'Webhook',
					'n8n-nodes-base.webhook',
					2,
					{
						httpMethod: 'POST',
						path: 'scale-download',
						responseMode: 'lastNode',
						responseData: 'firstEntryBinary',
						options: {},
					},
					0,
				),
				webhookId: '5ca1e000-0000-4000-8000-000000000003',
			},
			{
				...node(
					'Download',
					'n8n-nodes-a2v2.a2v2',
					1,
					{
						resource: 'file',
						operation: 'download',
						downloadFrom: 'file',
						contact: { __rl: true, mode: 'id', value: '={{ $json.body.contactId }}' },
						fileId: '={{ $json.body.fileId }}',
						binaryPropertyName: 'data',
					},
					240,
				),
				credentials: { a2v2Api: { id: FULL_CRED, name: 'A2V2 full' } },
			},
		],
		connections: chain(['Webhook', 'Download']),
		settings: { executionOrder: 'v1' },
	};
}

export function triggerWorkflow(sinkUrl: string) {
	return {
		id: TRIGGER_WORKFLOW,
		name: 'Scale: A2V2 Trigger on the main instance',
		nodes: [
			{
				...node(
					'A2V2 Trigger',
					'n8n-nodes-a2v2.a2v2Trigger',
					1,
					{
						pollTimes: everyFiveSeconds(),
						event: 'newContact',
						simplify: true,
						options: { lookBackSeconds: 30 },
					},
					0,
				),
				credentials: { a2v2Api: { id: FULL_CRED, name: 'A2V2 full' } },
			},
			node('Report', 'n8n-nodes-base.httpRequest', 4.2, reportParameters(sinkUrl), 240),
		],
		connections: chain(['A2V2 Trigger', 'Report']),
		settings: { executionOrder: 'v1' },
	};
}
