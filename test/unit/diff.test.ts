// Comparing a baseline with the current results: regressions, fixes, vanished and new cases,
// failures that changed, and the exit decision.
import { describe, expect, it } from 'vitest';
import type { CaseResult, Exchange, RunResults, Verdict } from '../../harness/types.ts';
import { answerOf, diffJson, diffMarkdown, diffResults, diffText, normalizeReason, regressed } from '../../harness/diff.ts';
import { summarize } from '../../harness/results.ts';

function answer(status: number, code?: string): Exchange[] {
  return [
    {
      request: { method: 'GET', url: 'http://h/b/k', headers: {} },
      response: { status, headers: {}, ...(code ? { body: `<?xml version="1.0"?><Error><Code>${code}</Code><Message>m</Message></Error>` } : {}) },
    },
  ];
}

function mkCase(id: string, verdict: Verdict, extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    op: 'GetObject',
    features: [],
    claims: ['op:GetObject'],
    suite: id.split('/')[0]!,
    file: 'f',
    verdict,
    durationMs: 1,
    requests: 1,
    ...(verdict === 'pass' ? {} : { reason: `${verdict}: because` }),
    ...extra,
  };
}

function mk(runId: string, cases: CaseResult[], suites?: string[], suiteVersion = '0.1.0'): RunResults {
  return {
    schemaVersion: 1,
    run: {
      id: runId,
      prefix: `s3c-${runId}-`,
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:01:00.000Z',
      durationMs: 1,
      interrupted: false,
      suites: suites ?? [...new Set(cases.map((c) => c.suite))],
    },
    provenance: {
      suiteVersion,
      node: 'v20',
      sdk: {},
      profile: 'local-rgw',
      endpoint: 'http://127.0.0.1:7480',
      region: 'us-east-1',
      addressing: 'path',
      docs: [],
      date: '2025-01-01T00:00:00.000Z',
      host: { platform: 'linux', arch: 'x64', cpus: 1 },
    },
    summary: summarize(cases),
    cases,
  };
}

describe('diffResults', () => {
  const base = mk(
    'aaaaaaaa',
    [
      mkCase('object/a/stays-pass', 'pass'),
      mkCase('object/a/breaks', 'pass'),
      mkCase('object/a/now-unsupported', 'pass'),
      mkCase('object/a/now-error', 'pass'),
      mkCase('object/a/now-skip', 'pass'),
      mkCase('object/a/fixed', 'fail'),
      mkCase('object/a/other-code', 'fail', { evidence: answer(400, 'InvalidArgument') }),
      mkCase('object/a/same-code', 'fail', { evidence: answer(400, 'InvalidArgument') }),
      mkCase('object/a/other-status', 'fail', { evidence: answer(403) }),
      mkCase('object/a/fail-to-unsupported', 'fail'),
      mkCase('object/a/reason-bucket-only', 'fail', { reason: 'bucket s3c-aaaaaaaa-loc-3f1 has no Location' }),
      mkCase('object/a/reason-changed', 'error', { reason: 'ECONNRESET' }),
      mkCase('object/a/gone', 'pass'),
      mkCase('bucket/b/suite-not-run', 'fail'),
    ],
  );
  const cur = mk(
    'bbbbbbbb',
    [
      mkCase('object/a/stays-pass', 'pass'),
      mkCase('object/a/breaks', 'fail', { reason: 'expected 404, got 200' }),
      mkCase('object/a/now-unsupported', 'unsupported'),
      mkCase('object/a/now-error', 'error'),
      mkCase('object/a/now-skip', 'skip'),
      mkCase('object/a/fixed', 'pass'),
      mkCase('object/a/other-code', 'fail', { evidence: answer(400, 'MalformedXML') }),
      mkCase('object/a/same-code', 'fail', { evidence: answer(400, 'InvalidArgument') }),
      mkCase('object/a/other-status', 'fail', { evidence: answer(404) }),
      mkCase('object/a/fail-to-unsupported', 'unsupported'),
      mkCase('object/a/reason-bucket-only', 'fail', { reason: 'bucket s3c-bbbbbbbb-loc-7a2 has no Location' }),
      mkCase('object/a/reason-changed', 'error', { reason: 'timeout after 30000 ms' }),
      mkCase('object/a/brand-new', 'fail'),
    ],
    ['object'],
  );
  const d = diffResults(base, cur);

  it('finds new failures: pass → fail, unsupported or error', () => {
    expect(d.regressions.map((c) => [c.id, c.from, c.to])).toEqual([
      ['object/a/breaks', 'pass', 'fail'],
      ['object/a/now-error', 'pass', 'error'],
      ['object/a/now-unsupported', 'pass', 'unsupported'],
    ]);
    expect(d.regressions[0]!.reason).toBe('expected 404, got 200');
  });
  it('finds fixes, vanished and new cases', () => {
    expect(d.fixes.map((c) => c.id)).toEqual(['object/a/fixed']);
    expect(d.vanished).toEqual([
      { id: 'bucket/b/suite-not-run', verdict: 'fail', suiteRan: false },
      { id: 'object/a/gone', verdict: 'pass', suiteRan: true },
    ]);
    expect(d.added).toEqual([{ id: 'object/a/brand-new', verdict: 'fail' }]);
  });
  it('reports verdict changes among non-pass verdicts, and pass → skip, without calling them regressions', () => {
    expect(d.changed.map((c) => [c.id, c.from, c.to])).toEqual([
      ['object/a/fail-to-unsupported', 'fail', 'unsupported'],
      ['object/a/now-skip', 'pass', 'skip'],
    ]);
  });
  it('reports a failure whose answer changed (status or Code), not one that only changed bucket names', () => {
    expect(d.details).toEqual([
      { id: 'object/a/other-code', verdict: 'fail', from: '400 InvalidArgument', to: '400 MalformedXML' },
      { id: 'object/a/other-status', verdict: 'fail', from: '403', to: '404' },
      { id: 'object/a/reason-changed', verdict: 'error', from: 'ECONNRESET', to: 'timeout after 30000 ms' },
    ]);
    expect(d.unchanged).toBe(3); // stays-pass, same-code, reason-bucket-only
  });
  it('regressed when a pass is lost or a case vanished, not otherwise', () => {
    expect(regressed(d)).toBe(true);
    expect(regressed(diffResults(base, base))).toBe(false);
    const onlyFix = mk('c', [mkCase('object/a/x', 'pass')]);
    expect(regressed(diffResults(mk('b', [mkCase('object/a/x', 'fail')]), onlyFix))).toBe(false);
    const vanished = diffResults(mk('b', [mkCase('object/a/x', 'fail'), mkCase('object/a/y', 'fail')]), mk('c', [mkCase('object/a/x', 'fail')]));
    expect(vanished.regressions).toEqual([]);
    expect(regressed(vanished)).toBe(true);
  });
  it('compares results of different suite versions by case id', () => {
    const newer = mk('c', [mkCase('object/a/stays-pass', 'pass')], undefined, '0.2.0');
    const dd = diffResults(mk('b', [mkCase('object/a/stays-pass', 'pass')]), newer);
    expect(dd.unchanged).toBe(1);
    expect(diffText(dd)).toMatch(/suite 0\.1\.0.*\n.*suite 0\.2\.0/);
  });
});

describe('writers', () => {
  const base = mk('aaaaaaaa', [mkCase('object/a/breaks', 'pass'), mkCase('object/a/x', 'fail')]);
  const cur = mk('bbbbbbbb', [mkCase('object/a/breaks', 'fail', { reason: 'got <script>alert(1)</script> | pipe' }), mkCase('object/a/x', 'pass')]);
  const d = diffResults(base, cur);
  it('text names the case and what changed', () => {
    const t = diffText(d);
    expect(t).toMatch(/REGRESSED: 1 new failure/);
    expect(t).toMatch(/new failures \(1\):\n {2}object\/a\/breaks: pass → fail/);
    expect(t).toMatch(/fixed \(1\):\n {2}object\/a\/x: fail → pass/);
  });
  it('markdown escapes what the endpoint said', () => {
    const md = diffMarkdown(d);
    expect(md).toMatch(/### s3conform diff: 🔴 regressed/);
    expect(md).toContain('| `object/a/breaks` | pass | fail |');
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\| pipe');
    expect(diffMarkdown(diffResults(base, base))).toMatch(/🟢 no regression/);
  });
  it('json carries the decision', () => {
    const j = JSON.parse(diffJson(d)) as { regressed: boolean; regressions: { id: string }[] };
    expect(j.regressed).toBe(true);
    expect(j.regressions.map((r) => r.id)).toEqual(['object/a/breaks']);
  });
});

describe('helpers', () => {
  it('answerOf reads the last answer', () => {
    expect(answerOf(mkCase('a/b/c', 'fail', { evidence: answer(409, 'BucketNotEmpty') }))).toBe('409 BucketNotEmpty');
    expect(answerOf(mkCase('a/b/c', 'fail'))).toBe('');
  });
  it('normalizeReason drops run-specific parts', () => {
    expect(normalizeReason('s3c-tovik12345-loc-8v1 at 2025-01-01T00:00:00.000Z took 12 ms, etag 0123456789abcdef0123456789abcdef')).toBe(
      normalizeReason('s3c-tovjz99999-loc-2a3 at 2026-02-02T10:10:10.000Z took 99 ms, etag fedcba9876543210fedcba9876543210'),
    );
    expect(normalizeReason('expected 404')).not.toBe(normalizeReason('expected 403'));
  });
});
