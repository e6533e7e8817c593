// Runs on one account never touch each other: two full runs at once against RGW with the same
// profile both end with 0 deviations, and each run's journal names only its own resources.
// The same holds for the shards of one run started side by side (as a CI matrix does): together
// they run every case exactly once, and no shard reports the other shard's expectations as
// vanished.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { cli, portOpen, requiredTargets, tmpDir } from './cli-helpers.ts';
import { readResults } from '../../harness/results.ts';
import { Journal } from '../../harness/journal.ts';
import type { RunResults } from '../../harness/types.ts';

async function rgwOrSkip(ctx: { skip: (note?: string) => never }): Promise<void> {
  if (await portOpen(7480)) return;
  if (requiredTargets().includes('rgw')) throw new Error('rgw is required (S3C_REQUIRE_TARGETS) but not running');
  ctx.skip('rgw is not running on 127.0.0.1:7480 (npx s3conform target start rgw)');
}

interface Run {
  code: number | null;
  stderr: string;
  results: RunResults;
  journal: ReturnType<typeof Journal.read>;
}

async function run(args: string[]): Promise<Run> {
  const out = tmpDir('iso');
  const r = await cli(['run', '--profile', 'local-rgw', '--out', out, ...args]);
  const dir = path.join(out, readdirSync(out).find((d) => d !== 'latest')!);
  return { code: r.code, stderr: r.stderr, results: readResults(path.join(dir, 'results.json')), journal: Journal.read(path.join(dir, 'journal.ndjson')) };
}

const names = (r: Run) => new Set(r.journal.flatMap((e) => ('bucket' in e ? [e.bucket] : [])));
/** Names too short for a run id (2-3 characters) or IP addresses: the naming suite probes them first. */
const cannotCarryId = (n: string) => n.length <= 3 || /^\d{1,3}(\.\d{1,3}){3}$/.test(n);

/** Every resource a journal names is its own run's: no name is shared with the other run. */
function expectOnlyOwn(r: Run, other: Run): void {
  const own = r.results.run;
  const mine = names(r);
  expect(mine.size, 'the run journaled its buckets').toBeGreaterThan(0);
  for (const n of mine) {
    if (n.startsWith('s3c-')) expect(n.startsWith(own.prefix), `${n} starts with ${own.prefix}`).toBe(true);
    // Names that break a naming rule on purpose still carry the run id, unless they cannot.
    else if (!cannotCarryId(n)) expect(n.toLowerCase(), `journal of ${own.id} names ${n}`).toContain(own.id);
    expect(n.toLowerCase(), `journal of ${own.id} names ${n}, a bucket of ${other.results.run.id}`).not.toContain(other.results.run.id);
  }
  const theirs = names(other);
  expect([...mine].filter((n) => theirs.has(n)), 'names both runs journaled').toEqual([]);
  // Cleanup finished: the journal says so (every bucket removed or never created).
  expect(r.journal.some((e) => e.t === 'finished'), r.stderr.slice(-1500)).toBe(true);
}

function deviationsOf(r: Run): string[] {
  const e = r.results.expectations!;
  return [...e.newFailures, ...e.unexpectedPasses, ...e.changedVerdicts, ...e.vanished];
}

describe('runs on one account stay apart (against RGW)', () => {
  it('two full runs at once with the same profile: 0 deviations each, each journal lists only its own prefix', async (ctx) => {
    await rgwOrSkip(ctx);
    const [a, b] = await Promise.all([run([]), run([])]);
    expect(a.results.run.prefix).not.toBe(b.results.run.prefix);
    for (const [r, other] of [[a, b], [b, a]] as const) {
      expect(deviationsOf(r), r.stderr.slice(-2500)).toEqual([]);
      expect(r.code).toBe(0);
      expectOnlyOwn(r, other);
    }
  });

  it('shards 1/2 and 2/2 side by side: every case once, no false vanished, 0 deviations', async (ctx) => {
    await rgwOrSkip(ctx);
    const [s1, s2] = await Promise.all([run(['--shard', '1/2']), run(['--shard', '2/2'])]);
    const list = await cli(['list', '--json']);
    const all = (JSON.parse(list.stdout) as { id: string }[]).map((c) => c.id).sort();
    const ids1 = s1.results.cases.map((c) => c.id);
    const ids2 = s2.results.cases.map((c) => c.id);
    // vitest shards by file: the two shards share no suite, and together they are every case.
    const suites1 = new Set(s1.results.cases.map((c) => c.suite));
    expect(s2.results.cases.filter((c) => suites1.has(c.suite)).map((c) => c.id)).toEqual([]);
    expect(ids1.length).toBeGreaterThan(0);
    expect(ids2.length).toBeGreaterThan(0);
    expect([...ids1, ...ids2].sort()).toEqual(all);
    for (const [r, other] of [[s1, s2], [s2, s1]] as const) {
      expect(r.results.run.shard).toBeDefined();
      expect(r.results.expectations!.vanished, 'entries of the other shard are not vanished').toEqual([]);
      expect(deviationsOf(r), r.stderr.slice(-2500)).toEqual([]);
      expectOnlyOwn(r, other);
    }
  });
});
