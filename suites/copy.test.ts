// CopyObject: same and cross bucket, metadata directives, copy-source conditions, copy onto
// itself, copy-source encoding, errors and permissions.
import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/protocol-http';
import type { BuildHandler, BuildHandlerArguments, MiddlewareStack } from '@smithy/types';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { bodyBytes, check, expectS3Status, statusOfResult } from '../harness/expect.ts';
import { codeOf, isNetworkError, statusOf } from '../harness/verdict.ts';

const suite = defineSuite('copy', { features: ['copy'] });
const SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html';
const SPEC_COND = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html#API_CopyObject_RequestSyntax';
const bucket = suite.bucket({ label: 'copy' });
const other = suite.bucket({ label: 'copy-dst' });

const md5hex = (b: string | Buffer) => createHash('md5').update(b).digest('hex');
const quoted = (b: string | Buffer) => `"${md5hex(b)}"`;
/** ETag without its quotes: cases about something else compare this, so one wrong quoting
 * (checked by copy/same-bucket/content-and-etag) does not fail every copy case. */
const bare = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');
/** x-amz-copy-source for bucket + key: each key segment percent-encoded, as the API requires. */
const src = (b: string, key: string) => `${b}/${key.split('/').map(encodeURIComponent).join('/')}`;
const DAY = 24 * 3600 * 1000;

/** Add request headers the SDK has no parameter for (added before signing, so they are signed). */
function withHeaders<T extends { middlewareStack: MiddlewareStack<any, any> }>(cmd: T, headers: Record<string, string>): T {
  cmd.middlewareStack.add(
    (next: BuildHandler<any, any>) => async (args: BuildHandlerArguments<any>) => {
      const req = args.request as HttpRequest;
      for (const [k, v] of Object.entries(headers)) req.headers[k] = v;
      return next(args);
    },
    { step: 'build', name: 's3cExtraHeaders' },
  );
  return cmd;
}

/** Put a small object for this case; returns its key and ETag. */
async function putSource(t: CaseContext, b: string, body: string, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}, key = t.key('src')) {
  const res = await t.setup('put the source object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: body, ...extra })));
  return { key, etag: res.ETag ?? '' };
}

/**
 * One source object for the copy-source conditions, at least two seconds old when handed out,
 * so a date one second after its Last-Modified is already in the past.
 */
const aged = suite.fixture('aged copy source', async (run) => {
  const b = await bucket.get();
  const key = 'fixture/aged-source';
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: key, Body: 'aged source body' }));
  const head = await run.main.send(new HeadObjectCommand({ Bucket: b, Key: key }));
  if (!head.LastModified || !head.ETag) throw new Error('HeadObject of the source gave no Last-Modified or ETag');
  const wait = head.LastModified.getTime() + 2100 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 5000)));
  return { bucket: b, key, etag: head.ETag, lastModified: head.LastModified, body: 'aged source body' };
});

async function getText(s3: S3Client, b: string, key: string): Promise<string> {
  const res = await s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
  return (await bodyBytes(res.Body)).toString('utf8');
}

// ── basic copies ────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'copy/same-bucket/content-and-etag', op: 'CopyObject', claims: ['feature:etag-md5'], spec: SPEC, title: 'CopyObject within a bucket answers 200 with CopyObjectResult (ETag = source ETag), and the copy has the same bytes' },
  async (t) => {
    const b = await t.use(bucket);
    const body = 'copy me, same bucket';
    const s = await putSource(t, b, body);
    const dst = t.key('dst');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) }));
    expect(statusOfResult(res), 'CopyObject status').toBe(200);
    expect(res.CopyObjectResult?.ETag, 'CopyObjectResult ETag must equal the source ETag (quoted MD5)').toBe(quoted(body));
    expect(res.CopyObjectResult?.LastModified, 'CopyObjectResult LastModified').toBeInstanceOf(Date);
    expect(await getText(t.s3, b, dst), 'copied content').toBe(body);
  },
);

suite.case(
  { id: 'copy/cross-bucket/content-and-etag', op: 'CopyObject', claims: ['feature:copy-cross-bucket'], spec: SPEC, title: 'CopyObject between two buckets of the same owner copies the bytes and keeps the ETag' },
  async (t) => {
    const [b, d] = [await t.use(bucket), await t.use(other)];
    const body = 'copy me, across buckets';
    const s = await putSource(t, b, body);
    const dst = t.key('dst');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: d, Key: dst, CopySource: src(b, s.key) }));
    expect(statusOfResult(res), 'CopyObject status').toBe(200);
    expect(bare(res.CopyObjectResult?.ETag), 'CopyObjectResult ETag').toBe(md5hex(body));
    expect(await getText(t.s3, d, dst), 'copied content in the destination bucket').toBe(body);
  },
);

suite.case(
  { id: 'copy/result/last-modified-is-new', op: 'CopyObject', spec: SPEC, title: "CopyObjectResult LastModified is the copy's own time (not the source's) and matches the copy's Last-Modified" },
  async (t) => {
    const a = await t.use(aged);
    const dst = t.key('dst');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: a.bucket, Key: dst, CopySource: src(a.bucket, a.key) }));
    const lm = res.CopyObjectResult?.LastModified;
    check(lm instanceof Date, 'CopyObjectResult must carry LastModified');
    expect(lm.getTime(), "LastModified must be later than the source's (≥ 2 s older)").toBeGreaterThan(a.lastModified.getTime() + 1000);
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: a.bucket, Key: dst }));
    const diff = Math.abs((head.LastModified?.getTime() ?? 0) - lm.getTime());
    expect(diff, "CopyObjectResult LastModified must match the copy's Last-Modified header (within 1 s)").toBeLessThan(1000);
  },
);

suite.case(
  { id: 'copy/empty-object', op: 'CopyObject', claims: ['feature:empty-object'], spec: SPEC, title: 'CopyObject of a zero-byte object gives a zero-byte copy with the empty-body MD5 ETag' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, '');
    const dst = t.key('dst');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) }));
    expect(bare(res.CopyObjectResult?.ETag), 'ETag of the empty copy').toBe('d41d8cd98f00b204e9800998ecf8427e');
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: b, Key: dst }));
    expect(head.ContentLength, 'Content-Length of the copy').toBe(0);
  },
);

suite.case(
  { id: 'copy/overwrite-existing-destination', op: 'CopyObject', spec: SPEC, title: 'CopyObject onto an existing key replaces its content' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'the new content');
    const dst = t.key('dst');
    await t.setup('put the old destination object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: dst, Body: 'old content that must go' })));
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) }));
    expect(bare(res.CopyObjectResult?.ETag), 'ETag of the copy').toBe(md5hex('the new content'));
    expect(await getText(t.s3, b, dst), 'the destination must now hold the source bytes').toBe('the new content');
  },
);

suite.case(
  { id: 'copy/nested-key', op: 'CopyObject', spec: SPEC, title: "CopyObject of a key with '/' separators (x-amz-copy-source bucket/dir/sub/key) works" },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'nested', {}, `${t.key('dir')}/sub/deeper/file.txt`);
    const dst = `${t.key('dst')}/x/y.txt`;
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) }));
    expect(bare(res.CopyObjectResult?.ETag), 'ETag').toBe(md5hex('nested'));
    expect(await getText(t.s3, b, dst), 'copied content').toBe('nested');
  },
);

suite.case(
  { id: 'copy/multipart-source', op: 'CopyObject', claims: ['op:CompleteMultipartUpload'], features: ['multipart'], spec: SPEC, title: 'CopyObject of a multipart-uploaded object copies its bytes; the copy is a single-part object (ETag = MD5 of the content)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('mp-src');
    const body = 'multipart source, a single small part';
    await t.setup('upload a one-part multipart object', async () => {
      const up = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key }));
      const p = await t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: up.UploadId, PartNumber: 1, Body: body }));
      await t.s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag }] } }));
    });
    const dst = t.key('dst');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, key) }));
    expect(bare(res.CopyObjectResult?.ETag), 'the copy is a single-part object: ETag = quoted MD5 of its content').toBe(md5hex(body));
    expect(await getText(t.s3, b, dst), 'copied content').toBe(body);
  },
);

// ── metadata directive ──────────────────────────────────────────────────────────────────────

const SRC_META = {
  Metadata: { colour: 'blue', 'shape-kind': 'round' },
  ContentType: 'text/x-s3c-source',
  CacheControl: 'max-age=123',
  ContentDisposition: 'attachment; filename="src.txt"',
};

suite.case(
  { id: 'copy/metadata/default-copies', op: 'CopyObject', claims: ['feature:copy-metadata-directive-copy', 'feature:user-metadata'], spec: SPEC, title: 'Without x-amz-metadata-directive the copy keeps the source user metadata, Content-Type, Cache-Control and Content-Disposition' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'meta', SRC_META);
    const dst = t.key('dst');
    await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) }));
    const h = await t.s3.send(new HeadObjectCommand({ Bucket: b, Key: dst }));
    expect(h.Metadata, 'user metadata of the copy').toEqual({ colour: 'blue', 'shape-kind': 'round' });
    expect(h.ContentType, 'Content-Type of the copy').toBe('text/x-s3c-source');
    expect(h.CacheControl, 'Cache-Control of the copy').toBe('max-age=123');
    expect(h.ContentDisposition, 'Content-Disposition of the copy').toBe('attachment; filename="src.txt"');
  },
);

suite.case(
  { id: 'copy/metadata/copy-ignores-request-metadata', op: 'CopyObject', claims: ['feature:copy-metadata-directive-copy'], spec: SPEC, title: 'With x-amz-metadata-directive: COPY, metadata sent with the request is ignored; the source metadata is kept' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'meta', SRC_META);
    const dst = t.key('dst');
    await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key), MetadataDirective: 'COPY', Metadata: { other: 'ignored' }, ContentType: 'text/x-ignored' }));
    const h = await t.s3.send(new HeadObjectCommand({ Bucket: b, Key: dst }));
    expect(h.Metadata, 'user metadata of the copy (the source metadata only)').toEqual({ colour: 'blue', 'shape-kind': 'round' });
    expect(h.ContentType, 'Content-Type of the copy (the source Content-Type)').toBe('text/x-s3c-source');
  },
);

suite.case(
  { id: 'copy/metadata/replace', op: 'CopyObject', claims: ['feature:copy-metadata-directive-replace', 'feature:user-metadata'], spec: SPEC, title: 'With x-amz-metadata-directive: REPLACE the copy carries only the request metadata and Content-Type' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'meta', SRC_META);
    const dst = t.key('dst');
    await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key), MetadataDirective: 'REPLACE', Metadata: { flavour: 'lemon' }, ContentType: 'text/x-s3c-replaced', CacheControl: 'no-cache' }));
    const h = await t.s3.send(new HeadObjectCommand({ Bucket: b, Key: dst }));
    expect(h.Metadata, 'user metadata of the copy (request metadata only)').toEqual({ flavour: 'lemon' });
    expect(h.ContentType, 'Content-Type of the copy').toBe('text/x-s3c-replaced');
    expect(h.CacheControl, 'Cache-Control of the copy').toBe('no-cache');
    expect(h.ContentDisposition, 'Content-Disposition of the source must not survive REPLACE').toBeUndefined();
    expect(bare(h.ETag), 'content (ETag) is unchanged by REPLACE').toBe(md5hex('meta'));
  },
);

suite.case(
  { id: 'copy/metadata/invalid-directive', op: 'CopyObject', claims: ['error:InvalidArgument'], features: ['errors'], spec: SPEC, title: 'An unknown x-amz-metadata-directive value answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'x');
    const cmd = withHeaders(new CopyObjectCommand({ Bucket: b, Key: t.key('dst'), CopySource: src(b, s.key) }), { 'x-amz-metadata-directive': 'MERGE' });
    await t.expectError(t.s3.send(cmd), 'InvalidArgument', 400);
  },
);

// ── copy onto itself ────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'copy/self/without-change-400', op: 'CopyObject', claims: ['feature:copy-to-self-requires-change', 'error:InvalidRequest'], features: ['errors'], spec: SPEC, title: 'Copying an object onto itself without changing anything answers 400 InvalidRequest' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'self');
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: s.key, CopySource: src(b, s.key) })), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'copy/self/copy-directive-400', op: 'CopyObject', claims: ['feature:copy-to-self-requires-change', 'error:InvalidRequest'], features: ['errors'], spec: SPEC, title: 'Copying an object onto itself with an explicit metadata directive COPY answers 400 InvalidRequest' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'self', { Metadata: { a: '1' } });
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: s.key, CopySource: src(b, s.key), MetadataDirective: 'COPY' })), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'copy/self/with-replace-ok', op: 'CopyObject', claims: ['feature:copy-to-self-requires-change', 'feature:copy-metadata-directive-replace'], spec: SPEC, title: 'Copying an object onto itself with REPLACE updates its metadata and keeps its content' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'self replace', { Metadata: { before: 'yes' }, ContentType: 'text/x-before' });
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: s.key, CopySource: src(b, s.key), MetadataDirective: 'REPLACE', Metadata: { after: 'yes' }, ContentType: 'text/x-after' }));
    expect(statusOfResult(res), 'CopyObject status').toBe(200);
    const h = await t.s3.send(new HeadObjectCommand({ Bucket: b, Key: s.key }));
    expect(h.Metadata, 'metadata after the self-copy').toEqual({ after: 'yes' });
    expect(h.ContentType, 'Content-Type after the self-copy').toBe('text/x-after');
    expect(bare(h.ETag), 'content unchanged').toBe(md5hex('self replace'));
    expect(h.ContentLength, 'size unchanged').toBe('self replace'.length);
  },
);

// ── copy-source conditions ──────────────────────────────────────────────────────────────────

type Cond = Pick<
  ConstructorParameters<typeof CopyObjectCommand>[0],
  'CopySourceIfMatch' | 'CopySourceIfNoneMatch' | 'CopySourceIfModifiedSince' | 'CopySourceIfUnmodifiedSince'
>;
type Aged = { bucket: string; key: string; etag: string; lastModified: Date; body: string };

function condCase(id: string, claim: string, title: string, cond: (a: Aged) => Cond, outcome: 'copy' | 412) {
  suite.case(
    {
      id: `copy/conditional/${id}`,
      op: 'CopyObject',
      claims: ['feature:copy-source-conditional', claim, ...(outcome === 412 ? ['error:PreconditionFailed'] : [])],
      features: ['conditional'],
      spec: SPEC_COND,
      title,
    },
    async (t) => {
      const a = await t.use(aged);
      const dst = t.key('dst');
      const call = t.s3.send(new CopyObjectCommand({ Bucket: a.bucket, Key: dst, CopySource: src(a.bucket, a.key), ...cond(a) }));
      if (outcome === 412) {
        await t.expectError(call, 'PreconditionFailed', 412);
        await expectS3Status(t.s3.send(new HeadObjectCommand({ Bucket: a.bucket, Key: dst })), 404);
      } else {
        const res = await call;
        expect(statusOfResult(res), 'CopyObject status').toBe(200);
        expect(bare(res.CopyObjectResult?.ETag), 'the object must have been copied (CopyObjectResult ETag = source ETag)').toBe(bare(a.etag));
      }
    },
  );
}

const plus1s = (a: Aged) => new Date(a.lastModified.getTime() + 1000);
const dayBefore = (a: Aged) => new Date(a.lastModified.getTime() - DAY);

condCase('if-match-true', 'feature:conditional-if-match', 'x-amz-copy-source-if-match with the source ETag copies (200)', (a) => ({ CopySourceIfMatch: a.etag }), 'copy');
condCase('if-match-false-412', 'feature:conditional-if-match', 'x-amz-copy-source-if-match with another ETag answers 412 PreconditionFailed and copies nothing', () => ({ CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"' }), 412);
condCase('if-none-match-true', 'feature:conditional-if-none-match', 'x-amz-copy-source-if-none-match with another ETag copies (200)', () => ({ CopySourceIfNoneMatch: '"0123456789abcdef0123456789abcdef"' }), 'copy');
condCase('if-none-match-false-412', 'feature:conditional-if-none-match', 'x-amz-copy-source-if-none-match with the source ETag answers 412 PreconditionFailed', (a) => ({ CopySourceIfNoneMatch: a.etag }), 412);
condCase('if-modified-since-true', 'feature:conditional-if-modified-since', 'x-amz-copy-source-if-modified-since a day before the source was written copies (200)', (a) => ({ CopySourceIfModifiedSince: dayBefore(a) }), 'copy');
condCase('if-modified-since-false-412', 'feature:conditional-if-modified-since', 'x-amz-copy-source-if-modified-since after the source was last written (a past date) answers 412 PreconditionFailed', (a) => ({ CopySourceIfModifiedSince: plus1s(a) }), 412);
condCase('if-unmodified-since-true', 'feature:conditional-if-unmodified-since', 'x-amz-copy-source-if-unmodified-since after the source was last written copies (200)', (a) => ({ CopySourceIfUnmodifiedSince: plus1s(a) }), 'copy');
condCase('if-unmodified-since-false-412', 'feature:conditional-if-unmodified-since', 'x-amz-copy-source-if-unmodified-since a day before the source was written answers 412 PreconditionFailed', (a) => ({ CopySourceIfUnmodifiedSince: dayBefore(a) }), 412);
condCase('if-match-true-unmodified-since-false', 'feature:conditional-if-match', 'if-match true together with if-unmodified-since false copies (200): if-match wins, as documented', (a) => ({ CopySourceIfMatch: a.etag, CopySourceIfUnmodifiedSince: dayBefore(a) }), 'copy');
condCase('if-none-match-false-modified-since-true', 'feature:conditional-if-none-match', 'if-none-match false together with if-modified-since true answers 412, as documented', (a) => ({ CopySourceIfNoneMatch: a.etag, CopySourceIfModifiedSince: dayBefore(a) }), 412);

// ── x-amz-copy-source forms and encoding ───────────────────────────────────────────────────

function encodingCase(id: string, label: string, name: string, title: string) {
  suite.case(
    { id: `copy/source-encoding/${id}`, op: 'CopyObject', claims: ['feature:copy-source-encoding', 'feature:key-special-chars'], spec: SPEC, title },
    async (t) => {
      const b = await t.use(bucket);
      const body = `source named ${label}`;
      const s = await putSource(t, b, body, {}, `${t.key('src')}/${name}`);
      const dst = t.key('dst');
      const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) }));
      expect(bare(res.CopyObjectResult?.ETag), `ETag of the copy of the key with ${label}`).toBe(md5hex(body));
      expect(await getText(t.s3, b, dst), 'copied content').toBe(body);
    },
  );
}

encodingCase('space', 'a space', 'with space.txt', "A source key with a space, sent percent-encoded (%20) in x-amz-copy-source, is copied");
encodingCase('unicode', 'unicode', 'ünï-日本語-😀.txt', 'A source key with non-ASCII characters, sent as percent-encoded UTF-8, is copied');
encodingCase('plus', "a '+'", 'a+b.txt', "A source key with '+', sent as %2B, is copied (and '+' is not read as a space)");
encodingCase('percent', "a '%'", '100%.txt', "A source key with '%', sent as %25, is copied");
encodingCase('question-mark', "a '?'", 'why?.txt', "A source key with '?', sent as %3F, is copied (not read as a query string)");
encodingCase('ampersand-equals', "'&' and '='", 'a&b=c.txt', "A source key with '&' and '=', percent-encoded, is copied");

suite.case(
  { id: 'copy/source/leading-slash', op: 'CopyObject', spec: SPEC, title: 'x-amz-copy-source with a leading slash (/bucket/key) is accepted' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'leading slash');
    const dst = t.key('dst');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: `/${src(b, s.key)}` }));
    expect(bare(res.CopyObjectResult?.ETag), 'ETag of the copy').toBe(md5hex('leading slash'));
    expect(await getText(t.s3, b, dst), 'copied content').toBe('leading slash');
  },
);

suite.case(
  { id: 'copy/source/no-leading-slash', op: 'CopyObject', spec: SPEC, title: 'x-amz-copy-source without a leading slash (bucket/key) is accepted' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'no leading slash');
    const dst = t.key('dst');
    const cs = src(b, s.key);
    check(!cs.startsWith('/'), 'case bug: the copy source must not start with a slash');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: cs }));
    expect(bare(res.CopyObjectResult?.ETag), 'ETag of the copy').toBe(md5hex('no leading slash'));
  },
);

suite.case(
  { id: 'copy/source/version-id-null', op: 'CopyObject', spec: SPEC, title: 'On a never-versioned bucket, x-amz-copy-source with ?versionId=null names the current (null) version and copies it' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'null version');
    const dst = t.key('dst');
    const res = await t.s3.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: `${src(b, s.key)}?versionId=null` }));
    expect(bare(res.CopyObjectResult?.ETag), 'ETag of the copy').toBe(md5hex('null version'));
    expect(await getText(t.s3, b, dst), 'copied content').toBe('null version');
  },
);

suite.case(
  { id: 'copy/source/version-id-bogus', op: 'CopyObject', claims: ['error:InvalidArgument'], features: ['errors'], spec: SPEC, title: 'x-amz-copy-source with a malformed versionId answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'x');
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: t.key('dst'), CopySource: `${src(b, s.key)}?versionId=not-a-version-id` })), {
      code: 'InvalidArgument',
      status: 400,
      oneOf: [{ code: 'NoSuchVersion', status: 404, reason: 'an id the endpoint cannot parse may be reported as a version that does not exist' }],
    });
  },
);

suite.case(
  { id: 'copy/source/range-header-never-partial', op: 'CopyObject', spec: SPEC, title: 'CopyObject has no byte-range copy: x-amz-copy-source-range is refused (400) or ignored (whole object copied), never a partial copy' },
  async (t) => {
    const b = await t.use(bucket);
    const body = '0123456789abcdefghij';
    const s = await putSource(t, b, body);
    const dst = t.key('dst');
    try {
      await t.s3.send(withHeaders(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) }), { 'x-amz-copy-source-range': 'bytes=0-4' }));
    } catch (e) {
      if (isNetworkError(e) || statusOf(e) === undefined) throw e;
      check(statusOf(e) === 400, `a refused range must be a 400, endpoint answered ${statusOf(e)} ${codeOf(e)}`);
      return;
    }
    expect(await getText(t.s3, b, dst), 'the copy must hold the whole source, not the range').toBe(body);
  },
);

suite.case(
  { id: 'copy/source/without-key', op: 'CopyObject', claims: ['error:InvalidArgument'], features: ['errors'], spec: SPEC, title: 'x-amz-copy-source naming only a bucket (no key) answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: t.key('dst'), CopySource: b })), {
      code: 'InvalidArgument',
      status: 400,
      oneOf: [{ code: 'InvalidRequest', status: 400, reason: 'some S3 versions report an unparsable copy source as InvalidRequest' }],
    });
  },
);

// ── errors ──────────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'copy/errors/missing-source-key', op: 'CopyObject', claims: ['error:NoSuchKey'], features: ['errors'], spec: SPEC, title: 'CopyObject from a missing key answers 404 NoSuchKey' },
  async (t) => {
    const b = await t.use(bucket);
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: t.key('dst'), CopySource: src(b, t.key('missing')) })), 'NoSuchKey', 404);
  },
);

suite.case(
  { id: 'copy/errors/missing-source-bucket', op: 'CopyObject', claims: ['error:NoSuchBucket'], features: ['errors'], spec: SPEC, title: 'CopyObject from a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    const b = await t.use(bucket);
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: t.key('dst'), CopySource: src(t.bucketName('missing'), 'some/key') })), 'NoSuchBucket', 404);
  },
);

suite.case(
  { id: 'copy/errors/missing-destination-bucket', op: 'CopyObject', claims: ['error:NoSuchBucket'], features: ['errors'], spec: SPEC, title: 'CopyObject into a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'x');
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: t.bucketName('missing'), Key: 'k', CopySource: src(b, s.key) })), 'NoSuchBucket', 404);
  },
);

/** A bucket of the alt identity; the case is skipped when alt may not create buckets at all. */
async function altBucket(t: CaseContext, label: string): Promise<string> {
  try {
    return await t.createBucket({ label, identity: 'alt' });
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    if (codeOf(cause) === 'AccessDenied') t.skip('the alt identity may not create a bucket of its own (403 AccessDenied on CreateBucket)');
    throw e;
  }
}

suite.case(
  { id: 'copy/access/alt-denied', op: 'CopyObject', claims: ['error:AccessDenied'], features: ['alt-identity', 'errors'], spec: SPEC, title: "Another identity without any grant copying a private object within this account's bucket answers 403 AccessDenied" },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'private to main');
    const dst = t.key('dst');
    await t.expectError(alt.send(new CopyObjectCommand({ Bucket: b, Key: dst, CopySource: src(b, s.key) })), 'AccessDenied', 403);
    await expectS3Status(t.s3.send(new HeadObjectCommand({ Bucket: b, Key: dst })), 404);
  },
);

suite.case(
  { id: 'copy/access/alt-cannot-read-source', op: 'CopyObject', claims: ['error:AccessDenied'], features: ['alt-identity', 'errors'], spec: SPEC, title: "Another identity copying a private object into its own bucket (write allowed, source read not) answers 403 AccessDenied" },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(bucket);
    const s = await putSource(t, b, 'private to main');
    const own = await altBucket(t, 'copy-alt');
    await t.expectError(alt.send(new CopyObjectCommand({ Bucket: own, Key: 'stolen', CopySource: src(b, s.key) })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'copy/access/alt-cannot-write-destination', op: 'CopyObject', claims: ['error:AccessDenied'], features: ['alt-identity', 'errors'], spec: SPEC, title: "Another identity copying its own object into this account's private bucket answers 403 AccessDenied" },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(bucket);
    const own = await altBucket(t, 'copy-alt-src');
    await t.setup('alt puts an object in its bucket', () => alt.send(new PutObjectCommand({ Bucket: own, Key: 'mine', Body: 'alt data' })));
    await t.expectError(alt.send(new CopyObjectCommand({ Bucket: b, Key: t.key('dst'), CopySource: src(own, 'mine') })), 'AccessDenied', 403);
  },
);
