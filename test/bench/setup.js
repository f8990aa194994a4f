// Where the bench files (each in its own process) record their rows.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
	process.env.A2V2_BENCH_ROWS = join(mkdtempSync(join(tmpdir(), 'a2v2-bench-')), 'rows.jsonl');
};
