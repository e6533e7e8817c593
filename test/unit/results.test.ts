import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import type { RunResults } from '../../harness/types.ts';
import { summarize, validateResults } from '../../harness/results.ts';
import { junitXml } from '../../harness/report/junit.ts';
import { SchemaError } from '../../harness/schema.ts';

function sample(): RunResults {
  const cases: RunResults['cases'] = [
    { id: 'object/get/ok', op: 'GetObject', features: ['object'], claims: ['op:GetObject'], suite: 'object', file: 'suites/object.test.ts', verdict: 'pass', durationMs: 3, requests: 1 },
    {
      id: 'object/get/missing', op: 'GetObject', features: ['object'], claims: ['op:GetObject', 'error:NoSuchKey'], suite: 'object', file: 'suites/object.test.ts',
      verdict: 'fail', reason: 'expected NoSuchKey/404, endpoint answered 403 AccessDenied', durationMs: 4, requests: 1,
      evidence: [{ request: { method: 'GET', url: 'http://127.0.0.1/b/k', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AK/…, Signature=(redacted)' } }, response: { status: 403, headers: {}, body: '<Error><Code>AccessDenied</Code></Error>' } }],
    },
    { id: 'acl/put/x', op: 'PutObjectAcl', features: ['acl'], claims: ['op:PutObjectAcl'], suite: 'acl', file: 'suites/acl.test.ts', verdict: 'unsupported', reason: 'endpoint answered 501 NotImplemented', durationMs: 2, requests: 1 },
    { id: 'acl/alt/x', op: 'GetObject', features: ['acl'], claims: ['op:GetObject'], suite: 'acl', file: 'suites/acl.test.ts', verdict: 'skip', reason: 'profile: no alt identity', durationMs: 0, requests: 0 },
    { id: 'acl/net/x', op: 'GetObject', features: ['acl'], claims: ['op:GetObject'], suite: 'acl', file: 'suites/acl.test.ts', verdict: 'error', reason: 'network: ECONNREFUSED', durationMs: 0, requests: 1 },
  ];
  return {
    schemaVersion: 1,
    run: { id: 'r1', prefix: 's3c-r1-', startedAt: '2026-11-21T00:00:00.000Z', finishedAt: '2026-11-21T00:00:01.000Z', durationMs: 1000, interrupted: false, suites: ['acl', 'object'] },
    provenance: { suiteVersion: '0.1.0', node: 'v20', sdk: { '@aws-sdk/client-s3': '3' }, profile: 'p', endpoint: 'http://127.0.0.1', region: 'us-east-1', addressing: 'path', docs: [], date: '2026-11-21T00:00:00.000Z', host: { platform: 'linux', arch: 'x64', cpus: 2 } },
    summary: summarize(cases),
    cases,
  };
}

describe('results.json', () => {
  it('a complete run validates against the schema', () => {
    const r = sample();
    expect(() => validateResults(r)).not.toThrow();
    expect(r.summary).toMatchObject({ total: 5, pass: 1, fail: 1, unsupported: 1, skip: 1, error: 1, requests: 4 });
  });
  it('a non-pass case without a reason is rejected', () => {
    const r = sample();
    delete r.cases[1].reason;
    expect(() => validateResults(r)).toThrow(SchemaError);
  });
  it('an unknown verdict is rejected', () => {
    const r = sample();
    (r.cases[0] as { verdict: string }).verdict = 'maybe';
    expect(() => validateResults(r)).toThrow(/cases\.0\.verdict/);
  });
});

describe('junit.xml', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junitXml(sample()));
  const suites = [xml.testsuites.testsuite].flat();
  const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Record<string, unknown>[];
  it('has one testcase per case, grouped by suite', () => {
    expect(suites.map((s: { name: string }) => s.name).sort()).toEqual(['acl', 'object']);
    expect(cases.map((c) => c.name).sort()).toEqual(['acl/alt/x', 'acl/net/x', 'acl/put/x', 'object/get/missing', 'object/get/ok']);
  });
  it('carries the evidence in the failure, errors as errors, skips as skipped', () => {
    const failed = cases.find((c) => c.name === 'object/get/missing') as { failure: { message: string }; 'system-out': string };
    expect(failed.failure.message).toContain('expected NoSuchKey/404');
    expect(failed['system-out']).toContain('< 403');
    expect(failed['system-out']).toContain('<Code>AccessDenied</Code>');
    expect(cases.find((c) => c.name === 'acl/net/x')).toHaveProperty('error');
    expect(cases.find((c) => c.name === 'acl/alt/x')).toHaveProperty('skipped');
  });
});
