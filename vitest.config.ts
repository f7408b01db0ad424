import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests create their own databases; two workers fit a 2-core machine without starving the servers.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
