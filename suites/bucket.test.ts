// Bucket CRUD: CreateBucket, HeadBucket, ListBuckets, GetBucketLocation, DeleteBucket.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite } from '../harness/case.ts';
import { expectS3Status, statusOfResult, isUsEast1RecreateOk } from '../harness/expect.ts';

const suite = defineSuite('bucket', { features: ['bucket'] });
const SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const shared = suite.bucket({ label: 'bucket-shared' });

suite.case(
  { id: 'bucket/create/returns-200-and-location', op: 'CreateBucket', spec: `${SPEC}API_CreateBucket.html`, title: 'CreateBucket answers 200 with a Location header naming the bucket' },
  async (t) => {
    const name = t.track(t.bucketName('loc'));
    const res = await t.s3.send(new CreateBucketCommand({ Bucket: name }));
    expect(statusOfResult(res), 'CreateBucket status').toBe(200);
    expect(res.Location ?? '(no Location header)', 'Location header must name the bucket').toMatch(new RegExp(`/?${name}/?$|^https?://${name}\\.`));
  },
);

suite.case(
  { id: 'bucket/create/already-owned-by-you', op: 'CreateBucket', claims: ['error:BucketAlreadyOwnedByYou'], spec: `${SPEC}API_CreateBucket.html`, title: 'Creating a bucket you already own answers 409 BucketAlreadyOwnedByYou (us-east-1 legacy: 200)' },
  async (t) => {
    const b = await t.use(shared);
    const again = t.s3.send(new CreateBucketCommand({ Bucket: b }));
    if (await isUsEast1RecreateOk(t, again)) return;
    await t.expectError(again, {
      code: 'BucketAlreadyOwnedByYou',
      status: 409,
      oneOf: [{ code: 'BucketAlreadyExists', status: 409, reason: 'older S3 implementations answer BucketAlreadyExists to the owner too' }],
    });
  },
);

suite.case(
  { id: 'bucket/create/already-exists-other-owner', op: 'CreateBucket', claims: ['error:BucketAlreadyExists'], features: ['alt-identity'], spec: `${SPEC}API_CreateBucket.html`, title: "Creating a bucket another account owns answers 409 BucketAlreadyExists" },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(shared);
    await t.expectError(alt.send(new CreateBucketCommand({ Bucket: b })), 'BucketAlreadyExists', 409);
  },
);

suite.case(
  { id: 'bucket/head/existing-200', op: 'HeadBucket', spec: `${SPEC}API_HeadBucket.html`, title: 'HeadBucket on an own bucket answers 200' },
  async (t) => {
    const b = await t.use(shared);
    const res = await t.s3.send(new HeadBucketCommand({ Bucket: b }));
    expect(statusOfResult(res), 'HeadBucket status').toBe(200);
  },
);

suite.case(
  { id: 'bucket/head/missing-404', op: 'HeadBucket', claims: ['error:NoSuchBucket'], spec: `${SPEC}API_HeadBucket.html`, title: 'HeadBucket on a missing bucket answers 404 (no body)' },
  async (t) => {
    await expectS3Status(t.s3.send(new HeadBucketCommand({ Bucket: t.bucketName('missing') })), 404);
  },
);

suite.case(
  { id: 'bucket/head/other-owner-403', op: 'HeadBucket', features: ['alt-identity'], claims: ['error:AccessDenied'], spec: `${SPEC}API_HeadBucket.html`, title: "HeadBucket on another account's private bucket answers 403" },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(shared);
    await expectS3Status(alt.send(new HeadBucketCommand({ Bucket: b })), 403);
  },
);

suite.case(
  { id: 'bucket/list/includes-created', op: 'ListBuckets', spec: `${SPEC}API_ListBuckets.html`, title: 'ListBuckets lists a bucket just created, with a CreationDate, and the Owner' },
  async (t) => {
    const b = await t.use(shared);
    const res = await t.s3.send(new ListBucketsCommand({}));
    const mine = res.Buckets?.find((x) => x.Name === b);
    expect(mine, `ListBuckets must include ${b}`).toBeDefined();
    expect(mine?.CreationDate, 'CreationDate').toBeInstanceOf(Date);
    expect(res.Owner?.ID, 'Owner.ID').toBeTruthy();
  },
);

suite.case(
  { id: 'bucket/list/excludes-other-owner', op: 'ListBuckets', features: ['alt-identity'], spec: `${SPEC}API_ListBuckets.html`, title: "ListBuckets of another account does not show this account's bucket" },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(shared);
    const res = await alt.send(new ListBucketsCommand({}));
    expect((res.Buckets ?? []).map((x) => x.Name), 'alt must not see the bucket').not.toContain(b);
  },
);

suite.case(
  { id: 'bucket/list/anonymous-denied', op: 'ListBuckets', claims: ['error:AccessDenied'], features: ['anonymous'], spec: `${SPEC}API_ListBuckets.html`, title: 'ListBuckets without credentials answers 403 AccessDenied' },
  async (t) => {
    await t.expectError(t.anon.send(new ListBucketsCommand({})), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'bucket/location/default-region', op: 'GetBucketLocation', spec: `${SPEC}API_GetBucketLocation.html`, title: "GetBucketLocation answers with the profile's region (empty for us-east-1)" },
  async (t) => {
    const b = await t.use(shared);
    const res = await t.s3.send(new GetBucketLocationCommand({ Bucket: b }));
    expect(statusOfResult(res), 'status').toBe(200);
    const region = t.run.profile.region;
    const got = res.LocationConstraint ?? '';
    const ok = got === region || (region === 'us-east-1' && got === '');
    expect(ok, `LocationConstraint '${got}' must be '${region}'${region === 'us-east-1' ? " or ''" : ''}`).toBe(true);
  },
);

suite.case(
  { id: 'bucket/location/missing-bucket', op: 'GetBucketLocation', claims: ['error:NoSuchBucket'], spec: `${SPEC}API_GetBucketLocation.html`, title: 'GetBucketLocation of a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    await t.expectError(t.s3.send(new GetBucketLocationCommand({ Bucket: t.bucketName('missing') })), 'NoSuchBucket', 404);
  },
);

suite.case(
  { id: 'bucket/delete/empty-204', op: 'DeleteBucket', spec: `${SPEC}API_DeleteBucket.html`, title: 'DeleteBucket of an empty bucket answers 204, after which HeadBucket answers 404' },
  async (t) => {
    const b = await t.createBucket({ label: 'del' });
    const res = await t.s3.send(new DeleteBucketCommand({ Bucket: b }));
    expect(statusOfResult(res), 'DeleteBucket status').toBe(204);
    await expectS3Status(t.s3.send(new HeadBucketCommand({ Bucket: b })), 404);
  },
);

suite.case(
  { id: 'bucket/delete/not-empty-409', op: 'DeleteBucket', claims: ['error:BucketNotEmpty'], spec: `${SPEC}API_DeleteBucket.html`, title: 'DeleteBucket of a bucket with an object answers 409 BucketNotEmpty' },
  async (t) => {
    const b = await t.createBucket({ label: 'notempty' });
    await t.setup('put an object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: 'x', Body: 'x' })));
    await t.expectError(t.s3.send(new DeleteBucketCommand({ Bucket: b })), 'BucketNotEmpty', 409);
  },
);

suite.case(
  { id: 'bucket/delete/missing-404', op: 'DeleteBucket', claims: ['error:NoSuchBucket'], spec: `${SPEC}API_DeleteBucket.html`, title: 'DeleteBucket of a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    await t.expectError(t.s3.send(new DeleteBucketCommand({ Bucket: t.bucketName('missing') })), 'NoSuchBucket', 404);
  },
);

suite.case(
  { id: 'bucket/delete/other-owner-403', op: 'DeleteBucket', features: ['alt-identity'], claims: ['error:AccessDenied'], spec: `${SPEC}API_DeleteBucket.html`, title: "DeleteBucket of another account's bucket answers 403 AccessDenied" },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(shared);
    await t.expectError(alt.send(new DeleteBucketCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'bucket/delete/after-emptying-204', op: 'DeleteBucket', claims: ['feature:delete-bucket-requires-empty', 'error:BucketNotEmpty', 'op:DeleteObject'], spec: `${SPEC}API_DeleteBucket.html`, title: 'DeleteBucket refused with 409 BucketNotEmpty while a 0-byte “folder” object dir/ is in the bucket answers 204 once it is deleted, and the bucket is gone (HeadBucket 404)' },
  async (t) => {
    const b = await t.createBucket({ label: 'empty-then' });
    await t.setup('put a 0-byte object dir/', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: 'dir/', Body: '' })));
    await t.expectError(t.s3.send(new DeleteBucketCommand({ Bucket: b })), 'BucketNotEmpty', 409);
    const del = await t.s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'dir/' }));
    expect(statusOfResult(del), 'DeleteObject status').toBe(204);
    const res = await t.s3.send(new DeleteBucketCommand({ Bucket: b }));
    expect(statusOfResult(res), 'DeleteBucket status once empty').toBe(204);
    await expectS3Status(t.s3.send(new HeadBucketCommand({ Bucket: b })), 404);
  },
);

suite.case(
  { id: 'bucket/delete/incomplete-multipart-only-204', op: 'DeleteBucket', claims: ['feature:delete-bucket-requires-empty', 'op:CreateMultipartUpload'], features: ['multipart'], spec: 'https://github.com/scality/cloudserver/pull/1591', title: 'A bucket holding only an incomplete multipart upload (no objects) counts as empty: DeleteBucket answers 204 (AWS), HeadBucket then 404' },
  async (t) => {
    const b = await t.createBucket({ label: 'mpu-only' });
    await t.setup('start a multipart upload', () => t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'pending' })));
    const res = await t.s3.send(new DeleteBucketCommand({ Bucket: b }));
    expect(statusOfResult(res), 'DeleteBucket status').toBe(204);
    await expectS3Status(t.s3.send(new HeadBucketCommand({ Bucket: b })), 404);
  },
);
