/** n8n's queue mode: main + 2 workers, Redis and PostgreSQL (npm run test:scale). */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/scale'],
	modulePathIgnorePatterns: ['<rootDir>/.n8n-host/'],
	testMatch: ['<rootDir>/test/scale/**/*.scale.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	testTimeout: 300_000,
};
