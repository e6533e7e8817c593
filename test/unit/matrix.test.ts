// The matrix: states of doc rows and claim keys, notes for untested cells, scores, and the join
// with the real doc tables.
import { describe, expect, it } from 'vitest';
import type { CaseResult, RunResults, Verdict } from '../../harness/types.ts';
import {
  buildMatrix,
  claimState,
  countVerdicts,
  defaultDocs,
  formatScore,
  lastAnswer,
  makeCell,
  rowState,
  targetInfos,
  type RowState,
} from '../../harness/matrix.ts';
import type { DocTable } from '../../harness/docs.ts';
import { loadDocTable } from '../../harness/docs.ts';
import type { MergedTarget } from '../../harness/merge.ts';
import { summarize } from '../../harness/results.ts';

function mkCase(id: string, verdict: Verdict, claims: string[], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    op: 'GetObject',
    features: [],
    claims,
    suite: id.split('/')[0]!,
    file: `suites/${id.split('/')[0]}.test.ts`,
    verdict,
    durationMs: 1,
    requests: 1,
    ...(verdict === 'pass' ? {} : { reason: `${verdict} because` }),
    ...extra,
  };
}

function mkResults(cases: CaseResult[], over: { profile?: string; runId?: string; docs?: string[] } = {}): RunResults {
  const runId = over.runId ?? 'run1';
  return {
    schemaVersion: 1,
    run: {
      id: runId,
      prefix: `s3c-${runId}-`,
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:01:00.000Z',
      durationMs: 60000,
      interrupted: false,
      suites: [...new Set(cases.map((c) => c.suite))],
    },
    provenance: {
      suiteVersion: '0.1.0',
      node: 'v20',
      sdk: {},
      profile: over.profile ?? 'p1',
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      addressing: 'path',
      docs: over.docs ?? [],
      date: '2025-01-01T00:00:00.000Z',
      host: { platform: 'linux', arch: 'x64', cpus: 1 },
    },
    summary: summarize(cases),
    cases,
  };
}

const target = (r: RunResults): MergedTarget => ({ results: r, files: ['x/results.json'], warnings: [] });

function counts(pass: number, fail = 0, unsupported = 0, skip = 0, error = 0) {
  return { pass, fail, unsupported, skip, error };
}

describe('rowState', () => {
  const cases: [string, ReturnType<typeof counts>, RowState][] = [
    ['supported', counts(3), 'conformant'],
    ['supported', counts(2, 1), 'partial'],
    ['supported', counts(1, 0, 1), 'partial'],
    ['supported', counts(0, 2), 'contradicted'],
    ['supported', counts(0, 0, 2), 'contradicted'],
    ['supported', counts(0, 0, 0, 3, 1), 'untested'],
    ['supported', counts(0), 'untested'],
    ['rule', counts(2), 'conformant'],
    ['rule', counts(0, 1), 'contradicted'],
    ['limit', counts(1, 1), 'partial'],
    ['unsupported', counts(0, 1, 2), 'absent-as-documented'],
    ['unsupported', counts(1, 1), 'works-undocumented'],
    ['unsupported', counts(2), 'works-undocumented'],
    ['unsupported', counts(0, 0, 0, 2), 'untested'],
    ['mentioned', counts(2), 'works-undocumented'],
    ['mentioned', counts(1, 1), 'partial'],
    ['mentioned', counts(0, 1), 'contradicted'],
  ];
  it.each(cases)('%s with %o → %s', (documented, c, state) => {
    expect(rowState(documented as never, c)).toBe(state);
  });
  it('skips and errors never change a judged state', () => {
    expect(rowState('supported', counts(2, 0, 0, 5, 5))).toBe('conformant');
    expect(rowState('supported', counts(0, 1, 0, 5, 5))).toBe('contradicted');
  });
});

describe('claimState', () => {
  it('works / partial / fails / unsupported / untested', () => {
    expect(claimState(counts(2))).toBe('works');
    expect(claimState(counts(1, 1))).toBe('partial');
    expect(claimState(counts(0, 1, 1))).toBe('fails');
    expect(claimState(counts(0, 0, 2))).toBe('unsupported');
    expect(claimState(counts(0, 0, 0, 1, 1))).toBe('untested');
  });
});

describe('makeCell', () => {
  it('says why a cell with only skips and errors is untested', () => {
    const cell = makeCell(
      'op:X',
      [mkCase('a/b/skip', 'skip', ['op:X'], { reason: 'profile: no alt identity' }), mkCase('a/b/err', 'error', ['op:X'], { reason: 'ECONNRESET' })],
      (c) => rowState('supported', c),
    );
    expect(cell.state).toBe('untested');
    expect(cell.note).toMatch(/no case judged it: 1 skip \(profile: no alt identity\), 1 error \(ECONNRESET\)/);
    expect(cell.failing).toEqual([]);
  });
  it('says when no case claims the key, and gives the untestable reason', () => {
    expect(makeCell('op:X', [], (c) => rowState('supported', c)).note).toBe('no case of this run claims op:X');
    expect(makeCell('op:X', [], (c) => rowState('supported', c), 'needs a second account').note).toBe('untestable: needs a second account');
  });
  it('lists the failing cases with their reasons and counts what was left out', () => {
    const cell = makeCell(
      'op:X',
      [mkCase('a/b/p', 'pass', ['op:X']), mkCase('a/b/f', 'fail', ['op:X'], { reason: 'expected 404' }), mkCase('a/b/s', 'skip', ['op:X'])],
      (c) => rowState('supported', c),
    );
    expect(cell.state).toBe('partial');
    expect(cell.failing).toEqual([{ id: 'a/b/f', verdict: 'fail', reason: 'expected 404' }]);
    expect(cell.cases).toEqual(['a/b/f', 'a/b/p', 'a/b/s']);
    expect(cell.note).toMatch(/^not counted: 1 skip/);
  });
});

describe('buildMatrix', () => {
  const table: DocTable = {
    id: 'vendor-x',
    title: 'Vendor X guide',
    vendor: 'Vendor X',
    editions: [
      { id: 'now', title: 'now', description: 'current', current: true, url: 'https://example.com/now' },
      { id: 'old', title: 'old', description: 'old', current: false, url: 'https://example.com/old' },
    ],
    rows: [
      { id: 'get', section: 'object', claim: 'op:GetObject', documented: 'supported', source: { url: 'https://example.com', quote: 'GET' } },
      { id: 'put', section: 'object', claim: 'op:PutObject', documented: 'supported', source: { url: 'https://example.com', quote: 'PUT' } },
      { id: 'put-again', section: 'object', claim: 'op:PutObject', documented: 'rule', source: { url: 'https://example.com', quote: 'PUT again' } },
      { id: 'v2-no', section: 'listing', claim: 'op:ListObjectsV2', documented: 'unsupported', source: { url: 'https://example.com', quote: 'no v2' } },
      { id: 'range', section: 'object', claim: 'feature:get-range', documented: 'supported', source: { url: 'https://example.com', quote: 'Range' } },
      { id: 'acl-old', section: 'acl', claim: 'op:PutBucketAcl', documented: 'supported', editions: ['old'], source: { url: 'https://example.com', quote: 'ACL' } },
      { id: 'sigv2-example', section: 'auth', claim: 'auth:sigv2', documented: 'mentioned', source: { url: 'https://example.com', quote: 'AWS a:b' } },
      { id: 'untestable', section: 'limits', claim: 'limit:max-buckets-1000', documented: 'limit', limit: 1000, untestable: 'needs 1000 buckets', source: { url: 'https://example.com', quote: '1000' } },
    ],
    conflicts: [{ id: 'puts-disagree', kind: 'within-doc', description: 'two PUT rows', rows: ['put', 'put-again'] }],
  };
  const results = mkResults(
    [
      mkCase('object/get/ok', 'pass', ['op:GetObject']),
      mkCase('object/get/range', 'fail', ['op:GetObject', 'feature:get-range'], {
        reason: 'expected 206',
        evidence: [{ request: { method: 'GET', url: 'http://h/b/k', headers: {} }, response: { status: 200, headers: {} } }],
      }),
      mkCase('object/put/ok', 'fail', ['op:PutObject'], { reason: 'expected 200' }),
      mkCase('listing/v2/basic', 'pass', ['op:ListObjectsV2']),
      mkCase('acl/put/canned', 'unsupported', ['op:PutBucketAcl'], { reason: '501' }),
      mkCase('auth/v2/basic', 'skip', ['auth:sigv2'], { reason: 'profile: signature v2 not listed in signatures' }),
      mkCase('object/odd/unknown-key', 'pass', ['feature:not-in-vocabulary']),
    ],
    { docs: ['vendor-x'] },
  );
  const m = buildMatrix([target(results)], { loadTable: () => table, now: new Date('2025-01-02T00:00:00Z') });
  const t = m.tables[0]!;
  const state = (id: string) => t.rows.find((r) => r.row.id === id)!.cells[0]!.state;

  it('derives each row state from the cases claiming its key', () => {
    expect(state('get')).toBe('partial');
    expect(state('put')).toBe('contradicted');
    expect(state('put-again')).toBe('contradicted');
    expect(state('v2-no')).toBe('works-undocumented');
    expect(state('range')).toBe('contradicted');
    expect(state('acl-old')).toBe('contradicted');
    expect(state('sigv2-example')).toBe('untested');
    expect(state('untestable')).toBe('untested');
    expect(t.rows.find((r) => r.row.id === 'untestable')!.cells[0]!.note).toBe('untestable: needs 1000 buckets');
    expect(t.rows.find((r) => r.row.id === 'sigv2-example')!.cells[0]!.note).toMatch(/profile: signature v2 not listed/);
  });

  it('links the failing cases of a contradicted row', () => {
    const range = t.rows.find((r) => r.row.id === 'range')!.cells[0]!;
    expect(range.failing).toEqual([{ id: 'object/get/range', verdict: 'fail', reason: 'expected 206' }]);
  });

  it('counts rows per state', () => {
    expect(t.counts[0]).toEqual({
      conformant: 0,
      partial: 1,
      contradicted: 4,
      'absent-as-documented': 0,
      'works-undocumented': 1,
      untested: 2,
    });
  });

  it('scores promise rows of current editions, each claim key once', () => {
    const s = t.scores[0]!;
    // Scored: op:GetObject (partial), op:PutObject (contradicted, two rows → once),
    // feature:get-range (contradicted). Not scored: the unsupported and mentioned rows, the row
    // of an old edition (acl-old), the untested limit.
    expect(s.overall).toEqual({ area: 'all', conformant: 0, scored: 3, score: 0 });
    expect(s.areas.filter((a) => a.scored > 0).map((a) => a.area)).toEqual(['object']);
    // An area whose promise rows are all untested is listed without a score.
    expect(s.areas.find((a) => a.area === 'bucket')).toEqual({ area: 'bucket', conformant: 0, scored: 0, score: null });
    expect(formatScore(s.overall)).toBe('0% (0/3)');
    expect(t.rows.find((r) => r.row.id === 'acl-old')!.current).toBe(false);
  });

  it('attaches conflicts to their rows', () => {
    expect(t.rows.find((r) => r.row.id === 'put')!.conflicts.map((c) => c.id)).toEqual(['puts-disagree']);
    expect(t.rows.find((r) => r.row.id === 'get')!.conflicts).toEqual([]);
  });

  it('has a claim-level view of headers and parameters, documented or not', () => {
    const range = m.claims.find((c) => c.key === 'feature:get-range')!;
    expect(range.cells[0]!.state).toBe('fails');
    expect(range.documented).toEqual([{ table: 'vendor-x', row: 'range', documented: 'supported', current: true }]);
    expect(m.claims.find((c) => c.key === 'op:ListObjectsV2')!.cells[0]!.state).toBe('works');
    expect(m.unknownClaims).toEqual(['feature:not-in-vocabulary']);
  });

  it('defaults to the docs named in the results', () => {
    expect(defaultDocs([target(results), target(mkResults([], { docs: ['vendor-x', 'other'] }))])).toEqual(['vendor-x', 'other']);
    expect(m.docs).toEqual(['vendor-x']);
  });
});

describe('targets side by side', () => {
  it('labels targets by profile, adding the run id when two share a profile', () => {
    const a = mkResults([], { profile: 'rgw', runId: 'aaa' });
    const b = mkResults([], { profile: 'rgw', runId: 'bbb' });
    const c = mkResults([], { profile: 'swift', runId: 'ccc' });
    expect(targetInfos([target(a), target(b), target(c)]).map((t) => [t.key, t.label])).toEqual([
      ['t1', 'rgw (aaa)'],
      ['t2', 'rgw (bbb)'],
      ['t3', 'swift'],
    ]);
  });
  it('gives one column per target against the real NHN and NAVER tables, every row with a state', () => {
    const pass = mkResults([mkCase('bucket/create/ok', 'pass', ['op:CreateBucket']), mkCase('listing/v2/ok', 'pass', ['op:ListObjectsV2'])], { profile: 'good' });
    const bad = mkResults(
      [mkCase('bucket/create/ok', 'fail', ['op:CreateBucket'], { reason: 'expected 200' }), mkCase('listing/v2/ok', 'unsupported', ['op:ListObjectsV2'])],
      { profile: 'bad' },
    );
    const m = buildMatrix([target(pass), target(bad)], { docs: ['nhn-cloud', 'naver-cloud'] });
    for (const t of m.tables) {
      expect(t.rows.length).toBe(loadDocTable(t.table.id).rows.length);
      for (const r of t.rows) {
        expect(r.cells).toHaveLength(2);
        for (const c of r.cells) expect(typeof c.state).toBe('string');
      }
    }
    const nhn = m.tables.find((t) => t.table.id === 'nhn-cloud')!;
    const create = nhn.rows.find((r) => r.row.id === 'op-create-bucket')!;
    expect(create.cells.map((c) => c.state)).toEqual(['conformant', 'contradicted']);
    expect(create.cells[1]!.failing.map((f) => f.id)).toEqual(['bucket/create/ok']);
    const naver = m.tables.find((t) => t.table.id === 'naver-cloud')!;
    // NAVER documents ListObjectsV2 as unsupported.
    expect(naver.rows.find((r) => r.row.id === 'op-list-objects-v2-unsupported')!.cells.map((c) => c.state)).toEqual([
      'works-undocumented',
      'absent-as-documented',
    ]);
  });
});

describe('lastAnswer and counts', () => {
  it('reads status and Code of the last answered exchange', () => {
    expect(
      lastAnswer({
        evidence: [
          { request: { method: 'PUT', url: 'u', headers: {} }, response: { status: 200, headers: {} } },
          { request: { method: 'GET', url: 'u', headers: {} }, response: { status: 404, headers: {}, body: '<Error><Code>NoSuchKey</Code></Error>' } },
          { request: { method: 'GET', url: 'u', headers: {} }, networkError: 'ECONNRESET' },
        ],
      }),
    ).toEqual({ status: 404, code: 'NoSuchKey' });
    expect(lastAnswer({})).toEqual({});
  });
  it('counts verdicts', () => {
    expect(countVerdicts([{ verdict: 'pass' }, { verdict: 'pass' }, { verdict: 'error' }])).toEqual(counts(2, 0, 0, 0, 1));
  });
});
