// The client dimension: the operations whose wire format today's @aws-sdk/client-s3 defaults
// change (flexible checksums, aws-chunked streaming bodies with a trailing checksum, no
// Content-MD5 on DeleteObjects, response checksum validation), each run twice — with the SDK's
// defaults (t.run.sdkDefaults) and with the conservative client (t.s3: checksums only when
// required, Content-MD5 where S3 always required it). Content always round-trips byte for byte:
// an endpoint that stores the aws-chunked framing as the object fails here, not silently.
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-dataintegrity.html
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { bodyBytes, statusOfResult } from '../harness/expect.ts';
import { checksumBase64, md5Hex, patternBytes } from '../harness/raw/index.ts';

const suite = defineSuite('sdk-defaults', { features: ['sdk-defaults'] });
const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const INTEGRITY = 'https://docs.aws.amazon.com/sdkref/latest/guide/feature-dataintegrity.html';

const bucket = suite.bucket({ label: 'sdk-defaults' });

type Flavour = 'today-defaults' | 'conservative';
const FLAVOURS: Flavour[] = ['today-defaults', 'conservative'];

function clientOf(t: CaseContext, f: Flavour): S3Client {
  return f === 'today-defaults' ? t.run.sdkDefaults : t.s3;
}

/**
 * What the request just sent must look like for the case to measure what it says (e.g. the
 * defaults client really streamed aws-chunked). A different wire format is a premise failure of
 * the harness (verdict error), never the endpoint's fault.
 */
function premise(t: CaseContext, method: string, check: (headers: Record<string, string>) => boolean, what: string): void {
  const ex = t.lastExchange();
  if (!ex || ex.request.method !== method || !check(ex.request.headers)) {
    throw new Error(`premise: the ${what} (sent headers: ${JSON.stringify(ex?.request.headers ?? {})})`);
  }
}

const isChunked = (h: Record<string, string>) => /aws-chunked/.test(h['content-encoding'] ?? '');

/** Read the object back with the conservative client and compare it byte for byte. */
async function roundTrip(t: CaseContext, b: string, key: string, expected: Buffer): Promise<void> {
  const got = await t.s3.send(new GetObjectCommand({ Bucket: b, Key: key }));
  const bytes = await bodyBytes(got.Body);
  expect(bytes.length, `stored length (sent ${expected.length} bytes)`).toBe(expected.length);
  expect(bytes.equals(expected), 'the stored object must be the bytes sent (not the chunk framing)').toBe(true);
}

for (const f of FLAVOURS) {
  const defaults = f === 'today-defaults';

  suite.case(
    {
      id: `sdk-defaults/put-object-stream/${f}`,
      op: 'PutObject',
      features: defaults ? ['chunked', 'checksum'] : [],
      claims: defaults ? ['header:chunked-encoding', 'auth:streaming-unsigned-trailer', 'feature:checksum-crc32'] : ['auth:unsigned-payload', 'header:Content-Length'],
      spec: `${API}API_PutObject.html`,
      title: defaults
        ? 'PutObject with a stream body and today’s SDK defaults (aws-chunked + trailing CRC32) stores the exact bytes'
        : 'PutObject with a stream body and the conservative client (plain body, UNSIGNED-PAYLOAD) stores the exact bytes',
    },
    async (t) => {
      const b = await t.use(bucket);
      const key = t.key();
      const body = patternBytes(200_000, 61);
      const res = await clientOf(t, f).send(new PutObjectCommand({ Bucket: b, Key: key, Body: Readable.from([body]), ContentLength: body.length }));
      premise(t, 'PUT', (h) => isChunked(h) === defaults, defaults ? 'SDK defaults client should stream aws-chunked' : 'conservative client should send a plain body');
      expect(statusOfResult(res), 'PutObject status').toBe(200);
      expect(res.ETag, 'ETag = MD5 of the decoded bytes').toBe(`"${md5Hex(body)}"`);
      await roundTrip(t, b, key, body);
    },
  );

  suite.case(
    {
      id: `sdk-defaults/put-object-buffer/${f}`,
      op: 'PutObject',
      features: defaults ? ['checksum'] : [],
      claims: defaults ? ['feature:checksum-crc32'] : [],
      spec: `${API}API_PutObject.html`,
      title: defaults
        ? 'PutObject with an in-memory body and today’s SDK defaults (x-amz-checksum-crc32 header) stores the exact bytes'
        : 'PutObject with an in-memory body and the conservative client (no checksum header) stores the exact bytes',
    },
    async (t) => {
      const b = await t.use(bucket);
      const key = t.key();
      const body = patternBytes(50_000, 62);
      const res = await clientOf(t, f).send(new PutObjectCommand({ Bucket: b, Key: key, Body: body }));
      premise(t, 'PUT', (h) => (h['x-amz-checksum-crc32'] !== undefined) === defaults, defaults ? 'SDK defaults client should send x-amz-checksum-crc32' : 'conservative client should send no checksum');
      expect(statusOfResult(res), 'PutObject status').toBe(200);
      if (defaults && res.ChecksumCRC32 !== undefined) expect(res.ChecksumCRC32, 'echoed CRC32').toBe(checksumBase64('crc32', body));
      await roundTrip(t, b, key, body);
    },
  );

  suite.case(
    {
      id: `sdk-defaults/delete-objects/${f}`,
      op: 'DeleteObjects',
      features: defaults ? ['checksum'] : [],
      claims: defaults ? ['feature:delete-objects-without-content-md5', 'feature:checksum-crc32'] : ['feature:delete-objects-content-md5', 'header:Content-MD5'],
      spec: `${API}API_DeleteObjects.html`,
      title: defaults
        ? 'DeleteObjects with today’s SDK defaults (a CRC32 checksum, no Content-MD5) deletes the keys'
        : 'DeleteObjects with the conservative client (Content-MD5) deletes the keys',
    },
    async (t) => {
      const b = await t.use(bucket);
      // Keys at the top level (no '/'): this case is about the checksum headers, and some
      // file-backed stores race when one request empties a shared key "directory".
      const base = t.key().replace(/\//g, '--');
      const keys = [`${base}-a`, `${base}-b`];
      await t.setup('put two objects', () => Promise.all(keys.map((k) => t.s3.send(new PutObjectCommand({ Bucket: b, Key: k, Body: k })))));
      const res = await clientOf(t, f).send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
      premise(t, 'POST', (h) => (h['content-md5'] === undefined) === defaults, defaults ? 'SDK defaults client should send DeleteObjects without Content-MD5' : 'conservative client should send Content-MD5');
      expect(statusOfResult(res), 'DeleteObjects status').toBe(200);
      expect(res.Errors ?? [], 'no per-key errors').toEqual([]);
      expect((res.Deleted ?? []).map((d) => d.Key).sort(), 'both keys reported Deleted').toEqual([...keys].sort());
      const left = await t.s3.send(new ListObjectsV2Command({ Bucket: b, Prefix: `${base}-` }));
      expect((left.Contents ?? []).map((c) => c.Key), 'nothing left under the prefix').toEqual([]);
    },
  );

  for (const stream of [false, true]) {
    const id = stream ? 'upload-part-stream' : 'upload-part';
    suite.case(
      {
        id: `sdk-defaults/${id}/${f}`,
        op: 'UploadPart',
        features: defaults ? ['checksum', ...(stream ? ['chunked'] : [])] : [],
        claims: [
          'op:CreateMultipartUpload',
          'op:CompleteMultipartUpload',
          ...(defaults ? ['feature:checksum-crc32', ...(stream ? ['header:chunked-encoding', 'auth:streaming-unsigned-trailer'] : [])] : []),
        ],
        spec: `${API}API_UploadPart.html`,
        title: `A multipart upload whose part is a${stream ? ' stream' : 'n in-memory body'}, with ${defaults ? 'today’s SDK defaults (flexible checksum on UploadPart)' : 'the conservative client'}, assembles the exact bytes`,
      },
      async (t) => {
        const b = await t.use(bucket);
        const key = t.key();
        const c = clientOf(t, f);
        const part = patternBytes(120_000, stream ? 63 : 64);
        const init = await c.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key }));
        expect(init.UploadId, 'UploadId').toBeTruthy();
        const up = await c.send(
          new UploadPartCommand({ Bucket: b, Key: key, UploadId: init.UploadId, PartNumber: 1, Body: stream ? Readable.from([part]) : part, ContentLength: part.length }),
        );
        premise(
          t,
          'PUT',
          (h) => (stream && defaults ? isChunked(h) : !isChunked(h)) && (h['x-amz-checksum-crc32'] !== undefined || h['x-amz-trailer'] !== undefined) === defaults,
          defaults ? `SDK defaults client should send a CRC32 ${stream ? 'trailer (aws-chunked)' : 'header'} on UploadPart` : 'conservative client should send a plain part without checksum',
        );
        expect(up.ETag, 'UploadPart ETag = MD5 of the part').toBe(`"${md5Hex(part)}"`);
        const done = await c.send(
          new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: init.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: up.ETag }] } }),
        );
        expect(statusOfResult(done), 'CompleteMultipartUpload status').toBe(200);
        await roundTrip(t, b, key, part);
      },
    );
  }

  suite.case(
    {
      id: `sdk-defaults/get-object-checksum/${f}`,
      op: 'GetObject',
      features: defaults ? ['checksum'] : [],
      claims: defaults ? ['feature:checksum-crc32'] : [],
      spec: INTEGRITY,
      title: defaults
        ? 'GetObject with today’s SDK defaults (x-amz-checksum-mode: ENABLED, response validation) returns the exact bytes'
        : 'GetObject with the conservative client (no response validation) returns the exact bytes',
    },
    async (t) => {
      const b = await t.use(bucket);
      const key = t.key();
      const body = patternBytes(40_000, 65);
      await t.setup('put an object with a CRC32 checksum', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: body, ChecksumAlgorithm: 'CRC32' })));
      const got = await clientOf(t, f).send(new GetObjectCommand({ Bucket: b, Key: key }));
      premise(t, 'GET', (h) => (h['x-amz-checksum-mode'] === 'ENABLED') === defaults, defaults ? 'SDK defaults client should ask for x-amz-checksum-mode: ENABLED' : 'conservative client should not ask for checksums');
      // the SDK validates a returned checksum while the body is read: a mismatch throws here
      const bytes = await bodyBytes(got.Body);
      expect(bytes.equals(body), 'the bytes read must be the bytes stored').toBe(true);
      if (got.ChecksumCRC32 !== undefined) expect(got.ChecksumCRC32, 'the returned CRC32 is the one of the body').toBe(checksumBase64('crc32', body));
    },
  );
}
