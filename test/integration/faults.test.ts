// A faulty endpoint never turns into a pass, never hangs a run, and never stops cleanup.
// An embedded s3rver is the upstream; a fault proxy (test/support/fault-proxy.ts) stands in
// front of it and hangs, resets, answers 500/503, answers late or answers garbage. Each run
// goes through the real CLI with a small request timeout, and the upstream is then checked
// directly: no bucket of the run may be left. The budget run uses the same set-up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { cli, tmpDir } from './cli-helpers.ts';
import { startFaultProxy, S3_ERROR, type FaultProxy, type FaultRule, type ProxiedRequest } from '../support/fault-proxy.ts';
import { startEmbedded, type EmbeddedTarget } from '../../harness/targets/embedded.ts';
import { makeClient } from '../../harness/clients.ts';
import { resolveProfile, type ProfileFile } from '../../harness/profile.ts';
import { readResults } from '../../harness/results.ts';
import type { RunResults } from '../../harness/types.ts';

const REQUEST_TIMEOUT_MS = 1500;
const RUN_TIMEOUT_S = 60;
/** A faulted run must end on its own, well before the run timeout. */
const WALL_LIMIT_MS = 45_000;

let upstream: EmbeddedTarget;
let direct: S3Client;

beforeAll(async () => {
  upstream = await startEmbedded();
  direct = makeClient({ profile: resolveProfile(upstream.profile, 'embedded'), identity: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, identityName: 'main', record: false });
});
afterAll(async () => {
  direct?.destroy();
  await upstream?.stop();
});

async function upstreamBuckets(prefix: string): Promise<string[]> {
  const r = await direct.send(new ListBucketsCommand({}));
  return (r.Buckets ?? []).flatMap((b) => (b.Name?.startsWith(prefix) ? [b.Name] : []));
}

interface FaultRun {
  results: RunResults;
  code: number | null;
  stderr: string;
  wallMs: number;
  proxy: FaultProxy;
  /** Faulted requests sent by case clients (maxAttempts 1), without the CLI's opening probe. */
  faultedCaseRequests: ProxiedRequest[];
}

async function runThrough(rule: FaultRule | undefined, budget: ProfileFile['budget'] = {}, suites = ['bucket']): Promise<FaultRun> {
  const proxy = await startFaultProxy(upstream.profile.endpoint, rule);
  try {
    const dir = tmpDir('fault');
    const { expectations: _e, ...base } = upstream.profile;
    const profile: ProfileFile = { ...base, name: 'fault-proxy', endpoint: proxy.url, budget: { requestTimeoutMs: REQUEST_TIMEOUT_MS, runTimeoutS: RUN_TIMEOUT_S, ...budget } };
    const pf = path.join(dir, 'profile.yaml');
    writeFileSync(pf, toYaml(profile));
    const t0 = Date.now();
    const r = await cli(['run', '--profile', pf, '--out', path.join(dir, 'reports'), ...suites.flatMap((s) => ['--suite', s])]);
    const wallMs = Date.now() - t0;
    const results = readResults(path.join(dir, 'reports', 'latest', 'results.json'));
    const faultedCaseRequests = proxy.requests.filter((q) => q.fault && q.maxAttempts === 1 && q.seq > 1);
    return { results, code: r.code, stderr: r.stderr, wallMs, proxy, faultedCaseRequests };
  } finally {
    await proxy.close();
  }
}

/** The invariants every faulted run must keep. */
async function checkFaultRun(run: FaultRun, faultVerdicts: ('error' | 'fail')[]): Promise<void> {
  const { results } = run;
  const log = run.stderr.slice(-2000);
  expect(run.wallMs, `the run took ${run.wallMs} ms`).toBeLessThan(WALL_LIMIT_MS);
  expect(results.run.interrupted, `the run hit its run timeout instead of ending: ${results.run.stopReason}`).toBe(false);
  expect(run.code, log).toBe(1);
  expect(run.faultedCaseRequests.length, 'the fault rule hit no request of a case').toBeGreaterThan(0);
  // Every faulted request of a case shows up in the evidence of a case that did not pass.
  const byInvocation = new Map<string, RunResults['cases'][number]>();
  for (const c of results.cases) {
    for (const ex of c.evidence ?? []) {
      const id = ex.request.headers['amz-sdk-invocation-id'];
      if (id) byInvocation.set(id, c);
    }
  }
  for (const q of run.faultedCaseRequests) {
    const c = q.invocationId ? byInvocation.get(q.invocationId) : undefined;
    expect(c, `faulted request ${q.method} ${q.url} is in no non-pass case's evidence (did a case pass on it?)`).toBeDefined();
    expect(faultVerdicts, `${c!.id}: ${c!.verdict} ${c!.reason}`).toContain(c!.verdict);
  }
  expect(results.cases.filter((c) => c.verdict === 'pass' && c.evidence?.some((e) => e.networkError))).toEqual([]);
  // Cleanup ran through the same faulty endpoint and still removed everything.
  expect(await upstreamBuckets(results.run.prefix), log).toEqual([]);
}

const isBucketOnly = (q: ProxiedRequest) => /^\/[^/?]+\/?$/.test(q.url);

describe.concurrent('a faulty endpoint ends as error, within budget, and is cleaned up', () => {
  it('hang: HEAD requests are accepted and never answered', async () => {
    const run = await runThrough({ fault: { kind: 'hang' }, match: (q) => q.method === 'HEAD' });
    await checkFaultRun(run, ['error']);
    const hung = run.results.cases.filter((c) => c.evidence?.some((e) => /timeout/i.test(e.networkError ?? '')));
    expect(hung.length).toBeGreaterThan(0);
    // Cases of a file run concurrently: the hung HEADs of different cases were all sent within
    // one request timeout (one after the other they would be 1.5 s apart at least).
    const heads = run.faultedCaseRequests.map((q) => q.at);
    expect(heads.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...heads) - Math.min(...heads), 'the hung requests were sent one after the other').toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('reset: GetBucketLocation connections are reset', async () => {
    const run = await runThrough({ fault: { kind: 'reset' }, match: (q) => q.method === 'GET' && q.url.includes('location') });
    await checkFaultRun(run, ['error']);
    const reset = run.results.cases.find((c) => c.id.startsWith('bucket/location/'));
    expect(reset?.reason).toMatch(/^network: /);
  });

  it('500 InternalError on ListBuckets', async () => {
    const run = await runThrough({ fault: S3_ERROR.internal, match: (q) => q.method === 'GET' && q.url.split('?')[0] === '/' });
    await checkFaultRun(run, ['error']);
    expect(run.results.cases.filter((c) => /InternalError/.test(c.reason ?? '')).length).toBeGreaterThan(0);
  });

  it('503 SlowDown on every second request, cleanup included', async () => {
    const run = await runThrough({ fault: S3_ERROR.slowDown, every: 2 });
    await checkFaultRun(run, ['error']);
    // Cleanup retried through the 503s (its clients allow 3 attempts).
    expect(run.proxy.requests.some((q) => q.fault && q.maxAttempts === 3)).toBe(true);
  });

  it('slow: CreateBucket is applied upstream but answered after the request timeout', async () => {
    const run = await runThrough({ fault: { kind: 'slow', delayMs: REQUEST_TIMEOUT_MS * 2 }, match: (q) => q.method === 'PUT' && isBucketOnly(q) });
    // The buckets exist upstream although every client saw a timeout: only the journal knows them.
    await checkFaultRun(run, ['error']);
    expect(run.faultedCaseRequests.every((q) => q.method === 'PUT')).toBe(true);
  });

  it('garbage: every GET is answered 200 with a body that is not XML', async () => {
    const run = await runThrough({ fault: { kind: 'garbage' }, match: (q) => q.method === 'GET' });
    // A 200 that is not S3's answer is the endpoint's wrong answer: fail (or error in setup).
    await checkFaultRun(run, ['fail', 'error']);
    expect(run.results.cases.filter((c) => c.verdict === 'fail' && /malformed 200/.test(c.reason ?? '')).length).toBeGreaterThan(0);
  });
});

describe('budgets are global across worker processes', () => {
  it('maxRequests 30: the run stops within budget, reports the rest as error, cleans up', async () => {
    const run = await runThrough(undefined, { maxRequests: 30 }, []);
    const { results } = run;
    const log = run.stderr.slice(-2000);
    expect(run.code, log).toBe(1);
    expect(results.run.interrupted).toBe(true);
    expect(results.run.stopReason).toMatch(/budget: maxRequests 30/);
    // Counted at the endpoint: the requests of cases (one attempt each) stayed within budget;
    // the opening probe and the cleanup (three attempts allowed) are outside it.
    const caseRequests = run.proxy.requests.filter((q) => q.maxAttempts === 1 && q.seq > 1);
    expect(caseRequests.length).toBeLessThanOrEqual(30);
    expect(results.summary.requests).toBeLessThanOrEqual(30);
    const stopped = results.cases.filter((c) => /budget: maxRequests 30/.test(c.reason ?? ''));
    expect(stopped.length).toBeGreaterThan(0);
    for (const c of stopped) expect(c.verdict).toBe('error');
    expect(results.summary.total - results.summary.error).toBeLessThan(results.summary.total);
    expect(log).toMatch(/budget: maxRequests 30 reached/);
    expect(await upstreamBuckets(results.run.prefix), log).toEqual([]);
    // Cleanup was not blocked by the exhausted budget.
    expect(run.proxy.requests.filter((q) => q.maxAttempts === 3 && q.method === 'DELETE').length).toBeGreaterThan(0);
  });
});
