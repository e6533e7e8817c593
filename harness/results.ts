// Building and checking results.json.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CaseResult, Provenance, RunResults, Verdict } from './types.ts';
import { VERDICTS } from './types.ts';
import { assertValid } from './schema.ts';
import { REPO_ROOT } from './paths.ts';
import type { Profile } from './profile.ts';
import { maskSecrets } from './redact.ts';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function suiteVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export function provenance(profile: Profile, serverHeader?: string): Provenance {
  return {
    suiteVersion: suiteVersion(),
    node: process.version,
    sdk: Object.fromEntries(
      ['@aws-sdk/client-s3', '@smithy/signature-v4', 'vitest'].map((p) => [p, versionOf(p)]),
    ),
    profile: profile.name,
    endpoint: profile.endpoint,
    region: profile.region,
    addressing: profile.addressing,
    docs: profile.docs,
    ...(serverHeader ? { serverHeader } : {}),
    date: new Date().toISOString(),
    host: { platform: process.platform, arch: process.arch, cpus: os.cpus().length },
  };
}

export function summarize(cases: CaseResult[]): RunResults['summary'] {
  const s = { total: cases.length, requests: 0 } as RunResults['summary'];
  for (const v of VERDICTS) s[v] = 0;
  for (const c of cases) {
    s[c.verdict as Verdict] += 1;
    s.requests += c.requests;
  }
  return s;
}

export function validateResults(data: unknown, label = 'results.json'): RunResults {
  return assertValid<RunResults>('results.schema.json', data, label);
}

export function readResults(file: string): RunResults {
  return validateResults(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Validate, mask any secret that slipped in, and write. */
export function writeResults(file: string, results: RunResults): void {
  validateResults(results);
  writeFileSync(file, maskSecrets(`${JSON.stringify(results, null, 2)}\n`));
}
