// Assertions for S3 answers. Messages say what the endpoint should have answered, so a failing
// verdict reads as a finding, not as a stack trace.
import { ConformanceError, UnsupportedSignal } from './signals.ts';
import { codeOf, isEmpty200, isNetworkError, isNotImplemented, statusOf } from './verdict.ts';
import type { CaseContext } from './case.ts';

export interface Alternative {
  code: string;
  status: number;
  reason: string;
}

export interface ErrorExpectation {
  code: string;
  status: number;
  /** Other answers accepted, each with the reason (e.g. the vendor table gives another status). */
  oneOf?: Alternative[];
  /** Accept any 4xx, with the reason; the exact code is still reported as tolerated. */
  anyClientError?: string;
}

export interface S3ErrorLike {
  code: string;
  status: number;
  message?: string;
  raw: unknown;
}

/**
 * Not an error answer to judge here: a 5xx other than 501 (the endpoint is unwell: verdict
 * error), or the SDK's stand-in for a 200 with an empty body (a malformed answer: verdict fail).
 * Either is rethrown for classify() to judge.
 */
const notAnErrorAnswer = (e: unknown) => ((statusOf(e) ?? 0) >= 500 && !isNotImplemented(e)) || isEmpty200(e);

function describeAnswer(e: unknown): string {
  const msg = (e as { message?: string }).message;
  const code = codeOf(e);
  return `${statusOf(e) ?? '?'} ${code ?? ''}${msg && msg !== code ? ` (${msg.slice(0, 200)})` : ''}`.trim();
}

/**
 * The request must fail with this S3 error Code and HTTP status. A network failure is rethrown
 * (verdict error); 501/NotImplemented when something else was expected is `unsupported`.
 */
export async function expectS3Error(
  t: Pick<CaseContext, 'tolerate'> | null,
  call: Promise<unknown>,
  expected: ErrorExpectation | string,
  status?: number,
): Promise<S3ErrorLike> {
  const exp: ErrorExpectation = typeof expected === 'string' ? { code: expected, status: status ?? 400 } : expected;
  let result: unknown;
  try {
    result = await call;
  } catch (e) {
    if (isNetworkError(e) || statusOf(e) === undefined) throw e;
    const got = { code: codeOf(e) ?? '', status: statusOf(e) ?? 0, message: (e as Error).message, raw: e };
    if (got.code === exp.code && got.status === exp.status) return got;
    const alt = exp.oneOf?.find((a) => a.code === got.code && a.status === got.status);
    if (alt) {
      t?.tolerate(`${alt.code}/${alt.status} accepted: ${alt.reason}`);
      return got;
    }
    if (exp.anyClientError && got.status >= 400 && got.status < 500) {
      t?.tolerate(`${got.code}/${got.status} accepted as a client error: ${exp.anyClientError}`);
      return got;
    }
    if (isNotImplemented(e) && exp.code !== 'NotImplemented') {
      throw new UnsupportedSignal(`expected ${exp.code}/${exp.status}, endpoint answered ${describeAnswer(e)}`);
    }
    if (notAnErrorAnswer(e) && exp.status < 500) throw e;
    throw new ConformanceError(`expected ${exp.code}/${exp.status}, endpoint answered ${describeAnswer(e)}`);
  }
  const st = (result as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  throw new ConformanceError(`expected ${exp.code}/${exp.status}, but the request succeeded${st ? ` with ${st}` : ''}`);
}

/** For HEAD requests (no body, so no Code): only the status can be judged. */
export async function expectS3Status(call: Promise<unknown>, status: number): Promise<void> {
  try {
    const r = (await call) as { $metadata?: { httpStatusCode?: number } };
    const st = r?.$metadata?.httpStatusCode;
    if (st !== status) throw new ConformanceError(`expected status ${status}, endpoint answered ${st ?? '?'}`);
  } catch (e) {
    if (e instanceof ConformanceError) throw e;
    if (isNetworkError(e) || statusOf(e) === undefined) throw e;
    if (statusOf(e) === status) return;
    if (isNotImplemented(e)) throw new UnsupportedSignal(`expected status ${status}, endpoint answered ${describeAnswer(e)}`);
    if (notAnErrorAnswer(e) && status < 500) throw e;
    throw new ConformanceError(`expected status ${status}, endpoint answered ${describeAnswer(e)}`);
  }
}

/** The status of a successful SDK answer. */
export function statusOfResult(r: unknown): number | undefined {
  return (r as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** A plain check with a message in the endpoint's terms. */
export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ConformanceError(message);
}

/** Collect a GetObject body (small objects only) to a Buffer. */
export async function bodyBytes(body: unknown): Promise<Buffer> {
  const b = body as { transformToByteArray?: () => Promise<Uint8Array> } | undefined;
  if (!b?.transformToByteArray) throw new ConformanceError('response has no body');
  return Buffer.from(await b.transformToByteArray());
}

/**
 * AWS keeps a legacy answer in us-east-1: 200 OK when the owner re-creates its own bucket.
 * True (and noted as tolerated) when the profile's region is us-east-1 and that is what came back;
 * otherwise the caller judges the answer as BucketAlreadyOwnedByYou.
 */
export async function isUsEast1RecreateOk(t: Pick<CaseContext, 'tolerate' | 'run'>, again: Promise<unknown>): Promise<boolean> {
  if (t.run.profile.region !== 'us-east-1') return false;
  const ok = await again.then((r) => statusOfResult(r), () => undefined);
  if (ok !== 200) return false;
  t.tolerate('200 accepted: us-east-1 legacy behaviour for the owner re-creating its bucket');
  return true;
}
