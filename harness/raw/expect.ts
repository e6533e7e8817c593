// Verdict helpers for raw answers, with the same rules as harness/expect.ts for SDK calls:
// the exact Code and status (or a listed alternative with its reason), 501/NotImplemented when
// something else was expected → unsupported, any other answer → fail with what was answered.
import type { ErrorExpectation } from '../expect.ts';
import { ConformanceError, UnsupportedSignal } from '../signals.ts';
import type { RawResponse } from './client.ts';

/**
 * A raw answer that was expected to succeed, shaped like an SDK service error (Code,
 * $metadata.httpStatusCode), so the verdict rules of harness/verdict.ts apply to it unchanged:
 * 501 → unsupported, other 5xx → error, 4xx → fail.
 */
export class RawHttpError extends Error {
  override name: string;
  readonly Code?: string;
  readonly $metadata: { httpStatusCode: number };
  constructor(res: RawResponse) {
    // classify() words it as "expected success, endpoint answered <status> <Code>: <message>".
    super(res.error ? (res.error.message ?? res.error.code) : describeBody(res));
    this.name = res.error?.code ?? `HTTP${res.status}`;
    if (res.error?.code) this.Code = res.error.code;
    this.$metadata = { httpStatusCode: res.status };
  }
}

/** `403 SignatureDoesNotMatch (message)`, or the status with a body excerpt when it is not S3 XML. */
export function describeRaw(res: RawResponse): string {
  if (res.error) return `${res.status} ${res.error.code}${res.error.message ? ` (${res.error.message.slice(0, 200)})` : ''}`;
  return `${res.status} ${describeBody(res)}`;
}

function describeBody(res: RawResponse): string {
  const text = res.body.subarray(0, 160).toString('utf8').replace(/\s+/g, ' ').trim();
  return text ? `with a non-S3 body: ${JSON.stringify(text)}` : '(no error body)';
}

function isNotImplementedRaw(res: RawResponse): boolean {
  return res.status === 501 || res.error?.code === 'NotImplemented';
}

/**
 * The answer must be this S3 error (Code and status). `tolerate` is the case's `t.tolerate`,
 * called when a listed alternative is accepted.
 */
export function expectRawError(
  res: RawResponse,
  expected: ErrorExpectation | string,
  status?: number,
  tolerate?: (note: string) => void,
): { code: string; status: number } {
  const exp: ErrorExpectation = typeof expected === 'string' ? { code: expected, status: status ?? 400 } : expected;
  if (res.status >= 200 && res.status < 300) {
    throw new ConformanceError(`expected ${exp.code}/${exp.status}, but the request succeeded with ${res.status}`);
  }
  const got = { code: res.error?.code ?? '', status: res.status };
  if (got.code === exp.code && got.status === exp.status) return got;
  const alt = exp.oneOf?.find((a) => a.code === got.code && a.status === got.status);
  if (alt) {
    tolerate?.(`${alt.code}/${alt.status} accepted: ${alt.reason}`);
    return got;
  }
  if (exp.anyClientError && got.status >= 400 && got.status < 500) {
    tolerate?.(`${got.code || '(no code)'}/${got.status} accepted as a client error: ${exp.anyClientError}`);
    return got;
  }
  if (isNotImplementedRaw(res) && exp.code !== 'NotImplemented') {
    throw new UnsupportedSignal(`expected ${exp.code}/${exp.status}, endpoint answered ${describeRaw(res)}`);
  }
  throw new ConformanceError(`expected ${exp.code}/${exp.status}, endpoint answered ${describeRaw(res)}`);
}

/**
 * The request must have succeeded with this status (default 200). A 2xx of another status is a
 * fail; a non-2xx answer is judged like an SDK error (501 unsupported, 5xx error, 4xx fail).
 */
export function expectRawOk(res: RawResponse, status = 200): void {
  if (res.status === status) return;
  if (res.status >= 200 && res.status < 300) {
    throw new ConformanceError(`expected status ${status}, endpoint answered ${res.status}`);
  }
  throw new RawHttpError(res);
}

/** For HEAD answers (no body, no Code): only the status is judged. */
export function expectRawStatus(res: RawResponse, status: number): void {
  if (res.status === status) return;
  if (isNotImplementedRaw(res)) throw new UnsupportedSignal(`expected status ${status}, endpoint answered ${describeRaw(res)}`);
  throw new ConformanceError(`expected status ${status}, endpoint answered ${describeRaw(res)}`);
}
