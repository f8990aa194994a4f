/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * One memory measurement in a plain Node process of its own (jest's sandboxed workers do not
 * show the bytes Node holds for Blobs): a 20 MB file, kept on disk by n8n's filesystem binary
 * mode, through Upload or Extract, via the engine harness. Prints {"growth": bytes}.
 * Run by memory.bench.ts: node --expose-gc node_modules/.cache/a2v2-bench/bench/memory-child.js <upload|extract> <server url>
 */
import { Container } from '@n8n/di';
import { closeSync, createReadStream, mkdtempSync, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';

import { runNode } from '../harness/engine';

const gc = (global as unknown as { gc: () => void }).gc;

async function peakGrowth(work: () => Promise<unknown>) {
	// Resident memory: Node keeps the bytes of Blobs (the multipart parts) outside the counters of
	// memoryUsage(), so only RSS sees them.
	const live = () => process.memoryUsage.rss();
	gc();
	const base = live();
	let peak = base;
	const sample = () => {
		peak = Math.max(peak, live());
	};
	// While the request body streams out, the file's copies are alive: sample at every write too.
	const write = Socket.prototype.write;
	Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
		sample();
		return (write as (...a: unknown[]) => boolean).apply(this, args);
	} as typeof write;
	const timer = setInterval(sample, 5);
	try {
		await work();
	} finally {
		clearInterval(timer);
		Socket.prototype.write = write;
	}
	return Math.max(peak, live()) - base;
}

async function main() {
	const [operation, url] = process.argv.slice(2);
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = mkdtempSync(join(tmpdir(), 'a2v2-bench-binary-'));
	const service = Container.get(BinaryDataService);
	await service.init();
	const store = async (bytes: Buffer | ReturnType<typeof createReadStream>, id: string) =>
		await service.store({ type: 'execution', workflowId: 'bench', executionId: id }, bytes, {
			fileName: 'doc.txt',
			mimeType: 'text/plain',
			data: '',
		} as never);
	// Written and stored in 64 KiB chunks: the file is never in this process's memory before.
	const size = 20 * 1024 * 1024;
	const path = join(mkdtempSync(join(tmpdir(), 'a2v2-bench-file-')), 'doc.txt');
	const fd = openSync(path, 'w');
	writeSync(fd, 'Invoice Number: BENCH-1\nTotal Amount: 20\n');
	const chunk = Buffer.alloc(64 * 1024, 'x');
	for (let written = 64 * 1024; written <= size; written += chunk.length) writeSync(fd, chunk);
	closeSync(fd);
	const big = await store(createReadStream(path), 'big');
	const small = await store(Buffer.from('Invoice Number: WARM-1\n'), 'small');
	const credentials = {
		apiKey: 'bench-key',
		apiSecret: 'bench-secret',
		agentId: 'agent-demo-0001',
		baseUrl: url,
	};
	const parameters =
		operation === 'upload'
			? {
					resource: 'file',
					operation: 'upload',
					contact: { __rl: true, mode: 'externalReferenceId', value: 'FILES-1' },
				}
			: {
					resource: 'documentExtraction',
					operation: 'extract',
					schemaMode: 'json',
					schemaJson: '{"invoiceNumber":{"type":"string"}}',
				};
	const run = async (data: unknown) => {
		const r = await runNode({ parameters, credentials, items: [{ json: {}, binary: { data } }] });
		if (r.error) throw r.error;
	};
	// A small file first, so that modules n8n loads on first use are not counted.
	await run(small);
	const growth = await peakGrowth(async () => await run(big));
	process.stdout.write(`${JSON.stringify({ growth, size })}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
