// Addressing styles as a dimension: every operation here runs path-style
// (http://endpoint/bucket/key) and virtual-hosted-style (Host: bucket.<domain>:port) through the
// raw layer, whatever the profile's main style is. Virtual-hosted cases are skipped only when the
// profile offers no host name to put the bucket in (an IP endpoint without virtualHostDomain).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { PROFILE_SKIP } from '../harness/signals.ts';
import { raw, expectRawError, expectRawOk, expectRawStatus, md5Hex, patternBytes, type RawClient } from '../harness/raw/index.ts';

const suite = defineSuite('addressing', { features: ['addressing'] });
const HOSTING = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html';

type Style = 'path' | 'virtual';
const STYLES: Style[] = ['path', 'virtual'];

const bucket = suite.bucket({ label: 'addressing' });
const CONTENT = patternBytes(1500, 51);
const object = suite.fixture('object addressing/fixture', async (run) => {
  const b = await bucket.get();
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: 'fixture/dir/object.bin', Body: CONTENT }));
  return { bucket: b, key: 'fixture/dir/object.bin' };
});

function client(t: CaseContext, style: Style): RawClient {
  const r = raw(t);
  if (!r.canAddress(style)) t.skip(style === 'virtual' ? PROFILE_SKIP.notVirtual : PROFILE_SKIP.notPath);
  return r;
}

function keysOf(xml: Record<string, unknown> | undefined): string[] {
  const list = xml?.ListBucketResult as { Contents?: { Key: string } | { Key: string }[] } | undefined;
  return [list?.Contents ?? []].flat().map((c) => c.Key);
}

for (const style of STYLES) {
  const claim = `addressing:${style}`;
  const features = style === 'virtual' ? ['addressing', 'virtual-host'] : ['addressing'];

  suite.case(
    { id: `addressing/${style}/create-bucket`, op: 'CreateBucket', features, claims: [claim], spec: HOSTING, title: `CreateBucket ${style}-style creates the bucket (200, then HEAD 200 in the same style)` },
    async (t) => {
      const r = client(t, style);
      const name = t.bucketName(`${style}-create`);
      expectRawOk(await r.send({ method: 'PUT', bucket: name, addressing: style }), 200);
      expectRawStatus(await r.send({ method: 'HEAD', bucket: name, addressing: style }), 200);
    },
  );

  suite.case(
    { id: `addressing/${style}/put-object`, op: 'PutObject', features, claims: [claim], spec: HOSTING, title: `PutObject ${style}-style stores the object under the right bucket and key` },
    async (t) => {
      const r = client(t, style);
      const b = await t.use(bucket);
      const key = t.key();
      const body = patternBytes(800, style === 'path' ? 52 : 53);
      const put = await r.send({ method: 'PUT', bucket: b, key, body, addressing: style });
      expectRawOk(put, 200);
      expect(put.headers.etag, 'ETag').toBe(`"${md5Hex(body)}"`);
      // read back in the profile's own style: the object must be where the other style sees it
      const get = await r.send({ method: 'GET', bucket: b, key });
      expectRawOk(get, 200);
      expect(get.body.equals(body), 'stored bytes').toBe(true);
    },
  );

  suite.case(
    { id: `addressing/${style}/get-object`, op: 'GetObject', features, claims: [claim], spec: HOSTING, title: `GetObject ${style}-style returns the object, byte for byte` },
    async (t) => {
      const r = client(t, style);
      const o = await t.use(object);
      const res = await r.send({ method: 'GET', bucket: o.bucket, key: o.key, addressing: style });
      expectRawOk(res, 200);
      expect(res.body.equals(CONTENT), 'body').toBe(true);
    },
  );

  suite.case(
    { id: `addressing/${style}/head-object`, op: 'HeadObject', features, claims: [claim], spec: HOSTING, title: `HeadObject ${style}-style answers 200 with the object length` },
    async (t) => {
      const r = client(t, style);
      const o = await t.use(object);
      const res = await r.send({ method: 'HEAD', bucket: o.bucket, key: o.key, addressing: style });
      expectRawStatus(res, 200);
      expect(res.headers['content-length'], 'Content-Length').toBe(String(CONTENT.length));
    },
  );

  suite.case(
    { id: `addressing/${style}/list-objects`, op: 'ListObjectsV2', features, claims: [claim], spec: HOSTING, title: `ListObjectsV2 ${style}-style names the bucket and lists the object` },
    async (t) => {
      const r = client(t, style);
      const o = await t.use(object);
      const res = await r.send({ method: 'GET', bucket: o.bucket, addressing: style, query: { 'list-type': '2', prefix: 'fixture/' } });
      expectRawOk(res, 200);
      expect((res.xml()?.ListBucketResult as { Name?: string } | undefined)?.Name, 'ListBucketResult.Name').toBe(o.bucket);
      expect(keysOf(res.xml()), 'keys').toContain(o.key);
    },
  );

  suite.case(
    { id: `addressing/${style}/delete-object`, op: 'DeleteObject', features, claims: [claim], spec: HOSTING, title: `DeleteObject ${style}-style removes the object (204, then 404)` },
    async (t) => {
      const r = client(t, style);
      const b = await t.use(bucket);
      const key = t.key();
      await t.setup('put the object', async () => expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: 'x' }), 200));
      expectRawOk(await r.send({ method: 'DELETE', bucket: b, key, addressing: style }), 204);
      expectRawStatus(await r.send({ method: 'HEAD', bucket: b, key }), 404);
    },
  );

  suite.case(
    { id: `addressing/${style}/key-with-slashes`, op: 'PutObject', features, claims: [claim, 'feature:key-special-chars'], spec: HOSTING, title: `A key with slashes, spaces and a leading 'dir/' keeps its full name ${style}-style` },
    async (t) => {
      const r = client(t, style);
      const b = await t.use(bucket);
      const key = `${t.key('deep')}/a b/c+d/e.txt`;
      expectRawOk(await r.send({ method: 'PUT', bucket: b, key, body: 'deep', addressing: style }), 200);
      const list = await r.send({ method: 'GET', bucket: b, query: { 'list-type': '2', prefix: key } });
      expectRawOk(list, 200);
      expect(keysOf(list.xml()), 'the key as listed').toEqual([key]);
    },
  );

  suite.case(
    { id: `addressing/${style}/missing-bucket`, op: 'GetObject', features, claims: [claim, 'error:NoSuchBucket'], spec: HOSTING, title: `A request ${style}-style for a bucket that does not exist answers 404 NoSuchBucket naming it` },
    async (t) => {
      const r = client(t, style);
      const name = t.bucketName(`${style}-missing`);
      const res = await r.send({ method: 'GET', bucket: name, key: 'k', addressing: style });
      expectRawError(res, 'NoSuchBucket', 404, t.tolerate);
      expect(res.error?.fields.BucketName, 'the error names the bucket (<BucketName>)').toBe(name);
    },
  );

  suite.case(
    { id: `addressing/${style}/list-buckets`, op: 'ListBuckets', features, claims: [claim], spec: HOSTING, title: `ListBuckets at the service host (${style === 'virtual' ? 'the virtual-host domain without a bucket' : 'the endpoint'}) lists this file’s bucket` },
    async (t) => {
      const r = client(t, style);
      const b = await t.use(bucket);
      const res = await r.send({ method: 'GET', addressing: style });
      expectRawOk(res, 200);
      const buckets = (res.xml()?.ListAllMyBucketsResult as { Buckets?: { Bucket?: { Name: string } | { Name: string }[] } } | undefined)?.Buckets?.Bucket;
      expect([buckets ?? []].flat().map((x) => x.Name), 'bucket names').toContain(b);
    },
  );

  suite.case(
    { id: `addressing/${style}/delete-bucket`, op: 'DeleteBucket', features, claims: [claim], spec: HOSTING, title: `DeleteBucket ${style}-style removes the empty bucket (204, then 404)` },
    async (t) => {
      const r = client(t, style);
      const b = await t.createBucket({ label: `${style}-del` });
      expectRawOk(await r.send({ method: 'DELETE', bucket: b, addressing: style }), 204);
      expectRawStatus(await r.send({ method: 'HEAD', bucket: b }), 404);
    },
  );
}

suite.case(
  { id: 'addressing/cross/virtual-write-path-read', op: 'GetObject', features: ['addressing', 'virtual-host'], claims: ['addressing:path', 'addressing:virtual'], spec: HOSTING, title: 'An object written virtual-hosted-style is the same object path-style (bytes and ETag)' },
  async (t) => {
    const r = client(t, 'virtual');
    const b = await t.use(bucket);
    const key = t.key();
    const body = patternBytes(700, 54);
    const put = await r.send({ method: 'PUT', bucket: b, key, body, addressing: 'virtual' });
    expectRawOk(put, 200);
    const get = await r.send({ method: 'GET', bucket: b, key, addressing: 'path' });
    expectRawOk(get, 200);
    expect(get.body.equals(body), 'bytes').toBe(true);
    expect(get.headers.etag, 'ETag').toBe(put.headers.etag);
  },
);

suite.case(
  { id: 'addressing/cross/dotted-bucket-path-style', op: 'CreateBucket', features: ['addressing'], claims: ['addressing:path', 'naming:allowed-chars'], spec: HOSTING, title: 'A bucket name with dots is reachable path-style (create, put, get)' },
  async (t) => {
    const r = client(t, 'path');
    const name = t.bucketName('dot').replace(/-/, '.');
    expectRawOk(await r.send({ method: 'PUT', bucket: name, addressing: 'path' }), 200);
    expectRawOk(await r.send({ method: 'PUT', bucket: name, key: 'k', body: 'dotted', addressing: 'path' }), 200);
    const get = await r.send({ method: 'GET', bucket: name, key: 'k', addressing: 'path' });
    expectRawOk(get, 200);
    expect(get.text(), 'body').toBe('dotted');
  },
);
