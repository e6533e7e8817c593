import { describe, expect, it } from 'vitest';
import { mkdtempSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Journal, summarize } from '../../harness/journal.ts';
import { runTimeOfBucket } from '../../harness/sweep.ts';
import { newRunId, prefixFor } from '../../harness/run-config.ts';
import { uniqueBucketName } from '../../harness/context.ts';

describe('journal', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 's3c-j-')), 'journal.ndjson');
  const j = new Journal(file);
  j.write({ t: 'run', runId: 'r', prefix: 's3c-r-', pid: 1, profile: 'p', endpoint: 'e', at: 'now' });
  j.write({ t: 'bucket', bucket: 's3c-r-a', identity: 'main' });
  j.write({ t: 'object', bucket: 's3c-r-a', key: 'k1', identity: 'main' });
  j.write({ t: 'upload', bucket: 's3c-r-a', key: 'k2', uploadId: 'u1', identity: 'main' });
  j.write({ t: 'bucket', bucket: 's3c-r-b', identity: 'alt' });
  j.write({ t: 'removed', bucket: 's3c-r-b' });
  // Objects in a bucket the run did not create must never make it a cleanup target.
  j.write({ t: 'object', bucket: 'someone-elses', key: 'k', identity: 'main' });
  appendFileSync(file, '{"t":"bucket","buck'); // a line cut by kill -9

  it('knows which buckets are left, with their keys and uploads', () => {
    const s = summarize(Journal.read(file));
    expect([...s.buckets.keys()]).toEqual(['s3c-r-a']);
    expect([...s.buckets.get('s3c-r-a')!.keys]).toEqual(['k1']);
    expect([...s.buckets.get('s3c-r-a')!.uploads]).toEqual([['u1', 'k2']]);
    expect(s.finished).toBe(false);
    expect(s.run?.prefix).toBe('s3c-r-');
  });
});

describe('names', () => {
  it('run ids sort by time and prefixes start with s3c-', () => {
    const id = newRunId(new Date('2026-11-21T00:00:00Z'));
    expect(prefixFor(id)).toMatch(/^s3c-[0-9a-z]{10}-$/);
    expect(runTimeOfBucket(`${prefixFor(id)}x`)?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });
  it('bucket names stay valid: lowercase, ≤ 63 characters, unique', () => {
    const names = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const n = uniqueBucketName('s3c-abcdefghij-', 'A Very_Long label that goes on and on and on and on and on');
      expect(n).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
      names.add(n);
    }
    expect(names.size).toBe(50);
  });
});

describe('refused creates', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 's3c-j2-')), 'journal.ndjson');
  const j = new Journal(file);
  j.write({ t: 'bucket', bucket: 'mine', identity: 'main' });
  j.write({ t: 'bucket', bucket: 'mine', identity: 'alt' }); // alt tries main's bucket…
  j.write({ t: 'refused', bucket: 'mine' }); // …and is refused: main's bucket stays a target
  j.write({ t: 'bucket', bucket: 'never', identity: 'alt' });
  j.write({ t: 'refused', bucket: 'never' }); // the only attempt was refused: nothing to clean

  it('a bucket is dropped only when every create attempt was refused', () => {
    expect([...summarize(Journal.read(file)).buckets.keys()]).toEqual(['mine']);
  });
});
