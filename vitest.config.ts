// Three projects: the conformance suites (driven by `s3conform run`, never by plain vitest),
// the harness's unit tests, and the integration runs against local targets.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `npm test` (unit + integration) ends with a plain "N passed, N failed" line for CI logs.
    reporters: ['default', './test/plain-summary-reporter.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
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
