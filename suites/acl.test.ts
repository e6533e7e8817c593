// Access control lists: PutBucketAcl, GetBucketAcl, PutObjectAcl, GetObjectAcl — the canned ACLs
// (private, public-read, public-read-write, authenticated-read) on buckets and objects, set at
// creation and afterwards; the grants they produce; their effect for another account (alt) and
// for unsigned requests; explicit grants by canonical id (headers and AccessControlPolicy body);
// and the error answers. Classic ACL semantics: ACLs enabled on the bucket (on AWS, a bucket
// created with Object Ownership "ObjectWriter" and public access not blocked).
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  type BucketCannedACL,
  type Grant,
  type Grantee,
  type ObjectCannedACL,
  type Owner,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { defineSuite, type CaseContext, type Fixture } from '../harness/case.ts';
import { expectErrorXml } from '../harness/error-xml.ts';
import { bodyBytes, check, expectS3Status, statusOfResult } from '../harness/expect.ts';
import { rawCall } from '../harness/http-raw-min.ts';

const suite = defineSuite('acl', { features: ['acl'] });
const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const CANNED = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl';
const PERMS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const BODY = 'acl-suite-body';

type Canned = 'private' | 'public-read' | 'public-read-write' | 'authenticated-read';
/** The grants each canned ACL stands for (AWS canned ACL table), besides the owner's FULL_CONTROL. */
const CANNED_GRANTS: Record<Canned, string[]> = {
  private: ['owner:FULL_CONTROL'],
  'public-read': ['owner:FULL_CONTROL', 'AllUsers:READ'],
  'public-read-write': ['owner:FULL_CONTROL', 'AllUsers:READ', 'AllUsers:WRITE'],
  'authenticated-read': ['owner:FULL_CONTROL', 'AuthenticatedUsers:READ'],
};
const CANNED_LIST = Object.keys(CANNED_GRANTS) as Canned[];

// ── per-file fixtures ─────────────────────────────────────────────────────────────────────────
/** The main identity's canonical user id (ListBuckets Owner.ID). */
const mainId = suite.fixture('main canonical id (ListBuckets Owner.ID)', async (run) => {
  const r = await run.main.send(new ListBucketsCommand({}));
  if (!r.Owner?.ID) throw new Error('ListBuckets of the main identity carries no Owner.ID');
  return r.Owner.ID;
});
/** The alt identity's canonical user id, from its own ListBuckets. */
const altId = suite.fixture('alt canonical id (ListBuckets Owner.ID of the alt identity)', async (run) => {
  if (!run.alt) throw new Error('no alt identity');
  const r = await run.alt.send(new ListBucketsCommand({}));
  if (!r.Owner?.ID) throw new Error('ListBuckets of the alt identity carries no Owner.ID');
  return r.Owner.ID;
});
/** Private bucket, for objects with their own canned ACLs (each case uses its own keys). */
const objects = suite.bucket({ label: 'acl-objects' });
/** Private bucket holding one object per canned ACL (each its own fixture), read by the effect cases. */
const KEYS: Record<Canned, string> = { private: 'o-private', 'public-read': 'o-public-read', 'public-read-write': 'o-public-read-write', 'authenticated-read': 'o-authenticated-read' };
const effectObjects = suite.bucket({ label: 'acl-private' });
const objectWithAcl = Object.fromEntries(
  CANNED_LIST.map((acl) => [
    acl,
    suite.fixture(`${acl} object in a private bucket`, async (run) => {
      const b = await effectObjects.get();
      await run.main.send(new PutObjectCommand({ Bucket: b, Key: KEYS[acl], Body: BODY, ACL: acl }));
      return b;
    }),
  ]),
) as Record<Canned, Fixture<string>>;
/** A bucket with a canned ACL holding one private object `obj`. */
function cannedBucket(acl: Canned) {
  return suite.fixture(`${acl} bucket with a private object`, async (run) => {
    const b = await suite.bucket({ label: `acl-${acl}`, acl }).get();
    await run.main.send(new PutObjectCommand({ Bucket: b, Key: 'obj', Body: BODY }));
    return b;
  });
}
const publicReadBucket = cannedBucket('public-read');
const publicRWBucket = cannedBucket('public-read-write');
const authReadBucket = cannedBucket('authenticated-read');
const privateBucket = cannedBucket('private');

// ── helpers ───────────────────────────────────────────────────────────────────────────────────
/** Grants as sorted `grantee:PERMISSION` labels: owner, alt, AllUsers, AuthenticatedUsers or raw. */
function grantLabels(grants: Grant[] | undefined, names: { owner: string; alt?: string }): string[] {
  return (grants ?? [])
    .map((g) => {
      const e: Grantee = g.Grantee ?? { Type: undefined as never };
      let who: string;
      if (e.Type === 'CanonicalUser' && e.ID === names.owner) who = 'owner';
      else if (e.Type === 'CanonicalUser' && names.alt !== undefined && e.ID === names.alt) who = 'alt';
      else if (e.Type === 'Group' && e.URI === ALL_USERS) who = 'AllUsers';
      else if (e.Type === 'Group' && e.URI === AUTH_USERS) who = 'AuthenticatedUsers';
      else who = `${e.Type ?? '?'}(${e.ID ?? e.URI ?? e.EmailAddress ?? '?'})`;
      return `${who}:${g.Permission ?? '?'}`;
    })
    .sort();
}

function expectPolicy(res: { Owner?: Owner; Grants?: Grant[] }, owner: string, expected: string[], alt?: string): void {
  check(res.Owner?.ID === owner, `the ACL's Owner.ID must be the owner's canonical id '${owner}'; got '${res.Owner?.ID ?? '(none)'}'`);
  const got = grantLabels(res.Grants, { owner, ...(alt !== undefined ? { alt } : {}) }).join(', ');
  const want = [...expected].sort().join(', ');
  check(got === want, `the ACL must hold exactly the grants [${want}]; got [${got}]`);
}

const SLUG: Record<Canned, string> = { private: 'private', 'public-read': 'public-read', 'public-read-write': 'public-read-write', 'authenticated-read': 'authenticated-read' };

async function getBody(res: { Body?: unknown }): Promise<string> {
  return (await bodyBytes(res.Body)).toString('utf8');
}

/** The grants of an object must allow this read: 200 with the stored body. */
async function expectRead(client: CaseContext['s3'], bucket: string, key: string): Promise<void> {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  expect(statusOfResult(res), 'GetObject status').toBe(200);
  expect(await getBody(res), 'GetObject body').toBe(BODY);
}

/**
 * The bucket owner sees the key in a listing with the body's size. (An object written by
 * another account belongs to that account: the bucket owner may list it but not read it.)
 */
async function expectStored(t: CaseContext, bucket: string, key: string): Promise<void> {
  const res = await t.s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: key }));
  const entry = (res.Contents ?? []).find((c) => c.Key === key);
  expect(entry, `the bucket owner's listing must show ${key}`).toBeDefined();
  expect(entry?.Size, 'the stored object’s size').toBe(BODY.length);
}

async function expectList(client: CaseContext['s3'], bucket: string, key: string): Promise<void> {
  const res = await client.send(new ListObjectsCommand({ Bucket: bucket }));
  expect(statusOfResult(res), 'ListObjects status').toBe(200);
  expect((res.Contents ?? []).map((c) => c.Key), `the listing must include ${key}`).toContain(key);
}

// ── canned ACLs: the grants they produce ──────────────────────────────────────────────────────
for (const acl of CANNED_LIST) {
  suite.case(
    { id: `acl/bucket/canned-${SLUG[acl]}-at-create`, op: 'GetBucketAcl', claims: [`acl:${acl}`, 'op:CreateBucket'], spec: CANNED, title: `CreateBucket with x-amz-acl: ${acl} gives the grants ${CANNED_GRANTS[acl].join(', ')}` },
    async (t) => {
      const owner = await t.use(mainId);
      const b = await t.createBucket({ label: `c-${acl}`, acl: acl as BucketCannedACL });
      expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, CANNED_GRANTS[acl]);
    },
  );

  suite.case(
    { id: `acl/bucket/canned-${SLUG[acl]}-put-acl`, op: 'PutBucketAcl', claims: [`acl:${acl}`, 'op:GetBucketAcl'], spec: `${API}API_PutBucketAcl.html`, title: `PutBucketAcl with x-amz-acl: ${acl} answers 200 and GetBucketAcl shows ${CANNED_GRANTS[acl].join(', ')}` },
    async (t) => {
      const owner = await t.use(mainId);
      // Start from another ACL so that the change is visible.
      const b = await t.createBucket({ label: `p-${acl}`, acl: acl === 'private' ? 'public-read' : 'private' });
      const put = await t.s3.send(new PutBucketAclCommand({ Bucket: b, ACL: acl as BucketCannedACL }));
      expect(statusOfResult(put), 'PutBucketAcl status').toBe(200);
      expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, CANNED_GRANTS[acl]);
    },
  );

  suite.case(
    { id: `acl/object/canned-${SLUG[acl]}-at-put`, op: 'GetObjectAcl', claims: [`acl:${acl}`, 'op:PutObject'], spec: CANNED, title: `PutObject with x-amz-acl: ${acl} gives the object the grants ${CANNED_GRANTS[acl].join(', ')}` },
    async (t) => {
      const [owner, b] = [await t.use(mainId), await t.use(objects)];
      const key = t.key();
      await t.setup('put the object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ACL: acl as ObjectCannedACL })));
      expectPolicy(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner, CANNED_GRANTS[acl]);
    },
  );

  suite.case(
    { id: `acl/object/canned-${SLUG[acl]}-put-acl`, op: 'PutObjectAcl', claims: [`acl:${acl}`, 'op:GetObjectAcl'], spec: `${API}API_PutObjectAcl.html`, title: `PutObjectAcl with x-amz-acl: ${acl} answers 200 and GetObjectAcl shows ${CANNED_GRANTS[acl].join(', ')}` },
    async (t) => {
      const [owner, b] = [await t.use(mainId), await t.use(objects)];
      const key = t.key();
      await t.setup('put the object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ACL: acl === 'private' ? 'public-read' : 'private' })));
      const put = await t.s3.send(new PutObjectAclCommand({ Bucket: b, Key: key, ACL: acl as ObjectCannedACL }));
      expect(statusOfResult(put), 'PutObjectAcl status').toBe(200);
      expectPolicy(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner, CANNED_GRANTS[acl]);
    },
  );
}

suite.case(
  { id: 'acl/bucket/default-is-private', op: 'GetBucketAcl', claims: ['acl:private', 'op:CreateBucket'], spec: CANNED, title: 'A bucket created without an ACL header has the private ACL: only the owner’s FULL_CONTROL' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'default' });
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, CANNED_GRANTS.private);
  },
);

suite.case(
  { id: 'acl/object/default-is-private', op: 'GetObjectAcl', claims: ['acl:private', 'op:PutObject'], spec: CANNED, title: 'An object stored without an ACL header has the private ACL: only the owner’s FULL_CONTROL' },
  async (t) => {
    const [owner, b] = [await t.use(mainId), await t.use(objects)];
    const key = t.key();
    await t.setup('put the object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY })));
    expectPolicy(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner, CANNED_GRANTS.private);
  },
);

suite.case(
  { id: 'acl/bucket/bucket-owner-full-control-ignored', op: 'PutBucketAcl', claims: ['acl:bucket-owner-full-control', 'acl:canned-unlisted-unsupported'], spec: CANNED, title: 'PutBucketAcl with the object-only canned ACL bucket-owner-full-control is accepted and ignored (AWS): 200, the ACL stays the owner’s FULL_CONTROL only' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'bofc' });
    const put = await t.s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'bucket-owner-full-control' as BucketCannedACL }));
    expect(statusOfResult(put), 'PutBucketAcl status').toBe(200);
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, CANNED_GRANTS.private);
  },
);

// ── effect: listing a bucket ──────────────────────────────────────────────────────────────────
suite.case(
  { id: 'acl/effect/private-bucket-anon-list-denied', op: 'ListObjects', claims: ['acl:private', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: CANNED, title: 'An unsigned ListObjects of a private bucket answers 403 AccessDenied' },
  async (t) => {
    const b = await t.use(privateBucket);
    await expectErrorXml(t, t.anon.send(new ListObjectsCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/private-bucket-alt-list-denied', op: 'ListObjects', claims: ['acl:private', 'error:AccessDenied'], features: ['alt-identity'], spec: CANNED, title: 'ListObjects of a private bucket by another account answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(privateBucket);
    await expectErrorXml(t, alt.send(new ListObjectsCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/public-read-bucket-anon-list-allowed', op: 'ListObjects', claims: ['acl:public-read', 'acl:grantee-group-all-users', 'auth:anonymous', 'acl:grant-READ'], features: ['anonymous'], spec: PERMS, title: 'An unsigned ListObjects of a public-read bucket answers 200 with its keys' },
  async (t) => {
    const b = await t.use(publicReadBucket);
    await expectList(t.anon, b, 'obj');
  },
);

suite.case(
  { id: 'acl/effect/public-read-bucket-alt-list-allowed', op: 'ListObjects', claims: ['acl:public-read', 'acl:grant-READ'], features: ['alt-identity'], spec: PERMS, title: 'ListObjects of a public-read bucket by another account answers 200 with its keys' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(publicReadBucket);
    await expectList(alt, b, 'obj');
  },
);

suite.case(
  { id: 'acl/effect/public-read-write-bucket-anon-list-allowed', op: 'ListObjects', claims: ['acl:public-read-write', 'auth:anonymous', 'acl:grant-READ'], features: ['anonymous'], spec: PERMS, title: 'An unsigned ListObjects of a public-read-write bucket answers 200 with its keys' },
  async (t) => {
    const b = await t.use(publicRWBucket);
    await expectList(t.anon, b, 'obj');
  },
);

suite.case(
  { id: 'acl/effect/authenticated-read-bucket-alt-list-allowed', op: 'ListObjects', claims: ['acl:authenticated-read', 'acl:grantee-group-authenticated-users', 'acl:grant-READ'], features: ['alt-identity'], spec: PERMS, title: 'ListObjects of an authenticated-read bucket by another account answers 200 with its keys' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(authReadBucket);
    await expectList(alt, b, 'obj');
  },
);

suite.case(
  { id: 'acl/effect/authenticated-read-bucket-anon-list-denied', op: 'ListObjects', claims: ['acl:authenticated-read', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: PERMS, title: 'An unsigned ListObjects of an authenticated-read bucket answers 403 AccessDenied' },
  async (t) => {
    const b = await t.use(authReadBucket);
    await expectErrorXml(t, t.anon.send(new ListObjectsCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

// ── effect: reading objects ───────────────────────────────────────────────────────────────────
suite.case(
  { id: 'acl/effect/private-object-anon-get-denied', op: 'GetObject', claims: ['acl:private', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: CANNED, title: 'An unsigned GetObject of a private object answers 403 AccessDenied' },
  async (t) => {
    const b = await t.use(objectWithAcl.private);
    await expectErrorXml(t, t.anon.send(new GetObjectCommand({ Bucket: b, Key: KEYS.private })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/private-object-alt-get-denied', op: 'GetObject', claims: ['acl:private', 'error:AccessDenied'], features: ['alt-identity'], spec: CANNED, title: 'GetObject of a private object by another account answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(objectWithAcl.private);
    await expectErrorXml(t, alt.send(new GetObjectCommand({ Bucket: b, Key: KEYS.private })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/public-read-object-anon-get-allowed', op: 'GetObject', claims: ['acl:public-read', 'acl:grantee-group-all-users', 'auth:anonymous', 'acl:grant-READ'], features: ['anonymous'], spec: PERMS, title: 'An unsigned GetObject of a public-read object (in a private bucket) answers 200 with its body' },
  async (t) => {
    const b = await t.use(objectWithAcl['public-read']);
    await expectRead(t.anon, b, KEYS['public-read']);
  },
);

suite.case(
  { id: 'acl/effect/public-read-object-alt-get-allowed', op: 'GetObject', claims: ['acl:public-read', 'acl:grant-READ'], features: ['alt-identity'], spec: PERMS, title: 'GetObject of a public-read object by another account answers 200 with its body' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(objectWithAcl['public-read']);
    await expectRead(alt, b, KEYS['public-read']);
  },
);

suite.case(
  { id: 'acl/effect/public-read-write-object-anon-get-allowed', op: 'GetObject', claims: ['acl:public-read-write', 'auth:anonymous', 'acl:grant-READ'], features: ['anonymous'], spec: PERMS, title: 'An unsigned GetObject of a public-read-write object answers 200 with its body' },
  async (t) => {
    const b = await t.use(objectWithAcl['public-read-write']);
    await expectRead(t.anon, b, KEYS['public-read-write']);
  },
);

suite.case(
  { id: 'acl/effect/authenticated-read-object-alt-get-allowed', op: 'GetObject', claims: ['acl:authenticated-read', 'acl:grantee-group-authenticated-users', 'acl:grant-READ'], features: ['alt-identity'], spec: PERMS, title: 'GetObject of an authenticated-read object by another account answers 200 with its body' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(objectWithAcl['authenticated-read']);
    await expectRead(alt, b, KEYS['authenticated-read']);
  },
);

suite.case(
  { id: 'acl/effect/authenticated-read-object-anon-get-denied', op: 'GetObject', claims: ['acl:authenticated-read', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: PERMS, title: 'An unsigned GetObject of an authenticated-read object answers 403 AccessDenied' },
  async (t) => {
    const b = await t.use(objectWithAcl['authenticated-read']);
    await expectErrorXml(t, t.anon.send(new GetObjectCommand({ Bucket: b, Key: KEYS['authenticated-read'] })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/public-read-bucket-private-object-anon-get-denied', op: 'GetObject', claims: ['acl:bucket-read-lists-only', 'acl:public-read', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: PERMS, title: 'READ on a bucket (public-read) lists the keys but does not open a private object in it: unsigned GetObject answers 403 AccessDenied' },
  async (t) => {
    const b = await t.use(publicReadBucket);
    await expectErrorXml(t, t.anon.send(new GetObjectCommand({ Bucket: b, Key: 'obj' })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/public-read-object-anon-get-acl-denied', op: 'GetObjectAcl', claims: ['acl:public-read', 'acl:grant-READ_ACP', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: PERMS, title: 'READ does not include READ_ACP: an unsigned GetObjectAcl of a public-read object answers 403 AccessDenied' },
  async (t) => {
    const b = await t.use(objectWithAcl['public-read']);
    await expectErrorXml(t, t.anon.send(new GetObjectAclCommand({ Bucket: b, Key: KEYS['public-read'] })), 'AccessDenied', 403);
  },
);

// ── effect: writing into a bucket ─────────────────────────────────────────────────────────────
suite.case(
  { id: 'acl/effect/public-read-write-bucket-anon-put-allowed', op: 'PutObject', claims: ['acl:public-read-write', 'acl:grant-WRITE', 'acl:grantee-group-all-users', 'auth:anonymous'], features: ['anonymous'], spec: PERMS, title: 'An unsigned PutObject into a public-read-write bucket answers 200 and the object is stored' },
  async (t) => {
    const b = await t.use(publicRWBucket);
    const key = t.key();
    const put = await t.anon.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY }));
    expect(statusOfResult(put), 'PutObject status').toBe(200);
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: b, Key: key }));
    expect(head.ContentLength, 'the stored object’s size').toBe(BODY.length);
  },
);

suite.case(
  { id: 'acl/effect/public-read-write-bucket-alt-put-allowed', op: 'PutObject', claims: ['acl:public-read-write', 'acl:grant-WRITE'], features: ['alt-identity'], spec: PERMS, title: 'PutObject into a public-read-write bucket by another account answers 200 and the object is stored' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(publicRWBucket);
    const key = t.key();
    const put = await alt.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY }));
    expect(statusOfResult(put), 'PutObject status').toBe(200);
    await expectStored(t, b, key);
  },
);

suite.case(
  { id: 'acl/effect/public-read-write-bucket-anon-delete-allowed', op: 'DeleteObject', claims: ['acl:public-read-write', 'acl:grant-WRITE', 'auth:anonymous'], features: ['anonymous'], spec: PERMS, title: 'WRITE on a bucket includes deleting: an unsigned DeleteObject in a public-read-write bucket answers 204 and the object is gone' },
  async (t) => {
    const b = await t.use(publicRWBucket);
    const key = t.key();
    await t.setup('put the object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY })));
    const del = await t.anon.send(new DeleteObjectCommand({ Bucket: b, Key: key }));
    expect(statusOfResult(del), 'DeleteObject status').toBe(204);
    await expectS3Status(t.s3.send(new HeadObjectCommand({ Bucket: b, Key: key })), 404);
  },
);

suite.case(
  { id: 'acl/effect/public-read-bucket-anon-put-denied', op: 'PutObject', claims: ['acl:public-read', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: PERMS, title: 'An unsigned PutObject into a public-read bucket answers 403 AccessDenied' },
  async (t) => {
    const b = await t.use(publicReadBucket);
    await expectErrorXml(t, t.anon.send(new PutObjectCommand({ Bucket: b, Key: t.key(), Body: BODY })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/private-bucket-alt-put-denied', op: 'PutObject', claims: ['acl:private', 'error:AccessDenied'], features: ['alt-identity'], spec: PERMS, title: 'PutObject into a private bucket by another account answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(privateBucket);
    await expectErrorXml(t, alt.send(new PutObjectCommand({ Bucket: b, Key: t.key(), Body: BODY })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/effect/authenticated-read-bucket-alt-put-denied', op: 'PutObject', claims: ['acl:authenticated-read', 'error:AccessDenied'], features: ['alt-identity'], spec: PERMS, title: 'PutObject into an authenticated-read bucket by another account answers 403 AccessDenied (READ only)' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(authReadBucket);
    await expectErrorXml(t, alt.send(new PutObjectCommand({ Bucket: b, Key: t.key(), Body: BODY })), 'AccessDenied', 403);
  },
);

// ── explicit grants by canonical id ───────────────────────────────────────────────────────────
type GrantHeader = 'GrantRead' | 'GrantWrite' | 'GrantReadACP' | 'GrantWriteACP' | 'GrantFullControl';
/** Grant headers: the owner keeps FULL_CONTROL (by id), alt gets `grant` (by id). */
function grantHeaders(grant: GrantHeader, owner: string, alt: string): Partial<Record<GrantHeader, string>> {
  if (grant === 'GrantFullControl') return { GrantFullControl: `id="${owner}", id="${alt}"` };
  return { GrantFullControl: `id="${owner}"`, [grant]: `id="${alt}"` };
}

/** A bucket created with grant headers: the owner keeps FULL_CONTROL, alt gets `grant`. */
async function bucketWithGrant(t: CaseContext, grant: GrantHeader): Promise<{ b: string; owner: string; alt: string }> {
  t.alt();
  const [owner, alt] = [await t.use(mainId), await t.use(altId)];
  const b = t.track(t.bucketName(grant.toLowerCase()));
  // The grant headers are what is tested: refusing them fails the case (no t.setup).
  await t.s3.send(new CreateBucketCommand({ Bucket: b, ...grantHeaders(grant, owner, alt) }));
  return { b, owner, alt };
}

suite.case(
  { id: 'acl/grant/bucket-read-lists', op: 'ListObjects', claims: ['acl:grant-READ', 'acl:grantee-canonical-id', 'op:CreateBucket'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-read: id=<alt> on a bucket lets alt list it' },
  async (t) => {
    const { b } = await bucketWithGrant(t, 'GrantRead');
    const res = await t.alt().send(new ListObjectsCommand({ Bucket: b }));
    expect(statusOfResult(res), 'ListObjects by the grantee').toBe(200);
    expect(res.Name, 'ListBucketResult Name').toBe(b);
  },
);

suite.case(
  { id: 'acl/grant/bucket-read-shown-in-acl', op: 'GetBucketAcl', claims: ['acl:grant-READ', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: `${API}API_GetBucketAcl.html`, title: 'GetBucketAcl shows x-amz-grant-read: id=<alt> as a CanonicalUser READ grant beside the owner’s FULL_CONTROL' },
  async (t) => {
    const { b, owner, alt } = await bucketWithGrant(t, 'GrantRead');
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, ['owner:FULL_CONTROL', 'alt:READ'], alt);
  },
);

suite.case(
  { id: 'acl/grant/bucket-read-not-read-acp', op: 'GetBucketAcl', claims: ['acl:grant-READ', 'acl:grant-READ_ACP', 'error:AccessDenied'], features: ['alt-identity'], spec: PERMS, title: 'READ on a bucket does not include READ_ACP: GetBucketAcl by the READ grantee answers 403 AccessDenied' },
  async (t) => {
    const { b } = await bucketWithGrant(t, 'GrantRead');
    await expectErrorXml(t, t.alt().send(new GetBucketAclCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/grant/bucket-write-puts', op: 'PutObject', claims: ['acl:grant-WRITE', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-write: id=<alt> on a bucket lets alt store an object in it (200)' },
  async (t) => {
    const { b } = await bucketWithGrant(t, 'GrantWrite');
    const key = t.key();
    const put = await t.alt().send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY }));
    expect(statusOfResult(put), 'PutObject by the WRITE grantee').toBe(200);
    await expectStored(t, b, key);
  },
);

suite.case(
  { id: 'acl/grant/bucket-read-acp-reads-acl', op: 'GetBucketAcl', claims: ['acl:grant-READ_ACP', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-read-acp: id=<alt> lets alt read the bucket ACL, which shows its READ_ACP grant' },
  async (t) => {
    const { b, owner, alt } = await bucketWithGrant(t, 'GrantReadACP');
    expectPolicy(await t.alt().send(new GetBucketAclCommand({ Bucket: b })), owner, ['owner:FULL_CONTROL', 'alt:READ_ACP'], alt);
  },
);

suite.case(
  { id: 'acl/grant/bucket-read-acp-does-not-list', op: 'ListObjects', claims: ['acl:grant-READ_ACP', 'error:AccessDenied'], features: ['alt-identity'], spec: PERMS, title: 'READ_ACP alone does not allow listing: ListObjects by the grantee answers 403 AccessDenied' },
  async (t) => {
    const { b } = await bucketWithGrant(t, 'GrantReadACP');
    await expectErrorXml(t, t.alt().send(new ListObjectsCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/grant/bucket-write-acp-writes-acl', op: 'PutBucketAcl', claims: ['acl:grant-WRITE_ACP', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-write-acp: id=<alt> lets alt set the bucket ACL (PutBucketAcl public-read answers 200 and takes effect)' },
  async (t) => {
    const { b, owner } = await bucketWithGrant(t, 'GrantWriteACP');
    const put = await t.alt().send(new PutBucketAclCommand({ Bucket: b, ACL: 'public-read' }));
    expect(statusOfResult(put), 'PutBucketAcl by the WRITE_ACP grantee').toBe(200);
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, CANNED_GRANTS['public-read']);
  },
);

suite.case(
  { id: 'acl/grant/bucket-full-control', op: 'GetBucketAcl', claims: ['acl:grant-FULL_CONTROL', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-full-control: id=<alt> lets alt list the bucket and read its ACL' },
  async (t) => {
    const { b, owner, alt } = await bucketWithGrant(t, 'GrantFullControl');
    const list = await t.alt().send(new ListObjectsCommand({ Bucket: b }));
    expect(statusOfResult(list), 'ListObjects by the FULL_CONTROL grantee').toBe(200);
    expectPolicy(await t.alt().send(new GetBucketAclCommand({ Bucket: b })), owner, ['owner:FULL_CONTROL', 'alt:FULL_CONTROL'], alt);
  },
);

/** An object in the shared bucket with FULL_CONTROL for the owner plus one grant for alt. */
async function objectWithGrant(t: CaseContext, grant: Exclude<GrantHeader, 'GrantWrite'>): Promise<{ b: string; key: string; owner: string; alt: string }> {
  t.alt();
  const [owner, alt, b] = [await t.use(mainId), await t.use(altId), await t.use(objects)];
  const key = t.key();
  await t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ...grantHeaders(grant, owner, alt) }));
  return { b, key, owner, alt };
}

suite.case(
  { id: 'acl/grant/object-read-gets', op: 'GetObject', claims: ['acl:grant-READ', 'acl:grantee-canonical-id', 'op:PutObject'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-read: id=<alt> on PutObject lets alt read the object (200 with its body)' },
  async (t) => {
    const { b, key } = await objectWithGrant(t, 'GrantRead');
    await expectRead(t.alt(), b, key);
  },
);

suite.case(
  { id: 'acl/grant/object-read-acp-reads-acl', op: 'GetObjectAcl', claims: ['acl:grant-READ_ACP', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-read-acp: id=<alt> on an object lets alt read its ACL, which shows the grants' },
  async (t) => {
    const { b, key, owner, alt } = await objectWithGrant(t, 'GrantReadACP');
    expectPolicy(await t.alt().send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner, ['owner:FULL_CONTROL', 'alt:READ_ACP'], alt);
  },
);

suite.case(
  { id: 'acl/grant/object-write-acp-writes-acl', op: 'PutObjectAcl', claims: ['acl:grant-WRITE_ACP', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-write-acp: id=<alt> on an object lets alt set its ACL (PutObjectAcl public-read answers 200 and takes effect)' },
  async (t) => {
    const { b, key, owner } = await objectWithGrant(t, 'GrantWriteACP');
    const put = await t.alt().send(new PutObjectAclCommand({ Bucket: b, Key: key, ACL: 'public-read' }));
    expect(statusOfResult(put), 'PutObjectAcl by the WRITE_ACP grantee').toBe(200);
    expectPolicy(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner, CANNED_GRANTS['public-read']);
  },
);

suite.case(
  { id: 'acl/grant/object-full-control', op: 'GetObjectAcl', claims: ['acl:grant-FULL_CONTROL', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-full-control: id=<alt> on an object lets alt read the object and its ACL' },
  async (t) => {
    const { b, key, owner, alt } = await objectWithGrant(t, 'GrantFullControl');
    await expectRead(t.alt(), b, key);
    expectPolicy(await t.alt().send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner, ['owner:FULL_CONTROL', 'alt:FULL_CONTROL'], alt);
  },
);

suite.case(
  { id: 'acl/grant/object-group-uri-header', op: 'GetObject', claims: ['acl:grant-READ', 'acl:grantee-group-all-users', 'auth:anonymous'], features: ['anonymous'], spec: `${API}API_PutObject.html`, title: 'x-amz-grant-read: uri="…/global/AllUsers" on PutObject makes the object readable without credentials' },
  async (t) => {
    const [owner, b] = [await t.use(mainId), await t.use(objects)];
    const key = t.key();
    await t.setup('put an object with a group READ grant', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, GrantFullControl: `id="${owner}"`, GrantRead: `uri="${ALL_USERS}"` })));
    await expectRead(t.anon, b, key);
  },
);

suite.case(
  { id: 'acl/policy/bucket-body', op: 'PutBucketAcl', claims: ['acl:grant-READ', 'acl:grantee-canonical-id', 'op:GetBucketAcl'], features: ['alt-identity'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl with an AccessControlPolicy body (owner FULL_CONTROL, alt READ) answers 200 and GetBucketAcl returns exactly those grants' },
  async (t) => {
    t.alt();
    const [owner, alt] = [await t.use(mainId), await t.use(altId)];
    const b = await t.createBucket({ label: 'policy' });
    const put = await t.s3.send(
      new PutBucketAclCommand({
        Bucket: b,
        AccessControlPolicy: {
          Owner: { ID: owner },
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: owner }, Permission: 'FULL_CONTROL' },
            { Grantee: { Type: 'CanonicalUser', ID: alt }, Permission: 'READ' },
          ],
        },
      }),
    );
    expect(statusOfResult(put), 'PutBucketAcl status').toBe(200);
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, ['owner:FULL_CONTROL', 'alt:READ'], alt);
  },
);

suite.case(
  { id: 'acl/policy/object-body-all-users', op: 'PutObjectAcl', claims: ['acl:grant-READ', 'acl:grantee-group-all-users', 'auth:anonymous'], features: ['anonymous'], spec: `${API}API_PutObjectAcl.html`, title: 'PutObjectAcl with an AccessControlPolicy body granting AllUsers READ answers 200 and the object becomes readable without credentials' },
  async (t) => {
    const [owner, b] = [await t.use(mainId), await t.use(objects)];
    const key = t.key();
    await t.setup('put a private object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY })));
    const put = await t.s3.send(
      new PutObjectAclCommand({
        Bucket: b,
        Key: key,
        AccessControlPolicy: {
          Owner: { ID: owner },
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: owner }, Permission: 'FULL_CONTROL' },
            { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
          ],
        },
      }),
    );
    expect(statusOfResult(put), 'PutObjectAcl status').toBe(200);
    await expectRead(t.anon, b, key);
  },
);

// ── errors ────────────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'acl/errors/get-bucket-acl-missing-bucket', op: 'GetBucketAcl', claims: ['error:NoSuchBucket'], features: ['errors'], spec: `${API}API_GetBucketAcl.html`, title: 'GetBucketAcl of a missing bucket answers 404 NoSuchBucket naming the bucket' },
  async (t) => {
    const b = t.bucketName('missing');
    await expectErrorXml(t, t.s3.send(new GetBucketAclCommand({ Bucket: b })), 'NoSuchBucket', 404, { bucketName: b });
  },
);

suite.case(
  { id: 'acl/errors/put-bucket-acl-missing-bucket', op: 'PutBucketAcl', claims: ['error:NoSuchBucket'], features: ['errors'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl on a missing bucket answers 404 NoSuchBucket' },
  async (t) => {
    const b = t.bucketName('missing');
    await expectErrorXml(t, t.s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'private' })), 'NoSuchBucket', 404, { bucketName: b });
  },
);

suite.case(
  { id: 'acl/errors/get-object-acl-missing-key', op: 'GetObjectAcl', claims: ['error:NoSuchKey'], features: ['errors'], spec: `${API}API_GetObjectAcl.html`, title: 'GetObjectAcl of a missing key answers 404 NoSuchKey' },
  async (t) => {
    const b = await t.use(objects);
    const key = t.key('missing');
    await expectErrorXml(t, t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), 'NoSuchKey', 404, { key });
  },
);

suite.case(
  { id: 'acl/errors/put-bucket-acl-non-owner', op: 'PutBucketAcl', claims: ['error:AccessDenied', 'acl:grant-WRITE_ACP'], features: ['errors', 'alt-identity'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl by another account (no WRITE_ACP) answers 403 AccessDenied and leaves the ACL unchanged' },
  async (t) => {
    const alt = t.alt();
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'nonowner' });
    await expectErrorXml(t, alt.send(new PutBucketAclCommand({ Bucket: b, ACL: 'public-read-write' })), 'AccessDenied', 403);
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, CANNED_GRANTS.private);
  },
);

suite.case(
  { id: 'acl/errors/get-bucket-acl-non-owner', op: 'GetBucketAcl', claims: ['error:AccessDenied', 'acl:grant-READ_ACP'], features: ['errors', 'alt-identity'], spec: `${API}API_GetBucketAcl.html`, title: 'GetBucketAcl by another account (no READ_ACP) answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(privateBucket);
    await expectErrorXml(t, alt.send(new GetBucketAclCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/errors/put-object-acl-non-owner', op: 'PutObjectAcl', claims: ['error:AccessDenied', 'acl:grant-WRITE_ACP'], features: ['errors', 'alt-identity'], spec: `${API}API_PutObjectAcl.html`, title: 'PutObjectAcl by another account (no WRITE_ACP) answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(objects);
    const key = t.key();
    await t.setup('put a private object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY })));
    await expectErrorXml(t, alt.send(new PutObjectAclCommand({ Bucket: b, Key: key, ACL: 'public-read' })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/errors/malformed-acl-xml', op: 'PutBucketAcl', claims: ['error:MalformedACLError'], features: ['errors', 'raw'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl with a body that is not well-formed XML answers 400 MalformedACLError' },
  async (t) => {
    const b = await t.createBucket({ label: 'malformed' });
    const body = '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>x</ID></Owner><AccessControlList><Grant>';
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { acl: '' }, headers: { 'content-type': 'application/xml' }, body }), 'MalformedACLError', 400);
  },
);

suite.case(
  { id: 'acl/errors/acl-body-unknown-permission', op: 'PutBucketAcl', claims: ['error:MalformedACLError'], features: ['errors', 'raw'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl with a well-formed body whose Permission is not one of the five answers 400 MalformedACLError' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'badperm' });
    const body =
      '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Owner><ID>${owner}</ID></Owner><AccessControlList><Grant>` +
      `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${owner}</ID></Grantee>` +
      '<Permission>EVERYTHING</Permission></Grant></AccessControlList></AccessControlPolicy>';
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { acl: '' }, headers: { 'content-type': 'application/xml' }, body }), 'MalformedACLError', 400);
  },
);

suite.case(
  { id: 'acl/errors/invalid-canned-value', op: 'PutBucketAcl', claims: ['error:InvalidArgument', 'acl:canned-unlisted-unsupported'], features: ['errors', 'raw'], spec: CANNED, title: 'PutBucketAcl with an unknown canned ACL value (x-amz-acl: public-everything) answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.createBucket({ label: 'badcanned' });
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { acl: '' }, headers: { 'x-amz-acl': 'public-everything' } }), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'acl/errors/canned-and-grant-headers', op: 'PutBucketAcl', claims: ['error:InvalidRequest'], features: ['errors', 'raw'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl with both x-amz-acl and an x-amz-grant-* header answers 400 InvalidRequest' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'both' });
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { acl: '' }, headers: { 'x-amz-acl': 'public-read', 'x-amz-grant-full-control': `id="${owner}"` } }), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'acl/errors/no-acl-given', op: 'PutBucketAcl', claims: ['error:MissingSecurityHeader'], features: ['errors', 'raw'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl with neither an ACL header nor a body answers 400 MissingSecurityHeader' },
  async (t) => {
    const b = await t.createBucket({ label: 'noacl' });
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { acl: '' } }), 'MissingSecurityHeader', 400);
  },
);

suite.case(
  { id: 'acl/errors/grant-unknown-canonical-id', op: 'PutBucketAcl', claims: ['error:InvalidArgument', 'acl:grantee-canonical-id'], features: ['errors'], spec: `${API}API_PutBucketAcl.html`, title: 'PutBucketAcl granting READ to a canonical id no account has answers 400 InvalidArgument' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'unknownid' });
    const nobody = 'f'.repeat(64);
    await expectErrorXml(t, t.s3.send(new PutBucketAclCommand({ Bucket: b, GrantFullControl: `id="${owner}"`, GrantRead: `id="${nobody}"` })), 'InvalidArgument', 400);
  },
);

// ── canned ACLs beyond the four common ones (AWS accepts them all) ───────────────────────────
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
/** The ACL must have the owner as Owner and hold the owner's FULL_CONTROL grant (other grants allowed). */
function expectOwnerFullControl(res: { Owner?: Owner; Grants?: Grant[] }, owner: string): string[] {
  check(res.Owner?.ID === owner, `the ACL's Owner.ID must be the owner's canonical id '${owner}'; got '${res.Owner?.ID ?? '(none)'}'`);
  const labels = grantLabels(res.Grants, { owner });
  check(labels.includes('owner:FULL_CONTROL'), `the ACL must keep the owner's FULL_CONTROL; got [${labels.join(', ')}]`);
  return labels;
}

suite.case(
  { id: 'acl/object/aws-exec-read', op: 'PutObject', claims: ['acl:aws-exec-read', 'acl:canned-unlisted-unsupported'], spec: CANNED, title: 'PutObject with x-amz-acl: aws-exec-read answers 200 (AWS); the object ACL keeps the owner’s FULL_CONTROL' },
  async (t) => {
    const [owner, b] = [await t.use(mainId), await t.use(objects)];
    const key = t.key();
    const put = await t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ACL: 'aws-exec-read' }));
    expect(statusOfResult(put), 'PutObject status').toBe(200);
    expectOwnerFullControl(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner);
  },
);

suite.case(
  { id: 'acl/bucket/aws-exec-read', op: 'PutBucketAcl', claims: ['acl:aws-exec-read', 'acl:canned-unlisted-unsupported'], spec: CANNED, title: 'PutBucketAcl with aws-exec-read answers 200 (AWS); the bucket ACL keeps the owner’s FULL_CONTROL' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'execread' });
    const put = await t.s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'aws-exec-read' as BucketCannedACL }));
    expect(statusOfResult(put), 'PutBucketAcl status').toBe(200);
    expectOwnerFullControl(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner);
  },
);

suite.case(
  { id: 'acl/object/put-object-acl-aws-exec-read', op: 'PutObjectAcl', claims: ['acl:aws-exec-read'], spec: CANNED, title: 'PutObjectAcl with aws-exec-read on an existing object answers 200 (AWS); the ACL keeps the owner’s FULL_CONTROL' },
  async (t) => {
    const [owner, b] = [await t.use(mainId), await t.use(objects)];
    const key = t.key();
    await t.setup('put the object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY })));
    const put = await t.s3.send(new PutObjectAclCommand({ Bucket: b, Key: key, ACL: 'aws-exec-read' }));
    expect(statusOfResult(put), 'PutObjectAcl status').toBe(200);
    expectOwnerFullControl(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner);
  },
);

suite.case(
  { id: 'acl/object/bucket-owner-read', op: 'PutObject', claims: ['acl:bucket-owner-read', 'acl:canned-unlisted-unsupported'], spec: CANNED, title: 'PutObject with x-amz-acl: bucket-owner-read by the bucket owner answers 200 (AWS); the object ACL keeps the owner’s FULL_CONTROL (the bucket owner is the writer)' },
  async (t) => {
    const [owner, b] = [await t.use(mainId), await t.use(objects)];
    const key = t.key();
    const put = await t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ACL: 'bucket-owner-read' }));
    expect(statusOfResult(put), 'PutObject status').toBe(200);
    expectOwnerFullControl(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner);
  },
);

suite.case(
  { id: 'acl/object/bucket-owner-read-by-writer', op: 'GetObject', claims: ['acl:bucket-owner-read', 'acl:grant-WRITE'], features: ['alt-identity'], spec: CANNED, title: 'An object another account writes with bucket-owner-read into the owner’s bucket (WRITE granted) can be read by the bucket owner (200 with its body)' },
  async (t) => {
    const { b } = await bucketWithGrant(t, 'GrantWrite');
    const key = t.key();
    const put = await t.alt().send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ACL: 'bucket-owner-read' }));
    expect(statusOfResult(put), 'PutObject by the writer').toBe(200);
    await expectRead(t.s3, b, key);
  },
);

suite.case(
  { id: 'acl/bucket/bucket-owner-read-ignored', op: 'PutBucketAcl', claims: ['acl:bucket-owner-read', 'acl:canned-unlisted-unsupported'], spec: CANNED, title: 'PutBucketAcl with the object-only canned ACL bucket-owner-read answers 200 (AWS); the ACL stays the owner’s FULL_CONTROL only' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'boread' });
    const put = await t.s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'bucket-owner-read' as BucketCannedACL }));
    expect(statusOfResult(put), 'PutBucketAcl status').toBe(200);
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, CANNED_GRANTS.private);
  },
);

suite.case(
  { id: 'acl/object/bucket-owner-full-control', op: 'PutObject', claims: ['acl:bucket-owner-full-control'], spec: CANNED, title: 'PutObject with x-amz-acl: bucket-owner-full-control by the bucket owner answers 200 (AWS); the object ACL keeps the owner’s FULL_CONTROL (the bucket owner is the writer)' },
  async (t) => {
    const [owner, b] = [await t.use(mainId), await t.use(objects)];
    const key = t.key();
    const put = await t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ACL: 'bucket-owner-full-control' }));
    expect(statusOfResult(put), 'PutObject status').toBe(200);
    expectOwnerFullControl(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner);
  },
);

suite.case(
  { id: 'acl/object/bucket-owner-full-control-by-writer', op: 'GetObjectAcl', claims: ['acl:bucket-owner-full-control', 'acl:grant-WRITE'], features: ['alt-identity'], spec: CANNED, title: 'An object another account writes with bucket-owner-full-control into the owner’s bucket (WRITE granted) lets the bucket owner read its ACL (200)' },
  async (t) => {
    const { b, owner } = await bucketWithGrant(t, 'GrantWrite');
    const key = t.key();
    const put = await t.alt().send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY, ACL: 'bucket-owner-full-control' }));
    expect(statusOfResult(put), 'PutObject by the writer').toBe(200);
    const acl = await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key }));
    const labels = grantLabels(acl.Grants, { owner });
    check(labels.includes('owner:FULL_CONTROL'), `the object ACL must grant the bucket owner FULL_CONTROL; got [${labels.join(', ')}]`);
  },
);

suite.case(
  { id: 'acl/bucket/log-delivery-write', op: 'PutBucketAcl', claims: ['acl:log-delivery-write', 'acl:canned-unlisted-unsupported'], spec: CANNED, title: 'PutBucketAcl with log-delivery-write answers 200 (AWS); the ACL is the owner’s FULL_CONTROL plus LogDelivery WRITE and READ_ACP' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = await t.createBucket({ label: 'logdw' });
    const put = await t.s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'log-delivery-write' as BucketCannedACL }));
    expect(statusOfResult(put), 'PutBucketAcl status').toBe(200);
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, ['owner:FULL_CONTROL', `Group(${LOG_DELIVERY}):WRITE`, `Group(${LOG_DELIVERY}):READ_ACP`]);
  },
);

suite.case(
  { id: 'acl/bucket/create-log-delivery-write', op: 'CreateBucket', claims: ['acl:log-delivery-write'], spec: CANNED, title: 'CreateBucket with x-amz-acl: log-delivery-write answers 200 (AWS); the ACL is the owner’s FULL_CONTROL plus LogDelivery WRITE and READ_ACP' },
  async (t) => {
    const owner = await t.use(mainId);
    const b = t.track(t.bucketName('logdw-create'));
    const res = await t.s3.send(new CreateBucketCommand({ Bucket: b, ACL: 'log-delivery-write' as BucketCannedACL }));
    expect(statusOfResult(res), 'CreateBucket status').toBe(200);
    expectPolicy(await t.s3.send(new GetBucketAclCommand({ Bucket: b })), owner, ['owner:FULL_CONTROL', `Group(${LOG_DELIVERY}):WRITE`, `Group(${LOG_DELIVERY}):READ_ACP`]);
  },
);

suite.case(
  { id: 'acl/bucket/log-delivery-write-not-public', op: 'ListObjects', claims: ['acl:log-delivery-write', 'auth:anonymous', 'error:AccessDenied'], features: ['anonymous'], spec: CANNED, title: 'A bucket set to log-delivery-write grants nothing to everyone: unsigned ListObjects answers 403 AccessDenied after PutBucketAcl 200' },
  async (t) => {
    const b = await t.createBucket({ label: 'logdw-anon' });
    const put = await t.s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'log-delivery-write' as BucketCannedACL }));
    expect(statusOfResult(put), 'PutBucketAcl status').toBe(200);
    await expectErrorXml(t, t.anon.send(new ListObjectsCommand({ Bucket: b })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/grant/object-full-control-writes-acl', op: 'PutObjectAcl', claims: ['acl:grant-FULL_CONTROL', 'acl:grantee-canonical-id'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-full-control: id=<alt> on PutObject includes WRITE_ACP: alt’s PutObjectAcl private answers 200 and leaves the owner’s FULL_CONTROL only' },
  async (t) => {
    const { b, key, owner } = await objectWithGrant(t, 'GrantFullControl');
    const put = await t.alt().send(new PutObjectAclCommand({ Bucket: b, Key: key, ACL: 'private' }));
    expect(statusOfResult(put), 'PutObjectAcl by the FULL_CONTROL grantee').toBe(200);
    expectPolicy(await t.s3.send(new GetObjectAclCommand({ Bucket: b, Key: key })), owner, CANNED_GRANTS.private);
  },
);

suite.case(
  { id: 'acl/effect/authenticated-read-bucket-private-object-alt-get-denied', op: 'GetObject', claims: ['acl:bucket-read-lists-only', 'acl:authenticated-read', 'error:AccessDenied'], features: ['alt-identity'], spec: PERMS, title: 'READ on a bucket (authenticated-read) lets another account list the key but not read the private object: GetObject answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(authReadBucket);
    await expectList(alt, b, 'obj');
    await expectErrorXml(t, alt.send(new GetObjectCommand({ Bucket: b, Key: 'obj' })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'acl/grant/bucket-read-object-get-denied', op: 'GetObject', claims: ['acl:bucket-read-lists-only', 'acl:grant-READ', 'error:AccessDenied'], features: ['alt-identity'], spec: PERMS, title: 'x-amz-grant-read: id=<alt> on a bucket does not open its private objects: alt’s HeadObject answers 403' },
  async (t) => {
    const { b } = await bucketWithGrant(t, 'GrantRead');
    const key = t.key();
    await t.setup('put a private object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY })));
    await expectS3Status(t.alt().send(new HeadObjectCommand({ Bucket: b, Key: key })), 403);
  },
);
