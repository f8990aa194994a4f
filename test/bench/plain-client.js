'use strict';
// The plain client of the real-n8n bench rows: Node's fetch, nothing else. It runs in a fresh
// process on n8n's Node for every round, because every `n8n execute` it is compared with is a
// fresh process too; a client kept in the bench's own process would be the only contestant whose
// code the JIT has already optimised, from the second round on.
//   node plain-client.js '{"job":"create","url":...,"headers":{...},"count":1000,"concurrency":16}'
//   node plain-client.js '{"job":"pages","url":...,"headers":{...},"pages":100,"limit":100}'
// Prints {"ms":...}: the time from its first request to its last answer (n8n's figure, too,
// leaves out the process's start).
const job = JSON.parse(process.argv[2]);

async function create() {
	let next = 0;
	await Promise.all(
		Array.from({ length: job.concurrency }, async () => {
			while (next < job.count) {
				const i = next++;
				const r = await fetch(job.url, {
					method: 'POST',
					headers: { ...job.headers, 'Content-Type': 'application/json' },
					body: JSON.stringify({ primaryEmail: `bench${i}@example.com` }),
				});
				if (r.status !== 201 && r.status !== 200) throw new Error(`plain create: ${r.status}`);
				await r.json();
			}
		}),
	);
}

async function pages() {
	for (let page = 1; page <= job.pages; page++) {
		const r = await fetch(`${job.url}?page=${page}&limit=${job.limit}`, { headers: job.headers });
		if (r.status !== 200) throw new Error(`plain page ${page}: ${r.status}`);
		await r.json();
	}
}

const jobs = { create, pages };
const started = performance.now();
jobs[job.job]()
	.then(() => process.stdout.write(JSON.stringify({ ms: performance.now() - started })))
	.catch((error) => {
		process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	});
