// Signature Version 4 by raw signed requests: header authentication on bucket and object
// operations, signed vs unsigned payloads, aws-chunked streaming uploads with chunk signatures,
// the request time (x-amz-date vs Date, skew), and every way a signature can be wrong.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite } from '../harness/case.ts';
import { raw, expectRawError, expectRawOk, expectRawStatus, md5Hex, patternBytes, sha256Hex } from '../harness/raw/index.ts';

const suite = defineSuite('auth-v4', { features: ['sigv4'] });
const SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const HEADER_AUTH = `${SPEC}sig-v4-header-based-auth.html`;
const STREAMING = `${SPEC}sigv4-streaming.html`;
const COMMON_HEADERS = `${SPEC}RESTCommonRequestHeaders.html`;
const ERRORS = `${SPEC}ErrorResponses.html`;
const MIN = 60_000;

const bucket = suite.bucket({ label: 'auth-v4' });
const CONTENT = patternBytes(1000, 4);
/** A private object every read case can use (written by the SDK client, not by the layer under test). */
const object = suite.fixture('object auth-v4/fixture', async (run) => {
  const b = await bucket.get();
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: 'fixture/object', Body: CONTENT }));
  return { bucket: b, key: 'fixture/object' };
});

// ── header auth on bucket and object operations ─────────────────────────────────────────────

suite.case(
  { id: 'auth-v4/header/get-object', op: 'GetObject', claims: ['auth:sigv4', 'header:x-amz-date', 'header:x-amz-content-sha256'], spec: HEADER_AUTH, title: 'A SigV4 header-signed GET returns the object, byte for byte' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'the body must be the stored bytes').toBe(true);
  },
);

suite.case(
  { id: 'auth-v4/header/head-object', op: 'HeadObject', claims: ['auth:sigv4'], spec: HEADER_AUTH, title: 'A SigV4 header-signed HEAD answers 200 with the object length' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'HEAD', bucket: o.bucket, key: o.key });
    expectRawStatus(res, 200);
    expect(res.headers['content-length'], 'Content-Length').toBe(String(CONTENT.length));
  },
);

suite.case(
  { id: 'auth-v4/header/put-object-signed-payload', op: 'PutObject', claims: ['auth:sigv4', 'header:x-amz-content-sha256', 'feature:etag-md5'], spec: HEADER_AUTH, title: 'A PUT whose x-amz-content-sha256 is the body hash stores the body (ETag = MD5)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const body = patternBytes(3000, 1);
    const r = raw(t);
    const put = await r.send({ method: 'PUT', bucket: b, key, body, payload: 'signed' });
    expectRawOk(put, 200);
    expect(put.headers.etag, 'ETag must be the quoted MD5 of the body').toBe(`"${md5Hex(body)}"`);
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.body.equals(body), 'the stored bytes must be the bytes sent').toBe(true);
  },
);

suite.case(
  { id: 'auth-v4/header/put-object-unsigned-payload', op: 'PutObject', claims: ['auth:sigv4', 'auth:unsigned-payload'], spec: HEADER_AUTH, title: 'x-amz-content-sha256: UNSIGNED-PAYLOAD is accepted and the body stored' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const body = patternBytes(3000, 2);
    const r = raw(t);
    const put = await r.send({ method: 'PUT', bucket: b, key, body, payload: 'unsigned' });
    expectRawOk(put, 200);
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.body.equals(body), 'the stored bytes must be the bytes sent').toBe(true);
  },
);

suite.case(
  { id: 'auth-v4/header/delete-object', op: 'DeleteObject', claims: ['auth:sigv4'], spec: HEADER_AUTH, title: 'A SigV4-signed DELETE removes the object (204, then HEAD 404)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    await t.setup('put the object', async () => expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: 'x' }), 200));
    expectRawOk(await r.send({ method: 'DELETE', bucket: b, key }), 204);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

suite.case(
  { id: 'auth-v4/header/key-special-characters', op: 'PutObject', claims: ['auth:sigv4', 'feature:key-special-chars'], spec: HEADER_AUTH, title: "Keys with spaces, '+', '=', '~', '!', '*', parentheses and unicode sign and round-trip (canonical URI encoding)" },
  async (t) => {
    const b = await t.use(bucket);
    const key = `${t.key('sp')} a+b=c~d!e'(f)*,;é 漢/x`;
    const r = raw(t);
    expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: 'special' }), 200);
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.text(), 'body').toBe('special');
  },
);

suite.case(
  { id: 'auth-v4/header/create-bucket', op: 'CreateBucket', claims: ['auth:sigv4'], spec: `${SPEC}API_CreateBucket.html`, title: 'A SigV4-signed PUT Bucket creates the bucket (200, then HEAD 200)' },
  async (t) => {
    const name = t.bucketName('v4create');
    const r = raw(t);
    expectRawOk(await r.send({ method: 'PUT', bucket: name }), 200);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: name }), 200);
  },
);

suite.case(
  { id: 'auth-v4/header/head-bucket', op: 'HeadBucket', claims: ['auth:sigv4'], spec: `${SPEC}API_HeadBucket.html`, title: 'A SigV4-signed HEAD Bucket answers 200' },
  async (t) => {
    const b = await t.use(bucket);
    expectRawStatus(await raw(t).send({ method: 'HEAD', bucket: b }), 200);
  },
);

suite.case(
  { id: 'auth-v4/header/list-objects', op: 'ListObjectsV2', claims: ['auth:sigv4'], spec: `${SPEC}API_ListObjectsV2.html`, title: 'A SigV4-signed GET Bucket (list-type=2, prefix) lists the fixture object' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, query: { 'list-type': '2', prefix: 'fixture/' } });
    expectRawOk(res, 200);
    const list = res.xml()?.ListBucketResult as { Name?: string; Contents?: { Key: string } | { Key: string }[] } | undefined;
    expect(list?.Name, 'ListBucketResult.Name').toBe(o.bucket);
    const keys = [list?.Contents ?? []].flat().map((c) => c.Key);
    expect(keys, 'listed keys').toContain(o.key);
  },
);

suite.case(
  { id: 'auth-v4/header/query-encoding', op: 'ListObjectsV2', claims: ['auth:sigv4'], spec: HEADER_AUTH, title: "Query values with spaces, '/', '+', '=' and unicode are signed in canonical (RFC 3986) form" },
  async (t) => {
    const b = await t.use(bucket);
    const prefix = 'no such/prefix+a=b&c é';
    const res = await raw(t).send({ method: 'GET', bucket: b, query: { 'list-type': '2', prefix, delimiter: '/' } });
    expectRawOk(res, 200);
    const list = res.xml()?.ListBucketResult as { Prefix?: string; KeyCount?: string } | undefined;
    expect(list?.Prefix, 'the Prefix echoed').toBe(prefix);
    expect(list?.KeyCount, 'KeyCount').toBe('0');
  },
);

suite.case(
  { id: 'auth-v4/header/bucket-subresource', op: 'GetBucketAcl', claims: ['auth:sigv4'], spec: `${SPEC}API_GetBucketAcl.html`, title: 'A bare sub-resource (?acl) is signed as acl= and answered' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({ method: 'GET', bucket: b, query: { acl: null } });
    expectRawOk(res, 200);
    expect(res.xml()?.AccessControlPolicy, 'an AccessControlPolicy document').toBeDefined();
  },
);

suite.case(
  { id: 'auth-v4/header/delete-bucket', op: 'DeleteBucket', claims: ['auth:sigv4'], spec: `${SPEC}API_DeleteBucket.html`, title: 'A SigV4-signed DELETE Bucket removes an empty bucket (204)' },
  async (t) => {
    const b = await t.createBucket({ label: 'v4del' });
    const r = raw(t);
    expectRawOk(await r.send({ method: 'DELETE', bucket: b }), 204);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b }), 404);
  },
);

suite.case(
  { id: 'auth-v4/header/list-buckets', op: 'ListBuckets', claims: ['auth:sigv4'], spec: `${SPEC}API_ListBuckets.html`, title: 'A SigV4-signed GET / lists the buckets, including this file’s bucket' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({ method: 'GET' });
    expectRawOk(res, 200);
    const buckets = (res.xml()?.ListAllMyBucketsResult as { Buckets?: { Bucket?: { Name: string } | { Name: string }[] } } | undefined)?.Buckets?.Bucket;
    expect([buckets ?? []].flat().map((x) => x.Name), 'bucket names').toContain(b);
  },
);

// ── aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) ─────────────────────────────────────────

const STREAM_BODY = patternBytes(150_000, 7);

suite.case(
  { id: 'auth-v4/streaming/roundtrip', op: 'PutObject', features: ['chunked'], claims: ['auth:streaming-sigv4', 'header:chunked-encoding'], spec: STREAMING, title: 'An aws-chunked upload with valid chunk signatures is stored as the decoded bytes (64 KiB chunks)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const put = await r.send({ method: 'PUT', bucket: b, key, body: STREAM_BODY, payload: 'streaming', chunkSize: 64 * 1024 });
    expectRawOk(put, 200);
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.body.length, 'stored length must be x-amz-decoded-content-length, not the framed length').toBe(STREAM_BODY.length);
    expect(get.body.equals(STREAM_BODY), 'the stored bytes must be the decoded payload (no chunk framing)').toBe(true);
    expect(get.headers['content-encoding'] ?? '', 'aws-chunked must not be stored as the Content-Encoding').not.toMatch(/aws-chunked/);
  },
);

suite.case(
  { id: 'auth-v4/streaming/small-chunks', op: 'PutObject', features: ['chunked'], claims: ['auth:streaming-sigv4'], spec: STREAMING, title: 'An aws-chunked upload in 8 KiB chunks (the minimum) round-trips byte for byte' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const body = patternBytes(8192 * 3 + 123, 8);
    const r = raw(t);
    expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body, payload: 'streaming', chunkSize: 8192 }), 200);
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.body.equals(body), 'the stored bytes must be the decoded payload').toBe(true);
  },
);

for (const [what, corrupt, title] of [
  ['bad-chunk-signature', { index: 1, part: 'signature' }, 'a wrong signature on the second chunk'],
  ['tampered-chunk-data', { index: 0, part: 'data' }, 'a chunk altered after signing'],
  ['bad-final-chunk-signature', { index: 3, part: 'signature' }, 'a wrong signature on the final empty chunk'],
] as const) {
  suite.case(
    { id: `auth-v4/streaming/${what}`, op: 'PutObject', features: ['chunked'], claims: ['auth:streaming-sigv4', 'error:SignatureDoesNotMatch'], spec: STREAMING, title: `An aws-chunked upload with ${title} is refused with 403 SignatureDoesNotMatch and not stored` },
    async (t) => {
      const b = await t.use(bucket);
      const key = t.key();
      const r = raw(t);
      // 150,000 bytes in 64 KiB chunks: data chunks 0..2, final chunk 3.
      const res = await r.send({ method: 'PUT', bucket: b, key, body: STREAM_BODY, payload: 'streaming', chunkSize: 64 * 1024, corrupt: { chunk: corrupt } });
      expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
      expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
    },
  );
}

suite.case(
  { id: 'auth-v4/streaming/unsigned-trailer-roundtrip', op: 'PutObject', features: ['chunked', 'checksum'], claims: ['auth:streaming-unsigned-trailer', 'header:chunked-encoding', 'feature:checksum-crc32'], spec: `${SPEC}API_PutObject.html`, title: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer (today’s SDK default) stores the decoded bytes' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: STREAM_BODY, payload: 'streaming-unsigned-trailer', trailerChecksum: 'crc32' }), 200);
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.body.equals(STREAM_BODY), 'the stored bytes must be the decoded payload (no framing, no trailer)').toBe(true);
  },
);

suite.case(
  { id: 'auth-v4/streaming/unsigned-trailer-bad-checksum', op: 'PutObject', features: ['chunked', 'checksum'], claims: ['auth:streaming-unsigned-trailer', 'error:BadDigest'], spec: `${SPEC}API_PutObject.html`, title: 'An aws-chunked upload whose trailing CRC32 does not match is refused with 400 BadDigest' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: STREAM_BODY, payload: 'streaming-unsigned-trailer', trailerChecksum: 'crc32', corrupt: { trailerChecksum: 'AAAAAA==' } });
    expectRawError(res, 'BadDigest', 400, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

// ── request time ─────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'auth-v4/time/x-amz-date-takes-precedence', op: 'GetObject', claims: ['header:x-amz-date', 'header:Date'], spec: COMMON_HEADERS, title: 'With x-amz-date signed, an (unsigned) Date header a day off is ignored' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { headersAfterSigning: { date: new Date(Date.now() - 24 * 60 * MIN).toUTCString() } } });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'body').toBe(true);
  },
);

suite.case(
  { id: 'auth-v4/time/date-header-only', op: 'GetObject', claims: ['header:Date', 'auth:signed-time-format'], spec: COMMON_HEADERS, title: "SigV4 with the time only in a signed Date header in ISO 8601 basic format (no x-amz-date) is accepted" },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, timeHeader: 'date' });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'body').toBe(true);
  },
);

suite.case(
  { id: 'auth-v4/time/x-amz-date-malformed', op: 'GetObject', claims: ['auth:signed-time-format', 'error:AccessDenied'], spec: COMMON_HEADERS, title: 'An x-amz-date not in YYYYMMDDTHHMMSSZ form is refused with 403 AccessDenied (no valid date)' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { headersAfterSigning: { 'x-amz-date': new Date().toUTCString() } } });
    expectRawError(res, 'AccessDenied', 403, t.tolerate);
  },
);

for (const [what, skew, title] of [
  ['skew-ahead-over-15-minutes', 20 * MIN, '20 minutes ahead'],
  ['skew-behind-over-15-minutes', -20 * MIN, '20 minutes behind'],
] as const) {
  suite.case(
    { id: `auth-v4/time/${what}`, op: 'GetObject', claims: ['auth:clock-skew', 'error:RequestTimeTooSkewed'], spec: ERRORS, title: `A request signed ${title} the server clock is refused with 403 RequestTimeTooSkewed` },
    async (t) => {
      const o = await t.use(object);
      const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { clockSkewMs: skew } });
      expectRawError(res, 'RequestTimeTooSkewed', 403, t.tolerate);
    },
  );
}

suite.case(
  { id: 'auth-v4/time/skew-within-15-minutes', op: 'GetObject', claims: ['auth:clock-skew'], spec: ERRORS, title: 'A request signed 10 minutes ahead of the server clock is still accepted' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { clockSkewMs: 10 * MIN } });
    expectRawOk(res, 200);
  },
);

// ── credentials, signature, scope ───────────────────────────────────────────────────────────

suite.case(
  { id: 'auth-v4/credentials/wrong-secret', op: 'GetObject', claims: ['auth:sigv4', 'error:SignatureDoesNotMatch'], spec: ERRORS, title: 'A request signed with the wrong secret key is refused with 403 SignatureDoesNotMatch' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { secret: 'wrong-secret-key-0000000000000000000000' } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/credentials/unknown-access-key', op: 'GetObject', claims: ['auth:sigv4', 'error:InvalidAccessKeyId'], spec: ERRORS, title: 'A request signed with an unknown access key id is refused with 403 InvalidAccessKeyId' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { accessKeyId: 'AKIAS3CONFORMUNKNOWN' } });
    expectRawError(res, 'InvalidAccessKeyId', 403, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/credentials/signature-altered', op: 'GetObject', claims: ['auth:sigv4', 'error:SignatureDoesNotMatch'], spec: ERRORS, title: 'A signature with one hex digit changed is refused with 403 SignatureDoesNotMatch' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { signature: true } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/scope/wrong-region', op: 'GetObject', claims: ['auth:region-scope', 'error:AuthorizationHeaderMalformed'], spec: ERRORS, title: 'A credential scope naming another region is refused with 400 AuthorizationHeaderMalformed' },
  async (t) => {
    const o = await t.use(object);
    const other = t.run.profile.region === 'eu-west-3' ? 'ap-south-2' : 'eu-west-3';
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { region: other } });
    expectRawError(res, 'AuthorizationHeaderMalformed', 400, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/scope/wrong-service', op: 'GetObject', claims: ['auth:service-name-s3', 'error:AuthorizationHeaderMalformed'], spec: ERRORS, title: "A credential scope naming service 'ec2' instead of 's3' is refused with 400 AuthorizationHeaderMalformed" },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { service: 'ec2' } });
    expectRawError(res, 'AuthorizationHeaderMalformed', 400, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/scope/date-mismatch', op: 'GetObject', claims: ['auth:sigv4', 'error:AuthorizationHeaderMalformed'], spec: ERRORS, title: 'A credential-scope date other than the x-amz-date day is refused with 400 AuthorizationHeaderMalformed' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { scopeDate: '20200101' } });
    expectRawError(res, 'AuthorizationHeaderMalformed', 400, t.tolerate);
  },
);

// ── payload hash ─────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'auth-v4/payload/hash-mismatch', op: 'PutObject', claims: ['header:x-amz-content-sha256', 'error:XAmzContentSHA256Mismatch'], spec: ERRORS, title: 'A body that does not hash to the signed x-amz-content-sha256 is refused with 400 XAmzContentSHA256Mismatch' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: 'the real body', corrupt: { payloadHash: sha256Hex('another body') } });
    expectRawError(res, 'XAmzContentSHA256Mismatch', 400, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

suite.case(
  { id: 'auth-v4/payload/missing-content-sha256', op: 'PutObject', claims: ['header:x-amz-content-sha256', 'error:InvalidRequest'], spec: HEADER_AUTH, title: 'A SigV4 header-signed request without x-amz-content-sha256 is refused with 400 InvalidRequest' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({ method: 'PUT', bucket: b, key: t.key(), body: 'no payload hash header', payload: 'omit' });
    expectRawError(res, 'InvalidRequest', 400, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/payload/malformed-content-sha256', op: 'PutObject', claims: ['header:x-amz-content-sha256', 'error:InvalidArgument'], spec: ERRORS, title: 'An x-amz-content-sha256 that is neither a SHA-256 hex nor a known keyword is refused with 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({ method: 'PUT', bucket: b, key: t.key(), body: 'x', corrupt: { payloadHash: 'not-a-sha256-value' } });
    expectRawError(res, 'InvalidArgument', 400, t.tolerate);
  },
);

// ── the Authorization header and the signed headers ─────────────────────────────────────────

suite.case(
  { id: 'auth-v4/header/unsupported-algorithm', op: 'GetObject', claims: ['header:Authorization', 'error:InvalidArgument'], spec: ERRORS, title: 'An Authorization header with an unknown algorithm (AWS4-HMAC-SHA512) is refused with 400 InvalidArgument' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { algorithm: 'AWS4-HMAC-SHA512' } });
    expectRawError(res, 'InvalidArgument', 400, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/header/missing-signature-component', op: 'GetObject', claims: ['header:Authorization', 'error:AuthorizationHeaderMalformed'], spec: ERRORS, title: 'An Authorization header without its Signature component is refused with 400 AuthorizationHeaderMalformed' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { authorization: (v) => v.replace(/,\s*Signature=[0-9a-f]+/, '') } });
    expectRawError(res, 'AuthorizationHeaderMalformed', 400, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/header/signed-header-tampered', op: 'PutObject', claims: ['auth:sigv4', 'error:SignatureDoesNotMatch'], spec: HEADER_AUTH, title: 'Changing a signed header (x-amz-meta-*) after signing is refused with 403 SignatureDoesNotMatch' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: 'x', headers: { 'x-amz-meta-owner': 'alice' }, corrupt: { headersAfterSigning: { 'x-amz-meta-owner': 'mallory' } } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

suite.case(
  { id: 'auth-v4/header/unsigned-amz-header-refused', op: 'PutObject', claims: ['auth:sigv4', 'error:AccessDenied'], spec: HEADER_AUTH, title: 'An x-amz-* header left out of SignedHeaders is refused with 403 AccessDenied (headers present that were not signed)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: 'x', corrupt: { headersAfterSigning: { 'x-amz-meta-injected': 'yes' } } });
    expectRawError(res, 'AccessDenied', 403, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

suite.case(
  { id: 'auth-v4/header/unsigned-ordinary-header-ignored', op: 'GetObject', claims: ['auth:sigv4'], spec: HEADER_AUTH, title: 'A header that is not signed and not x-amz-* (User-Agent) may change after signing' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { headersAfterSigning: { 'user-agent': 's3conform-tampered/1.0' } } });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'body').toBe(true);
  },
);

suite.case(
  { id: 'auth-v4/header/signed-headers-list-altered', op: 'PutObject', claims: ['auth:sigv4', 'error:SignatureDoesNotMatch'], spec: HEADER_AUTH, title: 'A SignedHeaders list that no longer names a signed header (content-type) is refused with 403 SignatureDoesNotMatch' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({
      method: 'PUT',
      bucket: b,
      key: t.key(),
      body: 'x',
      headers: { 'content-type': 'text/plain' },
      corrupt: { authorization: (v) => v.replace(/SignedHeaders=([^,]*)/, (_m, list: string) => `SignedHeaders=${list.split(';').filter((h) => h !== 'content-type').join(';')}`) },
    });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
  },
);

// ── anonymous ────────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'auth-v4/anonymous/private-object', op: 'GetObject', features: ['anonymous'], claims: ['auth:anonymous', 'error:AccessDenied'], spec: ERRORS, title: 'An unsigned GET of a private object is refused with 403 AccessDenied' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'none' });
    expectRawError(res, 'AccessDenied', 403, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/anonymous/private-bucket-listing', op: 'ListObjectsV2', features: ['anonymous'], claims: ['auth:anonymous', 'error:AccessDenied'], spec: ERRORS, title: 'An unsigned listing of a private bucket is refused with 403 AccessDenied' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({ method: 'GET', bucket: b, query: { 'list-type': '2' }, sign: 'none' });
    expectRawError(res, 'AccessDenied', 403, t.tolerate);
  },
);

suite.case(
  { id: 'auth-v4/anonymous/private-object-put', op: 'PutObject', features: ['anonymous'], claims: ['auth:anonymous', 'error:AccessDenied'], spec: ERRORS, title: 'An unsigned PUT into a private bucket is refused with 403 AccessDenied and stores nothing' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: 'anonymous write', sign: 'none' });
    expectRawError(res, 'AccessDenied', 403, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);
