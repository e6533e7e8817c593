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
          // Cases in a file run concurrently, bounded by the profile's concurrency; files run
          // in parallel in worker processes. vitest 4 takes sequence.concurrent from the root
          // config only, so `s3conform run` sets it there; maxConcurrency is read per project.
          sequence: { concurrent: true },
          maxConcurrency: Number(process.env.S3C_CONCURRENCY) || 8,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // One module graph per worker for all the files it runs: each isolated file would
          // import the AWS SDK and the harness again (measured on 2 CPUs: 26 s → 11 s of CPU
          // for the full run, same verdicts). The harness's module state is per run anyway.
          isolate: false,
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
