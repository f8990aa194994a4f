/** Real n8n (2.41.1 on Node 24, installed once into .n8n-host/) running the built package. */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	// Only these folders are crawled: the n8n installed into .n8n-host/ (and its package.json
	// named like scripts/n8n-lockfiles/2.x/) stays out of jest's module map.
	roots: ['<rootDir>/test/e2e'],
	modulePathIgnorePatterns: ['<rootDir>/.n8n-host/'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	testTimeout: 240_000,
};
