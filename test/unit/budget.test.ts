// The global request/byte budget (harness/budget.ts) and how faulty answers are judged.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BudgetCounter, budgetExhausted, budgetTotals, removeBudgetFiles } from '../../harness/budget.ts';
import { BudgetExceeded, SetupError } from '../../harness/signals.ts';
import { classify } from '../../harness/verdict.ts';
import { expectS3Error, expectS3Status } from '../../harness/expect.ts';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 's3c-budget-'));

describe('BudgetCounter', () => {
  it('lets exactly maxRequests requests through, then refuses, and the CLI sees it', () => {
    const d = dir();
    const budget = { requestTimeoutMs: 1000, maxRequests: 3 };
    const c = new BudgetCounter(d, budget);
    for (let i = 0; i < 3; i++) c.charge(0);
    expect(budgetExhausted(d, budget)).toBeUndefined();
    expect(() => c.charge(0)).toThrow(BudgetExceeded);
    expect(budgetExhausted(d, budget)).toBe('budget: maxRequests 3 reached');
    c.close();
    removeBudgetFiles(d);
    expect(budgetTotals(d)).toEqual({ requests: 0, bytes: 0 });
  });

  it('counts bytes in KiB across calls and refuses past maxBytes', () => {
    const d = dir();
    const budget = { requestTimeoutMs: 1000, maxBytes: 10 * 1024 };
    const c = new BudgetCounter(d, budget);
    c.charge(600);
    c.charge(600); // 1200 bytes: 1 KiB counted, 176 pending
    expect(budgetTotals(d).bytes).toBe(1024);
    c.charge(9 * 1024);
    expect(budgetTotals(d).bytes).toBe(10 * 1024);
    expect(() => c.charge(1024)).toThrow(/maxBytes/);
    c.close();
  });

  it('costs nothing without limits', () => {
    const d = dir();
    const c = new BudgetCounter(d, { requestTimeoutMs: 1000 });
    expect(c.unlimited).toBe(true);
    for (let i = 0; i < 100; i++) c.charge(1 << 20);
    expect(budgetTotals(d)).toEqual({ requests: 0, bytes: 0 });
  });

  it('is one budget for several processes: no more than maxRequests pass in total', async () => {
    const d = dir();
    const max = 200;
    // Four processes, 150 attempts each, race for 200 requests.
    const script = `
      const { BudgetCounter } = await import(${JSON.stringify(path.resolve('harness/budget.ts'))});
      const c = new BudgetCounter(process.argv[1], { requestTimeoutMs: 1000, maxRequests: ${max} });
      let passed = 0;
      for (let i = 0; i < 150; i++) { try { c.charge(0); passed++; } catch {} }
      console.log(passed);`;
    const one = () =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, d], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (x) => (out += x));
        child.on('close', () => resolve(Number(out.trim())));
        child.on('error', reject);
      });
    const passed = await Promise.all([one(), one(), one(), one()]);
    expect(passed.reduce((a, b) => a + b, 0)).toBe(max);
    expect(budgetTotals(d).requests).toBe(4 * 150);
  });
});

describe('budget verdicts', () => {
  it('a budget refusal is error with a budget: reason, also inside a setup', () => {
    expect(classify(new BudgetExceeded('maxRequests 3 reached'))).toEqual({ verdict: 'error', reason: 'budget: maxRequests 3 reached' });
    const inSetup = new SetupError('bucket copy', new BudgetExceeded('maxRequests 3 reached'));
    expect(classify(inSetup)).toEqual({ verdict: 'error', reason: 'budget: maxRequests 3 reached (in setup: bucket copy)' });
  });
});

describe('faulty answers', () => {
  const sdkError = (status: number, code: string, message = code) => Object.assign(new Error(message), { name: code, Code: code, $fault: 'server', $metadata: { httpStatusCode: status, requestId: 'r' } });

  it('a 5xx where a 4xx error was expected is error (the endpoint is unwell), not fail', async () => {
    const e = await expectS3Error(null, Promise.reject(sdkError(503, 'SlowDown')), 'NoSuchKey', 404).catch((x: unknown) => x);
    expect(classify(e)).toMatchObject({ verdict: 'error' });
    const h = await expectS3Status(Promise.reject(sdkError(500, 'InternalError')), 404).catch((x: unknown) => x);
    expect(classify(h)).toMatchObject({ verdict: 'error' });
  });

  it('501 stays unsupported, and a wrong 4xx stays fail', async () => {
    const u = await expectS3Error(null, Promise.reject(sdkError(501, 'NotImplemented')), 'NoSuchKey', 404).catch((x: unknown) => x);
    expect(classify(u).verdict).toBe('unsupported');
    const f = await expectS3Error(null, Promise.reject(sdkError(403, 'AccessDenied')), 'NoSuchKey', 404).catch((x: unknown) => x);
    expect(classify(f).verdict).toBe('fail');
  });

  it("a 200 with an empty body (the SDK's made-up 503 'S3 aborted request') is a malformed answer: fail", async () => {
    const aborted = Object.assign(new Error('S3 aborted request'), { name: 'InternalError', $metadata: { httpStatusCode: 503 } });
    expect(classify(aborted)).toMatchObject({ verdict: 'fail', reason: expect.stringMatching(/malformed 200/) });
    const e = await expectS3Error(null, Promise.reject(aborted), 'InvalidArgument', 400).catch((x: unknown) => x);
    expect(classify(e).verdict).toBe('fail');
    // A real 503 InternalError from the endpoint (with its request id) stays error.
    expect(classify(sdkError(503, 'InternalError', 'S3 aborted request')).verdict).toBe('error');
  });
});
