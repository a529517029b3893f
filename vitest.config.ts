import { defineConfig } from 'vitest/config';

// One runner for every package; `--project server` runs just the server suite.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['packages/domain/test/**/*.test.ts'] } },
      { test: { name: 'contracts', include: ['packages/contracts/test/**/*.test.ts'] } },
      { test: { name: 'web', include: ['packages/web/test/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
