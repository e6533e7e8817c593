import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareWithExpectations, deviations, loadExpectations } from '../../harness/expectations.ts';
import type { CaseResult, Verdict } from '../../harness/types.ts';
import { PROFILE_SKIP } from '../../harness/signals.ts';

function c(id: string, verdict: Verdict, reason?: string): CaseResult {
  return { id, op: 'GetObject', features: [], claims: ['op:GetObject'], suite: id.split('/')[0], file: 'x', verdict, durationMs: 1, requests: 1, ...(reason ? { reason } : {}) };
}

const exp = {
  target: 't',
  cases: {
    'object/a/expected-fail': { verdict: 'fail' as const, reason: 'known' },
    'object/a/now-passes': { verdict: 'fail' as const, reason: 'known' },
    'object/a/changed': { verdict: 'unsupported' as const, reason: 'was 501' },
    'object/a/gone': { verdict: 'fail' as const, reason: 'deleted case' },
    'acl/x/other-suite': { verdict: 'fail' as const, reason: 'suite not run' },
  },
};

describe('strict comparison with expectations', () => {
  const cases = [
    c('object/a/pass', 'pass'),
    c('object/a/new-fail', 'fail'),
    c('object/a/expected-fail', 'fail'),
    c('object/a/now-passes', 'pass'),
    c('object/a/changed', 'fail'),
    c('object/a/no-alt', 'skip', PROFILE_SKIP.noAlt),
    c('object/a/endpoint-skip', 'skip', 'no such feature'),
  ];
  const declared = new Set([...cases.map((x) => x.id), 'acl/x/other-suite']);
  const s = compareWithExpectations(cases, exp, 'f', declared);

  it('classifies every deviation', () => {
    expect(s.newFailures).toEqual(['object/a/new-fail', 'object/a/endpoint-skip']);
    expect(s.unexpectedPasses).toEqual(['object/a/now-passes']);
    expect(s.changedVerdicts).toEqual(['object/a/changed']);
    expect(s.vanished).toEqual(['object/a/gone']);
    expect(s.asExpected).toBe(3);
    expect(deviations(s)).toBe(5);
  });

  it('annotates the cases', () => {
    expect(cases.find((x) => x.id === 'object/a/expected-fail')).toMatchObject({ outcome: 'as-expected', expected: { verdict: 'fail', reason: 'known' } });
    expect(cases.find((x) => x.id === 'object/a/no-alt')?.outcome).toBe('as-expected');
  });
});

describe('loading expectation files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's3c-exp-'));
  it('merges a folder of per-suite files', () => {
    mkdirSync(path.join(dir, 't1'));
    writeFileSync(path.join(dir, 't1', 'a.yaml'), 'cases:\n  a/x/y: { verdict: fail, reason: r }\n');
    writeFileSync(path.join(dir, 't1', 'b.yaml'), 'cases:\n  b/x/y: { verdict: unsupported, reason: r, link: https://example.org }\n');
    const e = loadExpectations(path.join(dir, 't1'));
    expect(Object.keys(e.cases).sort()).toEqual(['a/x/y', 'b/x/y']);
    expect(e.target).toBe('t1');
  });
  it('rejects entries without a reason, with a bad verdict, or listing pass', () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'cases:\n  a/x/y: { verdict: fail }\n  a/x/z: { verdict: maybe, reason: r }\n  a/x/w: { verdict: pass, reason: r }\n');
    expect(() => loadExpectations(path.join(dir, 'bad.yaml'))).toThrow(/a\/x\/y\.reason[\s\S]*a\/x\/z\.verdict[\s\S]*a\/x\/w: 'pass' is the default/);
  });
  it('every shipped expectations folder loads', async () => {
    const { readdirSync } = await import('node:fs');
    const { FIXTURES } = await import('../../harness/paths.ts');
    const root = path.join(FIXTURES, 'expectations');
    for (const d of readdirSync(root, { withFileTypes: true })) if (d.isDirectory()) expect(() => loadExpectations(path.join(root, d.name)), d.name).not.toThrow();
  });
});
