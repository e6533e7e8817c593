// Signature Version 2 (HMAC-SHA1), header form `Authorization: AWS key:signature` and query form
// (AWSAccessKeyId/Expires/Signature), on service, bucket, object and multipart operations.
// Every case is skipped when the profile does not list v2 in `signatures`.
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite, type CaseContext, type CaseDecl } from '../harness/case.ts';
import { PROFILE_SKIP } from '../harness/signals.ts';
import { raw, expectRawError, expectRawOk, expectRawStatus, md5Hex, patternBytes, type RawClient } from '../harness/raw/index.ts';

const suite = defineSuite('auth-v2', { features: ['sigv2'] });
const SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const V2 = `${SPEC}RESTAuthentication.html`;
const MIN = 60_000;

const bucket = suite.bucket({ label: 'auth-v2' });
const CONTENT = patternBytes(1200, 31);
const object = suite.fixture('object auth-v2/fixture', async (run) => {
  const b = await bucket.get();
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: 'fixture/object', Body: CONTENT }));
  return { bucket: b, key: 'fixture/object' };
});

/** Every case of this file: skipped when the profile does not list SigV2. */
function v2case(decl: CaseDecl, body: (t: CaseContext, r: RawClient) => Promise<void>): void {
  suite.case({ ...decl, claims: ['auth:sigv2', ...(decl.claims ?? [])] }, async (t) => {
    if (!t.run.profile.signatures.includes('v2')) t.skip(PROFILE_SKIP.noV2);
    await body(t, raw(t));
  });
}

function names(list: unknown, field = 'Name'): string[] {
  return [list ?? []].flat().map((x) => (x as Record<string, string>)[field]);
}

// ── service ──────────────────────────────────────────────────────────────────────────────────

v2case(
  { id: 'auth-v2/service/list-buckets', op: 'ListBuckets', spec: `${SPEC}API_ListBuckets.html`, title: 'A SigV2-signed GET / lists the buckets, including this file’s bucket' },
  async (t, r) => {
    const b = await t.use(bucket);
    const res = await r.send({ method: 'GET', sign: 'v2' });
    expectRawOk(res, 200);
    const list = res.xml()?.ListAllMyBucketsResult as { Buckets?: { Bucket?: unknown } } | undefined;
    expect(names(list?.Buckets?.Bucket), 'bucket names').toContain(b);
  },
);

// ── bucket ───────────────────────────────────────────────────────────────────────────────────

v2case(
  { id: 'auth-v2/bucket/create', op: 'CreateBucket', spec: `${SPEC}API_CreateBucket.html`, title: 'A SigV2-signed PUT Bucket creates the bucket (200, then HEAD 200)' },
  async (t, r) => {
    const name = t.bucketName('v2create');
    expectRawOk(await r.send({ method: 'PUT', bucket: name, sign: 'v2' }), 200);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: name }), 200);
  },
);

v2case(
  { id: 'auth-v2/bucket/head', op: 'HeadBucket', spec: `${SPEC}API_HeadBucket.html`, title: 'A SigV2-signed HEAD Bucket answers 200' },
  async (t, r) => {
    const b = await t.use(bucket);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, sign: 'v2' }), 200);
  },
);

v2case(
  { id: 'auth-v2/bucket/list-objects', op: 'ListObjects', spec: `${SPEC}API_ListObjects.html`, title: 'A SigV2-signed GET Bucket (prefix, max-keys: not sub-resources) lists the fixture object' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, sign: 'v2', query: { prefix: 'fixture/', 'max-keys': '10' } });
    expectRawOk(res, 200);
    const list = res.xml()?.ListBucketResult as { Name?: string; Contents?: unknown } | undefined;
    expect(list?.Name, 'ListBucketResult.Name').toBe(o.bucket);
    expect(names(list?.Contents, 'Key'), 'keys').toContain(o.key);
  },
);

v2case(
  { id: 'auth-v2/bucket/delete', op: 'DeleteBucket', spec: `${SPEC}API_DeleteBucket.html`, title: 'A SigV2-signed DELETE Bucket removes an empty bucket (204)' },
  async (t, r) => {
    const b = await t.createBucket({ label: 'v2del' });
    expectRawOk(await r.send({ method: 'DELETE', bucket: b, sign: 'v2' }), 204);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b }), 404);
  },
);

v2case(
  { id: 'auth-v2/bucket/get-acl', op: 'GetBucketAcl', spec: `${SPEC}API_GetBucketAcl.html`, title: 'A SigV2-signed GET ?acl (sub-resource in the canonical resource) returns the AccessControlPolicy' },
  async (t, r) => {
    const b = await t.use(bucket);
    const res = await r.send({ method: 'GET', bucket: b, sign: 'v2', query: { acl: null } });
    expectRawOk(res, 200);
    const acp = res.xml()?.AccessControlPolicy as { Owner?: { ID?: string } } | undefined;
    expect(acp?.Owner?.ID, 'AccessControlPolicy.Owner.ID').toBeTruthy();
  },
);

v2case(
  { id: 'auth-v2/bucket/get-location', op: 'GetBucketLocation', spec: `${SPEC}API_GetBucketLocation.html`, title: 'A SigV2-signed GET ?location answers 200 with a LocationConstraint document' },
  async (t, r) => {
    const b = await t.use(bucket);
    const res = await r.send({ method: 'GET', bucket: b, sign: 'v2', query: { location: null } });
    expectRawOk(res, 200);
    expect(res.xml() && 'LocationConstraint' in res.xml()!, 'a LocationConstraint element').toBe(true);
  },
);

// ── object ───────────────────────────────────────────────────────────────────────────────────

v2case(
  { id: 'auth-v2/object/put', op: 'PutObject', claims: ['header:Content-MD5'], spec: `${SPEC}API_PutObject.html`, title: 'A SigV2-signed PUT with Content-Type, Content-MD5 and x-amz-meta-* stores body and metadata' },
  async (t, r) => {
    const b = await t.use(bucket);
    const key = t.key();
    const body = patternBytes(900, 32);
    const put = await r.send({
      method: 'PUT',
      bucket: b,
      key,
      body,
      sign: 'v2',
      contentMd5: true,
      headers: { 'content-type': 'text/x-s3conform', 'x-amz-meta-color': 'blue', 'X-Amz-Meta-Shape': 'round' },
    });
    expectRawOk(put, 200);
    expect(put.headers.etag, 'ETag').toBe(`"${md5Hex(body)}"`);
    const head = await r.send({ method: 'HEAD', bucket: b, key, sign: 'v2' });
    expectRawStatus(head, 200);
    expect(head.headers['content-type'], 'Content-Type').toBe('text/x-s3conform');
    expect(head.headers['x-amz-meta-color'], 'x-amz-meta-color').toBe('blue');
    expect(head.headers['x-amz-meta-shape'], 'x-amz-meta-shape').toBe('round');
  },
);

v2case(
  { id: 'auth-v2/object/get', op: 'GetObject', spec: `${SPEC}API_GetObject.html`, title: 'A SigV2-signed GET returns the object, byte for byte' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2' });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'body').toBe(true);
  },
);

v2case(
  { id: 'auth-v2/object/head', op: 'HeadObject', spec: `${SPEC}API_HeadObject.html`, title: 'A SigV2-signed HEAD answers 200 with the object length' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'HEAD', bucket: o.bucket, key: o.key, sign: 'v2' });
    expectRawStatus(res, 200);
    expect(res.headers['content-length'], 'Content-Length').toBe(String(CONTENT.length));
  },
);

v2case(
  { id: 'auth-v2/object/delete', op: 'DeleteObject', spec: `${SPEC}API_DeleteObject.html`, title: 'A SigV2-signed DELETE removes the object (204, then 404)' },
  async (t, r) => {
    const b = await t.use(bucket);
    const key = t.key();
    await t.setup('put the object', async () => expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: 'x' }), 200));
    expectRawOk(await r.send({ method: 'DELETE', bucket: b, key, sign: 'v2' }), 204);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

v2case(
  { id: 'auth-v2/object/get-acl', op: 'GetObjectAcl', spec: `${SPEC}API_GetObjectAcl.html`, title: 'A SigV2-signed GET key?acl returns the object’s AccessControlPolicy' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', query: { acl: null } });
    expectRawOk(res, 200);
    const acp = res.xml()?.AccessControlPolicy as { Owner?: { ID?: string } } | undefined;
    expect(acp?.Owner?.ID, 'AccessControlPolicy.Owner.ID').toBeTruthy();
  },
);

v2case(
  { id: 'auth-v2/object/key-special-characters', op: 'PutObject', claims: ['feature:key-special-chars'], spec: V2, title: 'Keys with spaces, unicode and reserved characters sign (URI-encoded resource) and round-trip' },
  async (t, r) => {
    const b = await t.use(bucket);
    const key = `${t.key('sp')} a+b=c~d é 漢`;
    expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: 'special', sign: 'v2' }), 200);
    const get = await r.send({ method: 'GET', bucket: b, key, sign: 'v2' });
    expectRawOk(get, 200);
    expect(get.text(), 'body').toBe('special');
  },
);

v2case(
  { id: 'auth-v2/object/response-override', op: 'GetObject', claims: ['feature:response-header-overrides'], spec: V2, title: 'response-content-type is signed (unencoded) as a sub-resource and overrides Content-Type' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', query: { 'response-content-type': 'text/plain; charset=utf-8' } });
    expectRawOk(res, 200);
    expect(res.headers['content-type'], 'Content-Type').toBe('text/plain; charset=utf-8');
  },
);

// ── multipart ────────────────────────────────────────────────────────────────────────────────

function uploadIdOf(xml: Record<string, unknown> | undefined): string {
  const id = (xml?.InitiateMultipartUploadResult as { UploadId?: string } | undefined)?.UploadId;
  if (!id) throw new Error('InitiateMultipartUploadResult without an UploadId');
  return id;
}

v2case(
  { id: 'auth-v2/multipart/upload', op: 'CompleteMultipartUpload', claims: ['op:CreateMultipartUpload', 'op:UploadPart'], spec: `${SPEC}API_UploadPart.html`, title: 'SigV2-signed ?uploads, ?partNumber&uploadId and ?uploadId complete a multipart upload' },
  async (t, r) => {
    const b = await t.use(bucket);
    const key = t.key();
    const part = patternBytes(4000, 33);
    const init = await r.send({ method: 'POST', bucket: b, key, sign: 'v2', query: { uploads: null } });
    expectRawOk(init, 200);
    const uploadId = uploadIdOf(init.xml());
    const up = await r.send({ method: 'PUT', bucket: b, key, sign: 'v2', query: { partNumber: '1', uploadId }, body: part });
    expectRawOk(up, 200);
    const etag = up.headers.etag;
    expect(etag, 'UploadPart ETag').toBe(`"${md5Hex(part)}"`);
    const done = await r.send({
      method: 'POST',
      bucket: b,
      key,
      sign: 'v2',
      query: { uploadId },
      headers: { 'content-type': 'application/xml' },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expectRawOk(done, 200);
    expect(done.xml()?.CompleteMultipartUploadResult, 'CompleteMultipartUploadResult').toBeDefined();
    const get = await r.send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.body.equals(part), 'the assembled object').toBe(true);
  },
);

v2case(
  { id: 'auth-v2/multipart/abort', op: 'AbortMultipartUpload', claims: ['op:CreateMultipartUpload'], spec: `${SPEC}API_AbortMultipartUpload.html`, title: 'A SigV2-signed DELETE ?uploadId aborts the upload (204)' },
  async (t, r) => {
    const b = await t.use(bucket);
    const key = t.key();
    const init = await r.send({ method: 'POST', bucket: b, key, sign: 'v2', query: { uploads: null } });
    expectRawOk(init, 200);
    const uploadId = uploadIdOf(init.xml());
    expectRawOk(await r.send({ method: 'DELETE', bucket: b, key, sign: 'v2', query: { uploadId } }), 204);
  },
);

// ── query form, credentials, time ───────────────────────────────────────────────────────────

v2case(
  { id: 'auth-v2/query/get-object', op: 'GetObject', claims: ['auth:presign-v2'], spec: `${V2}#RESTAuthenticationQueryStringAuth`, title: 'SigV2 query-string authentication (AWSAccessKeyId, Expires, Signature) returns the object' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2-query', expiresIn: 300 });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'body').toBe(true);
  },
);

v2case(
  { id: 'auth-v2/query/list-buckets', op: 'ListBuckets', claims: ['auth:presign-v2'], spec: `${V2}#RESTAuthenticationQueryStringAuth`, title: 'SigV2 query-string authentication works on the service (GET /)' },
  async (t, r) => {
    const b = await t.use(bucket);
    const res = await r.send({ method: 'GET', sign: 'v2-query' });
    expectRawOk(res, 200);
    const list = res.xml()?.ListAllMyBucketsResult as { Buckets?: { Bucket?: unknown } } | undefined;
    expect(names(list?.Buckets?.Bucket), 'bucket names').toContain(b);
  },
);

v2case(
  { id: 'auth-v2/credentials/wrong-secret', op: 'GetObject', claims: ['error:SignatureDoesNotMatch'], spec: V2, title: 'A SigV2 request signed with the wrong secret is refused with 403 SignatureDoesNotMatch' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', corrupt: { secret: 'wrong-secret-key-0000000000000000000000' } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
  },
);

v2case(
  { id: 'auth-v2/credentials/unknown-access-key', op: 'GetObject', claims: ['error:InvalidAccessKeyId'], spec: V2, title: 'A SigV2 request of an unknown access key is refused with 403 InvalidAccessKeyId' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', corrupt: { accessKeyId: 'AKIAS3CONFORMUNKNOWN' } });
    expectRawError(res, 'InvalidAccessKeyId', 403, t.tolerate);
  },
);

v2case(
  { id: 'auth-v2/credentials/signature-altered', op: 'GetObject', claims: ['error:SignatureDoesNotMatch'], spec: V2, title: 'A SigV2 signature with one character changed is refused with 403 SignatureDoesNotMatch' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', corrupt: { signature: true } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
  },
);

v2case(
  { id: 'auth-v2/header/signed-header-tampered', op: 'PutObject', claims: ['error:SignatureDoesNotMatch'], spec: V2, title: 'Changing Content-Type (part of the string to sign) after signing is refused with 403 SignatureDoesNotMatch' },
  async (t, r) => {
    const b = await t.use(bucket);
    const key = t.key();
    const res = await r.send({ method: 'PUT', bucket: b, key, body: 'x', sign: 'v2', headers: { 'content-type': 'text/plain' }, corrupt: { headersAfterSigning: { 'content-type': 'text/html' } } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
    expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
  },
);

v2case(
  { id: 'auth-v2/time/date-skew', op: 'GetObject', claims: ['header:Date', 'auth:clock-skew', 'error:RequestTimeTooSkewed'], spec: `${V2}#RESTAuthenticationTimeStamp`, title: 'A SigV2 request whose Date is 20 minutes off is refused with 403 RequestTimeTooSkewed' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', corrupt: { clockSkewMs: 20 * MIN } });
    expectRawError(res, 'RequestTimeTooSkewed', 403, t.tolerate);
  },
);

v2case(
  { id: 'auth-v2/time/x-amz-date-instead-of-date', op: 'GetObject', claims: ['header:x-amz-date'], spec: `${V2}#RESTAuthenticationTimeStamp`, title: 'With x-amz-date (signed among the amz headers, Date position empty) the request is accepted' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', headers: { 'x-amz-date': new Date().toUTCString() } });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'body').toBe(true);
  },
);

v2case(
  { id: 'auth-v2/time/missing-date', op: 'GetObject', claims: ['header:Date', 'error:AccessDenied'], spec: `${V2}#RESTAuthenticationTimeStamp`, title: 'A SigV2 request with neither Date nor x-amz-date is refused with 403 AccessDenied' },
  async (t, r) => {
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', corrupt: { dropHeaders: ['date'] } });
    expectRawError(res, 'AccessDenied', 403, t.tolerate);
  },
);

// ── virtual-hosted style (the bucket joins the canonical resource) ──────────────────────────

v2case(
  { id: 'auth-v2/virtual/get-object', op: 'GetObject', features: ['addressing'], claims: ['addressing:virtual'], spec: `${V2}#ConstructingTheCanonicalizedResourceElement`, title: 'A SigV2 virtual-hosted-style GET (/bucket in the canonical resource) returns the object' },
  async (t, r) => {
    if (!r.canAddress('virtual')) t.skip(PROFILE_SKIP.notVirtual);
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'v2', addressing: 'virtual' });
    expectRawOk(res, 200);
    expect(res.body.equals(CONTENT), 'body').toBe(true);
  },
);

v2case(
  { id: 'auth-v2/virtual/list-objects', op: 'ListObjects', features: ['addressing'], claims: ['addressing:virtual'], spec: `${V2}#ConstructingTheCanonicalizedResourceElement`, title: 'A SigV2 virtual-hosted-style listing (canonical resource /bucket/) answers 200' },
  async (t, r) => {
    if (!r.canAddress('virtual')) t.skip(PROFILE_SKIP.notVirtual);
    const o = await t.use(object);
    const res = await r.send({ method: 'GET', bucket: o.bucket, sign: 'v2', addressing: 'virtual', query: { prefix: 'fixture/' } });
    expectRawOk(res, 200);
    const list = res.xml()?.ListBucketResult as { Name?: string; Contents?: unknown } | undefined;
    expect(names(list?.Contents, 'Key'), 'keys').toContain(o.key);
  },
);
