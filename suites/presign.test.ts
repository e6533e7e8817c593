// Query-string authentication (presigned URLs): SigV4 with X-Amz-Expires, SigV2 with Expires.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html#RESTAuthenticationQueryStringAuth
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { PROFILE_SKIP } from '../harness/signals.ts';
import { raw, expectRawError, expectRawOk, expectRawStatus, md5Hex, patternBytes, type SignMode } from '../harness/raw/index.ts';

const suite = defineSuite('presign', { features: ['presign'] });
const V4 = 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html';
const V2 = 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html#RESTAuthenticationQueryStringAuth';
const MIN = 60_000;

const bucket = suite.bucket({ label: 'presign' });
const CONTENT = patternBytes(2048, 21);
const object = suite.fixture('object presign/fixture', async (run) => {
  const b = await bucket.get();
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: 'fixture/object', Body: CONTENT, ContentType: 'application/octet-stream' }));
  return { bucket: b, key: 'fixture/object' };
});

function needV2(t: CaseContext): void {
  if (!t.run.profile.signatures.includes('v2')) t.skip(PROFILE_SKIP.noV2);
}

const FORMS: { v: 'v4' | 'v2'; sign: SignMode; spec: string; claim: string; features: string[] }[] = [
  { v: 'v4', sign: 'v4-query', spec: V4, claim: 'auth:presign-v4', features: ['sigv4'] },
  { v: 'v2', sign: 'v2-query', spec: V2, claim: 'auth:presign-v2', features: ['sigv2'] },
];

for (const f of FORMS) {
  const pre = (t: CaseContext) => {
    if (f.v === 'v2') needV2(t);
  };

  suite.case(
    { id: `presign/${f.v}/get-object`, op: 'GetObject', features: f.features, claims: [f.claim], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned GET returns the object, byte for byte` },
    async (t) => {
      pre(t);
      const o = await t.use(object);
      const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: f.sign });
      expectRawOk(res, 200);
      expect(res.body.equals(CONTENT), 'body').toBe(true);
    },
  );

  suite.case(
    { id: `presign/${f.v}/put-object`, op: 'PutObject', features: f.features, claims: [f.claim], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned PUT stores the body` },
    async (t) => {
      pre(t);
      const b = await t.use(bucket);
      const key = t.key();
      const body = patternBytes(1500, 22);
      const r = raw(t);
      const put = await r.send({ method: 'PUT', bucket: b, key, body, sign: f.sign });
      expectRawOk(put, 200);
      expect(put.headers.etag, 'ETag').toBe(`"${md5Hex(body)}"`);
      const get = await r.send({ method: 'GET', bucket: b, key });
      expectRawOk(get, 200);
      expect(get.body.equals(body), 'the stored bytes must be the bytes sent').toBe(true);
    },
  );

  suite.case(
    { id: `presign/${f.v}/head-object`, op: 'HeadObject', features: f.features, claims: [f.claim], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned HEAD answers 200 with the object length` },
    async (t) => {
      pre(t);
      const o = await t.use(object);
      const res = await raw(t).send({ method: 'HEAD', bucket: o.bucket, key: o.key, sign: f.sign });
      expectRawStatus(res, 200);
      expect(res.headers['content-length'], 'Content-Length').toBe(String(CONTENT.length));
    },
  );

  suite.case(
    { id: `presign/${f.v}/delete-object`, op: 'DeleteObject', features: f.features, claims: [f.claim], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned DELETE removes the object (204, then 404)` },
    async (t) => {
      pre(t);
      const b = await t.use(bucket);
      const key = t.key();
      const r = raw(t);
      await t.setup('put the object', async () => expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: 'x' }), 200));
      expectRawOk(await r.send({ method: 'DELETE', bucket: b, key, sign: f.sign }), 204);
      expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
    },
  );

  suite.case(
    { id: `presign/${f.v}/response-header-override`, op: 'GetObject', features: f.features, claims: [f.claim, 'feature:response-header-overrides'], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned GET with signed response-content-type / -disposition overrides those headers` },
    async (t) => {
      pre(t);
      const o = await t.use(object);
      const res = await raw(t).send({
        method: 'GET',
        bucket: o.bucket,
        key: o.key,
        sign: f.sign,
        query: { 'response-content-type': 'text/plain; charset=utf-8', 'response-content-disposition': 'attachment; filename="a b.txt"' },
      });
      expectRawOk(res, 200);
      expect(res.headers['content-type'], 'Content-Type from response-content-type').toBe('text/plain; charset=utf-8');
      expect(res.headers['content-disposition'], 'Content-Disposition from response-content-disposition').toBe('attachment; filename="a b.txt"');
    },
  );

  suite.case(
    { id: `presign/${f.v}/expired`, op: 'GetObject', features: f.features, claims: [f.claim, 'auth:presign-expiry', 'error:AccessDenied'], spec: f.spec, title: `An expired ${f.v.toUpperCase()} presigned URL is refused with 403 AccessDenied` },
    async (t) => {
      pre(t);
      const o = await t.use(object);
      // V4: signed 10 minutes ago, valid 60 s (inside the clock-skew window, so only expiry applies).
      // V2: Expires one minute in the past.
      const res = await raw(t).send(
        f.v === 'v4'
          ? { method: 'GET', bucket: o.bucket, key: o.key, sign: f.sign, expiresIn: 60, signingDate: new Date(Date.now() - 10 * MIN) }
          : { method: 'GET', bucket: o.bucket, key: o.key, sign: f.sign, expiresIn: -60 },
      );
      expectRawError(res, 'AccessDenied', 403, t.tolerate);
    },
  );

  suite.case(
    { id: `presign/${f.v}/tampered-query`, op: 'GetObject', features: f.features, claims: [f.claim, 'error:SignatureDoesNotMatch'], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned URL with a sub-resource added after signing is refused with 403 SignatureDoesNotMatch` },
    async (t) => {
      pre(t);
      const o = await t.use(object);
      const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: f.sign, corrupt: { queryAfterSigning: { 'response-content-type': 'text/html' } } });
      expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
    },
  );

  suite.case(
    { id: `presign/${f.v}/signature-altered`, op: 'GetObject', features: f.features, claims: [f.claim, 'error:SignatureDoesNotMatch'], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned URL with one signature character changed is refused with 403 SignatureDoesNotMatch` },
    async (t) => {
      pre(t);
      const o = await t.use(object);
      const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: f.sign, corrupt: { signature: true } });
      expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
    },
  );

  suite.case(
    { id: `presign/${f.v}/unknown-access-key`, op: 'GetObject', features: f.features, claims: [f.claim, 'error:InvalidAccessKeyId'], spec: f.spec, title: `A ${f.v.toUpperCase()} presigned URL of an unknown access key is refused with 403 InvalidAccessKeyId` },
    async (t) => {
      pre(t);
      const o = await t.use(object);
      const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: f.sign, corrupt: { accessKeyId: 'AKIAS3CONFORMUNKNOWN' } });
      expectRawError(res, 'InvalidAccessKeyId', 403, t.tolerate);
    },
  );

  suite.case(
    { id: `presign/${f.v}/wrong-method`, op: 'PutObject', features: f.features, claims: [f.claim, 'error:SignatureDoesNotMatch'], spec: f.spec, title: `A ${f.v.toUpperCase()} URL presigned for GET cannot be used to PUT (403 SignatureDoesNotMatch, nothing stored)` },
    async (t) => {
      pre(t);
      const b = await t.use(bucket);
      const key = t.key();
      const r = raw(t);
      // Signed as a GET, sent as a PUT: the method is part of what is signed.
      const p = await r.send({ method: 'PUT', bucket: b, key, body: 'x', sign: f.sign, corrupt: { signAsMethod: 'GET' } });
      expectRawError(p, 'SignatureDoesNotMatch', 403, t.tolerate);
      expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
    },
  );
}

// ── SigV4 only: the X-Amz-Expires limits and the scope ────────────────────────────────────────

suite.case(
  { id: 'presign/v4/max-expiry-7-days', op: 'GetObject', features: ['sigv4'], claims: ['auth:presign-v4', 'auth:presign-expiry'], spec: V4, title: 'X-Amz-Expires=604800 (7 days, the maximum) is accepted' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v4-query', expiresIn: 604_800 });
    expectRawOk(res, 200);
  },
);

suite.case(
  { id: 'presign/v4/expiry-over-7-days', op: 'GetObject', features: ['sigv4'], claims: ['auth:presign-expiry', 'error:AuthorizationQueryParametersError'], spec: V4, title: 'X-Amz-Expires=604801 (over 7 days) is refused with 400 AuthorizationQueryParametersError' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v4-query', expiresIn: 604_801 });
    expectRawError(res, 'AuthorizationQueryParametersError', 400, t.tolerate);
  },
);

suite.case(
  { id: 'presign/v4/wrong-region', op: 'GetObject', features: ['sigv4'], claims: ['auth:region-scope', 'error:AuthorizationQueryParametersError'], spec: V4, title: 'A presigned URL whose X-Amz-Credential names another region is refused with 400 AuthorizationQueryParametersError' },
  async (t) => {
    const o = await t.use(object);
    const other = t.run.profile.region === 'eu-west-3' ? 'ap-south-2' : 'eu-west-3';
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v4-query', corrupt: { region: other } });
    expectRawError(res, 'AuthorizationQueryParametersError', 400, t.tolerate);
  },
);
