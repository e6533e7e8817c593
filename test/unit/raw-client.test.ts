// The raw layer's client against a scripted local HTTP server: addressing, journaling, evidence
// (no secret, no signature), corruption hooks, Expect: 100-continue, missing Content-Length,
// timeouts, and the verdict helpers.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../harness/journal.ts';
import type { Profile } from '../../harness/profile.ts';
import type { RunContext } from '../../harness/context.ts';
import { Recorder, withRecorder } from '../../harness/evidence.ts';
import { registerSecrets } from '../../harness/redact.ts';
import { classify } from '../../harness/verdict.ts';
import { raw, expectRawError, expectRawOk, expectRawStatus, type RawRequest } from '../../harness/raw/index.ts';

const SECRET = 'unit-test-secret-key-0000000000000000001';
registerSecrets([SECRET]);

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let port = 0;
const seen: Seen[] = [];
/** What the server answers next (by URL path prefix). */
const script: Record<string, (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void> = {};
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 's3c-raw-unit-'));
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const key = Object.keys(script).find((p) => (req.url ?? '').startsWith(p));
      if (key) return script[key](req, res, body);
      res.writeHead(200, { 'content-type': 'application/xml', etag: '"x"' });
      res.end('<?xml version="1.0"?><Ok/>');
    });
  });
  // Expect: 100-continue is answered by Node's default 'checkContinue' handling (writeContinue).
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function ctx(over: Partial<Profile> = {}): { run: RunContext; tracked: string[]; journal: Journal } {
  const profile = {
    name: 'unit',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    addressing: 'path',
    virtualHostDomain: 's3.localhost',
    signatures: ['v4', 'v2'],
    identities: { main: { accessKeyId: 'AKIAUNITTEST', secretAccessKey: SECRET } },
    docs: [],
    concurrency: 1,
    budget: { requestTimeoutMs: 1500 },
    source: 'unit',
    ...over,
  } as Profile;
  const journal = new Journal(path.join(dir, `j-${Math.random().toString(36).slice(2)}.ndjson`));
  const tracked: string[] = [];
  const run = { profile, journal, gate: () => undefined } as unknown as RunContext;
  return { run, tracked, journal };
}

async function send(req: RawRequest, over: Partial<Profile> = {}) {
  const c = ctx(over);
  const rec = new Recorder();
  const res = await withRecorder(rec, () => raw({ run: c.run, track: (b) => (c.tracked.push(b), b) }).send(req));
  return { res, rec, seen: seen.at(-1)!, journal: Journal.read(c.journal.file), tracked: c.tracked };
}

describe('raw client', () => {
  it('path-style: Host is the endpoint, path /bucket/key, SigV4 header with the body hash', async () => {
    const { res, seen: s } = await send({ method: 'PUT', bucket: 'b1', key: 'a b/c', body: 'hello' });
    expect(res.status).toBe(200);
    expect(s.url).toBe('/b1/a%20b/c');
    expect(s.headers.host).toBe(`127.0.0.1:${port}`);
    expect(s.headers['x-amz-content-sha256']).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(s.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAUNITTEST\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(s.body.toString()).toBe('hello');
  });

  it('virtual-hosted: connects to the endpoint, Host is <bucket>.<domain>:<port>, path without the bucket', async () => {
    const { seen: s } = await send({ method: 'GET', bucket: 'b2', key: 'k', addressing: 'virtual', sign: 'v2' });
    expect(s.headers.host).toBe(`b2.s3.localhost:${port}`);
    expect(s.url).toBe('/k');
    expect(s.headers.authorization).toMatch(/^AWS AKIAUNITTEST:[A-Za-z0-9+/]+=*$/);
  });

  it('virtual-hosted is impossible on an IP endpoint without virtualHostDomain: profile skip', async () => {
    const c = ctx({ virtualHostDomain: undefined });
    const r = raw({ run: c.run });
    expect(r.canAddress('virtual')).toBe(false);
    const e = await r.send({ method: 'GET', bucket: 'b', addressing: 'virtual' }).catch((x: unknown) => x);
    expect(classify(e).verdict).toBe('skip');
  });

  it('journals a bucket before creating it, and tracks it for cleanup', async () => {
    const { journal, tracked } = await send({ method: 'PUT', bucket: 'new-bucket' });
    expect(journal).toEqual([{ t: 'bucket', bucket: 'new-bucket', identity: 'main' }]);
    expect(tracked).toEqual(['new-bucket']);
  });

  it('journals objects on PUT and the upload id of a multipart initiation', async () => {
    script['/mpu/'] = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<InitiateMultipartUploadResult><Bucket>mpu</Bucket><Key>k</Key><UploadId>UP1</UploadId></InitiateMultipartUploadResult>');
    };
    const { journal } = await send({ method: 'POST', bucket: 'mpu', key: 'k', query: { uploads: null } });
    expect(journal).toEqual([
      { t: 'object', bucket: 'mpu', key: 'k', identity: 'main' },
      { t: 'upload', bucket: 'mpu', key: 'k', uploadId: 'UP1', identity: 'main' },
    ]);
    expect(seen.at(-1)!.url).toBe('/mpu/k?uploads');
  });

  it('evidence: no secret, no signature (header, query, or echoed in an error body)', async () => {
    script['/leak/'] = (_q, res) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(`<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message><SignatureProvided>abc123</SignatureProvided><Secret>${SECRET}</Secret></Error>`);
    };
    const a = await send({ method: 'GET', bucket: 'leak', key: 'k' });
    const b = await send({ method: 'GET', bucket: 'leak', key: 'k', sign: 'v4-query' });
    const c = await send({ method: 'GET', bucket: 'leak', key: 'k', sign: 'v2-query' });
    for (const x of [a, b, c]) {
      const text = JSON.stringify(x.rec.exchanges);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('abc123');
      expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
      expect(text).not.toMatch(/Signature=[A-Za-z0-9%+/]{20,}/);
      expect(x.res.error?.code).toBe('SignatureDoesNotMatch');
      expect(x.rec.requests).toBe(1);
    }
    expect(JSON.stringify(a.rec.exchanges)).toContain('Signature=(redacted)');
  });

  it('corruptions: signature, scope, algorithm, headers after signing, clock skew', async () => {
    const good = (await send({ method: 'GET', bucket: 'c', key: 'k', signingDate: new Date('2030-01-02T03:04:05Z') })).seen.headers.authorization as string;
    const bad = (await send({ method: 'GET', bucket: 'c', key: 'k', signingDate: new Date('2030-01-02T03:04:05Z'), corrupt: { signature: true } })).seen.headers.authorization as string;
    expect(bad).not.toBe(good);
    expect(bad.length).toBe(good.length);
    const scoped = (await send({ method: 'GET', bucket: 'c', corrupt: { region: 'eu-west-3', service: 'ec2', algorithm: 'AWS4-HMAC-SHA512' } })).seen.headers.authorization as string;
    expect(scoped).toMatch(/^AWS4-HMAC-SHA512 Credential=AKIAUNITTEST\/\d{8}\/eu-west-3\/ec2\/aws4_request/);
    const skewed = (await send({ method: 'GET', bucket: 'c', signingDate: new Date('2030-01-02T03:04:05Z'), corrupt: { clockSkewMs: 20 * 60_000 } })).seen.headers['x-amz-date'];
    expect(skewed).toBe('20300102T032405Z');
    const tampered = (await send({ method: 'GET', bucket: 'c', corrupt: { headersAfterSigning: { 'x-amz-meta-x': '1' }, dropHeaders: ['x-amz-content-sha256'] } })).seen.headers;
    expect(tampered['x-amz-meta-x']).toBe('1');
    expect(tampered['x-amz-content-sha256']).toBeUndefined();
    const dated = (await send({ method: 'GET', bucket: 'c', timeHeader: 'date', signingDate: new Date('2030-01-02T03:04:05Z') })).seen.headers;
    expect(dated['x-amz-date']).toBeUndefined();
    expect(dated.date).toBe('20300102T030405Z');
  });

  it('aws-chunked: framed body, decoded length and content length', async () => {
    const body = Buffer.alloc(20_000, 'q');
    const { seen: s } = await send({ method: 'PUT', bucket: 'ch', key: 'k', body, payload: 'streaming', chunkSize: 8192 });
    expect(s.headers['content-encoding']).toBe('aws-chunked');
    expect(s.headers['x-amz-decoded-content-length']).toBe('20000');
    expect(s.headers['x-amz-content-sha256']).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    expect(Number(s.headers['content-length'])).toBe(s.body.length);
    expect(s.body.toString('latin1')).toMatch(/^2000;chunk-signature=[0-9a-f]{64}\r\n/);
  });

  it('Expect: 100-continue waits for the interim answer; missing Content-Length sends neither framing header', async () => {
    const { res, seen: s } = await send({ method: 'PUT', bucket: 'e', key: 'k', body: 'continued', expect100: true });
    expect(res.continued).toBe(true);
    expect(s.headers.expect).toBe('100-continue');
    expect(s.body.toString()).toBe('continued');
    const n = await send({ method: 'PUT', bucket: 'e', key: 'n', corrupt: { contentLength: null } });
    expect(n.seen.headers['content-length']).toBeUndefined();
    expect(n.seen.headers['transfer-encoding']).toBeUndefined();
  });

  it('a timeout is a network error (verdict error), recorded as such', async () => {
    script['/slow/'] = () => undefined; // never answers
    const c = ctx({ budget: { requestTimeoutMs: 300 } });
    const rec = new Recorder();
    const e = await withRecorder(rec, () => raw({ run: c.run }).send({ method: 'GET', bucket: 'slow', key: 'k' })).catch((x: unknown) => x);
    expect(classify(e).verdict).toBe('error');
    expect(rec.last()?.networkError).toMatch(/ETIMEDOUT/);
  });

  it('verdict helpers: exact code, 501 → unsupported, 5xx → error, 4xx → fail', async () => {
    const answer = (status: number, code?: string) => (_q: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(code ? `<Error><Code>${code}</Code><Message>m</Message></Error>` : '');
    };
    script['/v403/'] = answer(403, 'AccessDenied');
    script['/v501/'] = answer(501, 'NotImplemented');
    script['/v500/'] = answer(500, 'InternalError');
    const r403 = (await send({ method: 'GET', bucket: 'v403', key: 'k' })).res;
    const r501 = (await send({ method: 'GET', bucket: 'v501', key: 'k' })).res;
    const r500 = (await send({ method: 'GET', bucket: 'v500', key: 'k' })).res;
    expect(expectRawError(r403, 'AccessDenied', 403)).toEqual({ code: 'AccessDenied', status: 403 });
    const verdictOf = (fn: () => void) => {
      try {
        fn();
        return 'pass';
      } catch (e) {
        return classify(e).verdict;
      }
    };
    expect(verdictOf(() => expectRawError(r403, 'SignatureDoesNotMatch', 403))).toBe('fail');
    expect(verdictOf(() => expectRawError(r501, 'SignatureDoesNotMatch', 403))).toBe('unsupported');
    expect(verdictOf(() => expectRawOk(r501))).toBe('unsupported');
    expect(verdictOf(() => expectRawOk(r500))).toBe('error');
    expect(verdictOf(() => expectRawOk(r403))).toBe('fail');
    expect(verdictOf(() => expectRawStatus(r403, 404))).toBe('fail');
    const tolerated: string[] = [];
    expectRawError(r403, { code: 'X', status: 400, oneOf: [{ code: 'AccessDenied', status: 403, reason: 'because' }] }, undefined, (n) => tolerated.push(n));
    expect(tolerated).toEqual(['AccessDenied/403 accepted: because']);
  });
});
