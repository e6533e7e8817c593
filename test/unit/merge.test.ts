// Merging the shards of a run into one results file, and keeping other runs apart.
import { describe, expect, it } from 'vitest';
import type { CaseResult, ExpectationSummary, RunResults, Verdict } from '../../harness/types.ts';
import { MergeError, mergeExpectations, mergeResults, type LoadedResults } from '../../harness/merge.ts';
import { summarize, validateResults } from '../../harness/results.ts';

function mkCase(id: string, verdict: Verdict): CaseResult {
  return {
    id,
    op: 'GetObject',
    features: [],
    claims: ['op:GetObject'],
    suite: id.split('/')[0]!,
    file: `suites/${id.split('/')[0]}.test.ts`,
    verdict,
    durationMs: 1,
    requests: 2,
    ...(verdict === 'pass' ? {} : { reason: 'because' }),
  };
}

interface Opts {
  runId: string;
  profile?: string;
  shard?: { index: number; count: number };
  startedAt?: string;
  finishedAt?: string;
  endpoint?: string;
  expectations?: ExpectationSummary;
}

function mk(file: string, cases: CaseResult[], o: Opts): LoadedResults {
  const results: RunResults = {
    schemaVersion: 1,
    run: {
      id: o.runId,
      prefix: `s3c-${o.runId}-`,
      startedAt: o.startedAt ?? '2025-01-01T00:00:00.000Z',
      finishedAt: o.finishedAt ?? '2025-01-01T00:01:00.000Z',
      durationMs: 60000,
      interrupted: false,
      ...(o.shard ? { shard: o.shard } : {}),
      suites: ['a', 'b'],
    },
    provenance: {
      suiteVersion: '0.1.0',
      node: 'v20',
      sdk: {},
      profile: o.profile ?? 'local-rgw',
      endpoint: o.endpoint ?? 'http://127.0.0.1:7480',
      region: 'us-east-1',
      addressing: 'path',
      docs: ['nhn-cloud'],
      date: o.startedAt ?? '2025-01-01T00:00:00.000Z',
      host: { platform: 'linux', arch: 'x64', cpus: 1 },
    },
    summary: summarize(cases),
    ...(o.expectations ? { expectations: o.expectations } : {}),
    cases,
  };
  return { file, results };
}

const exp = (e: Partial<ExpectationSummary>): ExpectationSummary => ({
  file: 'fixtures/expectations/rgw',
  asExpected: 0,
  newFailures: [],
  unexpectedPasses: [],
  changedVerdicts: [],
  vanished: [],
  ...e,
});

describe('mergeResults', () => {
  const s1 = mk('s1.json', [mkCase('a/x/one', 'pass'), mkCase('a/x/two', 'fail')], {
    runId: 'r1',
    shard: { index: 1, count: 2 },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:02:00.000Z',
    endpoint: 'http://127.0.0.1:1001',
    // A shard's reporter calls entries of the other shard's cases vanished.
    expectations: exp({ asExpected: 1, newFailures: ['a/x/two'], vanished: ['b/y/three', 'b/gone/really'] }),
  });
  const s2 = mk('s2.json', [mkCase('b/y/three', 'unsupported'), mkCase('b/y/four', 'pass')], {
    runId: 'r2',
    shard: { index: 2, count: 2 },
    startedAt: '2025-01-01T00:00:30.000Z',
    finishedAt: '2025-01-01T00:03:00.000Z',
    endpoint: 'http://127.0.0.1:1002',
    expectations: exp({ asExpected: 2, vanished: ['a/x/one', 'b/gone/really'] }),
  });

  it('merges the shards of one run into one schema-valid results file', () => {
    const [t, ...rest] = mergeResults([s2, s1]);
    expect(rest).toEqual([]);
    const r = t!.results;
    expect(() => validateResults(r)).not.toThrow();
    expect(r.cases.map((c) => c.id)).toEqual(['a/x/one', 'a/x/two', 'b/y/four', 'b/y/three']);
    expect(r.summary).toMatchObject({ total: 4, pass: 2, fail: 1, unsupported: 1, requests: 8 });
    expect(r.run.shard).toBeUndefined();
    expect(r.run.startedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(r.run.finishedAt).toBe('2025-01-01T00:03:00.000Z');
    expect(r.run.durationMs).toBe(180000);
    // In order of start time, whatever the order on the command line.
    expect(r.run.id).toBe('r1+r2');
    expect(r.provenance.endpoint).toBe('http://127.0.0.1:1001, http://127.0.0.1:1002');
    expect(t!.shards).toEqual({ indexes: [1, 2], count: 2, complete: true });
    expect(t!.files).toEqual(['s1.json', 's2.json']);
    expect(t!.warnings).toEqual([]);
  });

  it('keeps only the entries no shard ran as vanished', () => {
    const r = mergeResults([s1, s2])[0]!.results;
    expect(r.expectations).toEqual(exp({ asExpected: 3, newFailures: ['a/x/two'], vanished: ['b/gone/really'] }));
  });

  it('warns about a missing shard and keeps the shard count', () => {
    const [t] = mergeResults([s1]);
    expect(t!.warnings).toEqual(['shard(s) 2 of 2 missing: their cases are not in this report']);
    expect(t!.results.run.shard).toEqual({ index: 1, count: 2 });
    expect(t!.shards?.complete).toBe(false);
  });

  it('keeps unsharded runs apart, even of the same profile', () => {
    const a = mk('a.json', [mkCase('a/x/one', 'pass')], { runId: 'ra' });
    const b = mk('b.json', [mkCase('a/x/one', 'fail')], { runId: 'rb' });
    const c = mk('c.json', [mkCase('a/x/one', 'pass')], { runId: 'rc', profile: 'local-swift' });
    expect(mergeResults([a, b, c]).map((t) => t.results.run.id)).toEqual(['ra', 'rb', 'rc']);
  });

  it('merges the same run given twice, with a warning', () => {
    const a = mk('a.json', [mkCase('a/x/one', 'pass')], { runId: 'ra' });
    const [t, ...rest] = mergeResults([a, { ...a, file: 'copy.json' }]);
    expect(rest).toEqual([]);
    expect(t!.results.cases).toHaveLength(1);
    expect(t!.warnings[0]).toMatch(/given 2 times/);
  });

  it('groups two sharded runs of one profile by start time', () => {
    const later = (l: LoadedResults, runId: string): LoadedResults => ({
      file: `later-${l.file}`,
      results: {
        ...l.results,
        run: { ...l.results.run, id: runId, startedAt: '2025-01-02T00:00:00.000Z', finishedAt: '2025-01-02T00:05:00.000Z' },
      },
    });
    const targets = mergeResults([s1, later(s1, 'r3'), s2, later(s2, 'r4')]);
    expect(targets.map((t) => t.results.run.id)).toEqual(['r1+r2', 'r3+r4']);
    expect(targets.every((t) => t.shards?.complete)).toBe(true);
    expect(targets[0]!.warnings[0]).toMatch(/grouped by start time/);
  });

  it('keeps a sharded and an unsharded file apart, and refuses to merge them or one shard twice', async () => {
    const { mergeGroup } = await import('../../harness/merge.ts');
    const a = mk('a.json', [mkCase('a/x/one', 'pass')], { runId: 'same', shard: { index: 1, count: 2 } });
    const b = mk('b.json', [mkCase('a/x/two', 'pass')], { runId: 'same' });
    expect(mergeResults([a, b])).toHaveLength(2);
    expect(() => mergeGroup([a, b])).toThrow(/cannot merge sharded and unsharded/);
    expect(() => mergeGroup([a, { ...a, file: 'a2.json' }])).toThrow(/a\.json and a2\.json are both shard 1\/2/);
    const c = mk('c.json', [], { runId: 'x', shard: { index: 2, count: 3 } });
    expect(() => mergeGroup([a, c])).toThrow(/shard counts differ/);
  });

  it('warns when two files report one case with different verdicts', async () => {
    const { mergeGroup } = await import('../../harness/merge.ts');
    const a = mk('a.json', [mkCase('a/x/one', 'pass')], { runId: 'r' });
    const b = mk('b.json', [mkCase('a/x/one', 'fail')], { runId: 'r' });
    const t = mergeGroup([a, b]);
    expect(t.results.cases[0]!.verdict).toBe('pass');
    expect(t.warnings.join('\n')).toMatch(/a\/x\/one is in two files with different verdicts/);
    expect(() => mergeGroup([])).toThrow(MergeError);
  });
});

describe('mergeExpectations', () => {
  it('is undefined when no shard had expectations', () => {
    expect(mergeExpectations([undefined, undefined], new Set())).toBeUndefined();
  });
});
