// Multi-Object Delete (DeleteObjects, POST /{bucket}?delete): existing and missing keys, Quiet
// mode, the 1000-key limit, the integrity header (Content-MD5 historically, a flexible checksum
// with current SDKs, neither → refused), per-key errors, version ids on a non-versioned bucket,
// and malformed request bodies.
import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type DeleteObjectsCommandOutput,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { expectErrorXml } from '../harness/error-xml.ts';
import { check, expectS3Status, statusOfResult } from '../harness/expect.ts';
import { rawCall } from '../harness/http-raw-min.ts';

const suite = defineSuite('delete-multiple', { features: ['delete-multiple'] });
const SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html';
const bucket = suite.bucket({ label: 'delete-multiple' });

const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('base64');
/**
 * A key without '/': the keys one request deletes never share a "directory", so an endpoint
 * that stores objects as files cannot race on removing the emptied parent.
 */
const flatKey = (t: CaseContext, label?: string) => t.key(label).replaceAll('/', '-');

async function putKeys(t: CaseContext, b: string, keys: string[]): Promise<void> {
  await t.setup(`put ${keys.length} object(s)`, () => Promise.all(keys.map((Key) => t.s3.send(new PutObjectCommand({ Bucket: b, Key, Body: 'x' })))));
}

function deleted(res: DeleteObjectsCommandOutput): string[] {
  return (res.Deleted ?? []).map((d) => d.Key ?? '(no Key)').sort();
}
function errors(res: DeleteObjectsCommandOutput): string[] {
  return (res.Errors ?? []).map((e) => `${e.Key ?? '(no Key)'}:${e.Code ?? '(no Code)'}`).sort();
}

function expectResult(res: DeleteObjectsCommandOutput, wantDeleted: string[], wantErrors: string[] = []): void {
  expect(statusOfResult(res), 'DeleteObjects status').toBe(200);
  const d = deleted(res).join(', ');
  const e = errors(res).join(', ');
  check(e === [...wantErrors].sort().join(', '), `DeleteResult must report the errors [${[...wantErrors].sort().join(', ')}]; got [${e}]`);
  check(d === [...wantDeleted].sort().join(', '), `DeleteResult must report Deleted for [${[...wantDeleted].sort().join(', ')}]; got [${d}]`);
}

async function remaining(t: CaseContext, b: string, prefix: string): Promise<string[]> {
  const r = await t.s3.send(new ListObjectsCommand({ Bucket: b, Prefix: prefix }));
  return (r.Contents ?? []).map((c) => c.Key ?? '');
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const deleteXml = (keys: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${keys.map((k) => `<Object><Key>${xmlEscape(k)}</Key></Object>`).join('')}</Delete>`;

// ── results ───────────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'delete-multiple/existing/deleted-and-gone', op: 'DeleteObjects', spec: SPEC, title: 'DeleteObjects of two existing keys answers 200, reports both as Deleted, and the objects are gone' },
  async (t) => {
    const b = await t.use(bucket);
    const prefix = flatKey(t, 'p');
    const keys = [`${prefix}-a`, `${prefix}-b`];
    await putKeys(t, b, keys);
    expectResult(await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: keys.map((Key) => ({ Key })) } })), keys);
    expect(await remaining(t, b, `${prefix}-`), 'keys left under the prefix').toEqual([]);
  },
);

suite.case(
  { id: 'delete-multiple/existing/others-untouched', op: 'DeleteObjects', spec: SPEC, title: 'DeleteObjects removes only the keys it names: a sibling object stays' },
  async (t) => {
    const b = await t.use(bucket);
    const prefix = flatKey(t, 'p');
    await putKeys(t, b, [`${prefix}-gone`, `${prefix}-kept`]);
    expectResult(await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: `${prefix}-gone` }] } })), [`${prefix}-gone`]);
    expect(await remaining(t, b, `${prefix}-`), 'keys left under the prefix').toEqual([`${prefix}-kept`]);
  },
);

suite.case(
  { id: 'delete-multiple/missing/reported-deleted', op: 'DeleteObjects', claims: ['feature:delete-objects-missing-key-ok'], spec: SPEC, title: 'A key that does not exist is reported as Deleted (not as an error)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('never-written');
    expectResult(await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: key }] } })), [key]);
  },
);

suite.case(
  { id: 'delete-multiple/missing/mixed-with-existing', op: 'DeleteObjects', claims: ['feature:delete-objects-missing-key-ok'], spec: SPEC, title: 'Existing and missing keys in one request are all reported as Deleted' },
  async (t) => {
    const b = await t.use(bucket);
    const [present, absent] = [t.key('present'), t.key('absent')];
    await putKeys(t, b, [present]);
    expectResult(await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: present }, { Key: absent }] } })), [present, absent]);
    await expectS3Status(t.s3.send(new HeadObjectCommand({ Bucket: b, Key: present })), 404);
  },
);

suite.case(
  { id: 'delete-multiple/keys/xml-special-characters', op: 'DeleteObjects', spec: SPEC, title: 'Keys with XML-special and non-ASCII characters (& < > " \' space, ü, 日本) are deleted and reported with the exact key' },
  async (t) => {
    const b = await t.use(bucket);
    const prefix = flatKey(t, 'p');
    const keys = [`${prefix}-a&b<c>d`, `${prefix}-q"u'o te`, `${prefix}-ümlaut-日本`];
    await putKeys(t, b, keys);
    expectResult(await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: keys.map((Key) => ({ Key })) } })), keys);
    expect(await remaining(t, b, `${prefix}-`), 'keys left under the prefix').toEqual([]);
  },
);

suite.case(
  { id: 'delete-multiple/keys/trailing-slash', op: 'DeleteObjects', spec: SPEC, title: 'A "folder" key ending in / is deleted like any other key' },
  async (t) => {
    const b = await t.use(bucket);
    const key = `${t.key('folder')}/`;
    await putKeys(t, b, [key]);
    expectResult(await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: key }] } })), [key]);
    await expectS3Status(t.s3.send(new HeadObjectCommand({ Bucket: b, Key: key })), 404);
  },
);

suite.case(
  { id: 'delete-multiple/versions/null-version-unversioned', op: 'DeleteObjects', spec: SPEC, title: 'On a bucket that never had versioning, VersionId "null" names the only version: the object is deleted and reported Deleted' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    await putKeys(t, b, [key]);
    const res = await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: key, VersionId: 'null' }] } }));
    expectResult(res, [key]);
    await expectS3Status(t.s3.send(new HeadObjectCommand({ Bucket: b, Key: key })), 404);
  },
);

// ── Quiet ─────────────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'delete-multiple/quiet/no-deleted-entries', op: 'DeleteObjects', claims: ['feature:delete-objects-quiet'], spec: SPEC, title: 'With <Quiet>true</Quiet> the answer lists no Deleted entries (only errors), and the objects are gone' },
  async (t) => {
    const b = await t.use(bucket);
    const prefix = flatKey(t, 'p');
    const keys = [`${prefix}-a`, `${prefix}-b`];
    await putKeys(t, b, keys);
    expectResult(await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Quiet: true, Objects: keys.map((Key) => ({ Key })) } })), []);
    expect(await remaining(t, b, `${prefix}-`), 'keys left under the prefix').toEqual([]);
  },
);

suite.case(
  { id: 'delete-multiple/quiet/errors-still-reported', op: 'DeleteObjects', claims: ['feature:delete-objects-quiet', 'error:AccessDenied'], features: ['alt-identity'], spec: SPEC, title: 'In Quiet mode a per-key failure (another account deleting in a private bucket) is still reported as an Error entry' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(bucket);
    const key = t.key();
    await putKeys(t, b, [key]);
    expectResult(await alt.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Quiet: true, Objects: [{ Key: key }] } })), [], [`${key}:AccessDenied`]);
  },
);

// ── per-key errors ────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'delete-multiple/errors/access-denied-per-key', op: 'DeleteObjects', claims: ['error:AccessDenied'], features: ['alt-identity'], spec: SPEC, title: 'Another account deleting in a private bucket gets 200 with an AccessDenied Error per key, and the objects stay' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(bucket);
    const prefix = flatKey(t, 'p');
    const keys = [`${prefix}-a`, `${prefix}-b`];
    await putKeys(t, b, keys);
    expectResult(await alt.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: keys.map((Key) => ({ Key })) } })), [], keys.map((k) => `${k}:AccessDenied`));
    expect(await remaining(t, b, `${prefix}-`), 'keys left under the prefix').toEqual(keys);
  },
);

suite.case(
  { id: 'delete-multiple/errors/missing-bucket', op: 'DeleteObjects', claims: ['error:NoSuchBucket'], features: ['errors'], spec: SPEC, title: 'DeleteObjects on a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    const b = t.bucketName('missing');
    await expectErrorXml(t, t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'k' }] } })), 'NoSuchBucket', 404, { bucketName: b });
  },
);

// ── the 1000-key limit ────────────────────────────────────────────────────────────────────────
suite.case(
  // 1000 deletions may take minutes on an endpoint that deletes key by key (and answers only
  // when all are done): the case gets 6 minutes, the request 5.
  { id: 'delete-multiple/limit/1000-keys', op: 'DeleteObjects', claims: ['limit:delete-objects-1000', 'header:Content-MD5'], features: ['raw'], spec: SPEC, timeoutMs: 360_000, title: 'A request naming exactly 1000 keys (2 existing, 998 missing) answers 200 with 1000 Deleted entries' },
  async (t) => {
    const b = await t.use(bucket);
    const prefix = flatKey(t, 'p');
    const keys = Array.from({ length: 1000 }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
    await putKeys(t, b, [keys[0], keys[999]]);
    const body = deleteXml(keys);
    const res = await rawCall({ method: 'POST', bucket: b, query: { delete: '' }, headers: { 'content-type': 'application/xml', 'content-md5': md5(body) }, body, timeoutMs: Math.max(300_000, t.run.profile.budget.requestTimeoutMs) });
    const text = res.body.toString('utf8');
    check(!/<Error>/.test(text), `no Error entries expected; got ${JSON.stringify(text.slice(0, 300))}`);
    const d = new Set([...text.matchAll(/<Deleted>\s*<Key>([^<]*)<\/Key>/g)].map((m) => m[1]));
    check(d.size === 1000 && keys.every((k) => d.has(k)), `all 1000 keys must be reported Deleted; got ${d.size} distinct Deleted keys`);
    expect(await remaining(t, b, `${prefix}-`), 'keys left under the prefix').toEqual([]);
  },
);

suite.case(
  { id: 'delete-multiple/limit/1001-keys', op: 'DeleteObjects', claims: ['limit:delete-objects-1000', 'error:MalformedXML'], features: ['errors'], spec: SPEC, title: 'A request naming 1001 keys answers 400 MalformedXML and deletes nothing' },
  async (t) => {
    const b = await t.use(bucket);
    const prefix = flatKey(t, 'p');
    const keys = Array.from({ length: 1001 }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
    await putKeys(t, b, [keys[0]]);
    await expectErrorXml(t, t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: keys.map((Key) => ({ Key })) } })), 'MalformedXML', 400);
    expect(await remaining(t, b, `${prefix}-`), 'the existing key must still be there').toEqual([keys[0]]);
  },
);

// ── integrity header ──────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'delete-multiple/integrity/content-md5', op: 'DeleteObjects', claims: ['header:Content-MD5', 'feature:delete-objects-content-md5'], spec: SPEC, title: 'DeleteObjects with a correct Content-MD5 (the historical requirement) answers 200' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    await putKeys(t, b, [key]);
    const res = await t.s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: key }] } }));
    check(t.lastExchange()?.request.headers['content-md5'] !== undefined, 'harness: the conservative client must have sent Content-MD5');
    expectResult(res, [key]);
  },
);

suite.case(
  { id: 'delete-multiple/integrity/sdk-default-checksum', op: 'DeleteObjects', claims: ['feature:delete-objects-without-content-md5'], features: ['sdk-defaults'], spec: SPEC, title: 'DeleteObjects as today’s SDK sends it (a CRC32 flexible checksum, no Content-MD5) answers 200' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    await putKeys(t, b, [key]);
    const res = await t.run.sdkDefaults.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: key }] } }));
    const sent = t.lastExchange()?.request.headers ?? {};
    check(sent['content-md5'] === undefined && Object.keys(sent).some((h) => h.startsWith('x-amz-checksum-')), 'harness: the SDK-defaults client must have sent a flexible checksum and no Content-MD5');
    expectResult(res, [key]);
  },
);

suite.case(
  { id: 'delete-multiple/integrity/neither-header', op: 'DeleteObjects', claims: ['header:Content-MD5', 'error:InvalidRequest'], features: ['errors', 'raw'], spec: SPEC, title: 'DeleteObjects with neither Content-MD5 nor an x-amz-checksum-* header answers 400 InvalidRequest (missing required header)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, query: { delete: '' }, headers: { 'content-type': 'application/xml' }, body: deleteXml([key]) }), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'delete-multiple/integrity/wrong-content-md5', op: 'DeleteObjects', claims: ['header:Content-MD5', 'error:BadDigest'], features: ['errors', 'raw'], spec: SPEC, title: 'DeleteObjects whose Content-MD5 does not match the body answers 400 BadDigest and deletes nothing' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    await putKeys(t, b, [key]);
    const body = deleteXml([key]);
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, query: { delete: '' }, headers: { 'content-type': 'application/xml', 'content-md5': md5(`${body} `) }, body }), 'BadDigest', 400);
    await expectS3Status(t.s3.send(new HeadObjectCommand({ Bucket: b, Key: key })), 200);
  },
);

suite.case(
  { id: 'delete-multiple/integrity/raw-with-content-md5', op: 'DeleteObjects', claims: ['header:Content-MD5', 'feature:delete-objects-content-md5'], features: ['raw'], spec: SPEC, title: 'A hand-built DeleteObjects request with Content-MD5 (no SDK) answers 200 with a DeleteResult naming the key' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    await putKeys(t, b, [key]);
    const body = deleteXml([key]);
    const res = await rawCall({ method: 'POST', bucket: b, query: { delete: '' }, headers: { 'content-type': 'application/xml', 'content-md5': md5(body) }, body });
    const text = res.body.toString('utf8');
    check(/<DeleteResult[\s>]/.test(text), `the answer must be a DeleteResult document; got ${JSON.stringify(text.slice(0, 200))}`);
    check(text.includes(`<Deleted><Key>${key}</Key>`), `the DeleteResult must report <Deleted><Key>${key}</Key>; got ${JSON.stringify(text.slice(0, 300))}`);
  },
);

// ── malformed requests ────────────────────────────────────────────────────────────────────────
function postDelete(b: string, body: string) {
  return rawCall({ method: 'POST', bucket: b, query: { delete: '' }, headers: { 'content-type': 'application/xml', 'content-md5': md5(body) }, body });
}

suite.case(
  { id: 'delete-multiple/malformed/not-well-formed', op: 'DeleteObjects', claims: ['error:MalformedXML'], features: ['errors', 'raw'], spec: SPEC, title: 'A body that is not well-formed XML answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, postDelete(b, '<Delete><Object><Key>k</Key></Object>'), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'delete-multiple/malformed/empty-delete', op: 'DeleteObjects', claims: ['error:MalformedXML'], features: ['errors', 'raw'], spec: SPEC, title: 'A <Delete> element without any <Object> answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, postDelete(b, '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></Delete>'), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'delete-multiple/malformed/object-without-key', op: 'DeleteObjects', claims: ['error:MalformedXML'], features: ['errors', 'raw'], spec: SPEC, title: 'An <Object> without its required <Key> answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, postDelete(b, '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><VersionId>null</VersionId></Object></Delete>'), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'delete-multiple/malformed/wrong-root-element', op: 'DeleteObjects', claims: ['error:MalformedXML'], features: ['errors', 'raw'], spec: SPEC, title: 'A well-formed body whose root element is not <Delete> answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    await expectErrorXml(t, postDelete(b, `<Remove><Object><Key>${key}</Key></Object></Remove>`), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'delete-multiple/malformed/empty-body', op: 'DeleteObjects', claims: ['error:MissingRequestBodyError'], features: ['errors', 'raw'], spec: SPEC, title: 'An empty request body answers 400 MissingRequestBodyError (Request body is empty)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, postDelete(b, ''), 'MissingRequestBodyError', 400);
  },
);
