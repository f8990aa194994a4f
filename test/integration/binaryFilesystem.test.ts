/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * Uploads and downloads in n8n's filesystem binary-data mode, where an item's binary data is a
 * reference to a file on disk rather than base64 in the item.
 */
import { Container } from '@n8n/di';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
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
	const bytes = Buffer.alloc(3 * 1024 * 1024, 0x41);
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
	const fileId = up.items[0].json._id as string;
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
