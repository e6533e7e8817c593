// Single objects: PutObject, GetObject, HeadObject, DeleteObject — bodies (compared byte for
// byte, or by streamed MD5 for big ones), ETag, user metadata, content headers, keys with
// special characters, key length, byte ranges, conditional requests, response-* overrides and
// the errors of missing keys and buckets.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import type { HttpRequest as SmithyHttpRequest } from '@smithy/types';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { bodyBytes, check, expectS3Status, statusOfResult } from '../harness/expect.ts';
import { PROFILE_SKIP } from '../harness/signals.ts';

const suite = defineSuite('object', { features: ['object'] });
const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const SPEC = {
  put: `${API}API_PutObject.html`,
  get: `${API}API_GetObject.html`,
  head: `${API}API_HeadObject.html`,
  del: `${API}API_DeleteObject.html`,
  keys: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html',
  meta: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html',
  errors: `${API}ErrorResponses.html#ErrorCodeList`,
};
const MiB = 1024 * 1024;
const bucket = suite.bucket({ label: 'object' });

const md5hex = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const md5b64 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');
const quoted = (hex: string) => `"${hex}"`;

/** Response headers of the case's last exchange (as received, lowercase names). */
function lastHeaders(t: CaseContext): Record<string, string> {
  const h = t.lastExchange()?.response?.headers;
  if (!h) throw new Error('harness: no response recorded for the last request');
  return h;
}

async function put(t: CaseContext, input: Omit<PutObjectCommandInput, 'Bucket'>) {
  const b = await t.use(bucket);
  return t.s3.send(new PutObjectCommand({ Bucket: b, ...input }));
}

/** A precondition PUT: failure is `error`, never `fail`. */
async function putSetup(t: CaseContext, input: Omit<PutObjectCommandInput, 'Bucket'>) {
  return t.setup(`put ${input.Key}`, () => put(t, input));
}

async function get(t: CaseContext, key: string, extra: Record<string, unknown> = {}) {
  const b = await t.use(bucket);
  return t.s3.send(new GetObjectCommand({ Bucket: b, Key: key, ...extra }));
}

async function head(t: CaseContext, key: string, extra: Record<string, unknown> = {}) {
  const b = await t.use(bucket);
  return t.s3.send(new HeadObjectCommand({ Bucket: b, Key: key, ...extra }));
}

/** The body must be exactly these bytes (a content round trip compares bytes, never lengths). */
function expectSameBytes(got: Buffer, want: Buffer, what: string): void {
  if (got.equals(want)) return;
  let i = 0;
  while (i < Math.min(got.length, want.length) && got[i] === want[i]) i++;
  check(false, `${what}: body differs from what was stored (${got.length} bytes received, ${want.length} expected, first difference at byte ${i}; received ${JSON.stringify(got.subarray(i, i + 40).toString('latin1'))})`);
}

// ── shared read-only object for the range and conditional cases ─────────────────────────────
interface RefObject {
  key: string;
  body: Buffer;
  etag: string;
  lastModified: Date;
}

const REF_SIZE = 100;
const ref = suite.fixture<RefObject>('reference object', async (run) => {
  const b = await bucket.get();
  const key = 'fixture/reference-object';
  // Printable, non-repeating bytes, so a wrong slice shows in the evidence.
  const body = Buffer.from(randomBytes(REF_SIZE).toString('base64').slice(0, REF_SIZE), 'latin1');
  const res = await run.main.send(new PutObjectCommand({ Bucket: b, Key: key, Body: body, ContentType: 'text/plain' }));
  const h = await run.main.send(new HeadObjectCommand({ Bucket: b, Key: key }));
  // The conditions use what the endpoint announced, as a client would.
  const etag = h.ETag ?? res.ETag;
  if (!etag || !h.LastModified) throw new Error('HeadObject of the reference object has no ETag or no Last-Modified');
  return { key, body, etag, lastModified: h.LastModified };
});

// ── streamed bodies ─────────────────────────────────────────────────────────────────────────
const CHUNK = 64 * 1024;

/** A body of `size` bytes streamed from a generator; `digest()` gives its MD5 once consumed. */
function generatedBody(size: number) {
  const hash = createHash('md5');
  const block = randomBytes(CHUNK);
  let sent = 0;
  async function* gen() {
    let n = 0;
    while (sent < size) {
      const len = Math.min(CHUNK, size - sent);
      const chunk = Buffer.from(block.subarray(0, len));
      chunk.writeUInt32BE(n++ >>> 0, 0); // every chunk differs: a repeated or dropped chunk changes the MD5
      hash.update(chunk);
      sent += len;
      yield chunk;
    }
  }
  return {
    stream: Readable.from(gen(), { objectMode: false }),
    digest: () => {
      if (sent !== size) throw new Error(`harness: body generator produced ${sent} of ${size} bytes`);
      return hash.digest('hex');
    },
  };
}

/** Stream a GetObject body through MD5 without holding it. */
async function streamedDigest(body: unknown): Promise<{ bytes: number; md5: string }> {
  check(body instanceof Readable, 'GetObject answered without a readable body');
  const hash = createHash('md5');
  let bytes = 0;
  for await (const c of body as Readable) {
    const b = c as Buffer;
    bytes += b.length;
    hash.update(b);
  }
  return { bytes, md5: hash.digest('hex') };
}

async function bigRoundTrip(t: CaseContext, size: number, label: string): Promise<void> {
  const key = t.key(label);
  const gen = generatedBody(size);
  const res = await put(t, { Key: key, Body: gen.stream, ContentLength: size });
  const md5 = gen.digest();
  expect(statusOfResult(res), 'PutObject status').toBe(200);
  expect(res.ETag, 'ETag of a single PUT is the quoted MD5 of the body').toBe(quoted(md5));
  const got = await get(t, key);
  expect(got.ContentLength, 'GetObject Content-Length').toBe(size);
  const d = await streamedDigest(got.Body);
  expect(d.bytes, 'bytes received').toBe(size);
  expect(d.md5, 'MD5 of the bytes received').toBe(md5);
}

// ── PUT / GET / HEAD basics ─────────────────────────────────────────────────────────────────
suite.case(
  { id: 'object/put/etag-is-quoted-md5', op: 'PutObject', claims: ['feature:etag-md5', 'header:response-ETag'], spec: SPEC.put, title: 'PutObject answers 200 with ETag = the quoted hex MD5 of the body' },
  async (t) => {
    const body = Buffer.from(`etag body ${randomBytes(8).toString('hex')}`);
    const res = await put(t, { Key: t.key(), Body: body });
    expect(statusOfResult(res), 'PutObject status').toBe(200);
    expect(res.ETag, 'ETag').toBe(quoted(md5hex(body)));
  },
);

suite.case(
  { id: 'object/get/body-roundtrip', op: 'GetObject', claims: ['feature:etag-md5', 'header:response-Content-Length'], spec: SPEC.get, title: 'GetObject returns the stored bytes, with Content-Length and the same ETag' },
  async (t) => {
    const key = t.key();
    const body = Buffer.concat([Buffer.from('binary \x00\x01\xff\r\n'), randomBytes(300)]);
    await putSetup(t, { Key: key, Body: body });
    const res = await get(t, key);
    expect(statusOfResult(res), 'GetObject status').toBe(200);
    expect(res.ContentLength, 'Content-Length').toBe(body.length);
    expect(res.ETag, 'ETag').toBe(quoted(md5hex(body)));
    expectSameBytes(await bodyBytes(res.Body), body, 'GetObject');
  },
);

suite.case(
  { id: 'object/head/length-etag-type', op: 'HeadObject', claims: ['header:response-Content-Length', 'header:response-ETag'], spec: SPEC.head, title: 'HeadObject answers 200 with Content-Length, ETag and Content-Type of the object, and no body' },
  async (t) => {
    const key = t.key();
    const body = Buffer.from('head me, 23 bytes long.');
    await putSetup(t, { Key: key, Body: body, ContentType: 'text/plain' });
    const res = await head(t, key);
    expect(statusOfResult(res), 'HeadObject status').toBe(200);
    expect(res.ContentLength, 'Content-Length').toBe(body.length);
    expect(res.ETag, 'ETag').toBe(quoted(md5hex(body)));
    expect(res.ContentType, 'Content-Type').toBe('text/plain');
  },
);

suite.case(
  { id: 'object/head/last-modified-sane', op: 'HeadObject', spec: SPEC.head, title: "Last-Modified is an HTTP date, not after the response's Date and within 15 minutes of it; GET and HEAD agree" },
  async (t) => {
    const r = await t.use(ref);
    const h = await head(t, r.key);
    const raw = lastHeaders(t);
    expect(raw['last-modified'] ?? '(none)', 'Last-Modified must be an IMF-fixdate (RFC 9110)').toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const lm = h.LastModified?.getTime() ?? NaN;
    const date = Date.parse(raw.date ?? '');
    check(Number.isFinite(date), `response has no usable Date header (${raw.date})`);
    check(lm <= date + 1000, `Last-Modified ${raw['last-modified']} is after the response Date ${raw.date}`);
    check(date - lm < 15 * 60_000, `Last-Modified ${raw['last-modified']} is more than 15 minutes before the response Date ${raw.date} for an object written in this run`);
    const g = await get(t, r.key);
    await bodyBytes(g.Body);
    expect(g.LastModified?.getTime(), 'GetObject Last-Modified equals HeadObject Last-Modified').toBe(lm);
  },
);

suite.case(
  { id: 'object/put/zero-byte', op: 'PutObject', claims: ['feature:empty-object'], spec: SPEC.put, title: 'A zero-byte object is stored: ETag of the empty MD5, Content-Length 0 on HEAD and GET, empty body' },
  async (t) => {
    const key = t.key();
    const res = await put(t, { Key: key, Body: Buffer.alloc(0) });
    expect(res.ETag, 'ETag of an empty body').toBe('"d41d8cd98f00b204e9800998ecf8427e"');
    const h = await head(t, key);
    expect(h.ContentLength, 'HEAD Content-Length').toBe(0);
    const g = await get(t, key);
    expect(g.ContentLength, 'GET Content-Length').toBe(0);
    expect((await bodyBytes(g.Body)).length, 'GET body length').toBe(0);
  },
);

suite.case(
  { id: 'object/put/5mib-streamed', op: 'PutObject', claims: ['feature:etag-md5', 'header:Content-Length'], spec: SPEC.put, title: 'A 5 MiB body streamed with Content-Length is stored intact (ETag and MD5 of the bytes read back)' },
  async (t) => {
    await bigRoundTrip(t, 5 * MiB, 'five-mib');
  },
);

suite.case(
  { id: 'object/put/large-streamed', op: 'PutObject', claims: ['feature:etag-md5', 'limit:put-object-max-5gib'], features: ['large'], spec: SPEC.put, title: "An object of the profile's largeObjectMiB, streamed up and down, is stored intact" },
  async (t) => {
    const mib = t.run.profile.largeObjectMiB ?? 0;
    if (!(mib > 0)) t.skip(PROFILE_SKIP.noLarge);
    await bigRoundTrip(t, mib * MiB, `large-${mib}mib`);
  },
);

suite.case(
  { id: 'object/put/sdk-defaults-stream-roundtrip', op: 'PutObject', claims: ['header:chunked-encoding', 'auth:streaming-unsigned-trailer'], features: ['sdk-defaults'], spec: SPEC.put, title: "A stream body sent with today's SDK defaults (aws-chunked with a checksum trailer) is stored as exactly the bytes sent" },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const body = Buffer.from(randomBytes(3000).toString('base64'));
    // The default client streams a Readable body as aws-chunked; the framing must not end up in
    // the object. Read back with the conservative client and compare bytes.
    const res = await t.run.sdkDefaults.send(new PutObjectCommand({ Bucket: b, Key: key, Body: Readable.from([body]), ContentLength: body.length }));
    expect(statusOfResult(res), 'PutObject status').toBe(200);
    const g = await get(t, key);
    expect(g.ContentLength, 'Content-Length of the stored object').toBe(body.length);
    expectSameBytes(await bodyBytes(g.Body), body, 'object uploaded with SDK defaults');
  },
);

suite.case(
  { id: 'object/put/overwrite-replaces', op: 'PutObject', spec: SPEC.put, title: 'A second PUT to the same key replaces body, length and ETag' },
  async (t) => {
    const key = t.key();
    await putSetup(t, { Key: key, Body: 'first version, the longer one' });
    const second = Buffer.from('second');
    await put(t, { Key: key, Body: second });
    const g = await get(t, key);
    expect(g.ContentLength, 'Content-Length after overwrite').toBe(second.length);
    expect(g.ETag, 'ETag after overwrite').toBe(quoted(md5hex(second)));
    expectSameBytes(await bodyBytes(g.Body), second, 'GetObject after overwrite');
  },
);

suite.case(
  { id: 'object/put/if-none-match-star-existing', op: 'PutObject', claims: ['feature:put-if-none-match', 'error:PreconditionFailed'], spec: SPEC.put, title: 'PUT with If-None-Match: * on an existing key answers 412 PreconditionFailed and keeps the object' },
  async (t) => {
    const key = t.key();
    const first = Buffer.from('keep me');
    await putSetup(t, { Key: key, Body: first });
    await t.expectError(put(t, { Key: key, Body: 'must not overwrite', IfNoneMatch: '*' }), 'PreconditionFailed', 412);
    const g = await get(t, key);
    expectSameBytes(await bodyBytes(g.Body), first, 'object after the refused conditional PUT');
  },
);

// ── Content-MD5 ─────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'object/put/content-md5-correct', op: 'PutObject', claims: ['header:Content-MD5'], spec: SPEC.put, title: 'PUT with a correct Content-MD5 answers 200' },
  async (t) => {
    const body = Buffer.from('checked body');
    const res = await put(t, { Key: t.key(), Body: body, ContentMD5: md5b64(body) });
    expect(statusOfResult(res), 'PutObject status').toBe(200);
    expect(res.ETag, 'ETag').toBe(quoted(md5hex(body)));
  },
);

suite.case(
  { id: 'object/put/content-md5-mismatch', op: 'PutObject', claims: ['header:Content-MD5', 'error:BadDigest'], spec: SPEC.errors, title: 'PUT whose Content-MD5 is the MD5 of other bytes answers 400 BadDigest, and nothing is stored' },
  async (t) => {
    const key = t.key();
    await t.expectError(put(t, { Key: key, Body: 'the real body', ContentMD5: md5b64('another body') }), 'BadDigest', 400);
    await expectS3Status(head(t, key), 404);
  },
);

suite.case(
  { id: 'object/put/content-md5-malformed', op: 'PutObject', claims: ['header:Content-MD5', 'error:InvalidDigest'], spec: SPEC.errors, title: 'PUT whose Content-MD5 is not a base64 MD5 answers 400 InvalidDigest' },
  async (t) => {
    await t.expectError(put(t, { Key: t.key(), Body: 'body', ContentMD5: 'not-an-md5' }), 'InvalidDigest', 400);
  },
);

// ── user metadata ───────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'object/metadata/roundtrip', op: 'PutObject', claims: ['feature:user-metadata'], spec: SPEC.meta, title: 'x-amz-meta-* values are returned unchanged by HEAD and GET' },
  async (t) => {
    const key = t.key();
    const meta = { color: 'blue', 'multi-word': 'a value with  two spaces, commas; and = signs', n: '42' };
    await putSetup(t, { Key: key, Body: 'm', Metadata: meta });
    const h = await head(t, key);
    expect(h.Metadata, 'HeadObject metadata').toEqual(meta);
    const g = await get(t, key);
    await bodyBytes(g.Body);
    expect(g.Metadata, 'GetObject metadata').toEqual(meta);
  },
);

suite.case(
  { id: 'object/metadata/names-case-folded', op: 'PutObject', claims: ['feature:user-metadata'], spec: SPEC.meta, title: 'A metadata header sent in mixed case (X-Amz-Meta-MixedCase) is stored: HEAD returns x-amz-meta-mixedcase with the value unchanged' },
  async (t) => {
    const key = t.key();
    const b = await t.use(bucket);
    const cmd = new PutObjectCommand({ Bucket: b, Key: key, Body: 'm' });
    // The SDK lowercases metadata names itself; put the mixed-case header on the wire directly
    // (before signing; SigV4 canonicalizes header names to lowercase). Header names are
    // case-insensitive and Node lowercases the ones it receives, so what can be judged is that the
    // name was recognised as metadata and comes back as 'mixedcase' with its value intact.
    cmd.middlewareStack.add(
      (next) => async (args) => {
        (args.request as SmithyHttpRequest).headers['X-Amz-Meta-MixedCase'] = 'Value Keeps Case';
        return next(args);
      },
      { step: 'build', name: 's3cMixedCaseMeta', priority: 'low' },
    );
    await t.setup('put with a mixed-case metadata name', () => t.s3.send(cmd));
    const h = await head(t, key);
    expect(h.Metadata, 'metadata name lowercased, value unchanged').toEqual({ mixedcase: 'Value Keeps Case' });
  },
);

suite.case(
  { id: 'object/metadata/within-2kb', op: 'PutObject', claims: ['feature:user-metadata', 'limit:metadata-2kb'], spec: SPEC.meta, title: 'About 1.9 KB of user metadata in 8 entries (none over 240 bytes) is accepted and returned' },
  async (t) => {
    const key = t.key();
    const meta = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`m${i}`, String.fromCharCode(97 + i).repeat(236)]));
    const res = await put(t, { Key: key, Body: 'm', Metadata: meta });
    expect(statusOfResult(res), 'PutObject status').toBe(200);
    const h = await head(t, key);
    expect(h.Metadata, 'HeadObject metadata').toEqual(meta);
  },
);

suite.case(
  { id: 'object/metadata/over-2kb', op: 'PutObject', claims: ['limit:metadata-2kb', 'error:MetadataTooLarge'], spec: SPEC.errors, title: 'More than 2 KB of user metadata (10 entries of 240 bytes) answers 400 MetadataTooLarge' },
  async (t) => {
    const meta = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, String.fromCharCode(97 + i).repeat(238)]));
    await t.expectError(put(t, { Key: t.key(), Body: 'm', Metadata: meta }), 'MetadataTooLarge', 400);
  },
);

// ── content headers ─────────────────────────────────────────────────────────────────────────
interface HeaderCase {
  slug: string;
  header: string;
  input: Partial<PutObjectCommandInput>;
  want: string;
}
const headerCases: HeaderCase[] = [
  { slug: 'content-type', header: 'content-type', input: { ContentType: 'application/x-s3c; charset=utf-8' }, want: 'application/x-s3c; charset=utf-8' },
  { slug: 'cache-control', header: 'cache-control', input: { CacheControl: 'max-age=3600, must-revalidate' }, want: 'max-age=3600, must-revalidate' },
  { slug: 'content-disposition', header: 'content-disposition', input: { ContentDisposition: 'attachment; filename="report 2024.txt"' }, want: 'attachment; filename="report 2024.txt"' },
  { slug: 'content-encoding', header: 'content-encoding', input: { ContentEncoding: 'x-s3c-test' }, want: 'x-s3c-test' },
  { slug: 'content-language', header: 'content-language', input: { ContentLanguage: 'ko-KR' }, want: 'ko-KR' },
  { slug: 'expires', header: 'expires', input: { Expires: new Date('2031-03-04T05:06:07Z') }, want: 'Tue, 04 Mar 2031 05:06:07 GMT' },
];

for (const c of headerCases) {
  suite.case(
    { id: `object/headers/${c.slug}-roundtrip`, op: 'PutObject', claims: ['feature:content-headers-roundtrip'], spec: SPEC.put, title: `${c.header} given on PUT is returned unchanged by HEAD and GET` },
    async (t) => {
      const key = t.key();
      await putSetup(t, { Key: key, Body: `${c.slug} body`, ...c.input });
      await head(t, key);
      expect(lastHeaders(t)[c.header], `HeadObject ${c.header}`).toBe(c.want);
      const g = await get(t, key);
      await bodyBytes(g.Body);
      expect(lastHeaders(t)[c.header], `GetObject ${c.header}`).toBe(c.want);
    },
  );
}

// ── keys ────────────────────────────────────────────────────────────────────────────────────
/** PUT under `key`, GET it back byte for byte, and find exactly that key in a listing. */
async function keyRoundTrip(t: CaseContext, key: string): Promise<void> {
  const b = await t.use(bucket);
  const body = Buffer.from(`body of ${key}`);
  const res = await put(t, { Key: key, Body: body });
  expect(statusOfResult(res), 'PutObject status').toBe(200);
  const g = await get(t, key);
  expectSameBytes(await bodyBytes(g.Body), body, `GetObject ${JSON.stringify(key)}`);
  const l = await t.s3.send(new ListObjectsV2Command({ Bucket: b, Prefix: key }));
  const keys = (l.Contents ?? []).map((o) => o.Key);
  expect(keys, `the listing with Prefix=${JSON.stringify(key)} must name the key exactly as stored`).toEqual([key]);
}

const keyCases: { slug: string; title: string; key: (base: string) => string }[] = [
  { slug: 'unicode', title: 'Hangul, accented Latin and an emoji (4-byte UTF-8)', key: (k) => `${k}/한글-é-😀` },
  { slug: 'space', title: 'spaces', key: (k) => `${k}/a b  c` },
  { slug: 'plus', title: "'+' (must not turn into a space)", key: (k) => `${k}/a+b` },
  { slug: 'percent', title: "'%' and a literal '%20'", key: (k) => `${k}/100%-a%20b` },
  { slug: 'question-mark', title: "'?' (must not start a query)", key: (k) => `${k}/a?b=c` },
  { slug: 'hash', title: "'#' (must not start a fragment)", key: (k) => `${k}/a#b` },
  { slug: 'ampersand-equals', title: "'&' and '='", key: (k) => `${k}/a&b=c&d` },
  { slug: 'tilde-and-more', title: "'~', '!', '*', quotes, parentheses, ',' ';' ':' '@' '$'", key: (k) => `${k}/~!*'()\",;:@$` },
  { slug: 'leading-slash', title: 'a leading slash', key: (k) => `/${k}/lead` },
  { slug: 'double-slash', title: 'a double slash inside', key: (k) => `${k}//b` },
  { slug: 'dot-segments', title: "'.' and '..' path segments (must not be normalized)", key: (k) => `${k}/./x/../y` },
  { slug: 'trailing-slash', title: 'a trailing slash (folder marker)', key: (k) => `${k}/dir/` },
];

for (const c of keyCases) {
  suite.case(
    { id: `object/keys/${c.slug}`, op: 'PutObject', claims: ['feature:key-special-chars'], spec: SPEC.keys, title: `A key with ${c.title} round-trips through PUT, GET and a listing` },
    async (t) => {
      await keyRoundTrip(t, c.key(t.key('k')));
    },
  );
}

/**
 * A key of exactly `bytes` UTF-8 bytes under this case's own prefix. It is cut into segments of
 * at most about 100 bytes by '/': the limit under test is the key's length, and servers that
 * keep objects as files cannot hold one path segment above 255 bytes (a separate question).
 */
function keyOfBytes(t: CaseContext, bytes: number, fill: string): string {
  let key = `${t.key('k')}/`;
  const unit = Buffer.byteLength(fill);
  let seg = 0;
  while (Buffer.byteLength(key) + unit <= bytes) {
    if (seg >= 100 && Buffer.byteLength(key) + unit + 1 <= bytes) {
      key += '/';
      seg = 0;
    }
    key += fill;
    seg += unit;
  }
  key += 'x'.repeat(bytes - Buffer.byteLength(key));
  if (Buffer.byteLength(key) !== bytes) throw new Error(`case bug: key is ${Buffer.byteLength(key)} bytes, wanted ${bytes}`);
  return key;
}

suite.case(
  { id: 'object/keys/length-1024', op: 'PutObject', claims: ['limit:key-length-1024'], spec: SPEC.keys, title: 'A key of exactly 1024 bytes is accepted and read back' },
  async (t) => {
    const key = keyOfBytes(t, 1024, 'a');
    const body = Buffer.from('longest key');
    const res = await put(t, { Key: key, Body: body });
    expect(statusOfResult(res), 'PutObject status').toBe(200);
    const g = await get(t, key);
    expectSameBytes(await bodyBytes(g.Body), body, 'GetObject of the 1024-byte key');
  },
);

suite.case(
  { id: 'object/keys/length-1025', op: 'PutObject', claims: ['limit:key-length-1024', 'error:KeyTooLongError'], spec: SPEC.errors, title: 'A key of 1025 bytes answers 400 KeyTooLongError' },
  async (t) => {
    await t.expectError(put(t, { Key: keyOfBytes(t, 1025, 'a'), Body: 'x' }), 'KeyTooLongError', 400);
  },
);

suite.case(
  { id: 'object/keys/length-counted-in-bytes', op: 'PutObject', claims: ['limit:key-length-1024', 'error:KeyTooLongError'], spec: SPEC.errors, title: 'The limit counts UTF-8 bytes: a key of 1026 bytes in about 340 Hangul characters answers 400 KeyTooLongError' },
  async (t) => {
    const key = keyOfBytes(t, 1026, '가');
    check([...key].length < 400, 'case bug: the key should be far below 1024 characters');
    await t.expectError(put(t, { Key: key, Body: 'x' }), 'KeyTooLongError', 400);
  },
);

// ── byte ranges ─────────────────────────────────────────────────────────────────────────────
async function expectRange(t: CaseContext, range: string, start: number, end: number): Promise<void> {
  const r = await t.use(ref);
  const res = await get(t, r.key, { Range: range });
  expect(statusOfResult(res), `GetObject with Range: ${range}`).toBe(206);
  expect(res.ContentRange, 'Content-Range').toBe(`bytes ${start}-${end}/${REF_SIZE}`);
  expect(res.ContentLength, 'Content-Length').toBe(end - start + 1);
  expectSameBytes(await bodyBytes(res.Body), r.body.subarray(start, end + 1), `Range ${range}`);
}

suite.case(
  { id: 'object/range/first-bytes', op: 'GetObject', claims: ['feature:get-range'], spec: SPEC.get, title: 'Range: bytes=0-4 answers 206 with Content-Range bytes 0-4/size and those 5 bytes' },
  async (t) => {
    await expectRange(t, 'bytes=0-4', 0, 4);
  },
);

suite.case(
  { id: 'object/range/suffix', op: 'GetObject', claims: ['feature:get-range'], spec: SPEC.get, title: 'Range: bytes=-5 answers 206 with the last 5 bytes' },
  async (t) => {
    await expectRange(t, 'bytes=-5', REF_SIZE - 5, REF_SIZE - 1);
  },
);

suite.case(
  { id: 'object/range/open-ended', op: 'GetObject', claims: ['feature:get-range'], spec: SPEC.get, title: 'Range: bytes=5- answers 206 with every byte from offset 5' },
  async (t) => {
    await expectRange(t, 'bytes=5-', 5, REF_SIZE - 1);
  },
);

suite.case(
  { id: 'object/range/end-past-size', op: 'GetObject', claims: ['feature:get-range'], spec: SPEC.get, title: 'A range whose end lies past the object (bytes=90-1000) answers 206 with the bytes up to the end' },
  async (t) => {
    await expectRange(t, 'bytes=90-1000', 90, REF_SIZE - 1);
  },
);

suite.case(
  { id: 'object/range/start-past-size', op: 'GetObject', claims: ['feature:get-range', 'error:InvalidRange'], spec: SPEC.get, title: 'A range starting past the end (bytes=200-300 of 100 bytes) answers 416 InvalidRange' },
  async (t) => {
    const r = await t.use(ref);
    await t.expectError(get(t, r.key, { Range: `bytes=${REF_SIZE * 2}-${REF_SIZE * 3}` }), 'InvalidRange', 416);
  },
);

suite.case(
  { id: 'object/range/multiple-ranges', op: 'GetObject', claims: ['feature:get-range'], spec: SPEC.get, title: 'Two ranges in one request (bytes=0-4,10-14): the whole object with 200 (as Amazon S3 does), or a correct multipart/byteranges 206 — never one range only' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { Range: 'bytes=0-4,10-14' });
    const body = await bodyBytes(res.Body);
    const status = statusOfResult(res);
    if (status === 200) {
      expect(res.ContentRange, 'a 200 answer carries no Content-Range').toBeUndefined();
      expectSameBytes(body, r.body, 'multi-range answered with 200');
      return;
    }
    expect(status, 'status: 200 (whole object) or 206 multipart/byteranges').toBe(206);
    expect(res.ContentType ?? '', 'a 206 answer to two ranges must be multipart/byteranges').toMatch(/^multipart\/byteranges/);
    const text = body.toString('latin1');
    check(text.includes(r.body.subarray(0, 5).toString('latin1')) && text.includes(r.body.subarray(10, 15).toString('latin1')), 'multipart/byteranges body must hold both ranges');
    t.tolerate('206 multipart/byteranges accepted (RFC 9110); Amazon S3 answers 200 with the whole object');
  },
);

suite.case(
  { id: 'object/range/unparsable-ignored', op: 'GetObject', claims: ['feature:get-range'], spec: SPEC.get, title: 'An unparsable Range (bytes=abc) is ignored: 200 with the whole object (RFC 9110 §14.2)' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { Range: 'bytes=abc' });
    expect(statusOfResult(res), 'status').toBe(200);
    expectSameBytes(await bodyBytes(res.Body), r.body, 'GetObject with an unparsable Range');
  },
);

suite.case(
  { id: 'object/range/head', op: 'HeadObject', claims: ['feature:get-range'], spec: SPEC.head, title: 'HeadObject with Range: bytes=0-4 answers 206 with Content-Length 5 and Content-Range' },
  async (t) => {
    const r = await t.use(ref);
    const res = await head(t, r.key, { Range: 'bytes=0-4' });
    expect(statusOfResult(res), 'HeadObject with Range status').toBe(206);
    expect(res.ContentLength, 'Content-Length').toBe(5);
    expect(res.ContentRange, 'Content-Range').toBe(`bytes 0-4/${REF_SIZE}`);
  },
);

// ── conditional requests ────────────────────────────────────────────────────────────────────
const PAST = new Date('2000-01-01T00:00:00Z');
const FUTURE_SAFE = () => new Date(Date.now() + 24 * 3600_000);

suite.case(
  { id: 'object/conditional/if-match-ok', op: 'GetObject', claims: ['feature:conditional-if-match'], spec: SPEC.get, title: "GET with If-Match: <the object's ETag> answers 200 with the body" },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { IfMatch: r.etag });
    expect(statusOfResult(res), 'status').toBe(200);
    expectSameBytes(await bodyBytes(res.Body), r.body, 'GetObject with a matching If-Match');
  },
);

suite.case(
  { id: 'object/conditional/if-match-412', op: 'GetObject', claims: ['feature:conditional-if-match', 'error:PreconditionFailed'], spec: SPEC.get, title: 'GET with If-Match: <another ETag> answers 412 PreconditionFailed' },
  async (t) => {
    const r = await t.use(ref);
    await t.expectError(get(t, r.key, { IfMatch: quoted(md5hex('something else')) }), 'PreconditionFailed', 412);
  },
);

suite.case(
  { id: 'object/conditional/if-none-match-304', op: 'GetObject', claims: ['feature:conditional-if-none-match'], spec: SPEC.get, title: "GET with If-None-Match: <the object's ETag> answers 304 Not Modified" },
  async (t) => {
    const r = await t.use(ref);
    await expectS3Status(get(t, r.key, { IfNoneMatch: r.etag }), 304);
  },
);

suite.case(
  { id: 'object/conditional/if-none-match-other', op: 'GetObject', claims: ['feature:conditional-if-none-match'], spec: SPEC.get, title: 'GET with If-None-Match: <another ETag> answers 200 with the body' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { IfNoneMatch: quoted(md5hex('something else')) });
    expect(statusOfResult(res), 'status').toBe(200);
    expectSameBytes(await bodyBytes(res.Body), r.body, 'GetObject with a non-matching If-None-Match');
  },
);

suite.case(
  { id: 'object/conditional/if-modified-since-304', op: 'GetObject', claims: ['feature:conditional-if-modified-since'], spec: SPEC.get, title: 'GET with If-Modified-Since: <its own Last-Modified> answers 304 Not Modified' },
  async (t) => {
    const r = await t.use(ref);
    await expectS3Status(get(t, r.key, { IfModifiedSince: r.lastModified }), 304);
  },
);

suite.case(
  { id: 'object/conditional/if-modified-since-past', op: 'GetObject', claims: ['feature:conditional-if-modified-since'], spec: SPEC.get, title: 'GET with If-Modified-Since: 2000-01-01 answers 200 with the body' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { IfModifiedSince: PAST });
    expect(statusOfResult(res), 'status').toBe(200);
    expectSameBytes(await bodyBytes(res.Body), r.body, 'GetObject modified since 2000');
  },
);

suite.case(
  { id: 'object/conditional/if-unmodified-since-412', op: 'GetObject', claims: ['feature:conditional-if-unmodified-since', 'error:PreconditionFailed'], spec: SPEC.get, title: 'GET with If-Unmodified-Since: 2000-01-01 answers 412 PreconditionFailed' },
  async (t) => {
    const r = await t.use(ref);
    await t.expectError(get(t, r.key, { IfUnmodifiedSince: PAST }), 'PreconditionFailed', 412);
  },
);

suite.case(
  { id: 'object/conditional/if-unmodified-since-ok', op: 'GetObject', claims: ['feature:conditional-if-unmodified-since'], spec: SPEC.get, title: 'GET with If-Unmodified-Since: tomorrow answers 200 with the body' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { IfUnmodifiedSince: FUTURE_SAFE() });
    expect(statusOfResult(res), 'status').toBe(200);
    expectSameBytes(await bodyBytes(res.Body), r.body, 'GetObject unmodified since tomorrow');
  },
);

suite.case(
  { id: 'object/conditional/if-match-beats-if-unmodified-since', op: 'GetObject', claims: ['feature:conditional-if-match', 'feature:conditional-if-unmodified-since'], spec: SPEC.get, title: 'If-Match true and If-Unmodified-Since false together answer 200 (If-Match takes precedence)' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { IfMatch: r.etag, IfUnmodifiedSince: PAST });
    expect(statusOfResult(res), 'status').toBe(200);
    expectSameBytes(await bodyBytes(res.Body), r.body, 'GetObject with If-Match and a failing If-Unmodified-Since');
  },
);

suite.case(
  { id: 'object/conditional/if-none-match-beats-if-modified-since', op: 'GetObject', claims: ['feature:conditional-if-none-match', 'feature:conditional-if-modified-since'], spec: SPEC.get, title: 'If-None-Match false (ETag matches) and If-Modified-Since true together answer 304' },
  async (t) => {
    const r = await t.use(ref);
    await expectS3Status(get(t, r.key, { IfNoneMatch: r.etag, IfModifiedSince: PAST }), 304);
  },
);

suite.case(
  { id: 'object/conditional/head-if-match-412', op: 'HeadObject', claims: ['feature:conditional-if-match', 'error:PreconditionFailed'], spec: SPEC.head, title: 'HEAD with If-Match: <another ETag> answers 412' },
  async (t) => {
    const r = await t.use(ref);
    await expectS3Status(head(t, r.key, { IfMatch: quoted(md5hex('something else')) }), 412);
  },
);

suite.case(
  { id: 'object/conditional/head-if-none-match-304', op: 'HeadObject', claims: ['feature:conditional-if-none-match'], spec: SPEC.head, title: "HEAD with If-None-Match: <the object's ETag> answers 304" },
  async (t) => {
    const r = await t.use(ref);
    await expectS3Status(head(t, r.key, { IfNoneMatch: r.etag }), 304);
  },
);

suite.case(
  { id: 'object/conditional/head-if-unmodified-since-412', op: 'HeadObject', claims: ['feature:conditional-if-unmodified-since', 'error:PreconditionFailed'], spec: SPEC.head, title: 'HEAD with If-Unmodified-Since: 2000-01-01 answers 412' },
  async (t) => {
    const r = await t.use(ref);
    await expectS3Status(head(t, r.key, { IfUnmodifiedSince: PAST }), 412);
  },
);

// ── response-* overrides ────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'object/overrides/content-type', op: 'GetObject', claims: ['feature:response-header-overrides'], spec: SPEC.get, title: 'response-content-type overrides the Content-Type of a GET answer' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { ResponseContentType: 'application/x-s3c-override' });
    await bodyBytes(res.Body);
    expect(res.ContentType, 'Content-Type').toBe('application/x-s3c-override');
  },
);

suite.case(
  { id: 'object/overrides/content-disposition-and-cache-control', op: 'GetObject', claims: ['feature:response-header-overrides'], spec: SPEC.get, title: 'response-content-disposition and response-cache-control override those headers' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { ResponseContentDisposition: 'attachment; filename="o.bin"', ResponseCacheControl: 'no-store' });
    await bodyBytes(res.Body);
    expect(res.ContentDisposition, 'Content-Disposition').toBe('attachment; filename="o.bin"');
    expect(res.CacheControl, 'Cache-Control').toBe('no-store');
  },
);

suite.case(
  { id: 'object/overrides/language-encoding-expires', op: 'GetObject', claims: ['feature:response-header-overrides'], spec: SPEC.get, title: 'response-content-language, response-content-encoding and response-expires override those headers' },
  async (t) => {
    const r = await t.use(ref);
    const res = await get(t, r.key, { ResponseContentLanguage: 'de-CH', ResponseContentEncoding: 'x-s3c-override', ResponseExpires: new Date('2032-01-02T03:04:05Z') });
    await bodyBytes(res.Body);
    const h = lastHeaders(t);
    expect(h['content-language'], 'Content-Language').toBe('de-CH');
    expect(h['content-encoding'], 'Content-Encoding').toBe('x-s3c-override');
    expect(h.expires, 'Expires').toBe('Fri, 02 Jan 2032 03:04:05 GMT');
  },
);

// ── delete and missing things ───────────────────────────────────────────────────────────────
suite.case(
  { id: 'object/delete/existing-204', op: 'DeleteObject', spec: SPEC.del, title: 'DeleteObject of an object answers 204, after which HEAD answers 404' },
  async (t) => {
    const key = t.key();
    const b = await t.use(bucket);
    await putSetup(t, { Key: key, Body: 'bye' });
    const res = await t.s3.send(new DeleteObjectCommand({ Bucket: b, Key: key }));
    expect(statusOfResult(res), 'DeleteObject status').toBe(204);
    await expectS3Status(head(t, key), 404);
  },
);

suite.case(
  { id: 'object/delete/missing-204', op: 'DeleteObject', spec: SPEC.del, title: 'DeleteObject of a key that does not exist answers 204' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await t.s3.send(new DeleteObjectCommand({ Bucket: b, Key: t.key('never-written') }));
    expect(statusOfResult(res), 'DeleteObject status').toBe(204);
  },
);

suite.case(
  { id: 'object/get/missing-key', op: 'GetObject', claims: ['error:NoSuchKey'], spec: SPEC.get, title: 'GetObject of a missing key answers 404 NoSuchKey' },
  async (t) => {
    await t.expectError(get(t, t.key('never-written')), 'NoSuchKey', 404);
  },
);

suite.case(
  { id: 'object/head/missing-key', op: 'HeadObject', claims: ['error:NoSuchKey'], spec: SPEC.head, title: 'HeadObject of a missing key answers 404 (no body)' },
  async (t) => {
    await expectS3Status(head(t, t.key('never-written')), 404);
  },
);

suite.case(
  { id: 'object/get/missing-bucket', op: 'GetObject', claims: ['error:NoSuchBucket'], spec: SPEC.get, title: 'GetObject in a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    await t.expectError(t.s3.send(new GetObjectCommand({ Bucket: t.bucketName('missing'), Key: 'k' })), 'NoSuchBucket', 404);
  },
);

suite.case(
  { id: 'object/put/missing-bucket', op: 'PutObject', claims: ['error:NoSuchBucket'], spec: SPEC.put, title: 'PutObject into a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    await t.expectError(t.s3.send(new PutObjectCommand({ Bucket: t.bucketName('missing'), Key: 'k', Body: 'x' })), 'NoSuchBucket', 404);
  },
);
