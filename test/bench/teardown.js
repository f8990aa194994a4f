// Prints the tables of `npm run bench` (the engine harness, then real n8n); a measurement over
// its limit makes the run fail.
const { existsSync, readFileSync } = require('node:fs');

const ORDER = [
	'Get Many',
	'Create, 1,000',
	'Trigger',
	'Submit Many',
	'Upload',
	'Extraction',
	'200 creates',
	'Rate limit',
];
const SECTIONS = {
	harness: 'through the engine harness (n8n-core, credentials in memory)',
	n8n: "in real n8n 2.41.1 (`n8n execute`, the node's execution time; median of the interleaved rounds)",
};

module.exports = async () => {
	const file = process.env.A2V2_BENCH_ROWS;
	const rows = existsSync(file)
		? readFileSync(file, 'utf8')
				.trim()
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l))
		: [];
	const rank = (r) => ORDER.findIndex((p) => r.what.startsWith(p));
	rows.sort((a, b) => rank(a) - rank(b));
	const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 0));
	const stamp = new Date().toISOString();
	for (const [section, title] of Object.entries(SECTIONS)) {
		const mine = rows.filter((r) => (r.section ?? 'harness') === section);
		if (!mine.length) continue;
		const lines = [
			'| measurement | value | limit | ratio | |',
			'|---|---:|---:|---:|---|',
			...mine.map((r) => {
				const ratio = r.limit === 0 ? (r.value === 0 ? 0 : Infinity) : r.value / r.limit;
				const ok = r.kind === 'ratio' || r.value <= r.limit;
				return `| ${r.what} | ${fmt(r.value)} ${r.unit} | ${fmt(r.limit)} ${r.unit} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'} | ${ok ? 'ok' : 'OVER'} |`;
			}),
		];
		process.stdout.write(
			`\nA2V2 benchmarks ${title}; local A2V2 server on loopback; ${stamp}\n\n${lines.join('\n')}\n\n`,
		);
	}
	if (rows.some((r) => r.kind === 'max' && r.value > r.limit)) process.exitCode = 1;
};
