// Per-case recording of HTTP exchanges (AsyncLocalStorage, so concurrent cases stay apart).
// Every request the SDK clients or the raw layer send is counted and kept as evidence.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Exchange } from './types.ts';
import { maskSecrets } from './redact.ts';

export const BODY_EXCERPT_BYTES = 2048;
const KEEP = 5;

export class Recorder {
  readonly exchanges: Exchange[] = [];
  requests = 0;

  begin(request: Exchange['request']): Exchange {
    this.requests += 1;
    const ex: Exchange = { request };
    this.exchanges.push(ex);
    if (this.exchanges.length > KEEP) this.exchanges.shift();
    return ex;
  }

  last(): Exchange | undefined {
    return this.exchanges.at(-1);
  }
}

const storage = new AsyncLocalStorage<Recorder>();
/** Requests outside any case (file setup, cleanup) are counted here. */
const ambient = new Recorder();
let totalRequests = 0;

export function withRecorder<T>(rec: Recorder, fn: () => Promise<T>): Promise<T> {
  return storage.run(rec, fn);
}

export function currentRecorder(): Recorder {
  return storage.getStore() ?? ambient;
}

export function beginExchange(request: Exchange['request']): Exchange {
  totalRequests += 1;
  return currentRecorder().begin(request);
}

/** Record on the exchange that the request failed below HTTP (reset, timeout, refused). */
export function noteNetworkError(ex: Exchange, e: unknown): void {
  const err = e as { code?: string; name?: string; message?: string };
  ex.networkError = `${err.code ?? err.name ?? 'Error'}: ${err.message ?? ''}`;
}

export function requestsSoFar(): number {
  return totalRequests;
}

/** Signatures an endpoint echoes in SignatureDoesNotMatch answers are credential-derived. */
const ECHOED_SIGNATURE = /(<SignatureProvided>)[^<]*(<\/SignatureProvided>)/g;

export function excerpt(body: Buffer | string): string {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const text = buf.subarray(0, BODY_EXCERPT_BYTES).toString('utf8').replace(ECHOED_SIGNATURE, '$1(redacted)$2');
  return maskSecrets(buf.length > BODY_EXCERPT_BYTES ? `${text}…(${buf.length} bytes)` : text);
}
