/**
 * `npm run bench`: one run of the benchmarks through the engine harness (not part of `npm test`).
 * Each bench file runs in a process of its own (memory is measured per process); the teardown
 * prints the one table.
 */
module.exports = {
	rootDir: '..',
	testEnvironment: 'node',
	// Only these folders are crawled: the n8n installed into .n8n-host/ (and its package.json
	// named like test/e2e/n8n-host/) stays out of jest's module map.
	roots: ['<rootDir>/bench', '<rootDir>/test'],
	modulePathIgnorePatterns: ['<rootDir>/.n8n-host/'],
	testMatch: ['<rootDir>/bench/**/*.bench.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/setup.js'],
	globalSetup: '<rootDir>/bench/setup.js',
	globalTeardown: '<rootDir>/bench/teardown.js',
	maxWorkers: 3,
	testTimeout: 600_000,
};
