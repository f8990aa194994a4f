/**
 * `npm run bench`: one run of the benchmarks (not part of `npm test`): through the engine harness,
 * and in real n8n (test/bench/real-n8n.bench.ts). The files run one after the other, so that no
 * measurement shares the machine with another; memory is measured in processes of their own.
 * The teardown prints the tables.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	// Only these folders are crawled: the n8n installed into .n8n-host/ (and its package.json
	// named like scripts/n8n-lockfiles/2.x/) stays out of jest's module map.
	roots: ['<rootDir>/test'],
	modulePathIgnorePatterns: ['<rootDir>/.n8n-host/'],
	testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/setup.js'],
	globalSetup: '<rootDir>/test/bench/setup.js',
	globalTeardown: '<rootDir>/test/bench/teardown.js',
	maxWorkers: 1,
	testTimeout: 1_200_000,
};
