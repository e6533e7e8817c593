// Upload integrity: Content-MD5, the flexible checksums (x-amz-checksum-*), Expect: 100-continue
// and Content-Length, by raw SigV4-signed requests (the wrong values are signed too, so only the
// integrity check can refuse them).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
import { expect } from 'vitest';
import { defineSuite } from '../harness/case.ts';
import {
  CHECKSUM_ALGORITHMS,
  checksumBase64,
  expectRawError,
  expectRawOk,
  expectRawStatus,
  md5Base64,
  md5Hex,
  patternBytes,
  raw,
} from '../harness/raw/index.ts';

const suite = defineSuite('integrity', { features: ['checksum'] });
const PUT = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html';
const INTEGRITY = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html';
const COMMON = 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonRequestHeaders.html';

const bucket = suite.bucket({ label: 'integrity' });
const BODY = patternBytes(5000, 41);
const OTHER = patternBytes(5000, 42);

// ── Content-MD5 ──────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'integrity/content-md5/right', op: 'PutObject', claims: ['header:Content-MD5', 'feature:etag-md5'], spec: PUT, title: 'A PUT with the right Content-MD5 is stored (200, ETag = that MD5)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const put = await r.send({ method: 'PUT', bucket: b, key, body: BODY, contentMd5: true });
    expectRawOk(put, 200);
    expect(put.headers.etag, 'ETag').toBe(`"${md5Hex(BODY)}"`);
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.body.equals(BODY), 'stored bytes').toBe(true);
  },
);

suite.case(
  { id: 'integrity/content-md5/wrong', op: 'PutObject', claims: ['header:Content-MD5', 'error:BadDigest'], spec: PUT, title: 'A PUT whose Content-MD5 is the MD5 of other bytes is refused with 400 BadDigest and not stored' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: BODY, corrupt: { contentMd5: md5Base64(OTHER) } });
    expectRawError(res, 'BadDigest', 400, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

suite.case(
  { id: 'integrity/content-md5/malformed', op: 'PutObject', claims: ['header:Content-MD5', 'error:InvalidDigest'], spec: PUT, title: 'A PUT whose Content-MD5 is not a base64 128-bit digest is refused with 400 InvalidDigest' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: BODY, corrupt: { contentMd5: 'not-a-valid-md5!' } });
    expectRawError(res, 'InvalidDigest', 400, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

// ── flexible checksums ──────────────────────────────────────────────────────────────────────

for (const algo of CHECKSUM_ALGORITHMS) {
  const header = `x-amz-checksum-${algo}`;
  const claim = `feature:checksum-${algo}`;

  suite.case(
    { id: `integrity/checksum/${algo}-right`, op: 'PutObject', claims: [claim], spec: INTEGRITY, title: `A PUT with the right ${header} is stored, the checksum is echoed, and HEAD with x-amz-checksum-mode: ENABLED returns it` },
    async (t) => {
      const b = await t.use(bucket);
      const key = t.key();
      const r = raw(t);
      const value = checksumBase64(algo, BODY);
      const put = await r.send({ method: 'PUT', bucket: b, key, body: BODY, headers: { [header]: value } });
      expectRawOk(put, 200);
      expect(put.headers[header], `PutObject must echo ${header}`).toBe(value);
      const head = await r.send({ method: 'HEAD', bucket: b, key, headers: { 'x-amz-checksum-mode': 'ENABLED' } });
      expectRawStatus(head, 200);
      expect(head.headers[header], `HEAD with checksum mode must return ${header}`).toBe(value);
    },
  );

  suite.case(
    { id: `integrity/checksum/${algo}-wrong`, op: 'PutObject', claims: [claim, 'error:BadDigest'], spec: INTEGRITY, title: `A PUT whose ${header} is the checksum of other bytes is refused with 400 BadDigest and not stored` },
    async (t) => {
      const b = await t.use(bucket);
      const key = t.key();
      const r = raw(t);
      const res = await r.send({ method: 'PUT', bucket: b, key, body: BODY, headers: { [header]: checksumBase64(algo, OTHER) } });
      expectRawError(res, 'BadDigest', 400, t.tolerate);
      expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
    },
  );
}

suite.case(
  { id: 'integrity/checksum/malformed-value', op: 'PutObject', claims: ['feature:checksum-crc32', 'error:InvalidRequest'], spec: INTEGRITY, title: 'An x-amz-checksum-crc32 that is not a base64 32-bit value is refused with 400 InvalidRequest' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, body: BODY, headers: { 'x-amz-checksum-crc32': 'not-a-crc32-value' } });
    expectRawError(res, 'InvalidRequest', 400, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

suite.case(
  { id: 'integrity/checksum/two-algorithms', op: 'PutObject', claims: ['feature:checksum-crc32', 'feature:checksum-sha256', 'error:InvalidRequest'], spec: INTEGRITY, title: 'A PUT with two x-amz-checksum-* headers is refused with 400 InvalidRequest (one checksum type per request)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({
      method: 'PUT',
      bucket: b,
      key,
      body: BODY,
      headers: { 'x-amz-checksum-crc32': checksumBase64('crc32', BODY), 'x-amz-checksum-sha256': checksumBase64('sha256', BODY) },
    });
    expectRawError(res, 'InvalidRequest', 400, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

// ── Expect: 100-continue ────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'integrity/expect-100/continue', op: 'PutObject', claims: ['header:Expect-100-continue'], spec: COMMON, title: 'A PUT with Expect: 100-continue gets 100 Continue before the body, then 200' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const res = await raw(t).send({ method: 'PUT', bucket: b, key, body: BODY, expect100: true });
    expect(res.continued, 'the endpoint must answer 100 Continue to the headers').toBe(true);
    expectRawOk(res, 200);
    expect(res.headers.etag, 'ETag').toBe(`"${md5Hex(BODY)}"`);
  },
);

suite.case(
  { id: 'integrity/expect-100/refused-before-body', op: 'PutObject', claims: ['header:Expect-100-continue', 'error:SignatureDoesNotMatch'], spec: COMMON, title: 'A PUT with Expect: 100-continue and a bad signature is refused on its headers (403, no 100 Continue)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const res = await raw(t).send({ method: 'PUT', bucket: b, key, body: BODY, expect100: true, corrupt: { signature: true } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
    expect(res.continued, 'a request refused on its headers must not be invited to send its body').toBe(false);
  },
);

// ── Content-Length ───────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'integrity/content-length/missing', op: 'PutObject', claims: ['header:Content-Length', 'error:MissingContentLength'], spec: PUT, title: 'A PUT with neither Content-Length nor Transfer-Encoding is refused with 411 MissingContentLength' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const r = raw(t);
    const res = await r.send({ method: 'PUT', bucket: b, key, corrupt: { contentLength: null } });
    expectRawError(res, 'MissingContentLength', 411, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);
