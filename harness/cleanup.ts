// Removing what a run created. It must work on endpoints that lack the very operations under
// test, so every step has a fallback: ListObjectsV2 → ListObjects v1 → the journal's keys;
// DeleteObjects → single DeleteObject; version listing only where it answers.
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

export interface Known {
  keys: Iterable<string>;
  uploads: Map<string, string>;
}

export interface RemoveResult {
  bucket: string;
  removed: boolean;
  /** The bucket did not exist (never created, or already gone). */
  absent?: boolean;
  error?: string;
}

const isNoSuchBucket = (e: unknown) => codeOf(e) === 'NoSuchBucket' || statusOf(e) === 404;

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
    if (isNoSuchBucket(e)) throw e;
  }
  let marker: string | undefined;
  for (;;) {
    const r = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: marker }));
    const page = (r.Contents ?? []).flatMap((o) => (o.Key !== undefined ? [o.Key] : []));
    keys.push(...page);
    if (!r.IsTruncated || page.length === 0) return keys;
    marker = r.NextMarker ?? page.at(-1);
  }
}

async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  const rest = [...new Set(keys)];
  let bulk = true;
  while (rest.length) {
    const batch = rest.splice(0, 1000);
    if (bulk) {
      try {
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        continue;
      } catch {
        bulk = false; // fall back to single deletes for this and every later batch
      }
    }
    await Promise.all(
      batch.map((Key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key })).catch(() => undefined)),
    );
  }
}

async function deleteVersions(s3: S3Client, bucket: string): Promise<void> {
  try {
    const r = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    const all = [...(r.Versions ?? []), ...(r.DeleteMarkers ?? [])].filter((v) => v.Key && v.VersionId && v.VersionId !== 'null');
    await Promise.all(
      all.map((v) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: v.Key, VersionId: v.VersionId })).catch(() => undefined)),
    );
  } catch {
    // no versioning support: nothing versioned to remove
  }
}

async function abortUploads(s3: S3Client, bucket: string, known: Map<string, string>): Promise<void> {
  const uploads = new Map(known);
  try {
    const r = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const u of r.Uploads ?? []) if (u.UploadId && u.Key !== undefined) uploads.set(u.UploadId, u.Key);
  } catch {
    // the journal's upload ids are enough
  }
  await Promise.all(
    [...uploads].map(([UploadId, Key]) =>
      s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId })).catch(() => undefined),
    ),
  );
}

/** Empty a bucket the run created and delete it. Never throws. */
export async function removeBucket(s3: S3Client, bucket: string, known: Known = { keys: [], uploads: new Map() }): Promise<RemoveResult> {
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      await abortUploads(s3, bucket, known.uploads);
      let keys: string[];
      try {
        keys = await listKeys(s3, bucket);
      } catch (e) {
        if (isNoSuchBucket(e)) return { bucket, removed: false, absent: true };
        keys = [];
      }
      await deleteKeys(s3, bucket, [...keys, ...known.keys]);
      if (attempt > 0) await deleteVersions(s3, bucket);
      try {
        await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
        return { bucket, removed: true };
      } catch (e) {
        if (isNoSuchBucket(e)) return { bucket, removed: false, absent: true };
        if (codeOf(e) !== 'BucketNotEmpty' && statusOf(e) !== 409) throw e;
      }
    }
    return { bucket, removed: false, error: 'still not empty after 3 attempts' };
  } catch (e) {
    return { bucket, removed: false, error: `${codeOf(e) ?? ''} ${(e as Error).message ?? String(e)}`.trim() };
  }
}
