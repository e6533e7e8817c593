// Removing leftovers: the run-level cleanup at the end of a run, and `s3conform sweep` after an
// interrupted one. Only buckets this tool created are ever touched: journaled buckets, or
// bucket names starting with the `s3c-` prefix. A bucket without the prefix is never removed.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { Journal, summarize, type IdentityName, type JournalState } from './journal.ts';
import { removeBucket, type RemoveResult } from './cleanup.ts';
import { BUCKET_PREFIX } from './run-config.ts';

export type ClientFor = (identity: IdentityName) => S3Client;

/** Remove every bucket a journal lists as not yet removed, and mark them in the journal. */
export async function cleanupJournal(file: string, clientFor: ClientFor): Promise<RemoveResult[]> {
  const journal = new Journal(file);
  const state = summarize(Journal.read(file));
  const results = await Promise.all(
    [...state.buckets].map(async ([bucket, b]) => {
      const r = await removeBucket(clientFor(b.identity), bucket, { keys: b.keys, uploads: b.uploads, ...(b.versioned ? { versioned: true } : {}) });
      if (r.removed || r.absent) journal.write({ t: 'removed', bucket });
      return r;
    }),
  );
  return results;
}

export interface JournalInfo {
  file: string;
  state: JournalState;
  /** The run's process is still alive and the run not finished: never sweep it. */
  live: boolean;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Journals under a reports folder (reports/<run>/journal.ndjson). */
export function findJournals(reportsDir: string): JournalInfo[] {
  if (!existsSync(reportsDir)) return [];
  const out: JournalInfo[] = [];
  for (const d of readdirSync(reportsDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const file = path.join(reportsDir, d.name, 'journal.ndjson');
    if (!existsSync(file)) continue;
    const state = summarize(Journal.read(file));
    const live = !state.finished && state.run !== undefined && state.run.pid !== process.pid && pidAlive(state.run.pid);
    out.push({ file, state, live });
  }
  return out;
}

/** Run id encoded in an s3c- bucket name: s3c-<time36><rand4>-… */
export function runTimeOfBucket(name: string): Date | undefined {
  const m = /^s3c-([0-9a-z]+)-/.exec(name);
  if (!m || m[1].length < 5) return undefined;
  const secs = parseInt(m[1].slice(0, -4), 36);
  return Number.isFinite(secs) ? new Date(secs * 1000) : undefined;
}

export interface SweepOptions {
  endpoint: string;
  reportsDir: string;
  clientFor: ClientFor;
  /** Every s3c- bucket, whatever its age (still never one of a live local run). */
  all?: boolean;
  /** Without a journal, s3c- buckets older than this are taken as leftovers. */
  olderThanMs?: number;
  dryRun?: boolean;
  now?: Date;
}

export interface SweepReport {
  removed: string[];
  failed: { bucket: string; error: string }[];
  kept: { bucket: string; why: string }[];
}

export async function sweep(o: SweepOptions): Promise<SweepReport> {
  const report: SweepReport = { removed: [], failed: [], kept: [] };
  const journals = findJournals(o.reportsDir).filter((j) => j.state.run?.endpoint === o.endpoint);
  const livePrefixes = journals.filter((j) => j.live).map((j) => j.state.run!.prefix);
  const known = new Map<string, { identity: IdentityName; keys: Set<string>; uploads: Map<string, string>; versioned?: boolean }>();
  for (const j of journals) if (!j.live) for (const [b, info] of j.state.buckets) known.set(b, info);

  let listed: string[] = [];
  try {
    const r = await o.clientFor('main').send(new ListBucketsCommand({}));
    listed = (r.Buckets ?? []).flatMap((b) => (b.Name ? [b.Name] : []));
  } catch (e) {
    report.failed.push({ bucket: '(ListBuckets)', error: (e as Error).message });
  }
  const now = (o.now ?? new Date()).getTime();
  const targets = new Map<string, { identity: IdentityName; keys: Iterable<string>; uploads: Map<string, string>; versioned?: boolean }>(known);
  for (const name of listed) {
    if (!name.startsWith(BUCKET_PREFIX) || targets.has(name)) continue;
    if (livePrefixes.some((p) => name.startsWith(p))) {
      report.kept.push({ bucket: name, why: 'belongs to a run that is still going' });
      continue;
    }
    const t = runTimeOfBucket(name);
    const old = t !== undefined && now - t.getTime() >= (o.olderThanMs ?? 60 * 60 * 1000);
    if (o.all || old) targets.set(name, { identity: 'main', keys: [], uploads: new Map() });
    else report.kept.push({ bucket: name, why: 'no journal here and younger than --older-than (use --all)' });
  }
  for (const [bucket, info] of targets) {
    if (!bucket.startsWith(BUCKET_PREFIX) && !known.has(bucket)) continue; // belt and braces
    if (o.dryRun) {
      report.kept.push({ bucket, why: 'dry run: would remove' });
      continue;
    }
    const r = await removeBucket(o.clientFor(info.identity), bucket, { keys: info.keys, uploads: info.uploads, ...(info.versioned ? { versioned: true } : {}) });
    if (r.removed || r.absent) report.removed.push(bucket);
    else report.failed.push({ bucket, error: r.error ?? 'unknown' });
  }
  if (!o.dryRun) {
    for (const j of journals) {
      if (j.live || j.state.finished) continue;
      const journal = new Journal(j.file);
      for (const b of j.state.buckets.keys()) if (report.removed.includes(b)) journal.write({ t: 'removed', bucket: b });
    }
  }
  return report;
}
