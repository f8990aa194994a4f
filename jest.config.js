/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	modulePathIgnorePatterns: ['<rootDir>/.n8n-host/', '<rootDir>/scripts/n8n-lockfiles/'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/harness/setup.js'],
	setupFilesAfterEnv: ['<rootDir>/test/fresh-pacers.ts'],
	testTimeout: 60_000,
};
