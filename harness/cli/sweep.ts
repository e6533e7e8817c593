// `s3conform sweep`: remove what interrupted runs left behind on a target, and nothing else.
import path from 'node:path';
import { makeClient } from '../clients.ts';
import { sweep } from '../sweep.ts';
import { DEFAULT_REPORTS } from '../paths.ts';
import { EXIT, loadProfileOrExit } from './common.ts';
import type { S3Client } from '@aws-sdk/client-s3';

export interface SweepCliOptions {
  profile: string;
  all?: boolean;
  olderThan?: string;
  reports?: string;
  dryRun?: boolean;
}

export async function sweepCommand(o: SweepCliOptions): Promise<number> {
  const { profile } = loadProfileOrExit(o.profile);
  const clients = new Map<string, S3Client>();
  const clientFor = (id: 'main' | 'alt') => {
    const identity = profile.identities[id] ?? profile.identities.main;
    let c = clients.get(id);
    if (!c) clients.set(id, (c = makeClient({ profile, identity, identityName: id, record: false, maxAttempts: 3 })));
    return c;
  };
  const minutes = o.olderThan === undefined ? 180 : Number(o.olderThan);
  const report = await sweep({
    endpoint: profile.endpoint,
    reportsDir: o.reports ? path.resolve(o.reports) : DEFAULT_REPORTS,
    clientFor,
    all: o.all ?? false,
    olderThanMs: minutes * 60_000,
    dryRun: o.dryRun ?? false,
  });
  for (const b of report.removed) process.stdout.write(`removed ${b}\n`);
  for (const k of report.kept) process.stdout.write(`kept    ${k.bucket}: ${k.why}\n`);
  for (const f of report.failed) process.stdout.write(`FAILED  ${f.bucket}: ${f.error}\n`);
  process.stdout.write(`sweep: ${report.removed.length} removed, ${report.kept.length} kept, ${report.failed.length} failed\n`);
  for (const c of clients.values()) c.destroy();
  return report.failed.length ? EXIT.failed : EXIT.ok;
}
