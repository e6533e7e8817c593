// Protocol-level behaviour: API version namespace, transport scheme, Host and Authorization
// headers, unknown request headers, common response headers, signed time format, service name.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite } from '../harness/case.ts';
import { raw, expectRawError, expectRawOk, expectRawStatus, md5Hex, type RawResponse } from '../harness/raw/index.ts';
import { PROFILE_SKIP_PREFIX } from '../harness/signals.ts';

const suite = defineSuite('protocol', { features: ['raw'] });
const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const COMMON_RESPONSE = `${API}RESTCommonResponseHeaders.html`;
const COMMON_REQUEST = `${API}RESTCommonRequestHeaders.html`;
const SIGV4 = `${API}sig-v4-header-based-auth.html`;
const ERRORS = `${API}ErrorResponses.html`;
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const CONTENT = 'protocol fixture object\n';
const BODY = 'protocol upload body 0123456789\n';

const bucket = suite.bucket({ label: 'protocol' });
const object = suite.fixture('object protocol/fixture', async (run) => {
  const b = await bucket.get();
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: 'fixture/object', Body: CONTENT }));
  return { bucket: b, key: 'fixture/object' };
});

function rootWithNamespace(res: RawResponse, root: string): void {
  const head = res.text().slice(0, 400);
  const m = new RegExp(`<${root}(\\s[^>]*)?>`).exec(head);
  expect(m?.[0] ?? `(no <${root}> element in ${JSON.stringify(head.slice(0, 160))})`, `<${root}> must carry xmlns="${NS}"`).toMatch(new RegExp(`xmlns="${NS.replace(/[./]/g, '\\$&')}"`));
}

// ── api:version-2006-03-01 ──────────────────────────────────────────────────────────────────

suite.case(
  { id: 'protocol/api-version/list-buckets-namespace', op: 'ListBuckets', claims: ['api:version-2006-03-01'], spec: `${API}API_ListBuckets.html`, title: `ListAllMyBucketsResult carries the 2006-03-01 namespace` },
  async (t) => {
    const res = await raw(t).send({ method: 'GET' });
    expectRawOk(res, 200);
    rootWithNamespace(res, 'ListAllMyBucketsResult');
  },
);

suite.case(
  { id: 'protocol/api-version/list-objects-namespace', op: 'ListObjects', claims: ['api:version-2006-03-01'], spec: `${API}API_ListObjects.html`, title: `ListBucketResult carries the 2006-03-01 namespace` },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket });
    expectRawOk(res, 200);
    rootWithNamespace(res, 'ListBucketResult');
  },
);

suite.case(
  { id: 'protocol/api-version/get-acl-namespace', op: 'GetBucketAcl', claims: ['api:version-2006-03-01'], spec: `${API}API_GetBucketAcl.html`, title: `AccessControlPolicy (GetBucketAcl) carries the 2006-03-01 namespace` },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({ method: 'GET', bucket: b, query: { acl: null } });
    expectRawOk(res, 200);
    rootWithNamespace(res, 'AccessControlPolicy');
  },
);

// ── transport:https / transport:http ────────────────────────────────────────────────────────

for (const scheme of ['https', 'http'] as const) {
  const onScheme = (t: { run: { profile: { endpoint: string } }; skip(r: string): never }) => {
    const actual = new URL(t.run.profile.endpoint).protocol.replace(/:$/, '');
    if (actual !== scheme) t.skip(`${PROFILE_SKIP_PREFIX}endpoint uses ${actual}; this case checks requests over ${scheme}`);
  };

  suite.case(
    { id: `protocol/transport/${scheme}-list-buckets`, op: 'ListBuckets', claims: [`transport:${scheme}`], spec: `${API}API_ListBuckets.html`, title: `ListBuckets over ${scheme} answers 200 ListAllMyBucketsResult` },
    async (t) => {
      onScheme(t);
      const res = await raw(t).send({ method: 'GET' });
      expectRawOk(res, 200);
      expect(Object.keys(res.xml() ?? {}), 'root element').toEqual(['ListAllMyBucketsResult']);
    },
  );

  suite.case(
    { id: `protocol/transport/${scheme}-put-get`, op: 'PutObject', claims: [`transport:${scheme}`, 'op:GetObject'], spec: `${API}API_PutObject.html`, title: `An object PUT over ${scheme} reads back byte for byte` },
    async (t) => {
      onScheme(t);
      const b = await t.use(bucket);
      const key = t.key();
      const put = await raw(t).send({ method: 'PUT', bucket: b, key, body: BODY });
      expectRawOk(put, 200);
      const get = await raw(t).send({ method: 'GET', bucket: b, key });
      expectRawOk(get, 200);
      expect(get.text(), 'body').toBe(BODY);
    },
  );

  suite.case(
    { id: `protocol/transport/${scheme}-error-answer`, op: 'GetObject', claims: [`transport:${scheme}`, 'error:NoSuchKey'], spec: ERRORS, title: `A missing key over ${scheme} answers 404 NoSuchKey with an S3 error document` },
    async (t) => {
      onScheme(t);
      const b = await t.use(bucket);
      const res = await raw(t).send({ method: 'GET', bucket: b, key: t.key('missing') });
      expectRawError(res, 'NoSuchKey', 404, t.tolerate);
    },
  );
}

// ── header:Host ─────────────────────────────────────────────────────────────────────────────

/** The Host the raw layer sends, with another port: same host name (same routing), another value. */
function otherHost(host: string): string {
  const m = /^(.*?)(?::(\d+))?$/.exec(host)!;
  const port = m[2] === '1' ? '2' : '1';
  return `${m[1]}:${port}`;
}

suite.case(
  { id: 'protocol/host/correct-accepted', op: 'GetObject', claims: ['header:Host', 'auth:sigv4'], spec: SIGV4, title: 'A request whose signed Host is the endpoint host returns the object' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key });
    expectRawOk(res, 200);
    expect(res.request.headers.host, 'the Host sent').toBeTruthy();
    expect(res.text(), 'body').toBe(CONTENT);
  },
);

suite.case(
  { id: 'protocol/host/changed-after-signing', op: 'GetObject', claims: ['header:Host', 'error:SignatureDoesNotMatch'], spec: SIGV4, title: 'A Host header changed after signing (other port) is refused with 403 SignatureDoesNotMatch' },
  async (t) => {
    const o = await t.use(object);
    const r = raw(t);
    const host = (await r.prepare({ method: 'GET', bucket: o.bucket, key: o.key })).headers.host!;
    const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { headersAfterSigning: { host: otherHost(host) } } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
  },
);

suite.case(
  { id: 'protocol/host/signed-for-other-host', op: 'ListObjects', claims: ['header:Host', 'error:SignatureDoesNotMatch'], spec: SIGV4, title: 'A request signed over another Host value than the one sent is refused with 403 SignatureDoesNotMatch' },
  async (t) => {
    const b = await t.use(bucket);
    const r = raw(t);
    const host = (await r.prepare({ method: 'GET', bucket: b })).headers.host!;
    const res = await r.send({ method: 'GET', bucket: b, headers: { host: otherHost(host) }, corrupt: { headersAfterSigning: { host } } });
    expectRawError(res, 'SignatureDoesNotMatch', 403, t.tolerate);
  },
);

// ── header:Authorization ────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'protocol/authorization/missing-private', op: 'GetObject', claims: ['header:Authorization', 'error:AccessDenied'], spec: ERRORS, title: 'A GET of a private object without Authorization is refused with 403 AccessDenied' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, sign: 'none' });
    expectRawError(res, 'AccessDenied', 403, t.tolerate);
  },
);

suite.case(
  { id: 'protocol/authorization/malformed', op: 'GetObject', claims: ['header:Authorization', 'error:AuthorizationHeaderMalformed'], spec: SIGV4, title: 'A SigV4 Authorization header without its Signature component is refused with 400 AuthorizationHeaderMalformed' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { authorization: (v) => v.replace(/,\s*Signature=[0-9a-f]+/, '') } });
    expectRawError(res, {
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      oneOf: [{ code: 'InvalidArgument', status: 400, reason: 'S3 answers InvalidArgument for some malformed Authorization headers' }],
    }, undefined, t.tolerate);
  },
);

suite.case(
  { id: 'protocol/authorization/valid', op: 'GetObject', claims: ['header:Authorization', 'auth:sigv4'], spec: SIGV4, title: 'A GET with a valid SigV4 Authorization header returns the object' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key });
    expectRawOk(res, 200);
    expect(res.request.headers.authorization ?? '', 'Authorization sent').toMatch(/^AWS4-HMAC-SHA256 /);
    expect(res.text(), 'body').toBe(CONTENT);
  },
);

// ── header:Expect-100-continue ──────────────────────────────────────────────────────────────

suite.case(
  { id: 'protocol/expect-100/with-content-md5', op: 'PutObject', claims: ['header:Expect-100-continue', 'header:Content-MD5'], spec: COMMON_REQUEST, title: 'A PUT with Expect: 100-continue and Content-MD5 gets 100 Continue, 200, and stores the body' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const put = await raw(t).send({ method: 'PUT', bucket: b, key, body: BODY, expect100: true, contentMd5: true });
    expect(put.continued, 'the endpoint must answer 100 Continue to the headers').toBe(true);
    expectRawOk(put, 200);
    const get = await raw(t).send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.text(), 'stored body').toBe(BODY);
  },
);

// ── header:unlisted-ignored ─────────────────────────────────────────────────────────────────

suite.case(
  { id: 'protocol/unlisted-header/put-unsigned', op: 'PutObject', claims: ['header:unlisted-ignored'], spec: COMMON_REQUEST, title: 'A PUT carrying an unknown unsigned X-Custom header succeeds and stores the body unchanged' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const put = await raw(t).send({ method: 'PUT', bucket: b, key, body: BODY, corrupt: { headersAfterSigning: { 'x-custom-trace': 'abc123' } } });
    expectRawOk(put, 200);
    expect(put.headers.etag, 'ETag').toBe(`"${md5Hex(BODY)}"`);
    const get = await raw(t).send({ method: 'GET', bucket: b, key });
    expectRawOk(get, 200);
    expect(get.text(), 'stored body').toBe(BODY);
  },
);

suite.case(
  { id: 'protocol/unlisted-header/put-signed', op: 'PutObject', claims: ['header:unlisted-ignored'], spec: COMMON_REQUEST, title: 'A PUT carrying a signed unknown X-Custom header succeeds; the header is not stored as metadata' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const put = await raw(t).send({ method: 'PUT', bucket: b, key, body: BODY, headers: { 'x-custom-client': 'conformance' } });
    expectRawOk(put, 200);
    const head = await raw(t).send({ method: 'HEAD', bucket: b, key });
    expectRawStatus(head, 200);
    expect(head.headers['content-length'], 'stored size').toBe(String(Buffer.byteLength(BODY)));
    expect(head.headers.etag, 'ETag').toBe(`"${md5Hex(BODY)}"`);
    expect(head.headers['x-custom-client'], 'an unknown request header is not stored').toBeUndefined();
  },
);

suite.case(
  { id: 'protocol/unlisted-header/get', op: 'GetObject', claims: ['header:unlisted-ignored'], spec: COMMON_REQUEST, title: 'A GET carrying an unknown X-Custom header returns the object' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, headers: { 'x-custom-trace': 'abc123' } });
    expectRawOk(res, 200);
    expect(res.text(), 'body').toBe(CONTENT);
  },
);

// ── response headers ────────────────────────────────────────────────────────────────────────

type Answer = 'get' | 'put' | 'error';
async function answer(t: Parameters<Parameters<typeof suite.case>[1]>[0], kind: Answer): Promise<RawResponse> {
  if (kind === 'get') {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key });
    expectRawOk(res, 200);
    expect(res.text(), 'body').toBe(CONTENT);
    return res;
  }
  const b = await t.use(bucket);
  if (kind === 'put') {
    const res = await raw(t).send({ method: 'PUT', bucket: b, key: t.key(), body: BODY });
    expectRawOk(res, 200);
    return res;
  }
  const res = await raw(t).send({ method: 'GET', bucket: b, key: t.key('missing') });
  expectRawError(res, 'NoSuchKey', 404, t.tolerate);
  return res;
}
const ANSWERS: Record<Answer, { op: string; what: string }> = {
  get: { op: 'GetObject', what: 'a GetObject answer (200)' },
  put: { op: 'PutObject', what: 'a PutObject answer (200)' },
  error: { op: 'GetObject', what: 'an error answer (404 NoSuchKey)' },
};
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const RESPONSE_HEADERS: { claim: string; slug: string; kinds: Answer[]; title: string; check: (res: RawResponse) => void }[] = [
  {
    claim: 'header:response-Content-Length', slug: 'content-length', kinds: ['get', 'put', 'error'], title: 'carries Content-Length equal to the body length',
    check: (res) => expect(res.headers['content-length'], 'Content-Length').toBe(String(res.body.length)),
  },
  {
    claim: 'header:response-Connection', slug: 'connection', kinds: ['get', 'put', 'error'], title: 'carries Connection (keep-alive or close)',
    check: (res) => expect(res.headers.connection ?? '(no Connection header)', 'Connection').toMatch(/^(keep-alive|close)$/i),
  },
  {
    claim: 'header:response-Date', slug: 'date', kinds: ['get', 'put', 'error'], title: 'carries an RFC 1123 Date within 5 minutes of now',
    check: (res) => {
      const d = res.headers.date ?? '(no Date header)';
      expect(d, 'Date in RFC 1123 form').toMatch(RFC1123);
      expect(Math.abs(Date.parse(d) - Date.now()), 'Date within 5 minutes of now (ms)').toBeLessThan(5 * 60_000);
    },
  },
  {
    claim: 'header:response-x-amz-request-id', slug: 'request-id', kinds: ['get', 'put', 'error'], title: 'carries a non-empty x-amz-request-id',
    check: (res) => expect(res.headers['x-amz-request-id'] ?? '', 'x-amz-request-id').toMatch(/\S/),
  },
];

for (const h of RESPONSE_HEADERS) {
  for (const kind of h.kinds) {
    suite.case(
      { id: `protocol/response-header/${h.slug}-${kind}`, op: ANSWERS[kind].op, claims: [h.claim], spec: COMMON_RESPONSE, title: `${ANSWERS[kind].what} ${h.title}` },
      async (t) => {
        h.check(await answer(t, kind));
      },
    );
  }
}

suite.case(
  { id: 'protocol/response-header/etag-get', op: 'GetObject', claims: ['header:response-ETag'], spec: COMMON_RESPONSE, title: 'A GetObject answer carries the quoted MD5 ETag of the object' },
  async (t) => {
    const res = await answer(t, 'get');
    expect(res.headers.etag, 'ETag').toBe(`"${md5Hex(CONTENT)}"`);
  },
);

suite.case(
  { id: 'protocol/response-header/etag-put', op: 'PutObject', claims: ['header:response-ETag'], spec: COMMON_RESPONSE, title: 'A PutObject answer carries the quoted MD5 ETag of the body' },
  async (t) => {
    const res = await answer(t, 'put');
    expect(res.headers.etag, 'ETag').toBe(`"${md5Hex(BODY)}"`);
  },
);

suite.case(
  { id: 'protocol/response-header/etag-head', op: 'HeadObject', claims: ['header:response-ETag'], spec: COMMON_RESPONSE, title: 'A HeadObject answer carries the quoted MD5 ETag of the object' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'HEAD', bucket: o.bucket, key: o.key });
    expectRawStatus(res, 200);
    expect(res.headers.etag, 'ETag').toBe(`"${md5Hex(CONTENT)}"`);
  },
);

// ── auth:signed-time-format ─────────────────────────────────────────────────────────────────

suite.case(
  { id: 'protocol/signed-time/iso-basic-accepted', op: 'GetObject', claims: ['auth:signed-time-format', 'header:x-amz-date'], spec: SIGV4, title: "A request signed with x-amz-date in YYYYMMDD'T'HHMMSS'Z' returns the object" },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key });
    expect(res.request.headers['x-amz-date'] ?? '', 'x-amz-date sent').toMatch(/^\d{8}T\d{6}Z$/);
    expectRawOk(res, 200);
    expect(res.text(), 'body').toBe(CONTENT);
  },
);

const BAD_DATE_REFUSED = (t: { tolerate(n: string): void }, res: RawResponse) =>
  expectRawError(res, {
    code: 'AccessDenied',
    status: 403,
    oneOf: [{ code: 'SignatureDoesNotMatch', status: 403, reason: 'the request time is refused through the signature check (the signed string differs from the sent one)' }],
  }, undefined, t.tolerate);

suite.case(
  { id: 'protocol/signed-time/iso-extended-refused', op: 'GetObject', claims: ['auth:signed-time-format', 'header:x-amz-date', 'error:AccessDenied'], spec: SIGV4, title: 'An x-amz-date in ISO 8601 extended form (2026-01-01T00:00:00Z) is refused with 403 AccessDenied' },
  async (t) => {
    const o = await t.use(object);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { headersAfterSigning: { 'x-amz-date': now } } });
    BAD_DATE_REFUSED(t, res);
  },
);

suite.case(
  { id: 'protocol/signed-time/epoch-refused', op: 'GetObject', claims: ['auth:signed-time-format', 'header:x-amz-date', 'error:AccessDenied'], spec: SIGV4, title: 'An x-amz-date given as Unix epoch seconds is refused with 403 AccessDenied' },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { headersAfterSigning: { 'x-amz-date': String(Math.floor(Date.now() / 1000)) } } });
    BAD_DATE_REFUSED(t, res);
  },
);

// ── auth:service-name-s3 ────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'protocol/service-name/s3-accepted', op: 'ListBuckets', claims: ['auth:service-name-s3', 'auth:sigv4'], spec: SIGV4, title: "A request signed for service 's3' answers 200" },
  async (t) => {
    const res = await raw(t).send({ method: 'GET', corrupt: { service: 's3' } });
    expectRawOk(res, 200);
    expect(res.request.headers.authorization ?? '', 'credential scope').toMatch(/Credential=[^,]*\/s3\/aws4_request/);
    expect(Object.keys(res.xml() ?? {}), 'root element').toEqual(['ListAllMyBucketsResult']);
  },
);

const WRONG_SERVICE = {
  code: 'AuthorizationHeaderMalformed',
  status: 400,
  oneOf: [{ code: 'SignatureDoesNotMatch', status: 403, reason: 'the service name is checked through the signature instead of the scope' }],
};

suite.case(
  { id: 'protocol/service-name/other-service-refused', op: 'ListObjects', claims: ['auth:service-name-s3', 'error:AuthorizationHeaderMalformed'], spec: ERRORS, title: "A ListObjects signed for service 'sts' is refused with 400 AuthorizationHeaderMalformed" },
  async (t) => {
    const b = await t.use(bucket);
    const res = await raw(t).send({ method: 'GET', bucket: b, corrupt: { service: 'sts' } });
    expectRawError(res, WRONG_SERVICE, undefined, t.tolerate);
  },
);

suite.case(
  { id: 'protocol/service-name/uppercase-refused', op: 'GetObject', claims: ['auth:service-name-s3', 'error:AuthorizationHeaderMalformed'], spec: ERRORS, title: "A GetObject signed for service 'S3' (wrong case) is refused with 400 AuthorizationHeaderMalformed" },
  async (t) => {
    const o = await t.use(object);
    const res = await raw(t).send({ method: 'GET', bucket: o.bucket, key: o.key, corrupt: { service: 'S3' } });
    expectRawError(res, WRONG_SERVICE, undefined, t.tolerate);
  },
);
