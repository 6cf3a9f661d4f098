import { defineConfig } from 'vitest/config';

// Test kinds are visible in file names: *.unit.test.ts (pure, fast), *.integration.test.ts
// (real Meilisearch, real files), *.browser.test.ts (real Chromium against the built site).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Property tests run thousands of cases: 5 s is too short on a loaded 2-core machine.
          testTimeout: 30_000,
          include: [
            'packages/*/src/**/*.unit.test.ts',
            'scripts/**/*.unit.test.ts',
            'tests/unit/**/*.unit.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.integration.test.ts', 'tests/integration/**/*.integration.test.ts'],
          globalSetup: [
            'tests/support/meilisearch-global-setup.ts',
            'tests/support/postgres-global-setup.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.browser.test.ts'],
          globalSetup: [
            'tests/support/meilisearch-global-setup.ts',
            'tests/support/postgres-global-setup.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          // The default 1 s poll fails on a loaded 2-core CI (a CI run missed an autocomplete answer by it).
          expect: { poll: { timeout: 10_000 } },
          // One file at a time: each starts its own built site and Chromium on a 2-core machine.
        },
      },
    ],
  },
});
