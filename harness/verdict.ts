// Turning whatever a case body threw into a verdict. The rule: only the endpoint's own wrong
// answer is `fail`; anything the harness or the network did is `error`; 501/NotImplemented is
// `unsupported`.
import type { Verdict } from './types.ts';
import { BudgetExceeded, ConformanceError, SetupError, SkipSignal, UnsupportedSignal } from './signals.ts';

export interface Classified {
  verdict: Verdict;
  reason: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'EPROTO',
  'HPE_INVALID_CONSTANT', 'HPE_INVALID_STATUS', 'HPE_INVALID_HEADER_TOKEN', 'ERR_HTTP_REQUEST_TIMEOUT',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'AbortError', 'RequestTimeout', 'RequestTimeoutError']);

/** What the SDK attaches to a service error. */
export interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { statusCode?: number };
}

export function statusOf(e: unknown): number | undefined {
  const x = e as SdkErrorShape | undefined;
  return x?.$metadata?.httpStatusCode ?? x?.$response?.statusCode;
}

/** The S3 error Code of an SDK error (for HEAD answers the SDK names it by status). */
export function codeOf(e: unknown): string | undefined {
  const x = e as SdkErrorShape | undefined;
  return x?.Code ?? x?.name;
}

export function isNetworkError(e: unknown): boolean {
  const x = e as (SdkErrorShape & { cause?: unknown }) | undefined;
  if (!x || typeof x !== 'object') return false;
  if (x.code && NETWORK_CODES.has(x.code)) return true;
  if (x.name && NETWORK_NAMES.has(x.name) && statusOf(x) === undefined) return true;
  if (x.cause && x.cause !== x) return isNetworkError(x.cause);
  return false;
}

export function isNotImplemented(e: unknown): boolean {
  return statusOf(e) === 501 || codeOf(e) === 'NotImplemented';
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

function sdkAnswer(e: unknown): string {
  const status = statusOf(e);
  const code = codeOf(e);
  const msg = (e as SdkErrorShape).message;
  return `${status ?? '?'} ${code ?? ''}${msg && msg !== code ? `: ${msg}` : ''}`.trim();
}

/**
 * The SDK answers a 200 with an empty body to CopyObject, UploadPartCopy or
 * CompleteMultipartUpload with a made-up 503 InternalError 'S3 aborted request' (no response
 * attached): the endpoint's answer was a malformed 200, not a server error.
 */
export function isEmpty200(e: unknown): boolean {
  const x = e as SdkErrorShape | undefined;
  return x?.name === 'InternalError' && x.message === 'S3 aborted request' && x.$metadata?.httpStatusCode === 503 && x.$response === undefined && x.$metadata.requestId === undefined;
}

export function classify(e: unknown): Classified {
  if (e instanceof SkipSignal) return { verdict: 'skip', reason: e.message };
  if (e instanceof UnsupportedSignal) return { verdict: 'unsupported', reason: e.message };
  if (e instanceof BudgetExceeded) return { verdict: 'error', reason: `budget: ${e.message}` };
  if (e instanceof SetupError && e.cause instanceof BudgetExceeded) return { verdict: 'error', reason: `budget: ${e.cause.message} (in setup: ${e.message})` };
  if (e instanceof SetupError) {
    if (e.cause && isNotImplemented(e.cause)) {
      return { verdict: 'unsupported', reason: `${e.message}: endpoint answered ${sdkAnswer(e.cause)}` };
    }
    const detail = e.cause ? `: ${statusOf(e.cause) !== undefined ? sdkAnswer(e.cause) : describe(e.cause)}` : '';
    return { verdict: 'error', reason: `setup failed: ${e.message}${detail}` };
  }
  if (e instanceof ConformanceError) return { verdict: 'fail', reason: e.message };
  // vitest's expect() throws AssertionError: the endpoint's answer did not match.
  if (e instanceof Error && (e.name === 'AssertionError' || 'actual' in e)) return { verdict: 'fail', reason: e.message };
  if (isNetworkError(e)) return { verdict: 'error', reason: `network: ${describe(e)}` };
  if (isEmpty200(e)) return { verdict: 'fail', reason: 'malformed 200 answer: empty body where the operation returns XML (the SDK reports it as 503 "S3 aborted request")' };
  const status = statusOf(e);
  if (status !== undefined) {
    if (isNotImplemented(e)) return { verdict: 'unsupported', reason: `endpoint answered ${sdkAnswer(e)}` };
    // 5xx other than 501: the endpoint is unwell, which is not a conformance finding.
    if (status >= 500) return { verdict: 'error', reason: `endpoint server error ${sdkAnswer(e)}` };
    if (status >= 200 && status < 300) {
      return { verdict: 'fail', reason: `malformed ${status} answer: ${describe(e)}` };
    }
    return { verdict: 'fail', reason: `expected success, endpoint answered ${sdkAnswer(e)}` };
  }
  return { verdict: 'error', reason: `harness: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
}
