// removeBucket against a fake endpoint: the fallbacks (ListObjectsV2 → v1, DeleteObjects →
// single deletes) when an endpoint answers 501, versions, and the one-request paths.
import { describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { removeBucket } from '../../harness/cleanup.ts';

interface Version {
  key: string;
  id: string;
  marker?: boolean;
}

/** An in-memory bucket store that speaks just enough of the S3Client.send() contract. */
class FakeS3 {
  buckets = new Map<string, { versions: Version[]; uploads: Map<string, string> }>();
  calls: string[] = [];
  versioned = new Set<string>();
  constructor(private readonly notImplemented: Set<string> = new Set()) {}

  private fail(status: number, code: string): never {
    throw Object.assign(new Error(code), { name: code, Code: code, $metadata: { httpStatusCode: status } });
  }

  async send(cmd: { constructor: { name: string }; input: Record<string, unknown> }): Promise<unknown> {
    const op = cmd.constructor.name.replace(/Command$/, '');
    this.calls.push(op);
    if (this.notImplemented.has(op)) this.fail(501, 'NotImplemented');
    const i = cmd.input;
    const b = this.buckets.get(String(i.Bucket));
    if (!b) this.fail(404, 'NoSuchBucket');
    const current = () => {
      const latest = new Map<string, Version>();
      for (const v of b.versions) latest.set(v.key, v);
      return [...latest.values()].filter((v) => !v.marker);
    };
    const removeKey = (key: string, versionId?: string) => {
      if (versionId) b.versions = b.versions.filter((v) => !(v.key === key && v.id === versionId));
      else if (this.versioned.has(String(i.Bucket))) b.versions.push({ key, id: `dm${b.versions.length}`, marker: true });
      else b.versions = b.versions.filter((v) => v.key !== key);
    };
    switch (op) {
      case 'DeleteBucket':
        if (b.versions.length) this.fail(409, 'BucketNotEmpty');
        this.buckets.delete(String(i.Bucket));
        return {};
      case 'ListObjectsV2':
      case 'ListObjects':
        return { Contents: current().map((v) => ({ Key: v.key })), IsTruncated: false };
      case 'ListObjectVersions': {
        // Two per page, to exercise the markers.
        const all = b.versions;
        const start = i.KeyMarker ? all.findIndex((v) => v.key === i.KeyMarker && v.id === i.VersionIdMarker) + 1 : 0;
        const page = all.slice(start, start + 2);
        const more = start + 2 < all.length;
        return {
          Versions: page.filter((v) => !v.marker).map((v) => ({ Key: v.key, VersionId: v.id })),
          DeleteMarkers: page.filter((v) => v.marker).map((v) => ({ Key: v.key, VersionId: v.id })),
          IsTruncated: more,
          ...(more ? { NextKeyMarker: page.at(-1)!.key, NextVersionIdMarker: page.at(-1)!.id } : {}),
        };
      }
      case 'DeleteObjects': {
        for (const o of (i.Delete as { Objects: { Key: string; VersionId?: string }[] }).Objects) removeKey(o.Key, o.VersionId);
        return { Errors: [] };
      }
      case 'DeleteObject':
        removeKey(String(i.Key), i.VersionId as string | undefined);
        return {};
      case 'ListMultipartUploads':
        return { Uploads: [...b.uploads].map(([UploadId, Key]) => ({ UploadId, Key })) };
      case 'AbortMultipartUpload':
        if (!b.uploads.delete(String(i.UploadId))) this.fail(404, 'NoSuchUpload');
        return {};
      default:
        throw new Error(`fake S3: ${op} not modelled`);
    }
  }

  add(bucket: string, keys: string[], uploads: [string, string][] = []): void {
    this.buckets.set(bucket, { versions: keys.map((key) => ({ key, id: 'null' })), uploads: new Map(uploads) });
  }
}

const asClient = (f: FakeS3) => f as unknown as S3Client;

describe('removeBucket', () => {
  it('falls back to ListObjects v1 and single deletes when ListObjectsV2 and DeleteObjects answer 501', async () => {
    const s3 = new FakeS3(new Set(['ListObjectsV2', 'DeleteObjects']));
    s3.add('b', ['a', 'b/c', 'd']);
    const r = await removeBucket(asClient(s3), 'b');
    expect(r).toEqual({ bucket: 'b', removed: true });
    expect(s3.buckets.has('b')).toBe(false);
    expect(s3.calls).toContain('ListObjects');
    expect(s3.calls.filter((c) => c === 'DeleteObject')).toHaveLength(3);
  });

  it('also works when no listing answers at all, from the keys the journal knows', async () => {
    const s3 = new FakeS3(new Set(['ListObjectsV2', 'ListObjects', 'ListObjectVersions', 'ListMultipartUploads']));
    s3.add('b', ['x', 'y']);
    const r = await removeBucket(asClient(s3), 'b', { keys: ['x', 'y'], uploads: new Map() });
    expect(r.removed).toBe(true);
    expect(s3.calls).toEqual(['DeleteObjects', 'DeleteBucket']);
  });

  it('an empty bucket costs one request, a missing one too', async () => {
    const s3 = new FakeS3();
    s3.add('empty', []);
    expect(await removeBucket(asClient(s3), 'empty')).toEqual({ bucket: 'empty', removed: true });
    expect(await removeBucket(asClient(s3), 'never-created')).toEqual({ bucket: 'never-created', removed: false, absent: true });
    expect(s3.calls).toEqual(['DeleteBucket', 'DeleteBucket']);
  });

  it('aborts incomplete multipart uploads, known and listed', async () => {
    const s3 = new FakeS3();
    s3.add('b', ['k'], [['u1', 'k1'], ['u2', 'k2']]);
    // DeleteBucket on the fake only checks objects; the uploads must be gone anyway.
    const r = await removeBucket(asClient(s3), 'b', { keys: [], uploads: new Map([['u1', 'k1']]) });
    expect(r.removed).toBe(true);
    expect(s3.calls.filter((c) => c === 'AbortMultipartUpload').length).toBeGreaterThanOrEqual(2);
  });

  it('removes every version and delete marker of a versioned bucket, across pages, null versions included', async () => {
    const s3 = new FakeS3();
    s3.add('v', ['plain']); // written before versioning: version id 'null'
    s3.versioned.add('v');
    const b = s3.buckets.get('v')!;
    b.versions.push({ key: 'k', id: 'v1' }, { key: 'k', id: 'v2' }, { key: 'gone', id: 'v3' }, { key: 'gone', id: 'dm1', marker: true });
    const r = await removeBucket(asClient(s3), 'v', { keys: ['k', 'gone', 'plain'], uploads: new Map(), versioned: true });
    expect(r).toEqual({ bucket: 'v', removed: true });
    // The journal said versioned: versions first, no plain deletes that would add delete markers.
    expect(s3.calls.filter((c) => c === 'ListObjectVersions').length).toBeGreaterThanOrEqual(3);
    expect(s3.calls.at(-1)).toBe('DeleteBucket');
    expect(s3.calls.filter((c) => c === 'DeleteBucket')).toHaveLength(1);
  });

  it('finds versions even without the journal hint, once the endpoint says BucketNotEmpty', async () => {
    const s3 = new FakeS3();
    s3.add('v', []);
    s3.versioned.add('v');
    s3.buckets.get('v')!.versions.push({ key: 'k', id: 'v1' }, { key: 'k', id: 'dm', marker: true });
    const r = await removeBucket(asClient(s3), 'v');
    expect(r.removed).toBe(true);
  });

  it('a name the endpoint cannot address (400 InvalidBucketName / InvalidTenantName) counts as absent', async () => {
    for (const code of ['InvalidBucketName', 'InvalidTenantName']) {
      const s3 = { send: async () => Promise.reject(Object.assign(new Error(code), { name: code, Code: code, $metadata: { httpStatusCode: 400 } })) };
      expect(await removeBucket(s3 as unknown as S3Client, 'a:b')).toEqual({ bucket: 'a:b', removed: false, absent: true });
    }
  });

  it('never throws: an endpoint that refuses DeleteBucket is reported with its answer', async () => {
    const s3 = new FakeS3(new Set(['DeleteBucket']));
    s3.add('b', []);
    const r = await removeBucket(asClient(s3), 'b');
    expect(r.removed).toBe(false);
    expect(r.error).toMatch(/NotImplemented/);
  });
});
