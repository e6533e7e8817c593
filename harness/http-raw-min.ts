// A small raw HTTP layer for the requests an SDK will not send: unsigned browser-style requests
// (CORS preflight), deliberately broken signatures, skewed clocks, a missing Content-Length, a
// declared size without a body. SigV4 via @smithy/signature-v4; one fresh connection per request.
// Every exchange is recorded as evidence of the current case, like the SDK clients do.
// (A full raw layer lives in harness/raw/; this one stays minimal.)
import http from 'node:http';
import https from 'node:https';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { getContext } from './context.ts';
import { loopbackLookup as lookup } from './clients.ts';
import { uriEscape } from './raw/encoding.ts';
import { beginExchange, excerpt, noteNetworkError } from './evidence.ts';
import type { IdentityName } from './journal.ts';
import { redactHeaders, redactUrl } from './redact.ts';

export interface RawRequest {
  method: string;
  bucket?: string;
  /** Unescaped object key; each path segment is percent-encoded. */
  key?: string;
  /** Query parameters; '' gives a bare subresource such as `?acl`. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Who signs: default main; 'anonymous' sends no Authorization. */
  identity?: IdentityName | 'anonymous';
  /** Sign with these credentials instead of the identity's (e.g. an unknown access key). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Sign as of this time (clock-skew cases). */
  signingDate?: Date;
  /** Region in the SigV4 credential scope (default: the profile's). */
  region?: string;
  /** Do not send x-amz-content-sha256 (SigV4 still hashes the payload into the signature). */
  omitContentSha256?: boolean;
  /** Signature version: 'v4' (default) or 'v2' (Authorization: AWS key:signature, with Date). */
  signature?: 'v4' | 'v2';
  /** Alter one hex digit of the signature after signing. */
  corruptSignature?: boolean;
  /** Send neither Content-Length nor Transfer-Encoding. */
  omitContentLength?: boolean;
  /**
   * Send the headers with `Expect: 100-continue` and never the body: the answer is either the
   * endpoint's final status, or `continued: true` when it invited the body (which is not sent).
   */
  expectContinue?: boolean;
  /** After the body, half-close the connection (for a body shorter than its Content-Length). */
  halfClose?: boolean;
  /** Bound on the wait for the answer's headers, then on each pause in its body (default: the profile's). */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The endpoint answered 100 Continue to an expectContinue request. */
  continued?: boolean;
  /** SDK-like, so expectS3Error/statusOfResult can read a success. */
  $metadata: { httpStatusCode: number };
}

/** A non-2xx raw answer, shaped like an SDK service error (Code, $metadata) for expectS3Error. */
export class RawHttpError extends Error {
  readonly Code?: string;
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly $response: RawResponse;
  constructor(res: RawResponse) {
    const text = res.body.toString('utf8');
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
    super(message || code || `HTTP ${res.status}${text ? `: ${text.slice(0, 160).replace(/\s+/g, ' ')}` : ''}`);
    // Without an S3 <Code> the answer is named by its status, never mistaken for an S3 code.
    this.name = code ?? `Http${res.status}`;
    if (code !== undefined) this.Code = code;
    this.$metadata = { httpStatusCode: res.status, ...(res.headers['x-amz-request-id'] ? { requestId: res.headers['x-amz-request-id'] } : {}) };
    this.$response = res;
  }
}

class RawNetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'RawNetworkError';
  }
}

/** RFC 3986 percent-encoding, as S3 canonicalises it (the raw layer's). */
export const rfc3986 = uriEscape;

export function rawTarget(bucket?: string, key?: string): { protocol: string; hostname: string; port?: number; path: string } {
  const { profile } = getContext();
  const u = new URL(profile.endpoint);
  const encKey = key !== undefined ? key.split('/').map(rfc3986).join('/') : undefined;
  const virtual = profile.addressing === 'virtual' && bucket !== undefined;
  const hostname = virtual ? `${bucket}.${u.hostname}` : u.hostname;
  const base = u.pathname.replace(/\/+$/, '');
  let path = base;
  if (bucket !== undefined && !virtual) path += `/${bucket}`;
  if (encKey !== undefined) path += `/${encKey}`;
  if (!path) path = '/';
  return { protocol: u.protocol, hostname, ...(u.port ? { port: Number(u.port) } : {}), path };
}

/** Sub-resources that belong to the SigV2 canonicalized resource. */
const V2_SUBRESOURCES = new Set(['acl', 'cors', 'delete', 'lifecycle', 'location', 'logging', 'notification', 'partNumber', 'policy', 'requestPayment', 'tagging', 'torrent', 'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'website']);

/** AWS Signature Version 2 (HMAC-SHA1 over the string to sign), path-style resource. */
function signV2(method: string, headers: Record<string, string>, bucket: string | undefined, key: string | undefined, query: Record<string, string>, creds: { accessKeyId: string; secretAccessKey: string }): string {
  const amz = Object.keys(headers)
    .filter((h) => h.startsWith('x-amz-'))
    .sort()
    .map((h) => `${h}:${headers[h].trim()}\n`)
    .join('');
  let resource = bucket !== undefined ? `/${bucket}/` : '/';
  if (key !== undefined) resource += key.split('/').map(rfc3986).join('/');
  const sub = Object.keys(query).filter((k) => V2_SUBRESOURCES.has(k)).sort();
  if (sub.length) resource += `?${sub.map((k) => (query[k] === '' ? k : `${k}=${query[k]}`)).join('&')}`;
  const sts = `${method}\n${headers['content-md5'] ?? ''}\n${headers['content-type'] ?? ''}\n${headers.date ?? ''}\n${amz}${resource}`;
  return `AWS ${creds.accessKeyId}:${createHmac('sha1', creds.secretAccessKey).update(sts).digest('base64')}`;
}

function queryString(q: Record<string, string>): string {
  return Object.entries(q)
    .map(([k, v]) => (v === '' ? rfc3986(k) : `${rfc3986(k)}=${rfc3986(v)}`))
    .join('&');
}

/** Send one raw request; resolves with any HTTP answer, rejects only on network failure. */
export async function rawSend(r: RawRequest): Promise<RawResponse> {
  const run = getContext();
  const { profile } = run;
  const target = rawTarget(r.bucket, r.key);
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
  const hostHeader = target.port ? `${target.hostname}:${target.port}` : target.hostname;
  let headers: Record<string, string> = { host: hostHeader };
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
  if (r.expectContinue) headers.expect = '100-continue';
  if (!r.omitContentLength && headers['content-length'] === undefined && (body !== undefined || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(r.method))) {
    headers['content-length'] = String(body?.length ?? 0);
  }

  const identity = r.identity ?? 'main';
  const creds = r.credentials ?? (identity === 'anonymous' ? undefined : profile.identities[identity]);
  if (identity !== 'anonymous' && !creds) throw new Error(`profile ${profile.name} has no ${identity} identity`);
  if (creds && r.signature === 'v2') {
    headers.date = (r.signingDate ?? new Date()).toUTCString();
    headers.authorization = signV2(r.method, headers, r.bucket, r.key, r.query ?? {}, creds);
  } else if (creds) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, ...('sessionToken' in creds && creds.sessionToken ? { sessionToken: creds.sessionToken as string } : {}) },
      region: r.region ?? profile.region,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: !r.omitContentSha256,
    });
    const toSign = new HttpRequest({
      method: r.method,
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: target.port } : {}),
      path: target.path,
      query: r.query ?? {},
      headers,
      ...(body !== undefined && !r.halfClose && !r.expectContinue ? { body } : {}),
    });
    if ((r.halfClose || r.expectContinue) && headers['x-amz-content-sha256'] === undefined && !r.omitContentSha256) {
      toSign.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    }
    const signed = await signer.sign(toSign, r.signingDate ? { signingDate: r.signingDate } : {});
    headers = { ...(signed.headers as Record<string, string>) };
    if (r.corruptSignature) {
      headers.authorization = headers.authorization.replace(/Signature=([0-9a-f]+)/, (_m, sig: string) => {
        const last = sig.at(-1) === '0' ? '1' : '0';
        return `Signature=${sig.slice(0, -1)}${last}`;
      });
    }
  }
  const qs = queryString(r.query ?? {});
  const fullPath = `${target.path}${qs ? `?${qs}` : ''}`;
  const url = `${target.protocol}//${hostHeader}${fullPath}`;
  run.gate(body?.length ?? 0);
  const ex = beginExchange({ method: r.method, url: redactUrl(url), headers: redactHeaders(headers), ...(body?.length ? { bodyBytes: body.length } : {}) });
  const t0 = performance.now();
  const timeoutMs = r.timeoutMs ?? profile.budget.requestTimeoutMs;
  const mod = target.protocol === 'https:' ? https : http;
  try {
    const res = await new Promise<RawResponse>((resolve, reject) => {
      const req = mod.request({
        protocol: target.protocol,
        hostname: target.hostname,
        ...(target.port ? { port: target.port } : {}),
        method: r.method,
        path: fullPath,
        headers,
        agent: false,
        lookup,
        ...(target.protocol === 'https:'
          ? { rejectUnauthorized: profile.tls?.rejectUnauthorized !== false, ...(profile.tls?.caFile ? { ca: readFileSync(profile.tls.caFile) } : {}) }
          : {}),
      });
      if (r.omitContentLength) {
        req.removeHeader('content-length');
        // Keep a Transfer-Encoding the caller set; otherwise Node must not add its own.
        if (headers['transfer-encoding'] === undefined) req.removeHeader('transfer-encoding');
      }
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      let phase = 'no answer';
      const expire = () => {
        finish(() => reject(new RawNetworkError(`${phase} within ${timeoutMs} ms`, 'ETIMEDOUT')));
        req.destroy();
      };
      // An idle timeout: restarted by every chunk of the answer, so a slow but live body (an
      // endpoint sending keep-alive whitespace while it works) is not cut off.
      let timer = setTimeout(expire, timeoutMs);
      const touch = () => {
        clearTimeout(timer);
        timer = setTimeout(expire, timeoutMs);
      };
      req.on('error', (e) => finish(() => reject(e)));
      req.on('continue', () => {
        finish(() => resolve({ status: 100, headers: {}, body: Buffer.alloc(0), continued: true, $metadata: { httpStatusCode: 100 } }));
        req.destroy();
      });
      req.on('response', (resp) => {
        const chunks: Buffer[] = [];
        let size = 0;
        phase = 'the answer stalled: no body data';
        touch();
        resp.on('data', (c: Buffer) => {
          touch();
          size += c.length;
          if (size <= 256 * 1024) chunks.push(c);
        });
        resp.on('error', (e) => finish(() => reject(e)));
        resp.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(resp.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          const status = resp.statusCode ?? 0;
          finish(() => resolve({ status, headers: h, body: Buffer.concat(chunks), $metadata: { httpStatusCode: status } }));
          // The body of an Expect: 100-continue request is never sent: drop the connection.
          if (r.expectContinue) req.destroy();
        });
      });
      if (r.expectContinue) {
        req.flushHeaders();
      } else if (r.halfClose) {
        req.end(body ?? Buffer.alloc(0), () => req.socket?.end());
      } else {
        req.end(body);
      }
    });
    ex.response = { status: res.status, headers: redactHeaders(res.headers), ...(res.continued ? {} : { body: excerpt(res.body) }) };
    return res;
  } catch (e) {
    noteNetworkError(ex, e);
    throw e;
  } finally {
    ex.durationMs = Math.round(performance.now() - t0);
  }
}

/** Like rawSend, but a status ≥ 300 rejects with a RawHttpError (usable with t.expectError). */
export async function rawCall(r: RawRequest): Promise<RawResponse> {
  const res = await rawSend(r);
  if (res.status >= 300) throw new RawHttpError(res);
  return res;
}
