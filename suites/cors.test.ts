// CORS: PutBucketCors, GetBucketCors, DeleteBucketCors and their effect — the browser's OPTIONS
// preflight (sent unsigned, as browsers do) and the Access-Control-* headers on actual requests
// that carry an Origin. Expected answers follow Amazon S3 (recorded AWS behaviour: a matching
// preflight gets 200 with Access-Control-Allow-Origin/-Methods/-Headers/-Max-Age; a refused one
// 403 AccessForbidden; one without Origin 400 BadRequest).
import {
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  type CORSRule,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { checkS3ErrorBody, expectErrorXml } from '../harness/error-xml.ts';
import { check, statusOfResult } from '../harness/expect.ts';
import { rawCall, rawSend, type RawResponse } from '../harness/http-raw-min.ts';

const suite = defineSuite('cors', { features: ['cors'] });
const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const GUIDE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html';
const OPTIONS_SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html';

const APP = 'https://app.example.com';
const RULES: CORSRule[] = [
  { ID: 'app', AllowedOrigins: [APP], AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['*'], MaxAgeSeconds: 3000, ExposeHeaders: ['ETag', 'x-amz-meta-custom'] },
  { ID: 'sub', AllowedOrigins: ['https://*.example.net'], AllowedMethods: ['GET'], AllowedHeaders: ['x-amz-date'], MaxAgeSeconds: 600 },
];
const OBJ = 'obj';
const BODY = 'cors-suite-body';

/** A bucket with RULES and an object `obj`; read-only for the cases. */
const configured = suite.fixture('bucket with a CORS configuration and an object', async (run) => {
  const b = await suite.bucket({ label: 'cors-rules' }).get();
  await run.main.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: RULES } }));
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: OBJ, Body: BODY }));
  return b;
});
/** A bucket whose only rule allows GET from any origin (`*`). */
const wildcard = suite.fixture('bucket with an AllowedOrigin * rule', async (run) => {
  const b = await suite.bucket({ label: 'cors-wild' }).get();
  await run.main.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
  return b;
});
/** A bucket without any CORS configuration (only read: GetBucketCors, DeleteBucketCors, OPTIONS). */
const plain = suite.bucket({ label: 'cors-none' });
/**
 * The target of PutBucketCors requests that must be refused: an endpoint that wrongly accepts one
 * changes only this bucket's configuration, never the one other cases read.
 */
const sink = suite.bucket({ label: 'cors-sink' });

const md5 = (s: string) => createHash('md5').update(s).digest('base64');

/** A browser's preflight: unsigned OPTIONS with Origin and Access-Control-Request-*. */
function preflight(bucket: string, origin: string | undefined, method: string | undefined, headers?: string, key = OBJ): Promise<RawResponse> {
  return rawSend({
    method: 'OPTIONS',
    bucket,
    key,
    identity: 'anonymous',
    headers: {
      ...(origin !== undefined ? { origin } : {}),
      ...(method !== undefined ? { 'access-control-request-method': method } : {}),
      ...(headers !== undefined ? { 'access-control-request-headers': headers } : {}),
    },
  });
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

function expectAllowed(res: RawResponse, origin: string, method: string): void {
  check(res.status === 200, `the preflight must be allowed with 200; endpoint answered ${res.status}`);
  const acao = res.headers['access-control-allow-origin'];
  check(acao === origin, `Access-Control-Allow-Origin must be '${origin}'; got ${acao === undefined ? 'none' : `'${acao}'`}`);
  const methods = list(res.headers['access-control-allow-methods']);
  check(methods.includes(method.toLowerCase()), `Access-Control-Allow-Methods must include ${method}; got '${res.headers['access-control-allow-methods'] ?? ''}'`);
}

/** A refused preflight: AWS names it AccessForbidden; AccessDenied is accepted (see below). */
const DENIED_ALT = [{ code: 'AccessDenied', status: 403, reason: 'a browser only sees the 403 and the missing Access-Control-Allow-Origin (AWS names it AccessForbidden)' }];
const DENIED = { kind: 'oneOf' as const, alternatives: DENIED_ALT };

function expectDenied(t: CaseContext, res: RawResponse): void {
  check(res.headers['access-control-allow-origin'] === undefined, `a refused preflight must carry no Access-Control-Allow-Origin; got '${res.headers['access-control-allow-origin']}'`);
  check(res.status === 403, `the preflight must be refused with 403; endpoint answered ${res.status}`);
  const body = checkS3ErrorBody(t.lastExchange(), {}, res.body.toString('utf8'));
  if (body.Code !== 'AccessForbidden') {
    check(body.Code === 'AccessDenied', `the refusal's Code must be AccessForbidden; got '${body.Code}'`);
    t.tolerate(`AccessDenied/403 accepted: ${DENIED_ALT[0].reason}`);
  }
}

// ── configuration round trip ──────────────────────────────────────────────────────────────────
suite.case(
  { id: 'cors/config/round-trip', op: 'GetBucketCors', claims: ['op:PutBucketCors'], spec: `${API}API_GetBucketCors.html`, title: 'GetBucketCors returns the rules PutBucketCors stored: IDs, origins, methods, headers, MaxAgeSeconds, ExposeHeaders, in order' },
  async (t) => {
    const b = await t.use(configured);
    const res = await t.s3.send(new GetBucketCorsCommand({ Bucket: b }));
    expect(statusOfResult(res), 'GetBucketCors status').toBe(200);
    const got = (res.CORSRules ?? []).map((r) => ({ ID: r.ID, AllowedOrigins: r.AllowedOrigins, AllowedMethods: r.AllowedMethods, AllowedHeaders: r.AllowedHeaders, MaxAgeSeconds: r.MaxAgeSeconds, ExposeHeaders: r.ExposeHeaders }));
    const want = RULES.map((r) => ({ ID: r.ID, AllowedOrigins: r.AllowedOrigins, AllowedMethods: r.AllowedMethods, AllowedHeaders: r.AllowedHeaders, MaxAgeSeconds: r.MaxAgeSeconds, ExposeHeaders: r.ExposeHeaders }));
    check(JSON.stringify(got) === JSON.stringify(want), `GetBucketCors must return the stored rules ${JSON.stringify(want)}; got ${JSON.stringify(got)}`);
  },
);

suite.case(
  { id: 'cors/config/put-200', op: 'PutBucketCors', spec: `${API}API_PutBucketCors.html`, title: 'PutBucketCors with one rule answers 200 and GetBucketCors then returns that rule' },
  async (t) => {
    const b = await t.createBucket({ label: 'put' });
    const put = await t.s3.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
    expect(statusOfResult(put), 'PutBucketCors status').toBe(200);
    const res = await t.s3.send(new GetBucketCorsCommand({ Bucket: b }));
    expect(res.CORSRules?.length, 'number of rules').toBe(1);
    expect(res.CORSRules?.[0]?.AllowedOrigins, 'AllowedOrigins').toEqual(['*']);
    expect(res.CORSRules?.[0]?.AllowedMethods, 'AllowedMethods').toEqual(['GET']);
  },
);

suite.case(
  { id: 'cors/config/put-replaces', op: 'PutBucketCors', claims: ['op:GetBucketCors'], spec: `${API}API_PutBucketCors.html`, title: 'A second PutBucketCors replaces the whole configuration (the old rules are gone)' },
  async (t) => {
    const b = await t.createBucket({ label: 'replace' });
    await t.setup('put a first configuration', () => t.s3.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ ID: 'old', AllowedOrigins: ['https://old.example.com'], AllowedMethods: ['GET'] }] } })));
    await t.s3.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ ID: 'new', AllowedOrigins: ['https://new.example.com'], AllowedMethods: ['PUT'] }] } }));
    const res = await t.s3.send(new GetBucketCorsCommand({ Bucket: b }));
    const ids = (res.CORSRules ?? []).map((r) => `${r.ID}:${(r.AllowedOrigins ?? []).join('|')}`);
    check(ids.join(',') === 'new:https://new.example.com', `only the new rule must remain; got [${ids.join(', ')}]`);
  },
);

suite.case(
  { id: 'cors/config/get-none-404', op: 'GetBucketCors', claims: ['error:NoSuchCORSConfiguration'], spec: `${API}API_GetBucketCors.html`, title: 'GetBucketCors on a bucket without CORS answers 404 NoSuchCORSConfiguration naming the bucket' },
  async (t) => {
    const b = await t.use(plain);
    await expectErrorXml(t, t.s3.send(new GetBucketCorsCommand({ Bucket: b })), 'NoSuchCORSConfiguration', 404, { bucketName: b });
  },
);

suite.case(
  { id: 'cors/config/delete-then-get-404', op: 'DeleteBucketCors', claims: ['error:NoSuchCORSConfiguration', 'op:GetBucketCors'], spec: `${API}API_DeleteBucketCors.html`, title: 'DeleteBucketCors answers 204; GetBucketCors afterwards answers 404 NoSuchCORSConfiguration' },
  async (t) => {
    const b = await t.createBucket({ label: 'delete' });
    await t.setup('put a configuration', () => t.s3.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } })));
    const del = await t.s3.send(new DeleteBucketCorsCommand({ Bucket: b }));
    expect(statusOfResult(del), 'DeleteBucketCors status').toBe(204);
    await expectErrorXml(t, t.s3.send(new GetBucketCorsCommand({ Bucket: b })), 'NoSuchCORSConfiguration', 404, { bucketName: b });
  },
);

suite.case(
  { id: 'cors/config/delete-none-204', op: 'DeleteBucketCors', spec: `${API}API_DeleteBucketCors.html`, title: 'DeleteBucketCors on a bucket without CORS answers 204 (nothing to delete is not an error)' },
  async (t) => {
    const b = await t.use(plain);
    const del = await t.s3.send(new DeleteBucketCorsCommand({ Bucket: b }));
    expect(statusOfResult(del), 'DeleteBucketCors status').toBe(204);
  },
);

suite.case(
  { id: 'cors/config/delete-stops-preflight', op: 'OptionsObject', tolerance: DENIED, claims: ['op:DeleteBucketCors', 'feature:cors-preflight-denied'], spec: `${API}API_DeleteBucketCors.html`, title: 'After DeleteBucketCors a preflight that matched the deleted rule is refused with 403' },
  async (t) => {
    const b = await t.createBucket({ label: 'delpre' });
    await t.setup('put a configuration', () => t.s3.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: [APP], AllowedMethods: ['GET'] }] } })));
    await t.s3.send(new DeleteBucketCorsCommand({ Bucket: b }));
    expectDenied(t, await preflight(b, APP, 'GET'));
  },
);

// ── configuration errors ──────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'cors/config/get-missing-bucket', op: 'GetBucketCors', claims: ['error:NoSuchBucket'], features: ['errors'], spec: `${API}API_GetBucketCors.html`, title: 'GetBucketCors on a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    const b = t.bucketName('missing');
    await expectErrorXml(t, t.s3.send(new GetBucketCorsCommand({ Bucket: b })), 'NoSuchBucket', 404, { bucketName: b });
  },
);

suite.case(
  { id: 'cors/config/put-missing-bucket', op: 'PutBucketCors', claims: ['error:NoSuchBucket'], features: ['errors'], spec: `${API}API_PutBucketCors.html`, title: 'PutBucketCors on a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    const b = t.bucketName('missing');
    await expectErrorXml(t, t.s3.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } })), 'NoSuchBucket', 404, { bucketName: b });
  },
);

suite.case(
  { id: 'cors/config/put-non-owner-403', op: 'PutBucketCors', claims: ['error:AccessDenied'], features: ['errors', 'alt-identity'], spec: `${API}API_PutBucketCors.html`, title: 'PutBucketCors by another account answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(sink);
    await expectErrorXml(t, alt.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'cors/config/get-non-owner-403', op: 'GetBucketCors', claims: ['error:AccessDenied'], features: ['errors', 'alt-identity'], spec: `${API}API_GetBucketCors.html`, title: 'GetBucketCors by another account answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(configured);
    await expectErrorXml(t, alt.send(new GetBucketCorsCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

/** PutBucketCors with a raw XML body (with Content-MD5, as S3 requires for this operation). */
function putCorsRaw(bucket: string, xml: string) {
  return rawCall({ method: 'PUT', bucket, query: { cors: '' }, headers: { 'content-type': 'application/xml', 'content-md5': md5(xml) }, body: xml });
}

suite.case(
  { id: 'cors/config/malformed-xml', op: 'PutBucketCors', claims: ['error:MalformedXML'], features: ['errors', 'raw'], spec: `${API}API_PutBucketCors.html`, title: 'PutBucketCors with a body that is not well-formed XML answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(sink);
    await expectErrorXml(t, putCorsRaw(b, '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET'), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'cors/config/no-rules', op: 'PutBucketCors', claims: ['error:MalformedXML'], features: ['errors', 'raw'], spec: `${API}API_PutBucketCors.html`, title: 'PutBucketCors with a CORSConfiguration holding no CORSRule answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(sink);
    await expectErrorXml(t, putCorsRaw(b, '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></CORSConfiguration>'), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'cors/config/rule-without-method', op: 'PutBucketCors', claims: ['error:MalformedXML'], features: ['errors', 'raw'], spec: `${API}API_CORSRule.html`, title: 'PutBucketCors with a rule lacking the required AllowedMethod answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(sink);
    await expectErrorXml(t, putCorsRaw(b, '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>'), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'cors/config/unsupported-method', op: 'PutBucketCors', claims: ['error:InvalidRequest'], features: ['errors', 'raw'], spec: `${API}API_CORSRule.html`, title: 'PutBucketCors with AllowedMethod PATCH (S3 allows GET, PUT, POST, DELETE, HEAD) answers 400 InvalidRequest' },
  async (t) => {
    const b = await t.use(sink);
    await expectErrorXml(t, putCorsRaw(b, '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>'), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'cors/config/origin-two-wildcards', op: 'PutBucketCors', claims: ['error:InvalidRequest'], features: ['errors', 'raw'], spec: `${API}API_CORSRule.html`, title: 'PutBucketCors with an AllowedOrigin holding two * wildcards answers 400 InvalidRequest (at most one wildcard)' },
  async (t) => {
    const b = await t.use(sink);
    await expectErrorXml(t, putCorsRaw(b, '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedOrigin>https://*.*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>'), 'InvalidRequest', 400);
  },
);

// ── preflight (OPTIONS) ───────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'cors/preflight/allowed', op: 'OptionsObject', claims: ['feature:cors-preflight-allowed'], spec: OPTIONS_SPEC, title: 'A preflight matching a rule answers 200 with Access-Control-Allow-Origin (the origin) and -Allow-Methods including the method' },
  async (t) => {
    const b = await t.use(configured);
    expectAllowed(await preflight(b, APP, 'PUT'), APP, 'PUT');
  },
);

suite.case(
  { id: 'cors/preflight/max-age', op: 'OptionsObject', claims: ['feature:cors-preflight-allowed'], spec: OPTIONS_SPEC, title: 'An allowed preflight carries Access-Control-Max-Age = the rule’s MaxAgeSeconds (3000)' },
  async (t) => {
    const b = await t.use(configured);
    const res = await preflight(b, APP, 'GET');
    expectAllowed(res, APP, 'GET');
    check(res.headers['access-control-max-age'] === '3000', `Access-Control-Max-Age must be 3000; got ${res.headers['access-control-max-age'] ?? 'none'}`);
  },
);

suite.case(
  { id: 'cors/preflight/allow-headers-echo', op: 'OptionsObject', claims: ['feature:cors-preflight-allowed'], spec: OPTIONS_SPEC, title: 'With AllowedHeader *, an allowed preflight lists every requested header in Access-Control-Allow-Headers' },
  async (t) => {
    const b = await t.use(configured);
    const res = await preflight(b, APP, 'PUT', 'content-type, x-amz-meta-custom');
    expectAllowed(res, APP, 'PUT');
    const got = list(res.headers['access-control-allow-headers']);
    for (const h of ['content-type', 'x-amz-meta-custom']) check(got.includes(h), `Access-Control-Allow-Headers must include ${h}; got '${res.headers['access-control-allow-headers'] ?? ''}'`);
  },
);

suite.case(
  { id: 'cors/preflight/expose-headers', op: 'OptionsObject', claims: ['feature:cors-preflight-allowed'], spec: `${API}API_CORSRule.html`, title: 'An allowed preflight carries Access-Control-Expose-Headers with the rule’s ExposeHeaders' },
  async (t) => {
    const b = await t.use(configured);
    const res = await preflight(b, APP, 'GET');
    expectAllowed(res, APP, 'GET');
    const got = list(res.headers['access-control-expose-headers']);
    for (const h of ['etag', 'x-amz-meta-custom']) check(got.includes(h), `Access-Control-Expose-Headers must include ${h}; got '${res.headers['access-control-expose-headers'] ?? ''}'`);
  },
);

suite.case(
  { id: 'cors/preflight/specific-header-allowed', op: 'OptionsObject', claims: ['feature:cors-preflight-allowed'], spec: OPTIONS_SPEC, title: 'A preflight requesting a header the rule names in AllowedHeader is allowed and the header is echoed' },
  async (t) => {
    const b = await t.use(configured);
    const origin = 'https://a.example.net';
    const res = await preflight(b, origin, 'GET', 'x-amz-date');
    expectAllowed(res, origin, 'GET');
    check(list(res.headers['access-control-allow-headers']).includes('x-amz-date'), `Access-Control-Allow-Headers must include x-amz-date; got '${res.headers['access-control-allow-headers'] ?? ''}'`);
  },
);

suite.case(
  { id: 'cors/preflight/wildcard-subdomain-origin', op: 'OptionsObject', claims: ['feature:cors-preflight-allowed'], spec: `${API}API_CORSRule.html`, title: 'AllowedOrigin https://*.example.net matches https://a.example.net: the preflight answers 200 with that origin' },
  async (t) => {
    const b = await t.use(configured);
    expectAllowed(await preflight(b, 'https://a.example.net', 'GET'), 'https://a.example.net', 'GET');
  },
);

suite.case(
  { id: 'cors/preflight/wildcard-origin-any', op: 'OptionsObject', claims: ['feature:cors-preflight-allowed'], spec: `${API}API_CORSRule.html`, title: 'AllowedOrigin * allows a preflight from any origin: 200 with Access-Control-Allow-Origin * (AWS) or the origin echoed' },
  async (t) => {
    const b = await t.use(wildcard);
    const origin = 'https://anything.example.org';
    const res = await preflight(b, origin, 'GET');
    check(res.status === 200, `the preflight must be allowed with 200; endpoint answered ${res.status}`);
    const acao = res.headers['access-control-allow-origin'];
    check(acao === '*' || acao === origin, `Access-Control-Allow-Origin must be '*' (or the origin); got ${acao === undefined ? 'none' : `'${acao}'`}`);
    if (acao === origin) t.tolerate('the origin echoed instead of *: equivalent for requests without credentials');
    check(list(res.headers['access-control-allow-methods']).includes('get'), `Access-Control-Allow-Methods must include GET; got '${res.headers['access-control-allow-methods'] ?? ''}'`);
  },
);

suite.case(
  { id: 'cors/preflight/denied-origin', op: 'OptionsObject', tolerance: DENIED, claims: ['feature:cors-preflight-denied'], spec: OPTIONS_SPEC, title: 'A preflight from an origin no rule allows answers 403 (AccessForbidden) without Access-Control-Allow-Origin' },
  async (t) => {
    const b = await t.use(configured);
    expectDenied(t, await preflight(b, 'https://evil.example.org', 'GET'));
  },
);

suite.case(
  { id: 'cors/preflight/denied-method', op: 'OptionsObject', tolerance: DENIED, claims: ['feature:cors-preflight-denied'], spec: OPTIONS_SPEC, title: 'A preflight for a method the matching rule does not allow (DELETE) answers 403' },
  async (t) => {
    const b = await t.use(configured);
    expectDenied(t, await preflight(b, APP, 'DELETE'));
  },
);

suite.case(
  { id: 'cors/preflight/denied-header', op: 'OptionsObject', tolerance: DENIED, claims: ['feature:cors-preflight-denied'], spec: OPTIONS_SPEC, title: 'A preflight requesting a header the rule does not allow answers 403' },
  async (t) => {
    const b = await t.use(configured);
    expectDenied(t, await preflight(b, 'https://a.example.net', 'GET', 'x-custom-header'));
  },
);

suite.case(
  { id: 'cors/preflight/wildcard-subdomain-no-bare-domain', op: 'OptionsObject', tolerance: DENIED, claims: ['feature:cors-preflight-denied'], spec: `${API}API_CORSRule.html`, title: 'AllowedOrigin https://*.example.net does not match https://example.net.evil.org: the preflight answers 403' },
  async (t) => {
    const b = await t.use(configured);
    expectDenied(t, await preflight(b, 'https://example.net.evil.org', 'GET'));
  },
);

suite.case(
  { id: 'cors/preflight/no-configuration', op: 'OptionsObject', tolerance: DENIED, claims: ['feature:cors-preflight-denied'], spec: OPTIONS_SPEC, title: 'A preflight on a bucket without CORS answers 403 (CORS is not enabled for this bucket)' },
  async (t) => {
    const b = await t.use(plain);
    expectDenied(t, await preflight(b, APP, 'GET'));
  },
);

suite.case(
  { id: 'cors/preflight/no-origin-400', op: 'OptionsObject', features: ['errors'], spec: OPTIONS_SPEC, title: 'An OPTIONS request without Origin answers 400 BadRequest (Origin request header needed)' },
  async (t) => {
    const b = await t.use(configured);
    const res = await preflight(b, undefined, 'GET');
    check(res.status === 400, `OPTIONS without Origin must answer 400; endpoint answered ${res.status}`);
    checkS3ErrorBody(t.lastExchange(), { code: 'BadRequest' }, res.body.toString('utf8'));
  },
);

// ── actual requests with Origin ───────────────────────────────────────────────────────────────
function getWithOrigin(bucket: string, origin?: string): Promise<RawResponse> {
  return rawSend({ method: 'GET', bucket, key: OBJ, ...(origin ? { headers: { origin } } : {}) });
}

suite.case(
  { id: 'cors/actual/get-allowed-origin', op: 'GetObject', claims: ['feature:cors-response-headers'], spec: GUIDE, title: 'A GetObject with an allowed Origin answers 200 with Access-Control-Allow-Origin = the origin and the object body' },
  async (t) => {
    const b = await t.use(configured);
    const res = await getWithOrigin(b, APP);
    check(res.status === 200, `GetObject must answer 200; endpoint answered ${res.status}`);
    check(res.body.toString() === BODY, 'GetObject must return the object body');
    const acao = res.headers['access-control-allow-origin'];
    check(acao === APP, `Access-Control-Allow-Origin must be '${APP}'; got ${acao === undefined ? 'none' : `'${acao}'`}`);
  },
);

suite.case(
  { id: 'cors/actual/get-expose-headers', op: 'GetObject', claims: ['feature:cors-response-headers'], spec: `${API}API_CORSRule.html`, title: 'A GetObject with an allowed Origin carries Access-Control-Expose-Headers with the rule’s ExposeHeaders' },
  async (t) => {
    const b = await t.use(configured);
    const res = await getWithOrigin(b, APP);
    check(res.status === 200, `GetObject must answer 200; endpoint answered ${res.status}`);
    const got = list(res.headers['access-control-expose-headers']);
    for (const h of ['etag', 'x-amz-meta-custom']) check(got.includes(h), `Access-Control-Expose-Headers must include ${h}; got '${res.headers['access-control-expose-headers'] ?? ''}'`);
  },
);

suite.case(
  { id: 'cors/actual/get-disallowed-origin', op: 'GetObject', claims: ['feature:cors-response-headers'], spec: GUIDE, title: 'A GetObject with an Origin no rule allows is still served (200) but without Access-Control-Allow-Origin' },
  async (t) => {
    const b = await t.use(configured);
    const res = await getWithOrigin(b, 'https://evil.example.org');
    check(res.status === 200, `GetObject must answer 200; endpoint answered ${res.status}`);
    check(res.headers['access-control-allow-origin'] === undefined, `no Access-Control-Allow-Origin for a disallowed origin; got '${res.headers['access-control-allow-origin']}'`);
  },
);

suite.case(
  { id: 'cors/actual/get-without-origin', op: 'GetObject', claims: ['feature:cors-response-headers'], spec: GUIDE, title: 'A GetObject without Origin carries no Access-Control-Allow-Origin' },
  async (t) => {
    const b = await t.use(configured);
    const res = await getWithOrigin(b);
    check(res.status === 200, `GetObject must answer 200; endpoint answered ${res.status}`);
    check(res.headers['access-control-allow-origin'] === undefined, `no Access-Control-Allow-Origin without an Origin; got '${res.headers['access-control-allow-origin']}'`);
  },
);

suite.case(
  { id: 'cors/actual/head-allowed-origin', op: 'HeadObject', claims: ['feature:cors-response-headers'], spec: GUIDE, title: 'A HeadObject with an allowed Origin (HEAD is in the rule) answers 200 with Access-Control-Allow-Origin' },
  async (t) => {
    const b = await t.use(configured);
    const res = await rawSend({ method: 'HEAD', bucket: b, key: OBJ, headers: { origin: APP } });
    check(res.status === 200, `HeadObject must answer 200; endpoint answered ${res.status}`);
    check(res.headers['access-control-allow-origin'] === APP, `Access-Control-Allow-Origin must be '${APP}'; got '${res.headers['access-control-allow-origin'] ?? 'none'}'`);
  },
);
