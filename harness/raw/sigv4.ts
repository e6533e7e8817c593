// AWS Signature Version 4 for the raw layer, on @smithy/signature-v4 (the SDK's own signer):
// header auth, query presigning, and the pieces the SDK never produces on purpose — a request
// signed with only a Date header, a presigned URL beyond the 7-day limit, and aws-chunked
// bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) with per-chunk signatures chained from the seed
// signature, as in https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4, createScope, getCanonicalHeaders } from '@smithy/signature-v4';
import { sha256Hex } from './encoding.ts';
import type { QueryPairs } from './sigv2.ts';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
export const MAX_PRESIGN_SECONDS = 604_800;

export interface V4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface V4Scope {
  region: string;
  service: string;
  signingDate: Date;
}

/** What is signed: method, URI-encoded path, query pairs (decoded), headers (incl. host). */
export interface V4Signable {
  method: string;
  path: string;
  query: QueryPairs;
  headers: Record<string, string>;
  /** Only hashed when no x-amz-content-sha256 header is given. */
  body?: Uint8Array;
}

/** YYYYMMDD'T'HHMMSS'Z' */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function smithyQuery(q: QueryPairs): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of q) {
    const val = v ?? '';
    const prev = out[k];
    out[k] = prev === undefined ? val : Array.isArray(prev) ? [...prev, val] : [prev, val];
  }
  return out;
}

function toHttpRequest(req: V4Signable): HttpRequest {
  const host = req.headers.host ?? '';
  return new HttpRequest({
    method: req.method,
    protocol: 'https:',
    hostname: host.replace(/:\d+$/, ''),
    path: req.path,
    query: smithyQuery(req.query),
    headers: { ...req.headers },
    ...(req.body ? { body: req.body } : {}),
  });
}

/** SignatureV4 with access to smithy's canonicalization, for the forms the SDK refuses to make. */
export class RawSignerV4 extends SignatureV4 {
  constructor(
    readonly creds: V4Credentials,
    readonly scope: { region: string; service: string },
    applyChecksum = true,
  ) {
    super({ credentials: creds, region: scope.region, service: scope.service, sha256: Sha256, uriEscapePath: false, applyChecksum });
  }

  /** Header auth through smithy's own sign(): returns the headers to send (with authorization). */
  async signHeaders(req: V4Signable, signingDate: Date): Promise<Record<string, string>> {
    const signed = await this.sign(toHttpRequest(req), { signingDate, signingRegion: this.scope.region, signingService: this.scope.service });
    return lowerHeaders(signed.headers as Record<string, string>);
  }

  /**
   * Header auth carrying the time only in the Date header (no x-amz-date). S3's common request
   * headers: "If the Date header is to be used for signing it must be specified in the ISO 8601
   * basic YYYYMMDD'T'HHMMSS'Z' format" — so Date holds that format, and is signed.
   */
  async signHeadersWithDate(req: V4Signable, signingDate: Date): Promise<Record<string, string>> {
    const headers = lowerHeaders(req.headers);
    delete headers['x-amz-date'];
    delete headers.authorization;
    headers.date = amzDate(signingDate);
    const request = toHttpRequest({ ...req, headers });
    const canonical = getCanonicalHeaders(request);
    const payloadHash = headers['x-amz-content-sha256'] ?? (req.body ? sha256Hex(req.body) : EMPTY_SHA256);
    const longDate = amzDate(signingDate);
    const scope = createScope(longDate.slice(0, 8), this.scope.region, this.scope.service);
    const canonicalRequest = this.createCanonicalRequest(request, canonical, payloadHash);
    const stringToSign = await this.createStringToSign(longDate, scope, canonicalRequest, 'AWS4-HMAC-SHA256');
    const signature = await this.hmacString(stringToSign, signingDate);
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${this.creds.accessKeyId}/${scope}, SignedHeaders=${Object.keys(canonical).sort().join(';')}, Signature=${signature}`;
    return headers;
  }

  /**
   * Query auth (presigned URL). Within 7 days through smithy's presign(); beyond it (which
   * smithy refuses) with the same canonicalization, so the endpoint judges X-Amz-Expires
   * itself. The payload is UNSIGNED-PAYLOAD and only `host` is signed, as in the AWS example.
   * Returns the query pairs to send (the request's own plus the X-Amz-* ones).
   */
  async presignQuery(req: V4Signable, signingDate: Date, expiresIn: number): Promise<QueryPairs> {
    const headers = { host: req.headers.host ?? '' };
    if (expiresIn <= MAX_PRESIGN_SECONDS && expiresIn >= 1) {
      const request = toHttpRequest({ ...req, headers: { ...headers, 'x-amz-content-sha256': UNSIGNED_PAYLOAD }, body: undefined });
      const hidden = new Set(['x-amz-content-sha256']);
      const out = await this.presign(request, {
        signingDate,
        expiresIn,
        signingRegion: this.scope.region,
        signingService: this.scope.service,
        unsignableHeaders: hidden,
        unhoistableHeaders: hidden,
      });
      return queryPairsOf(out.query as Record<string, string | string[] | null>, req.query);
    }
    const longDate = amzDate(signingDate);
    const scope = createScope(longDate.slice(0, 8), this.scope.region, this.scope.service);
    const query: QueryPairs = [
      ...req.query,
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
      ['X-Amz-Credential', `${this.creds.accessKeyId}/${scope}`],
      ['X-Amz-Date', longDate],
      ['X-Amz-Expires', String(expiresIn)],
      ['X-Amz-SignedHeaders', 'host'],
    ];
    const request = toHttpRequest({ ...req, query, headers, body: undefined });
    const canonicalRequest = this.createCanonicalRequest(request, getCanonicalHeaders(request), UNSIGNED_PAYLOAD);
    const stringToSign = await this.createStringToSign(longDate, scope, canonicalRequest, 'AWS4-HMAC-SHA256');
    return [...query, ['X-Amz-Signature', await this.hmacString(stringToSign, signingDate)]];
  }

  /** HMAC-SHA256 of a string with this scope's signing key (smithy's string signer). */
  hmacString(stringToSign: string, signingDate: Date): Promise<string> {
    return this.sign(stringToSign, { signingDate, signingRegion: this.scope.region, signingService: this.scope.service });
  }

  /**
   * One chunk signature of STREAMING-AWS4-HMAC-SHA256-PAYLOAD:
   * AWS4-HMAC-SHA256-PAYLOAD \n timestamp \n scope \n previous-signature \n hash("") \n hash(chunk)
   */
  chunkSignature(previous: string, chunk: Uint8Array, signingDate: Date): Promise<string> {
    const longDate = amzDate(signingDate);
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      longDate,
      createScope(longDate.slice(0, 8), this.scope.region, this.scope.service),
      previous,
      EMPTY_SHA256,
      sha256Hex(chunk),
    ].join('\n');
    return this.hmacString(stringToSign, signingDate);
  }
}

function lowerHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

/** Smithy's query object back to ordered pairs: the request's own first, then the X-Amz-* ones. */
function queryPairsOf(q: Record<string, string | string[] | null>, own: QueryPairs): QueryPairs {
  const out: QueryPairs = [];
  const ownKeys = new Set(own.map(([k]) => k));
  out.push(...own);
  for (const [k, v] of Object.entries(q)) {
    if (ownKeys.has(k)) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push([k, one ?? '']);
  }
  return out;
}

/** The signature part of a V4 Authorization header. */
export function signatureOf(authorization: string): string {
  return /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '';
}

// ── aws-chunked bodies ──────────────────────────────────────────────────────────────────────

export function splitChunks(data: Uint8Array, chunkSize: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += chunkSize) out.push(data.subarray(i, Math.min(data.length, i + chunkSize)));
  return out;
}

/** Content-Length of a signed aws-chunked body (data chunks + the final zero-length chunk). */
export function signedChunkedLength(decodedLength: number, chunkSize: number): number {
  const frame = (n: number) => n.toString(16).length + ';chunk-signature='.length + 64 + 2 + n + 2;
  let total = frame(0);
  for (let left = decodedLength; left > 0; left -= chunkSize) total += frame(Math.min(left, chunkSize));
  return total;
}

export interface ChunkCorruption {
  /** 0-based chunk index; the final empty chunk is index = number of data chunks. */
  index: number;
  /** 'signature': send a wrong signature for that chunk; 'data': alter one byte after signing. */
  part: 'signature' | 'data';
}

/** The framed body: `hex(size);chunk-signature=<sig>\r\n<data>\r\n` …, ending with a 0-size chunk. */
export async function signedChunkedBody(
  signer: RawSignerV4,
  data: Uint8Array,
  chunkSize: number,
  seedSignature: string,
  signingDate: Date,
  corrupt?: ChunkCorruption,
): Promise<Buffer> {
  const chunks = [...splitChunks(data, chunkSize), new Uint8Array(0)];
  const parts: Buffer[] = [];
  let previous = seedSignature;
  for (let i = 0; i < chunks.length; i++) {
    const sig = await signer.chunkSignature(previous, chunks[i], signingDate);
    previous = sig;
    let sent = sig;
    let payload = Buffer.from(chunks[i]);
    if (corrupt?.index === i && corrupt.part === 'signature') sent = flipHex(sig);
    if (corrupt?.index === i && corrupt.part === 'data' && payload.length) {
      payload = Buffer.from(payload);
      payload[0] = payload[0] ^ 0x01;
    }
    parts.push(Buffer.from(`${chunks[i].length.toString(16)};chunk-signature=${sent}\r\n`), payload, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** STREAMING-UNSIGNED-PAYLOAD-TRAILER framing: plain chunks, then the trailer headers. */
export function unsignedTrailerBody(data: Uint8Array, chunkSize: number, trailers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const c of splitChunks(data, chunkSize)) parts.push(Buffer.from(`${c.length.toString(16)}\r\n`), Buffer.from(c), Buffer.from('\r\n'));
  parts.push(Buffer.from('0\r\n'));
  for (const [k, v] of Object.entries(trailers)) parts.push(Buffer.from(`${k}:${v}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** Change one hex digit (keeps the length and alphabet, so only the value is wrong). */
export function flipHex(sig: string): string {
  if (!sig) return '0';
  const last = sig[sig.length - 1];
  return sig.slice(0, -1) + (last === '0' ? '1' : '0');
}
