// The raw request layer: one S3 request built by hand, signed (SigV4 header or query, SigV2
// header or query, or not at all), optionally corrupted in one chosen place, sent with node:http
// on a fresh connection, recorded as evidence, and parsed (status, headers, body, error XML).
// For the requests an SDK will not send: broken signatures, skewed clocks, wrong scopes,
// missing headers, aws-chunked bodies with bad chunk signatures, the other addressing style.
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { RunContext } from '../context.ts';
import type { IdentityName } from '../journal.ts';
import { beginExchange, excerpt, noteNetworkError } from '../evidence.ts';
import { redactHeaders, redactUrl } from '../redact.ts';
import { loopbackLookup } from '../clients.ts';
import { PROFILE_SKIP, SkipSignal } from '../signals.ts';
import { checksumBase64, encodeKeyPath, md5Base64, sha256Hex, uriEscape, type ChecksumAlgorithm } from './encoding.ts';
import { authorizationV2, presignV2, type QueryPairs } from './sigv2.ts';
import {
  RawSignerV4,
  STREAMING_PAYLOAD,
  STREAMING_UNSIGNED_TRAILER,
  UNSIGNED_PAYLOAD,
  flipHex,
  signatureOf,
  signedChunkedBody,
  signedChunkedLength,
  unsignedTrailerBody,
  type ChunkCorruption,
} from './sigv4.ts';

export type SignMode = 'v4' | 'v2' | 'v4-query' | 'v2-query' | 'none';

/**
 * How a SigV4 header-signed request treats its payload:
 * - signed: x-amz-content-sha256 = hex SHA-256 of the body (default)
 * - unsigned: UNSIGNED-PAYLOAD
 * - streaming: aws-chunked, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, chunk signatures from the seed
 * - streaming-unsigned-trailer: aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER, checksum trailer
 * - omit: no x-amz-content-sha256 header at all (the body hash is still in the canonical request)
 */
export type PayloadMode = 'signed' | 'unsigned' | 'streaming' | 'streaming-unsigned-trailer' | 'omit';

export interface Corruption {
  /** Change one character of the signature (header or query form) after signing. */
  signature?: boolean;
  /** Sign with this secret instead of the identity's (the access key id stays). */
  secret?: string;
  /** Send and sign with this access key id. */
  accessKeyId?: string;
  /** SigV4 credential scope: sign for this region / service instead of the profile's / s3. */
  region?: string;
  service?: string;
  /** SigV4: replace the date of the credential scope after signing (YYYYMMDD). */
  scopeDate?: string;
  /** SigV4 header form: replace the SignedHeaders list after signing. */
  signedHeaders?: string;
  /** SigV4 header form: replace the algorithm name in the Authorization header. */
  algorithm?: string;
  /** SigV4: sign and send this x-amz-content-sha256 while the real body is sent. */
  payloadHash?: string;
  /** Shift the signing clock by this many milliseconds (Date, x-amz-date, Expires). */
  clockSkewMs?: number;
  /** Send (and sign) this Content-MD5 instead of the right one. */
  contentMd5?: string;
  /** Send (and sign) this Content-Length; null: send neither Content-Length nor Transfer-Encoding. */
  contentLength?: number | null;
  /** Remove these headers after signing. */
  dropHeaders?: string[];
  /** Set these headers after signing (tampers with signed ones, adds unsigned ones). */
  headersAfterSigning?: Record<string, string>;
  /** Set these query parameters after signing (null: a bare `?name`). */
  queryAfterSigning?: Record<string, string | null>;
  /** aws-chunked (streaming): corrupt one chunk's signature or data. */
  chunk?: ChunkCorruption;
  /** streaming-unsigned-trailer: send this checksum value in the trailer instead of the right one. */
  trailerChecksum?: string;
  /** Sign as if the request used this method (then send it with its own). */
  signAsMethod?: string;
  /** Rewrite the Authorization header after signing (any signing form that has one). */
  authorization?: (value: string) => string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RawRequest {
  method: string;
  bucket?: string;
  /** Unescaped object key; each path segment is percent-encoded. */
  key?: string;
  /** Query parameters, values unescaped; null gives a bare sub-resource such as `?acl`. */
  query?: Record<string, string | null> | QueryPairs;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Default 'v4'. */
  sign?: SignMode;
  /** Default 'main'. */
  identity?: IdentityName | Credentials;
  /** Default: the profile's addressing. */
  addressing?: 'path' | 'virtual';
  /** Path-style bucket requests: send `/bucket/` instead of `/bucket`. */
  bucketSlash?: boolean;
  /** SigV4 header form; default 'signed'. */
  payload?: PayloadMode;
  /** aws-chunked chunk size (default 64 KiB). */
  chunkSize?: number;
  /** streaming-unsigned-trailer: the checksum sent in the trailer (default crc32). */
  trailerChecksum?: ChecksumAlgorithm;
  /** SigV4 header form: carry the time in x-amz-date (default) or only in a signed Date header. */
  timeHeader?: 'x-amz-date' | 'date';
  /** Query forms: X-Amz-Expires (v4, default 900) / seconds from now to Expires (v2, default 900). */
  expiresIn?: number;
  /** Compute and send Content-MD5 of the body. */
  contentMd5?: boolean;
  /** Send `Expect: 100-continue` and the body only after the interim answer. */
  expect100?: boolean;
  /** The signing time (default now). */
  signingDate?: Date;
  corrupt?: Corruption;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text(): string;
  /** The parsed XML body (root element as the only key), or undefined when the body is not XML. */
  xml(): Record<string, unknown> | undefined;
  /** For error answers with an S3 XML error document. */
  error?: { code: string; message?: string; fields: Record<string, unknown> };
  /** A `100 Continue` interim answer arrived (expect100 requests). */
  continued: boolean;
  /** What was sent, redacted (method, URL, headers). */
  request: { method: string; url: string; headers: Record<string, string> };
  /** SDK-like, so statusOfResult() reads it too. */
  $metadata: { httpStatusCode: number };
}

/** The part of a case the raw layer needs. */
export interface RawCaseLike {
  run: RunContext;
  track?(bucket: string, identity?: IdentityName): string;
}

const xml = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true });
const EXCERPT_SUCCESS_MAX = 16 * 1024;
/** How long an expect100 request waits for the interim answer before sending the body anyway. */
const continueWaitMs = (timeoutMs: number) => Math.max(1_000, Math.min(10_000, timeoutMs / 2));

function queryPairs(q: RawRequest['query']): QueryPairs {
  if (!q) return [];
  return Array.isArray(q) ? q.map(([k, v]) => [k, v] as [string, string | null]) : Object.entries(q);
}

export function queryString(pairs: QueryPairs): string {
  return pairs.map(([k, v]) => (v === null ? uriEscape(k) : `${uriEscape(k)}=${uriEscape(v)}`)).join('&');
}

/** Signature-like values an endpoint may echo in an error body (SignatureProvided & co.). */
function maskSignatures(text: string): string {
  return text.replace(/<(\w*Signature(?:Provided)?)>[^<]*<\/\1>/g, '<$1>(redacted)</$1>');
}

function isXml(body: Buffer): boolean {
  const head = body.subarray(0, 64).toString('utf8').trimStart();
  return head.startsWith('<?xml') || /^<[A-Za-z]/.test(head);
}

export function parseXml(body: Buffer): Record<string, unknown> | undefined {
  if (!body.length || !isXml(body)) return undefined;
  try {
    return xml.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function flipBase64(sig: string): string {
  if (!sig) return 'A';
  const i = Math.max(0, sig.replace(/=+$/, '').length - 2);
  return sig.slice(0, i) + (sig[i] === 'A' ? 'B' : 'A') + sig.slice(i + 1);
}

interface Prepared {
  method: string;
  path: string;
  query: QueryPairs;
  /** Lowercase names. */
  headers: Record<string, string>;
  body: Buffer;
  /** Omit both Content-Length and Transfer-Encoding. */
  noLength: boolean;
  expect100: boolean;
  identity: IdentityName;
}

export class RawClient {
  constructor(private readonly t: RawCaseLike) {}

  private get run(): RunContext {
    return this.t.run;
  }

  /** The virtual-hosted domain: the profile's virtualHostDomain, else the endpoint's host name. */
  virtualDomain(): string | undefined {
    const p = this.run.profile;
    if (p.virtualHostDomain) return p.virtualHostDomain;
    const host = new URL(p.endpoint).hostname;
    // An IP address cannot carry a bucket label.
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')) return undefined;
    return host;
  }

  /** Whether requests in this style can be addressed at all with this profile. */
  canAddress(style: 'path' | 'virtual'): boolean {
    return style === 'path' || this.virtualDomain() !== undefined;
  }

  private credentials(identity: RawRequest['identity']): { creds: Credentials; name: IdentityName } {
    if (identity && typeof identity === 'object') return { creds: identity, name: 'main' };
    const name = identity ?? 'main';
    const id = this.run.profile.identities[name];
    if (!id) throw new SkipSignal(PROFILE_SKIP.noAlt);
    return { creds: { accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey }, name };
  }

  /** Build and sign the request (nothing is sent). */
  async prepare(req: RawRequest): Promise<Prepared> {
    const profile = this.run.profile;
    const ep = new URL(profile.endpoint);
    const style = req.addressing ?? profile.addressing;
    const portPart = ep.port ? `:${ep.port}` : '';
    const keyPath = req.key !== undefined ? `/${encodeKeyPath(req.key)}` : '';
    let host: string;
    let path: string;
    let resourcePath: string;
    if (style === 'virtual') {
      const domain = this.virtualDomain();
      if (!domain) throw new SkipSignal(PROFILE_SKIP.notVirtual);
      if (req.bucket) {
        host = `${req.bucket}.${domain}${portPart}`;
        path = keyPath || '/';
        resourcePath = `/${req.bucket}${path}`;
      } else {
        host = `${domain}${portPart}`;
        path = '/';
        resourcePath = '/';
      }
    } else {
      host = `${ep.hostname}${portPart}`;
      path = req.bucket ? `/${req.bucket}${keyPath || (req.bucketSlash ? '/' : '')}` : '/';
      resourcePath = path;
    }

    const corrupt = req.corrupt ?? {};
    const sign = req.sign ?? 'v4';
    const signMethod = corrupt.signAsMethod ?? req.method;
    const { creds: baseCreds, name } = this.credentials(req.identity);
    const creds: Credentials = {
      accessKeyId: corrupt.accessKeyId ?? baseCreds.accessKeyId,
      secretAccessKey: corrupt.secret ?? baseCreds.secretAccessKey,
    };
    const signingDate = new Date((req.signingDate ?? new Date()).getTime() + (corrupt.clockSkewMs ?? 0));
    let query = queryPairs(req.query);
    let body = typeof req.body === 'string' ? Buffer.from(req.body) : (req.body ?? Buffer.alloc(0));
    const headers: Record<string, string> = { host };
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;

    if (req.contentMd5) headers['content-md5'] = md5Base64(body);
    if (corrupt.contentMd5 !== undefined) headers['content-md5'] = corrupt.contentMd5;
    const payload = sign === 'v4' ? (req.payload ?? 'signed') : 'signed';
    const chunkSize = req.chunkSize ?? 64 * 1024;
    const sendsBody = body.length > 0 || ['PUT', 'POST'].includes(req.method.toUpperCase());
    let noLength = false;

    const streaming = payload === 'streaming' || payload === 'streaming-unsigned-trailer';
    const decoded = body;
    if (streaming) {
      headers['content-encoding'] = headers['content-encoding'] ? `aws-chunked,${headers['content-encoding']}` : 'aws-chunked';
      headers['x-amz-decoded-content-length'] = String(body.length);
      if (payload === 'streaming') {
        headers['content-length'] = String(signedChunkedLength(body.length, chunkSize));
      } else {
        const algo = req.trailerChecksum ?? 'crc32';
        headers['x-amz-trailer'] = `x-amz-checksum-${algo}`;
        const value = corrupt.trailerChecksum ?? checksumBase64(algo, decoded);
        body = unsignedTrailerBody(decoded, chunkSize, { [`x-amz-checksum-${algo}`]: value });
        headers['content-length'] = String(body.length);
      }
    } else if (sendsBody) {
      headers['content-length'] = String(body.length);
    }
    if (corrupt.contentLength === null) {
      delete headers['content-length'];
      noLength = true;
    } else if (corrupt.contentLength !== undefined) {
      headers['content-length'] = String(corrupt.contentLength);
    }
    if (req.expect100) headers.expect = '100-continue';

    if (sign === 'v4') {
      const hashes: Record<PayloadMode, string | undefined> = {
        signed: sha256Hex(body),
        unsigned: UNSIGNED_PAYLOAD,
        streaming: STREAMING_PAYLOAD,
        'streaming-unsigned-trailer': STREAMING_UNSIGNED_TRAILER,
        omit: undefined,
      };
      const hash = corrupt.payloadHash ?? hashes[payload];
      if (hash !== undefined) headers['x-amz-content-sha256'] = hash;
      const signer = new RawSignerV4(creds, { region: corrupt.region ?? profile.region, service: corrupt.service ?? 's3' }, payload !== 'omit');
      const signable = { method: signMethod, path, query, headers, ...(payload === 'omit' ? { body } : {}) };
      const signed = req.timeHeader === 'date' ? await signer.signHeadersWithDate(signable, signingDate) : await signer.signHeaders(signable, signingDate);
      Object.keys(headers).forEach((k) => delete headers[k]);
      Object.assign(headers, signed);
      if (payload === 'streaming') {
        body = await signedChunkedBody(signer, decoded, chunkSize, signatureOf(headers.authorization), signingDate, corrupt.chunk);
      }
      let auth = headers.authorization;
      if (corrupt.signature) auth = auth.replace(/Signature=([0-9a-f]+)/, (_m, s: string) => `Signature=${flipHex(s)}`);
      if (corrupt.scopeDate) auth = auth.replace(/(Credential=[^/]+\/)\d{8}\//, `$1${corrupt.scopeDate}/`);
      if (corrupt.signedHeaders !== undefined) auth = auth.replace(/SignedHeaders=[^,]*/, `SignedHeaders=${corrupt.signedHeaders}`);
      if (corrupt.algorithm) auth = auth.replace(/^\S+/, corrupt.algorithm);
      headers.authorization = auth;
    } else if (sign === 'v4-query') {
      const signer = new RawSignerV4(creds, { region: corrupt.region ?? profile.region, service: corrupt.service ?? 's3' });
      query = await signer.presignQuery({ method: signMethod, path, query, headers }, signingDate, req.expiresIn ?? 900);
      if (corrupt.scopeDate) {
        query = query.map(([k, v]) => [k, k === 'X-Amz-Credential' && v ? v.replace(/^([^/]+\/)\d{8}\//, `$1${corrupt.scopeDate}/`) : v]);
      }
      if (corrupt.signature) query = query.map(([k, v]) => [k, k === 'X-Amz-Signature' && v ? flipHex(v) : v]);
    } else if (sign === 'v2' || sign === 'v2-query') {
      if (sign === 'v2' && headers['x-amz-date'] === undefined && headers.date === undefined) headers.date = signingDate.toUTCString();
      const signable = { method: signMethod, resourcePath, query, headers };
      if (sign === 'v2') {
        let auth = authorizationV2(signable, creds.accessKeyId, creds.secretAccessKey);
        if (corrupt.signature) auth = auth.replace(/:([^:]+)$/, (_m, s: string) => `:${flipBase64(s)}`);
        headers.authorization = auth;
      } else {
        const expires = Math.floor(signingDate.getTime() / 1000) + (req.expiresIn ?? 900);
        const extra = presignV2(signable, creds.accessKeyId, creds.secretAccessKey, expires);
        if (corrupt.signature) extra[2] = ['Signature', flipBase64(extra[2][1] ?? '')];
        query = [...query, ...extra];
      }
    }

    if (corrupt.authorization && headers.authorization !== undefined) headers.authorization = corrupt.authorization(headers.authorization);
    for (const h of corrupt.dropHeaders ?? []) delete headers[h.toLowerCase()];
    for (const [k, v] of Object.entries(corrupt.headersAfterSigning ?? {})) headers[k.toLowerCase()] = v;
    if (corrupt.queryAfterSigning) {
      const map = new Map(query);
      for (const [k, v] of Object.entries(corrupt.queryAfterSigning)) map.set(k, v);
      query = [...map.entries()];
    }
    return { method: req.method.toUpperCase(), path, query, headers, body, noLength, expect100: !!req.expect100, identity: name };
  }

  /** The URL a prepared request goes to (the connection always goes to the endpoint's address). */
  urlOf(p: Prepared): string {
    const ep = new URL(this.run.profile.endpoint);
    const qs = queryString(p.query);
    return `${ep.protocol}//${p.headers.host ?? ep.host}${p.path}${qs ? `?${qs}` : ''}`;
  }

  /** Build, sign, journal, send, record and parse one request. */
  async send(req: RawRequest): Promise<RawResponse> {
    const p = await this.prepare(req);
    this.journalBefore(req, p);
    const res = await this.transmit(p);
    this.journalAfter(req, p, res);
    return res;
  }

  private journalBefore(req: RawRequest, p: Prepared): void {
    if (!req.bucket) return;
    const j = this.run.journal;
    const names = new Set(p.query.map(([k]) => k));
    if (p.method === 'PUT' && req.key === undefined && p.query.every(([k]) => /^(X-Amz-|AWSAccessKeyId$|Expires$|Signature$)/.test(k))) {
      j.write({ t: 'bucket', bucket: req.bucket, identity: p.identity });
      this.t.track?.(req.bucket, p.identity);
    } else if (req.key !== undefined && (p.method === 'PUT' || (p.method === 'POST' && (names.has('uploads') || names.has('uploadId'))))) {
      j.write({ t: 'object', bucket: req.bucket, key: req.key, identity: p.identity });
    }
  }

  private journalAfter(req: RawRequest, p: Prepared, res: RawResponse): void {
    if (!req.bucket || req.key === undefined || p.method !== 'POST' || !p.query.some(([k]) => k === 'uploads')) return;
    const uploadId = (res.xml()?.InitiateMultipartUploadResult as { UploadId?: string } | undefined)?.UploadId;
    if (res.status === 200 && uploadId) this.run.journal.write({ t: 'upload', bucket: req.bucket, key: req.key, uploadId, identity: p.identity });
  }

  private transmit(p: Prepared): Promise<RawResponse> {
    const profile = this.run.profile;
    const ep = new URL(profile.endpoint);
    const isHttps = ep.protocol === 'https:';
    const qs = queryString(p.query);
    const url = this.urlOf(p);
    this.run.gate(p.body.length);
    const recorded = redactHeaders(p.headers);
    const ex = beginExchange({ method: p.method, url: redactUrl(url), headers: recorded, ...(p.body.length ? { bodyBytes: p.body.length } : {}) });
    const t0 = performance.now();
    const timeoutMs = profile.budget.requestTimeoutMs;
    const hostName = (p.headers.host ?? ep.hostname).replace(/:\d+$/, '');

    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      let responded = false;
      let continued = false;
      let bodySent = false;
      const finish = (err: Error | undefined, res?: RawResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ex.durationMs = Math.round(performance.now() - t0);
        if (err) {
          noteNetworkError(ex, err);
          reject(err);
        } else resolve(res!);
      };
      const options: https.RequestOptions = {
        method: p.method,
        hostname: ep.hostname.replace(/^\[|\]$/g, ''),
        port: ep.port || (isHttps ? 443 : 80),
        path: `${p.path}${qs ? `?${qs}` : ''}`,
        headers: p.headers,
        agent: false,
        lookup: loopbackLookup,
        ...(isHttps
          ? {
              servername: hostName,
              rejectUnauthorized: profile.tls?.rejectUnauthorized !== false,
              ...(profile.tls?.caFile ? { ca: readFileSync(profile.tls.caFile) } : {}),
            }
          : {}),
      };
      const request = (isHttps ? https : http).request(options);
      const timer = setTimeout(() => {
        const err = Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
        request.destroy(err);
        finish(err);
      }, timeoutMs);
      if (p.noLength) {
        request.removeHeader('content-length');
        request.removeHeader('transfer-encoding');
      }
      const sendBody = () => {
        if (bodySent || responded) return;
        bodySent = true;
        request.end(p.body.length ? p.body : undefined);
      };
      request.on('continue', () => {
        continued = true;
        sendBody();
      });
      request.on('error', (err) => {
        // A server may close the connection right after answering (e.g. an early 4xx before the
        // whole body was read); the answer already received is the one judged.
        if (!responded) finish(err);
      });
      request.on('response', (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish(err));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          const status = res.statusCode ?? 0;
          ex.response = { status, headers: redactHeaders(headers) };
          const small = body.length <= EXCERPT_SUCCESS_MAX;
          if (body.length && (status >= 300 || small) && p.method !== 'HEAD') ex.response.body = maskSignatures(excerpt(body));
          let parsed: Record<string, unknown> | undefined | null = null;
          const parse = () => (parsed === null ? (parsed = parseXml(body)) : parsed);
          let error: RawResponse['error'];
          if (status >= 300) {
            const e = parse()?.Error as Record<string, unknown> | undefined;
            if (e && typeof e === 'object' && typeof e.Code === 'string') {
              error = { code: e.Code, ...(typeof e.Message === 'string' ? { message: e.Message } : {}), fields: e };
            }
          }
          if (!bodySent) request.destroy();
          finish(undefined, {
            status,
            headers,
            body,
            text: () => body.toString('utf8'),
            xml: () => parse(),
            ...(error ? { error } : {}),
            continued,
            request: { method: p.method, url: redactUrl(url), headers: recorded },
            $metadata: { httpStatusCode: status },
          });
        });
      });
      if (p.expect100) {
        request.flushHeaders();
        setTimeout(sendBody, continueWaitMs(timeoutMs)).unref();
      } else {
        sendBody();
      }
    });
  }
}

/** The raw layer for a case (or for file-level setup: `raw({ run })`). */
export function raw(t: RawCaseLike): RawClient {
  return new RawClient(t);
}
