/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * Uploads and downloads in n8n's filesystem binary-data mode, where an item's binary data is a
 * reference to a file on disk rather than base64 in the item.
 */
import { Container } from '@n8n/di';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';

import { runNode } from '../harness/engine';
import { useLocalServer } from './local';

const local = useLocalServer();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let service: BinaryDataService;

beforeAll(async () => {
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = mkdtempSync(join(tmpdir(), 'a2v2-binary-'));
	service = Container.get(BinaryDataService);
	await service.init();
});

it('uploads a file kept on disk and downloads it back to disk, bytes intact', async () => {
	// Random bytes of a length that is no multiple of the chunk size: a chunk lost, repeated or
	// out of order changes the hash.
	const bytes = randomBytes(3 * 1024 * 1024 + 4321);
	const stored = await service.store(
		{ type: 'execution', workflowId: 'wf', executionId: 'ex' },
		bytes,
		{ fileName: 'big.txt', mimeType: 'text/plain', data: '' } as never,
	);
	expect(stored.id).toMatch(/^filesystem(-v2)?:/);
	const contact = { __rl: true, mode: 'externalReferenceId', value: 'DEMO-011' };
	const up = await runNode({
		parameters: { resource: 'file', operation: 'upload', contact },
		credentials: local.credentials(),
		items: [{ json: {}, binary: { data: stored } }],
	});
	expect(up.error).toBeUndefined();
	const fileId = up.items[0].json.id as string;
	expect(sha(local.server().fileBytes(fileId)!)).toBe(sha(bytes));

	const down = await runNode({
		parameters: { resource: 'file', operation: 'download', contact, fileId },
		credentials: local.credentials(),
	});
	expect(down.error).toBeUndefined();
	const data = down.items[0].binary!.data;
	expect(data.id).toMatch(/^filesystem(-v2)?:/);
	expect(sha(await service.getAsBuffer(data))).toBe(sha(bytes));
});

it('a stored file that can no longer be read fails its item with the reason, and nothing is filed', async () => {
	const stored = await service.store(
		{ type: 'execution', workflowId: 'wf', executionId: 'ex-gone' },
		randomBytes(200 * 1024),
		{ fileName: 'gone.pdf', mimeType: 'application/pdf', data: '' } as never,
	);
	rmSync(await service.getPath(stored.id!));
	const before = local.server().files().length;
	local.server().clearRequests();
	const up = await runNode({
		parameters: {
			resource: 'file',
			operation: 'upload',
			contact: { __rl: true, mode: 'externalReferenceId', value: 'DEMO-011' },
		},
		credentials: local.credentials(),
		items: [{ json: {}, binary: { data: stored } }],
	});
	expect(up.error?.message).toBe(
		'Input Binary Field: n8n could not read the file in "data" from its binary data store (File not found) [item 0]',
	);
	expect(local.server().files().length).toBe(before);
	expect(local.server().requests({ method: 'POST' })).toEqual([]);
});
