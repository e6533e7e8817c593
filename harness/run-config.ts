// The CLI writes one run.json per run and hands its path to the vitest workers in S3C_RUN.
// It holds the profile with its env: references unresolved, so no secret is ever on disk.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ProfileFile } from './profile.ts';

export interface RunConfig {
  runId: string;
  /** Every bucket this run creates starts with it: `s3c-<time36><rand>-`. */
  prefix: string;
  outDir: string;
  journal: string;
  profile: ProfileFile;
  profileSource: string;
  suites: string[];
  startedAt: string;
  shard?: { index: number; count: number };
  /** Cases with the feature `destructive` (they may crash the endpoint) run only when set. */
  includeDestructive?: boolean;
}

export const RUN_ENV = 'S3C_RUN';
export const BUCKET_PREFIX = 's3c-';

/** Short, sortable and unique enough for concurrent runs on one account. */
export function newRunId(now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000).toString(36);
  return `${t}${randomBytes(3).toString('hex').slice(0, 4)}`;
}

export function prefixFor(runId: string): string {
  return `${BUCKET_PREFIX}${runId}-`;
}

export function writeRunConfig(cfg: RunConfig): string {
  mkdirSync(cfg.outDir, { recursive: true });
  const file = path.join(cfg.outDir, 'run.json');
  writeFileSync(file, `${JSON.stringify(cfg, null, 2)}\n`);
  return file;
}

export function readRunConfig(file = process.env[RUN_ENV]): RunConfig {
  if (!file) {
    throw new Error(`${RUN_ENV} is not set: conformance suites run through 's3conform run', which prepares the run`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as RunConfig;
}
