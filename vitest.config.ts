import { defineConfig } from 'vitest/config';

// Temporal's native bridge and Ink want real processes: the forks pool (never threads).
// Unit tests (pure code, colocated) run without servers; integration tests under test/ share one
// real dev server and one workflow bundle started by the global setup.
const shared = { pool: 'forks' as const, setupFiles: ['test/support/setup-tsx.ts'] };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    exclude: ['node_modules/**', '.venv/**', 'data/**'],
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: [
            '{domain,trust,contract,input,activities,worker,workflows,client,cli,tui,bench,gateway,secrets}/**/*.test.{ts,tsx}',
          ],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
