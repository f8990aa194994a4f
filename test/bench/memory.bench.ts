/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * Peak memory growth while a 20 MB file goes through Upload and Extract: each measured in a
 * plain Node process of its own (bench/memory-child.ts, compiled by `npm run bench`), best of two.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';

import { record, useServer } from './common';

const bench = useServer();
// Compiled by tsconfig.bench.json into node_modules/.cache/, out of the linters' way.
const CHILD = join(
	__dirname,
	'..',
	'..',
	'node_modules',
	'.cache',
	'a2v2-bench',
	'test',
	'bench',
	'memory-child.js',
);
const SETUP = join(__dirname, '..', 'harness', 'setup.js');

it.each([
	['Upload', 'upload'],
	['Extraction', 'extract'],
])('%s, 20 MB file: peak memory growth', async (label, operation) => {
	await bench.fresh();
	await bench.control('contacts', {
		contacts: [{ primaryEmail: 'files@example.com', externalReferenceId: 'FILES-1' }],
	});
	// Asynchronously: a run that blocked this process would leave its pooled keep-alive socket to
	// the server closed under it, and the next request fail ("other side closed"). The best of two
	// runs: when the collector runs varies from run to run by several MiB.
	const runs: Array<{ growth: number; size: number }> = [];
	for (let run = 0; run < 2; run++) {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['--expose-gc', '-r', SETUP, CHILD, operation, bench.server.url],
			{ encoding: 'utf8', maxBuffer: 1 << 20 },
		);
		runs.push(
			JSON.parse(stdout.trim().split('\n').pop() as string) as { growth: number; size: number },
		);
	}
	const { growth, size } = runs.reduce((best, r) => (r.growth < best.growth ? r : best));
	record({
		what: `${label}, 20 MB file: peak memory growth (limit: twice the file)`,
		value: growth / 2 ** 20,
		limit: (2 * size) / 2 ** 20,
		unit: 'MiB',
		kind: 'max',
	});
});
