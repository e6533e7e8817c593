// Multipart upload: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
// AbortMultipartUpload, ListParts, ListMultipartUploads, and their errors.
// Parts of 5 MiB are generated deterministically and cached (two distinct buffers at most), so
// the file holds ~10 MiB however many cases run; downloads are hashed as they stream.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { check, statusOfResult } from '../harness/expect.ts';
import type { RunContext } from '../harness/context.ts';

const suite = defineSuite('multipart', { features: ['multipart'] });
const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const bucket = suite.bucket({ label: 'multipart' });

// ── deterministic data ──────────────────────────────────────────────────────────────────────

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const partCache = new Map<number, Buffer>();

/** A deterministic buffer (xorshift32 stream from the seed). */
function bytes(seed: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf.writeUInt32LE(x, i);
  }
  for (; i < size; i++) buf[i] = (x >>> ((i % 4) * 8)) & 0xff;
  return buf;
}
/** A 5 MiB part (the minimum size of a non-last part); only seeds 1 and 2 are used. */
function bigPart(seed: 1 | 2): Buffer {
  let b = partCache.get(seed);
  if (!b) partCache.set(seed, (b = bytes(seed, PART)));
  return b;
}
const small = (seed: number, size = 1024) => bytes(1000 + seed, size);

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest();
const md5hex = (b: Buffer | string) => md5(b).toString('hex');
/** The multipart ETag: MD5 of the concatenated binary part MD5s, a dash, the part count. */
const multipartEtag = (parts: Buffer[]) => `"${md5hex(Buffer.concat(parts.map((p) => md5(p))))}-${parts.length}"`;
const bare = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

/** Hash a download as it streams. */
async function streamDigest(body: unknown): Promise<{ md5: string; length: number }> {
  const h = createHash('md5');
  let length = 0;
  for await (const c of body as Readable) {
    const b = c as Buffer;
    h.update(b);
    length += b.length;
  }
  return { md5: h.digest('hex'), length };
}
function concatDigest(parts: Buffer[]): { md5: string; length: number } {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return { md5: h.digest('hex'), length: parts.reduce((n, p) => n + p.length, 0) };
}

// ── small helpers ───────────────────────────────────────────────────────────────────────────

async function create(t: CaseContext, b: string, key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.setup('create the multipart upload', () => t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ...extra })));
  check(res.UploadId, 'CreateMultipartUpload must return an UploadId');
  return res.UploadId;
}

/** Upload parts (as setup); returns the CompletedPart list in the given order. */
async function uploadParts(t: CaseContext, b: string, key: string, uploadId: string, parts: [number, Buffer][]): Promise<CompletedPart[]> {
  return t.setup('upload the parts', async () => {
    const out: CompletedPart[] = [];
    for (const [n, body] of parts) {
      const r = await t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: uploadId, PartNumber: n, Body: body }));
      out.push({ PartNumber: n, ETag: r.ETag });
    }
    return out;
  });
}

const complete = (s3: S3Client, b: string, key: string, uploadId: string, parts: CompletedPart[]) =>
  s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));

const withinMinutes = (d: Date | undefined, min: number) => d instanceof Date && Math.abs(d.getTime() - Date.now()) <= min * 60_000;

// ── the shared completed object: 5 MiB + 1234 bytes, with metadata ──────────────────────────

const TAIL = small(7, 1234);
const META = { colour: 'green', 'two-words': 'hello world' };
const CTYPE = 'application/x-s3c-multipart';
const completed = suite.fixture('completed two-part object', async (run: RunContext) => {
  const b = await bucket.get();
  const key = 'fixture/completed-two-parts';
  const up = await run.main.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, Metadata: META, ContentType: CTYPE }));
  const p1 = await run.main.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: up.UploadId, PartNumber: 1, Body: bigPart(1) }));
  const p2 = await run.main.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: up.UploadId, PartNumber: 2, Body: TAIL }));
  await complete(run.main, b, key, up.UploadId!, [
    { PartNumber: 1, ETag: p1.ETag },
    { PartNumber: 2, ETag: p2.ETag },
  ]);
  return { bucket: b, key, etag: multipartEtag([bigPart(1), TAIL]), digest: concatDigest([bigPart(1), TAIL]) };
});

// ── CreateMultipartUpload ───────────────────────────────────────────────────────────────────

suite.case(
  { id: 'multipart/create/result-fields', op: 'CreateMultipartUpload', spec: `${API}API_CreateMultipartUpload.html`, title: 'CreateMultipartUpload answers 200 with InitiateMultipartUploadResult: Bucket, Key and a non-empty UploadId' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const res = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key }));
    expect(statusOfResult(res), 'status').toBe(200);
    expect(res.Bucket, 'Bucket').toBe(b);
    expect(res.Key, 'Key').toBe(key);
    expect(res.UploadId ?? '', 'UploadId').not.toBe('');
  },
);

suite.case(
  { id: 'multipart/create/missing-bucket', op: 'CreateMultipartUpload', claims: ['error:NoSuchBucket'], features: ['errors'], spec: `${API}API_CreateMultipartUpload.html`, title: 'CreateMultipartUpload in a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    await t.expectError(t.s3.send(new CreateMultipartUploadCommand({ Bucket: t.bucketName('missing'), Key: 'k' })), 'NoSuchBucket', 404);
  },
);

suite.case(
  { id: 'multipart/create/distinct-upload-ids', op: 'CreateMultipartUpload', spec: `${API}API_CreateMultipartUpload.html`, title: 'Two uploads of the same key get two different UploadIds' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const a = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key }));
    const c = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key }));
    expect(a.UploadId, 'the second UploadId must differ from the first').not.toBe(c.UploadId);
  },
);

// ── UploadPart ──────────────────────────────────────────────────────────────────────────────

const SPEC_UP = `${API}API_UploadPart.html`;

suite.case(
  { id: 'multipart/upload-part/etag-is-md5', op: 'UploadPart', claims: ['feature:etag-md5'], spec: SPEC_UP, title: 'UploadPart answers 200 with ETag = the quoted MD5 of the part' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const body = small(1, 3000);
    const res = await t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, Body: body }));
    expect(statusOfResult(res), 'status').toBe(200);
    expect(res.ETag, 'ETag').toBe(`"${md5hex(body)}"`);
  },
);

suite.case(
  { id: 'multipart/upload-part/unknown-upload', op: 'UploadPart', claims: ['error:NoSuchUpload'], features: ['errors'], spec: SPEC_UP, title: 'UploadPart with an unknown upload id answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    await t.expectError(t.s3.send(new UploadPartCommand({ Bucket: b, Key: t.key('obj'), UploadId: 'no-such-upload-id-0000', PartNumber: 1, Body: 'x' })), 'NoSuchUpload', 404);
  },
);

suite.case(
  { id: 'multipart/upload-part/part-number-0', op: 'UploadPart', claims: ['limit:part-number-max-10000', 'error:InvalidArgument'], features: ['errors'], spec: SPEC_UP, title: 'UploadPart with partNumber=0 answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.expectError(t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 0, Body: 'x' })), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'multipart/upload-part/part-number-10001', op: 'UploadPart', claims: ['limit:part-number-max-10000', 'error:InvalidArgument'], features: ['errors'], spec: SPEC_UP, title: 'UploadPart with partNumber=10001 answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.expectError(t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 10001, Body: 'x' })), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'multipart/upload-part/part-number-10000', op: 'UploadPart', claims: ['limit:part-number-max-10000'], spec: SPEC_UP, title: 'UploadPart with partNumber=10000 (the highest) is accepted' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const res = await t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 10000, Body: 'last part number' }));
    expect(bare(res.ETag), 'ETag').toBe(md5hex('last part number'));
  },
);

suite.case(
  { id: 'multipart/upload-part/bad-content-md5', op: 'UploadPart', claims: ['error:BadDigest', 'header:Content-MD5'], features: ['errors'], spec: SPEC_UP, title: 'UploadPart whose Content-MD5 does not match the body answers 400 BadDigest' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const wrong = md5('another body').toString('base64');
    await t.expectError(t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, Body: 'the body', ContentMD5: wrong })), 'BadDigest', 400);
  },
);

suite.case(
  { id: 'multipart/upload-part/overwrite-listed', op: 'UploadPart', claims: ['feature:multipart-part-overwrite', 'op:ListParts'], spec: SPEC_UP, title: 'Uploading a part number twice keeps only the second: ListParts shows one part with its ETag and size' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, [[1, small(1, 100)], [1, small(2, 200)]]);
    const lp = await t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id }));
    const parts = (lp.Parts ?? []).map((p) => ({ n: p.PartNumber, size: p.Size, etag: bare(p.ETag) }));
    expect(parts, 'parts after the overwrite').toEqual([{ n: 1, size: 200, etag: md5hex(small(2, 200)) }]);
  },
);

suite.case(
  { id: 'multipart/upload-part/overwrite-completes-with-last', op: 'UploadPart', claims: ['feature:multipart-part-overwrite', 'op:CompleteMultipartUpload'], spec: SPEC_UP, title: 'After a part is uploaded twice, completing with the second ETag yields the second content' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const [, second] = await uploadParts(t, b, key, id, [[1, small(1, 100)], [1, small(2, 200)]]);
    await complete(t.s3, b, key, id, [second]);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
    expect(await streamDigest(got.Body), 'content of the completed object').toEqual(concatDigest([small(2, 200)]));
  },
);

suite.case(
  { id: 'multipart/upload-part/overwritten-etag-invalid', op: 'CompleteMultipartUpload', claims: ['feature:multipart-part-overwrite', 'error:InvalidPart'], features: ['errors'], spec: `${API}API_CompleteMultipartUpload.html`, title: 'Completing with the ETag of an overwritten part answers 400 InvalidPart' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const [first] = await uploadParts(t, b, key, id, [[1, small(1, 100)], [1, small(2, 200)]]);
    await t.expectError(complete(t.s3, b, key, id, [first]), 'InvalidPart', 400);
  },
);

// ── CompleteMultipartUpload ─────────────────────────────────────────────────────────────────

const SPEC_CMU = `${API}API_CompleteMultipartUpload.html`;

suite.case(
  { id: 'multipart/complete/result-fields', op: 'CompleteMultipartUpload', spec: SPEC_CMU, title: 'CompleteMultipartUpload answers 200 with CompleteMultipartUploadResult: Bucket, Key and Location' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const parts = await uploadParts(t, b, key, id, [[1, small(1)]]);
    const res = await complete(t.s3, b, key, id, parts);
    expect(statusOfResult(res), 'status').toBe(200);
    expect(res.Bucket, 'Bucket').toBe(b);
    expect(res.Key, 'Key').toBe(key);
    expect(res.Location ?? '', 'Location must name the object').toContain(key.split('/').at(-1));
  },
);

suite.case(
  { id: 'multipart/complete/etag-format', op: 'CompleteMultipartUpload', claims: ['feature:multipart-etag-format', 'limit:part-size-min-5mib'], spec: SPEC_CMU, title: 'CompleteMultipartUpload of a 5 MiB part and a small last part answers ETag "<md5 of the part md5s>-2"' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const tail = small(3, 777);
    const parts = await uploadParts(t, b, key, id, [[1, bigPart(1)], [2, tail]]);
    const res = await complete(t.s3, b, key, id, parts);
    expect(res.ETag, 'ETag of the completed object').toBe(multipartEtag([bigPart(1), tail]));
  },
);

suite.case(
  { id: 'multipart/complete/head-etag-and-size', op: 'CompleteMultipartUpload', claims: ['feature:multipart-etag-format', 'op:HeadObject'], spec: SPEC_CMU, title: 'HeadObject of a completed two-part object shows the multipart ETag and the total size' },
  async (t) => {
    const f = await t.use(completed);
    const h = await t.s3.send(new HeadObjectCommand({ Bucket: f.bucket, Key: f.key }));
    expect(h.ETag, 'ETag').toBe(f.etag);
    expect(h.ContentLength, 'Content-Length').toBe(f.digest.length);
  },
);

suite.case(
  { id: 'multipart/complete/content-roundtrip', op: 'CompleteMultipartUpload', claims: ['op:GetObject'], spec: SPEC_CMU, title: 'GetObject of a completed two-part object returns exactly the concatenated parts' },
  async (t) => {
    const f = await t.use(completed);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: f.bucket, Key: f.key }));
    expect(await streamDigest(got.Body), 'MD5 and length of the downloaded bytes').toEqual(f.digest);
  },
);

suite.case(
  { id: 'multipart/complete/metadata-kept', op: 'CompleteMultipartUpload', claims: ['feature:user-metadata', 'op:CreateMultipartUpload'], spec: `${API}API_CreateMultipartUpload.html`, title: 'User metadata and Content-Type given at CreateMultipartUpload are those of the completed object' },
  async (t) => {
    const f = await t.use(completed);
    const h = await t.s3.send(new HeadObjectCommand({ Bucket: f.bucket, Key: f.key }));
    expect(h.Metadata, 'user metadata').toEqual(META);
    expect(h.ContentType, 'Content-Type').toBe(CTYPE);
  },
);

suite.case(
  { id: 'multipart/complete/listed-with-multipart-etag', op: 'CompleteMultipartUpload', claims: ['feature:multipart-etag-format', 'op:ListObjectsV2'], spec: SPEC_CMU, title: 'ListObjectsV2 shows a completed two-part object with the multipart ETag and total Size' },
  async (t) => {
    const f = await t.use(completed);
    const l = await t.s3.send(new ListObjectsV2Command({ Bucket: f.bucket, Prefix: f.key }));
    const c = (l.Contents ?? []).find((x) => x.Key === f.key);
    check(c, 'the completed object must be listed');
    expect(c.ETag, 'ETag').toBe(f.etag);
    expect(c.Size, 'Size').toBe(f.digest.length);
  },
);

suite.case(
  { id: 'multipart/complete/single-small-part', op: 'CompleteMultipartUpload', claims: ['feature:multipart-etag-format'], spec: SPEC_CMU, title: 'An upload of one small part completes (the last part may be small): ETag "<md5>-1", content intact' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const body = small(4, 4321);
    const parts = await uploadParts(t, b, key, id, [[1, body]]);
    await complete(t.s3, b, key, id, parts);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
    expect(got.ETag, 'ETag').toBe(multipartEtag([body]));
    expect(await streamDigest(got.Body), 'content').toEqual(concatDigest([body]));
  },
);

suite.case(
  { id: 'multipart/complete/non-contiguous-part-numbers', op: 'CompleteMultipartUpload', spec: SPEC_CMU, title: 'Part numbers need not be consecutive: parts 1 and 3 complete into part 1 + part 3' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const p3 = small(5, 500);
    const parts = await uploadParts(t, b, key, id, [[1, bigPart(2)], [3, p3]]);
    await complete(t.s3, b, key, id, parts);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
    expect(got.ETag, 'ETag (two parts)').toBe(multipartEtag([bigPart(2), p3]));
    expect(await streamDigest(got.Body), 'content = part 1 + part 3').toEqual(concatDigest([bigPart(2), p3]));
  },
);

suite.case(
  { id: 'multipart/complete/unlisted-parts-dropped', op: 'CompleteMultipartUpload', spec: SPEC_CMU, title: 'Completing with parts 1 and 2 of 1, 2, 3 assembles only the listed parts (part 3 is dropped)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const p2 = small(8, 800);
    const parts = await uploadParts(t, b, key, id, [[1, bigPart(2)], [2, p2], [3, small(9, 900)]]);
    await complete(t.s3, b, key, id, parts.slice(0, 2));
    const got = await t.s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
    expect(got.ETag, 'ETag (two parts)').toBe(multipartEtag([bigPart(2), p2]));
    expect(await streamDigest(got.Body), 'content = part 1 + part 2').toEqual(concatDigest([bigPart(2), p2]));
  },
);

suite.case(
  { id: 'multipart/complete/entity-too-small', op: 'CompleteMultipartUpload', claims: ['limit:part-size-min-5mib', 'error:EntityTooSmall'], features: ['errors'], spec: SPEC_CMU, title: 'Completing with a non-last part below 5 MiB answers 400 EntityTooSmall' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const parts = await uploadParts(t, b, key, id, [[1, small(1)], [2, small(2)]]);
    await t.expectError(complete(t.s3, b, key, id, parts), 'EntityTooSmall', 400);
  },
);

suite.case(
  { id: 'multipart/complete/invalid-part-etag', op: 'CompleteMultipartUpload', claims: ['error:InvalidPart'], features: ['errors'], spec: SPEC_CMU, title: 'Completing with a wrong part ETag answers 400 InvalidPart' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, [[1, small(1)]]);
    await t.expectError(complete(t.s3, b, key, id, [{ PartNumber: 1, ETag: `"${md5hex('not the part')}"` }]), 'InvalidPart', 400);
  },
);

suite.case(
  { id: 'multipart/complete/invalid-part-not-uploaded', op: 'CompleteMultipartUpload', claims: ['error:InvalidPart'], features: ['errors'], spec: SPEC_CMU, title: 'Completing with a part number that was never uploaded answers 400 InvalidPart' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const [p1] = await uploadParts(t, b, key, id, [[1, small(1)]]);
    await t.expectError(complete(t.s3, b, key, id, [{ PartNumber: 2, ETag: p1.ETag }]), 'InvalidPart', 400);
  },
);

suite.case(
  { id: 'multipart/complete/invalid-part-order', op: 'CompleteMultipartUpload', claims: ['error:InvalidPartOrder'], features: ['errors'], spec: SPEC_CMU, title: 'Completing with part numbers in descending order answers 400 InvalidPartOrder' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    // Both parts are 5 MiB, so no size rule can be what is refused.
    const [p1, p2] = await uploadParts(t, b, key, id, [[1, bigPart(1)], [2, bigPart(2)]]);
    await t.expectError(complete(t.s3, b, key, id, [p2, p1]), 'InvalidPartOrder', 400);
  },
);

suite.case(
  { id: 'multipart/complete/no-parts', op: 'CompleteMultipartUpload', claims: ['error:MalformedXML'], features: ['errors'], spec: SPEC_CMU, title: 'Completing with an empty part list answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, [[1, small(1)]]);
    await t.expectError(complete(t.s3, b, key, id, []), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'multipart/complete/unknown-upload', op: 'CompleteMultipartUpload', claims: ['error:NoSuchUpload'], features: ['errors'], spec: SPEC_CMU, title: 'Completing an unknown upload id answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    await t.expectError(complete(t.s3, b, t.key('obj'), 'no-such-upload-id-0000', [{ PartNumber: 1, ETag: `"${md5hex('x')}"` }]), 'NoSuchUpload', 404);
  },
);

suite.case(
  { id: 'multipart/complete/after-abort', op: 'CompleteMultipartUpload', claims: ['error:NoSuchUpload', 'feature:multipart-abort-frees-upload'], features: ['errors'], spec: SPEC_CMU, title: 'Completing an aborted upload answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const parts = await uploadParts(t, b, key, id, [[1, small(1)]]);
    await t.setup('abort the upload', () => t.s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: key, UploadId: id })));
    await t.expectError(complete(t.s3, b, key, id, parts), 'NoSuchUpload', 404);
  },
);

suite.case(
  { id: 'multipart/complete/upload-gone-after', op: 'CompleteMultipartUpload', claims: ['error:NoSuchUpload', 'op:ListParts'], features: ['errors'], spec: SPEC_CMU, title: 'After completion the upload id is gone: ListParts answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const parts = await uploadParts(t, b, key, id, [[1, small(1)]]);
    await complete(t.s3, b, key, id, parts);
    await t.expectError(t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id })), 'NoSuchUpload', 404);
  },
);

// ── AbortMultipartUpload ────────────────────────────────────────────────────────────────────

const SPEC_ABORT = `${API}API_AbortMultipartUpload.html`;

suite.case(
  { id: 'multipart/abort/status-204', op: 'AbortMultipartUpload', spec: SPEC_ABORT, title: 'AbortMultipartUpload of an upload with a part answers 204' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, [[1, small(1)]]);
    const res = await t.s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: key, UploadId: id }));
    expect(statusOfResult(res), 'status').toBe(204);
  },
);

suite.case(
  { id: 'multipart/abort/then-list-parts', op: 'AbortMultipartUpload', claims: ['feature:multipart-abort-frees-upload', 'error:NoSuchUpload', 'op:ListParts'], features: ['errors'], spec: SPEC_ABORT, title: 'After AbortMultipartUpload, ListParts of that upload answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, [[1, small(1)]]);
    await t.s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: key, UploadId: id }));
    await t.expectError(t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id })), 'NoSuchUpload', 404);
  },
);

suite.case(
  { id: 'multipart/abort/then-upload-part', op: 'AbortMultipartUpload', claims: ['feature:multipart-abort-frees-upload', 'error:NoSuchUpload', 'op:UploadPart'], features: ['errors'], spec: SPEC_ABORT, title: 'After AbortMultipartUpload, UploadPart to that upload answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: key, UploadId: id }));
    await t.expectError(t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, Body: 'late' })), 'NoSuchUpload', 404);
  },
);

suite.case(
  { id: 'multipart/abort/not-listed', op: 'AbortMultipartUpload', claims: ['feature:multipart-abort-frees-upload', 'op:ListMultipartUploads'], spec: SPEC_ABORT, title: 'After AbortMultipartUpload the upload no longer appears in ListMultipartUploads' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: key, UploadId: id }));
    const l = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: key }));
    expect((l.Uploads ?? []).map((u) => u.UploadId), 'uploads listed for the key').toEqual([]);
  },
);

suite.case(
  { id: 'multipart/abort/unknown-upload', op: 'AbortMultipartUpload', claims: ['error:NoSuchUpload'], features: ['errors'], spec: SPEC_ABORT, title: 'AbortMultipartUpload of an unknown upload id answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    await t.expectError(t.s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: t.key('obj'), UploadId: 'no-such-upload-id-0000' })), 'NoSuchUpload', 404);
  },
);

// ── ListParts ───────────────────────────────────────────────────────────────────────────────

const SPEC_LP = `${API}API_ListParts.html`;
const THREE: [number, Buffer][] = [[1, small(11, 101)], [2, small(12, 202)], [3, small(13, 303)]];

suite.case(
  { id: 'multipart/list-parts/fields', op: 'ListParts', spec: SPEC_LP, title: 'ListParts lists every part with PartNumber, Size, ETag (quoted MD5) and LastModified, and echoes Bucket, Key, UploadId' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, THREE);
    const lp = await t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id }));
    expect([lp.Bucket, lp.Key, lp.UploadId], 'Bucket, Key, UploadId').toEqual([b, key, id]);
    expect(lp.IsTruncated, 'IsTruncated').toBe(false);
    const parts = (lp.Parts ?? []).map((p) => ({ n: p.PartNumber, size: p.Size, etag: p.ETag }));
    expect(parts, 'parts').toEqual(THREE.map(([n, body]) => ({ n, size: body.length, etag: `"${md5hex(body)}"` })));
    const bad = (lp.Parts ?? []).filter((p) => !withinMinutes(p.LastModified, 5));
    expect(bad.map((p) => p.PartNumber), 'parts whose LastModified is not the upload time (±5 min)').toEqual([]);
  },
);

suite.case(
  { id: 'multipart/list-parts/max-parts-pagination', op: 'ListParts', claims: ['feature:multipart-list-parts-pagination'], spec: SPEC_LP, title: 'ListParts with max-parts=2 over 3 parts: IsTruncated, NextPartNumberMarker 2, and the next page holds part 3' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, THREE);
    const p1 = await t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id, MaxParts: 2 }));
    expect((p1.Parts ?? []).map((p) => p.PartNumber), 'first page').toEqual([1, 2]);
    expect(p1.IsTruncated, 'IsTruncated on the first page').toBe(true);
    expect(String(p1.NextPartNumberMarker), 'NextPartNumberMarker').toBe('2');
    expect(p1.MaxParts, 'MaxParts echoed').toBe(2);
    const p2 = await t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id, MaxParts: 2, PartNumberMarker: p1.NextPartNumberMarker }));
    expect((p2.Parts ?? []).map((p) => p.PartNumber), 'second page').toEqual([3]);
    expect(p2.IsTruncated, 'IsTruncated on the last page').toBe(false);
  },
);

suite.case(
  { id: 'multipart/list-parts/part-number-marker', op: 'ListParts', claims: ['feature:multipart-list-parts-pagination'], spec: SPEC_LP, title: 'ListParts with part-number-marker=1 lists the parts after 1 and echoes PartNumberMarker' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await uploadParts(t, b, key, id, THREE);
    const lp = await t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id, PartNumberMarker: '1' }));
    expect((lp.Parts ?? []).map((p) => p.PartNumber), 'parts after 1').toEqual([2, 3]);
    expect(String(lp.PartNumberMarker), 'PartNumberMarker echoed').toBe('1');
  },
);

suite.case(
  { id: 'multipart/list-parts/no-parts', op: 'ListParts', spec: SPEC_LP, title: 'ListParts of an upload without parts answers 200 with no parts and IsTruncated false' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const lp = await t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id }));
    expect(statusOfResult(lp), 'status').toBe(200);
    expect(lp.Parts ?? [], 'parts').toEqual([]);
    expect(lp.IsTruncated, 'IsTruncated').toBe(false);
  },
);

suite.case(
  { id: 'multipart/list-parts/max-parts-default-1000', op: 'ListParts', claims: ['limit:max-parts-1000'], spec: SPEC_LP, title: 'ListParts without max-parts reports MaxParts 1000' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const lp = await t.s3.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: id }));
    expect(lp.MaxParts, 'MaxParts').toBe(1000);
  },
);

suite.case(
  { id: 'multipart/list-parts/unknown-upload', op: 'ListParts', claims: ['error:NoSuchUpload'], features: ['errors'], spec: SPEC_LP, title: 'ListParts of an unknown upload id answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    await t.expectError(t.s3.send(new ListPartsCommand({ Bucket: b, Key: t.key('obj'), UploadId: 'no-such-upload-id-0000' })), 'NoSuchUpload', 404);
  },
);

// ── ListMultipartUploads (each case works under its own key prefix) ─────────────────────────

const SPEC_LMU = `${API}API_ListMultipartUploads.html`;

async function createMany(t: CaseContext, b: string, keys: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  // One after the other: the order of creation must not be the order of listing by accident.
  for (const k of keys) ids.set(k, await create(t, b, k));
  return ids;
}

suite.case(
  { id: 'multipart/list-uploads/includes-created', op: 'ListMultipartUploads', spec: SPEC_LMU, title: 'ListMultipartUploads lists an upload with Key, UploadId, a recent Initiated, and echoes Bucket' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const l = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: key }));
    expect(l.Bucket, 'Bucket').toBe(b);
    const ups = l.Uploads ?? [];
    expect(ups.map((u) => [u.Key, u.UploadId]), 'uploads under the key').toEqual([[key, id]]);
    check(withinMinutes(ups[0].Initiated, 5), `Initiated (${ups[0].Initiated?.toISOString?.() ?? 'absent'}) must be the creation time (±5 min)`);
  },
);

suite.case(
  { id: 'multipart/list-uploads/prefix-sorted', op: 'ListMultipartUploads', spec: SPEC_LMU, title: 'ListMultipartUploads with a prefix lists only uploads under it, sorted by key' },
  async (t) => {
    const base = t.key('p');
    const b = await t.use(bucket);
    await createMany(t, b, [`${base}/in/c`, `${base}/in/a`, `${base}/out/x`, `${base}/in/b`]);
    const l = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: `${base}/in/` }));
    expect((l.Uploads ?? []).map((u) => u.Key), 'keys of the uploads listed').toEqual([`${base}/in/a`, `${base}/in/b`, `${base}/in/c`]);
    expect(l.Prefix, 'Prefix echoed').toBe(`${base}/in/`);
  },
);

suite.case(
  { id: 'multipart/list-uploads/delimiter', op: 'ListMultipartUploads', claims: ['feature:list-delimiter'], spec: SPEC_LMU, title: "ListMultipartUploads with delimiter '/' rolls deeper uploads up into CommonPrefixes" },
  async (t) => {
    const base = t.key('p');
    const b = await t.use(bucket);
    await createMany(t, b, [`${base}/top`, `${base}/dir/one`, `${base}/dir/two`]);
    const l = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: `${base}/`, Delimiter: '/' }));
    expect((l.Uploads ?? []).map((u) => u.Key), 'uploads at the top level').toEqual([`${base}/top`]);
    expect((l.CommonPrefixes ?? []).map((c) => c.Prefix), 'CommonPrefixes').toEqual([`${base}/dir/`]);
  },
);

suite.case(
  { id: 'multipart/list-uploads/max-uploads-pagination', op: 'ListMultipartUploads', claims: ['limit:max-uploads-1000'], spec: SPEC_LMU, title: 'ListMultipartUploads with max-uploads=2 over 3: truncated with NextKeyMarker/NextUploadIdMarker, and the next page holds the third' },
  async (t) => {
    const base = t.key('p');
    const b = await t.use(bucket);
    const ids = await createMany(t, b, [`${base}/c`, `${base}/a`, `${base}/b`]);
    const p1 = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: `${base}/`, MaxUploads: 2 }));
    expect((p1.Uploads ?? []).map((u) => u.Key), 'first page').toEqual([`${base}/a`, `${base}/b`]);
    expect(p1.IsTruncated, 'IsTruncated').toBe(true);
    expect(p1.NextKeyMarker, 'NextKeyMarker').toBe(`${base}/b`);
    expect(p1.NextUploadIdMarker, 'NextUploadIdMarker').toBe(ids.get(`${base}/b`));
    expect(p1.MaxUploads, 'MaxUploads echoed').toBe(2);
    const p2 = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: `${base}/`, MaxUploads: 2, KeyMarker: p1.NextKeyMarker, UploadIdMarker: p1.NextUploadIdMarker }));
    expect((p2.Uploads ?? []).map((u) => u.Key), 'second page').toEqual([`${base}/c`]);
    expect(p2.IsTruncated, 'IsTruncated on the last page').toBe(false);
  },
);

suite.case(
  { id: 'multipart/list-uploads/same-key-upload-id-marker', op: 'ListMultipartUploads', spec: SPEC_LMU, title: 'Two uploads of one key page one at a time with key-marker + upload-id-marker, each listed once' },
  async (t) => {
    const key = t.key('same');
    const b = await t.use(bucket);
    const first = await create(t, b, key);
    const second = await create(t, b, key);
    const p1 = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: key, MaxUploads: 1 }));
    const got1 = (p1.Uploads ?? []).map((u) => u.UploadId);
    expect(got1.length, 'uploads on the first page').toBe(1);
    expect(p1.IsTruncated, 'IsTruncated').toBe(true);
    expect([p1.NextKeyMarker, p1.NextUploadIdMarker], 'NextKeyMarker, NextUploadIdMarker').toEqual([key, got1[0]]);
    const p2 = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: key, MaxUploads: 1, KeyMarker: p1.NextKeyMarker, UploadIdMarker: p1.NextUploadIdMarker }));
    const got2 = (p2.Uploads ?? []).map((u) => u.UploadId);
    expect([...got1, ...got2].sort(), 'both uploads, once each').toEqual([first, second].sort());
  },
);

suite.case(
  { id: 'multipart/list-uploads/key-marker', op: 'ListMultipartUploads', spec: SPEC_LMU, title: 'ListMultipartUploads with key-marker lists only uploads of later keys and echoes KeyMarker' },
  async (t) => {
    const base = t.key('p');
    const b = await t.use(bucket);
    await createMany(t, b, [`${base}/a`, `${base}/b`, `${base}/c`]);
    const l = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: `${base}/`, KeyMarker: `${base}/a` }));
    expect((l.Uploads ?? []).map((u) => u.Key), 'uploads after the key marker').toEqual([`${base}/b`, `${base}/c`]);
    expect(l.KeyMarker, 'KeyMarker echoed').toBe(`${base}/a`);
  },
);

suite.case(
  { id: 'multipart/list-uploads/completed-not-listed', op: 'ListMultipartUploads', claims: ['op:CompleteMultipartUpload'], spec: SPEC_LMU, title: 'A completed upload is no longer listed by ListMultipartUploads' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const parts = await uploadParts(t, b, key, id, [[1, small(1)]]);
    await t.setup('complete the upload', () => complete(t.s3, b, key, id, parts));
    const l = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: key }));
    expect((l.Uploads ?? []).map((u) => u.UploadId), 'uploads listed for the key').toEqual([]);
  },
);

suite.case(
  { id: 'multipart/list-uploads/max-uploads-default-1000', op: 'ListMultipartUploads', claims: ['limit:max-uploads-1000'], spec: SPEC_LMU, title: 'ListMultipartUploads without max-uploads reports MaxUploads 1000' },
  async (t) => {
    const b = await t.use(bucket);
    const l = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: t.key('none') }));
    expect(l.MaxUploads, 'MaxUploads').toBe(1000);
  },
);

suite.case(
  { id: 'multipart/list-uploads/missing-bucket', op: 'ListMultipartUploads', claims: ['error:NoSuchBucket'], features: ['errors'], spec: SPEC_LMU, title: 'ListMultipartUploads of a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    await t.expectError(t.s3.send(new ListMultipartUploadsCommand({ Bucket: t.bucketName('missing') })), 'NoSuchBucket', 404);
  },
);

// ── UploadPartCopy ──────────────────────────────────────────────────────────────────────────

const SPEC_UPC = `${API}API_UploadPartCopy.html`;
const copySource = (b: string, key: string) => `${b}/${key.split('/').map(encodeURIComponent).join('/')}`;

async function putSmallSource(t: CaseContext, b: string, body: Buffer, key = t.key('src')): Promise<string> {
  await t.setup('put the copy source', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: body })));
  return key;
}

suite.case(
  { id: 'multipart/upload-part-copy/whole-object', op: 'UploadPartCopy', spec: SPEC_UPC, title: 'UploadPartCopy of a whole object answers CopyPartResult (ETag = quoted MD5, LastModified), and the completed object holds the source bytes' },
  async (t) => {
    const b = await t.use(bucket);
    const body = small(21, 2048);
    const srcKey = await putSmallSource(t, b, body);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const res = await t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource(b, srcKey) }));
    expect(res.CopyPartResult?.ETag, 'CopyPartResult ETag').toBe(`"${md5hex(body)}"`);
    expect(res.CopyPartResult?.LastModified, 'CopyPartResult LastModified').toBeInstanceOf(Date);
    await complete(t.s3, b, key, id, [{ PartNumber: 1, ETag: res.CopyPartResult?.ETag }]);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
    expect(await streamDigest(got.Body), 'content').toEqual(concatDigest([body]));
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/range', op: 'UploadPartCopy', spec: SPEC_UPC, title: 'UploadPartCopy with x-amz-copy-source-range bytes=10-99 copies those 90 bytes (ETag = their MD5)' },
  async (t) => {
    const b = await t.use(bucket);
    const body = small(22, 1000);
    const srcKey = await putSmallSource(t, b, body);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const res = await t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource(b, srcKey), CopySourceRange: 'bytes=10-99' }));
    const slice = body.subarray(10, 100);
    expect(bare(res.CopyPartResult?.ETag), 'CopyPartResult ETag = MD5 of the range').toBe(md5hex(slice));
    await complete(t.s3, b, key, id, [{ PartNumber: 1, ETag: res.CopyPartResult?.ETag }]);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
    expect(await streamDigest(got.Body), 'content = the range').toEqual(concatDigest([slice]));
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/ranges-reassemble', op: 'UploadPartCopy', claims: ['feature:multipart-etag-format'], spec: SPEC_UPC, title: 'Two range copies (first 5 MiB, then the rest) of a multipart object reassemble it: same bytes, same multipart ETag' },
  async (t) => {
    const f = await t.use(completed);
    const key = t.key('obj');
    const id = await create(t, f.bucket, key);
    const cs = copySource(f.bucket, f.key);
    const r1 = await t.s3.send(new UploadPartCopyCommand({ Bucket: f.bucket, Key: key, UploadId: id, PartNumber: 1, CopySource: cs, CopySourceRange: `bytes=0-${PART - 1}` }));
    const r2 = await t.s3.send(new UploadPartCopyCommand({ Bucket: f.bucket, Key: key, UploadId: id, PartNumber: 2, CopySource: cs, CopySourceRange: `bytes=${PART}-${f.digest.length - 1}` }));
    await complete(t.s3, f.bucket, key, id, [
      { PartNumber: 1, ETag: r1.CopyPartResult?.ETag },
      { PartNumber: 2, ETag: r2.CopyPartResult?.ETag },
    ]);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: f.bucket, Key: key }));
    expect(got.ETag, 'ETag of the reassembled object').toBe(f.etag);
    expect(await streamDigest(got.Body), 'content').toEqual(f.digest);
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/range-beyond-size', op: 'UploadPartCopy', claims: ['error:InvalidRange'], features: ['errors'], spec: SPEC_UPC, title: 'UploadPartCopy with a range past the end of the source answers InvalidRange (416, or 400)' },
  async (t) => {
    const b = await t.use(bucket);
    const srcKey = await putSmallSource(t, b, small(23, 100));
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.expectError(t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource(b, srcKey), CopySourceRange: 'bytes=0-199' })), {
      code: 'InvalidRange',
      status: 416,
      oneOf: [{ code: 'InvalidRange', status: 400, reason: 'S3 has answered this InvalidRange with status 400 as well' }],
    });
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/malformed-range', op: 'UploadPartCopy', claims: ['error:InvalidArgument'], features: ['errors'], spec: SPEC_UPC, title: 'UploadPartCopy with x-amz-copy-source-range not of the form bytes=first-last answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const srcKey = await putSmallSource(t, b, small(24, 100));
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.expectError(t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource(b, srcKey), CopySourceRange: 'bytes=ten-twenty' })), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/missing-source', op: 'UploadPartCopy', claims: ['error:NoSuchKey'], features: ['errors'], spec: SPEC_UPC, title: 'UploadPartCopy from a missing key answers 404 NoSuchKey' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.expectError(t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource(b, t.key('missing')) })), 'NoSuchKey', 404);
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/unknown-upload', op: 'UploadPartCopy', claims: ['error:NoSuchUpload'], features: ['errors'], spec: SPEC_UPC, title: 'UploadPartCopy into an unknown upload id answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    const srcKey = await putSmallSource(t, b, small(25, 100));
    await t.expectError(t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: t.key('obj'), UploadId: 'no-such-upload-id-0000', PartNumber: 1, CopySource: copySource(b, srcKey) })), 'NoSuchUpload', 404);
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/encoded-source-key', op: 'UploadPartCopy', claims: ['feature:copy-source-encoding', 'feature:key-special-chars'], spec: SPEC_UPC, title: 'UploadPartCopy from a key with a space, a plus and unicode (percent-encoded in x-amz-copy-source) copies it' },
  async (t) => {
    const b = await t.use(bucket);
    const body = small(26, 300);
    const srcKey = await putSmallSource(t, b, body, `${t.key('src')}/a b+c ü日本.bin`);
    const key = t.key('obj');
    const id = await create(t, b, key);
    const res = await t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource(b, srcKey) }));
    expect(bare(res.CopyPartResult?.ETag), 'CopyPartResult ETag = MD5 of the source').toBe(md5hex(body));
  },
);

suite.case(
  { id: 'multipart/upload-part-copy/source-if-match-false', op: 'UploadPartCopy', claims: ['feature:copy-source-conditional', 'error:PreconditionFailed'], features: ['errors', 'conditional'], spec: SPEC_UPC, title: 'UploadPartCopy with x-amz-copy-source-if-match of another ETag answers 412 PreconditionFailed' },
  async (t) => {
    const b = await t.use(bucket);
    const srcKey = await putSmallSource(t, b, small(27, 100));
    const key = t.key('obj');
    const id = await create(t, b, key);
    await t.expectError(
      t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource(b, srcKey), CopySourceIfMatch: `"${md5hex('something else')}"` })),
      'PreconditionFailed',
      412,
    );
  },
);
