// Removing what a run created. It must work on endpoints that lack the very operations under
// test, so every step has a fallback: ListObjectsV2 → ListObjects v1 → the journal's keys;
// DeleteObjects → single DeleteObject; version listing only where it answers.
//
// Cheap first: most buckets of a run are empty (or were never created) when they are removed,
// so the first pass deletes only what the journal knows (nothing → a single DeleteBucket).
// Only when the endpoint answers BucketNotEmpty does it list uploads, keys and versions.
import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { codeOf, statusOf } from './verdict.ts';
import { journaledHere } from './journal.ts';

export interface Known {
  keys: Iterable<string>;
  uploads: Map<string, string>;
  /** Versioning (or object lock) was switched on: versions must go too. */
  versioned?: boolean;
}

export interface RemoveResult {
  bucket: string;
  removed: boolean;
  /** The bucket did not exist (never created, or already gone). */
  absent?: boolean;
  error?: string;
}

/**
 * Answers to a name the endpoint cannot address at all (so it cannot have created it either):
 * S3's InvalidBucketName, and Ceph RGW's InvalidTenantName for names with a ':' (tenant syntax).
 */
const NAME_REFUSED = new Set(['InvalidBucketName', 'InvalidTenantName']);
/** The bucket is not there: NoSuchBucket, a bare 404, or a name the endpoint refuses outright. */
const isAbsent = (e: unknown) =>
  codeOf(e) === 'NoSuchBucket' || (statusOf(e) === 400 && NAME_REFUSED.has(codeOf(e) ?? '')) || (statusOf(e) === 404 && !codeOf(e)?.startsWith('NoSuch'));
const isNotEmpty = (e: unknown) => codeOf(e) === 'BucketNotEmpty' || statusOf(e) === 409;

class Absent extends Error {}

async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  try {
    let token: string | undefined;
    do {
      const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return keys;
  } catch (e) {
    if (codeOf(e) === 'NoSuchBucket') throw new Absent();
  }
  try {
    let marker: string | undefined;
    for (;;) {
      const r = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: marker }));
      const page = (r.Contents ?? []).flatMap((o) => (o.Key !== undefined ? [o.Key] : []));
      keys.push(...page);
      if (!r.IsTruncated || page.length === 0) return keys;
      marker = r.NextMarker ?? page.at(-1);
    }
  } catch (e) {
    if (codeOf(e) === 'NoSuchBucket') throw new Absent();
    return keys; // neither listing answers: the journal's keys are all there is
  }
}

interface ObjectRef {
  Key: string;
  VersionId?: string;
}

/** DeleteObjects in batches of 1000; single DeleteObject calls where it is refused. */
async function deleteObjects(s3: S3Client, bucket: string, objects: ObjectRef[], bypassGovernance = false): Promise<void> {
  const rest = [...new Map(objects.map((o) => [`${o.Key}\u0000${o.VersionId ?? ''}`, o])).values()];
  let bulk = true;
  while (rest.length) {
    const batch = rest.splice(0, 1000);
    if (bulk) {
      try {
        const r = await s3.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true }, ...(bypassGovernance ? { BypassGovernanceRetention: true } : {}) }),
        );
        // Keys the endpoint refused to delete in bulk get one more try each.
        const failed = new Set((r.Errors ?? []).map((x) => `${x.Key}\u0000${x.VersionId ?? ''}`));
        if (failed.size === 0) continue;
        batch.splice(0, batch.length, ...batch.filter((o) => failed.has(`${o.Key}\u0000${o.VersionId ?? ''}`)));
      } catch (e) {
        if (codeOf(e) === 'NoSuchBucket') throw new Absent();
        bulk = false; // fall back to single deletes for this and every later batch
      }
    }
    await Promise.all(
      batch.map((o) =>
        s3
          .send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key, ...(o.VersionId ? { VersionId: o.VersionId } : {}), ...(bypassGovernance ? { BypassGovernanceRetention: true } : {}) }))
          .catch(() => undefined),
      ),
    );
  }
}

/** Remove every version and delete marker. False when the endpoint cannot list versions. */
async function deleteVersions(s3: S3Client, bucket: string): Promise<boolean> {
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (let page = 0; page < 1000; page++) {
    let r;
    try {
      r = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
    } catch (e) {
      if (codeOf(e) === 'NoSuchBucket') throw new Absent();
      return false; // no version listing: nothing versioned can be removed this way
    }
    // 'null' is the version id of objects written while versioning was off or suspended.
    const all = [...(r.Versions ?? []), ...(r.DeleteMarkers ?? [])].flatMap((v) => (v.Key !== undefined && v.VersionId ? [{ Key: v.Key, VersionId: v.VersionId }] : []));
    await deleteObjects(s3, bucket, all, true);
    if (!r.IsTruncated) return true;
    keyMarker = r.NextKeyMarker;
    versionMarker = r.NextVersionIdMarker;
  }
  return true;
}

async function abortUploads(s3: S3Client, bucket: string, known: Map<string, string>, list: boolean): Promise<void> {
  const uploads = new Map(known);
  if (list) {
    try {
      const r = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      for (const u of r.Uploads ?? []) if (u.UploadId && u.Key !== undefined) uploads.set(u.UploadId, u.Key);
    } catch (e) {
      if (codeOf(e) === 'NoSuchBucket') throw new Absent();
      // the journal's upload ids are enough
    }
  }
  await Promise.all(
    [...uploads].map(([UploadId, Key]) =>
      s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId })).catch(() => undefined),
    ),
  );
}

/** DeleteBucket: true when removed, 'absent' when not there; throws unless BucketNotEmpty. */
async function deleteBucket(s3: S3Client, bucket: string): Promise<true | 'not-empty'> {
  try {
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    return true;
  } catch (e) {
    if (isAbsent(e)) throw new Absent();
    if (isNotEmpty(e)) return 'not-empty';
    throw e;
  }
}

/**
 * Empty a bucket the run created and delete it. Never throws. What this process journaled
 * about the bucket (keys, uploads, versioning) is added to `known`.
 */
export async function removeBucket(s3: S3Client, bucket: string, known: Known = { keys: [], uploads: new Map() }): Promise<RemoveResult> {
  const here = journaledHere(bucket);
  const keys = new Set([...known.keys, ...(here?.keys ?? [])]);
  const uploads = new Map([...known.uploads, ...(here?.uploads ?? [])]);
  const versioned = known.versioned === true || here?.versioned === true;
  try {
    // Pass 1: what the journal knows, then DeleteBucket (for an empty bucket: one request).
    if (uploads.size) await abortUploads(s3, bucket, uploads, false);
    const listedVersions = versioned && (await deleteVersions(s3, bucket));
    if (!listedVersions && keys.size) await deleteObjects(s3, bucket, [...keys].map((Key) => ({ Key })));
    if ((await deleteBucket(s3, bucket)) === true) return { bucket, removed: true };
    // Passes 2 and 3: the endpoint says it is not empty; list what is there.
    for (let attempt = 0; attempt < 2; attempt++) {
      await abortUploads(s3, bucket, uploads, true);
      const listed = await listKeys(s3, bucket);
      await deleteObjects(s3, bucket, [...new Set([...listed, ...keys])].map((Key) => ({ Key })));
      await deleteVersions(s3, bucket);
      if ((await deleteBucket(s3, bucket)) === true) return { bucket, removed: true };
    }
    return { bucket, removed: false, error: 'still not empty after 3 attempts' };
  } catch (e) {
    if (e instanceof Absent) return { bucket, removed: false, absent: true };
    return { bucket, removed: false, error: `${codeOf(e) ?? ''} ${(e as Error).message ?? String(e)}`.trim() };
  }
}
