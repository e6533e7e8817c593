// Three projects: the conformance suites (driven by `s3conform run`, never by plain vitest),
// the harness's unit tests, and the integration runs against local targets.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'conformance',
          include: ['suites/**/*.test.ts'],
          // Cases in a file run concurrently (bounded by the profile's concurrency, passed
          // by the CLI as maxConcurrency); files run in parallel in worker processes.
          sequence: { concurrent: true },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
