import { defineConfig } from 'vitest/config';

// Integration tests run against a real database: in-memory PGlite by default, or a fresh
// PostgreSQL database per test file when DATABASE_URL is set (see test/helpers/database.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'integration',
          include: ['src/**/*.test.ts', 'test/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // One module registry per worker, not per file: each file re-evaluating the whole app (and
          // compiling PGlite's WebAssembly again) cost more than its tests — the integration run took
          // 788 s with isolation and 431 s without it, same machine. Every file still builds its own
          // app on its own database; a test that swaps process-wide state (a registered listener or
          // resolver) puts it back in afterAll.
          isolate: false,
          globalSetup: ['test/helpers/pglite-template.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
          globalSetup: ['test/helpers/pglite-template.ts'],
        },
      },
    ],
  },
});
