import { describe, expect, it } from 'vitest';
import { classify } from '../../harness/verdict.ts';
import { BudgetExceeded, ConformanceError, SetupError, SkipSignal, UnsupportedSignal } from '../../harness/signals.ts';
import { expectS3Error, expectS3Status } from '../../harness/expect.ts';

function sdkError(status: number, code: string, message = code): Error {
  return Object.assign(new Error(message), { name: code, Code: code, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' });
}
function netError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe('verdict classification', () => {
  it.each([
    ['skip signal', new SkipSignal('no alt'), 'skip'],
    ['unsupported signal', new UnsupportedSignal('x'), 'unsupported'],
    ['conformance error', new ConformanceError('wrong'), 'fail'],
    ['vitest assertion', Object.assign(new Error('expected 1 to be 2'), { name: 'AssertionError', actual: 1, expected: 2 }), 'fail'],
    ['4xx where success expected', sdkError(403, 'AccessDenied'), 'fail'],
    ['501', sdkError(501, 'NotImplemented'), 'unsupported'],
    ['NotImplemented code on 400', sdkError(400, 'NotImplemented'), 'unsupported'],
    ['500 internal error', sdkError(500, 'InternalError'), 'error'],
    ['503 slow down', sdkError(503, 'SlowDown'), 'error'],
    ['connection refused', netError('ECONNREFUSED'), 'error'],
    ['connection reset', netError('ECONNRESET'), 'error'],
    ['timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'error'],
    ['budget', new BudgetExceeded('maxRequests 10 reached'), 'error'],
    ['setup failure', new SetupError('create bucket', sdkError(403, 'AccessDenied')), 'error'],
    ['setup hitting 501', new SetupError('put acl', sdkError(501, 'NotImplemented')), 'unsupported'],
    ['bug in a case', new TypeError('x is undefined'), 'error'],
    ['garbage 200 answer', Object.assign(new Error('Deserialization error'), { $metadata: { httpStatusCode: 200 } }), 'fail'],
  ])('%s → %s', (_l, e, verdict) => {
    expect(classify(e).verdict).toBe(verdict);
  });

  it('a setup failure says what failed and how the endpoint answered', () => {
    expect(classify(new SetupError('create bucket', sdkError(403, 'AccessDenied', 'Access Denied'))).reason).toBe(
      'setup failed: create bucket: 403 AccessDenied: Access Denied',
    );
  });
});

describe('expectS3Error', () => {
  const noop = { tolerate: () => undefined };
  it('accepts the exact code and status', async () => {
    await expect(expectS3Error(noop, Promise.reject(sdkError(404, 'NoSuchKey')), 'NoSuchKey', 404)).resolves.toMatchObject({ code: 'NoSuchKey' });
  });
  it('fails on another code, or a success', async () => {
    await expect(expectS3Error(noop, Promise.reject(sdkError(403, 'AccessDenied')), 'NoSuchKey', 404)).rejects.toThrow(ConformanceError);
    await expect(expectS3Error(noop, Promise.resolve({ $metadata: { httpStatusCode: 200 } }), 'NoSuchKey', 404)).rejects.toThrow(/succeeded with 200/);
  });
  it('fails on the right code with the wrong status', async () => {
    await expect(expectS3Error(noop, Promise.reject(sdkError(400, 'NoSuchKey')), 'NoSuchKey', 404)).rejects.toThrow(ConformanceError);
  });
  it('turns 501 into unsupported and rethrows network errors', async () => {
    await expect(expectS3Error(noop, Promise.reject(sdkError(501, 'NotImplemented')), 'NoSuchKey', 404)).rejects.toThrow(UnsupportedSignal);
    await expect(expectS3Error(noop, Promise.reject(netError('ECONNRESET')), 'NoSuchKey', 404)).rejects.toThrow(/ECONNRESET/);
  });
  it('accepts a listed alternative and notes it', async () => {
    const notes: string[] = [];
    await expectS3Error({ tolerate: (n) => notes.push(n) }, Promise.reject(sdkError(409, 'BucketAlreadyExists')), {
      code: 'BucketAlreadyOwnedByYou', status: 409, oneOf: [{ code: 'BucketAlreadyExists', status: 409, reason: 'legacy' }],
    });
    expect(notes).toEqual(['BucketAlreadyExists/409 accepted: legacy']);
  });
  it('expectS3Status judges HEAD answers by status only', async () => {
    await expect(expectS3Status(Promise.reject(sdkError(404, 'NotFound')), 404)).resolves.toBeUndefined();
    await expect(expectS3Status(Promise.resolve({ $metadata: { httpStatusCode: 200 } }), 404)).rejects.toThrow(ConformanceError);
  });
});
