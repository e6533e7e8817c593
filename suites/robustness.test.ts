// Malformed input the endpoint must refuse without falling over: percent escapes in
// x-amz-copy-source that do not decode. Cases with the feature `destructive` can take the
// endpoint down (a server that crashes on them is the finding); they are skipped unless the
// run was started with --include-destructive, and must never run against a shared endpoint.
//
// Order matters only for `s3conform run --include-destructive` with concurrency 1 (the crash
// test): the destructive case comes first, so the cases after it show what a run sees when its
// endpoint goes away mid-run.
import { CopyObjectCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { OPT_IN_SKIP } from '../harness/signals.ts';

const suite = defineSuite('robustness', { features: ['robustness'] });
const SPEC_UPC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html';
const SPEC_COPY = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html';
const bucket = suite.bucket({ label: 'robustness' });
const SOURCE_KEY = 'robustness-source';

/** The bucket with a small source object in it (copies that wrongly succeed copy this). */
const source = suite.fixture('bucket with a source object', async (run) => {
  const b = await bucket.get();
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: SOURCE_KEY, Body: 'robustness source object' }));
  return b;
});

/**
 * S3 only says x-amz-copy-source must be URL-encoded; it documents no error Code for an escape
 * that does not decode, so any 4xx refusal conforms (InvalidArgument is what S3 answers for
 * other unusable copy sources).
 */
const REFUSED = {
  code: 'InvalidArgument',
  status: 400,
  anyClientError: 'the S3 API reference names no error Code for a copy source that is not valid URL encoding',
} as const;

async function uploadPartCopy(t: CaseContext, copySource: (bucket: string) => string): Promise<void> {
  const b = await t.use(source);
  const key = t.key();
  const up = await t.setup('create the multipart upload', () => t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key })));
  await t.expectError(t.s3.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: up.UploadId, PartNumber: 1, CopySource: copySource(b) })), REFUSED);
}

suite.case(
  {
    id: 'robustness/upload-part-copy/truncated-escape-source-key',
    op: 'UploadPartCopy',
    features: ['destructive', 'errors'],
    claims: ['feature:copy-source-encoding'],
    spec: SPEC_UPC,
    title: "UploadPartCopy whose x-amz-copy-source key is only a truncated escape ('%2') is refused with a 4xx",
  },
  async (t) => {
    if (!t.run.config.includeDestructive) t.skip(OPT_IN_SKIP.destructive);
    await uploadPartCopy(t, (b) => `${b}/%2`);
  },
);

suite.case(
  {
    id: 'robustness/upload-part-copy/invalid-escape-in-source-key',
    op: 'UploadPartCopy',
    features: ['errors'],
    claims: ['feature:copy-source-encoding'],
    spec: SPEC_UPC,
    title: "UploadPartCopy whose x-amz-copy-source key holds an escape that is not hex ('%zz') is refused with a 4xx",
  },
  async (t) => {
    await uploadPartCopy(t, (b) => `${b}/${SOURCE_KEY}%zz`);
  },
);

suite.case(
  {
    id: 'robustness/upload-part-copy/lone-percent-ending-source-key',
    op: 'UploadPartCopy',
    features: ['errors'],
    claims: ['feature:copy-source-encoding'],
    spec: SPEC_UPC,
    title: "UploadPartCopy whose x-amz-copy-source ends in a lone '%' is refused, not read as the key without it",
  },
  async (t) => {
    await uploadPartCopy(t, (b) => `${b}/${SOURCE_KEY}%`);
  },
);

suite.case(
  {
    id: 'robustness/copy-object/truncated-escape-source-key',
    op: 'CopyObject',
    features: ['errors'],
    claims: ['feature:copy-source-encoding'],
    spec: SPEC_COPY,
    title: "CopyObject whose x-amz-copy-source key is only a truncated escape ('%2') is refused with a 4xx",
  },
  async (t) => {
    const b = await t.use(source);
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: t.key(), CopySource: `${b}/%2` })), REFUSED);
  },
);

suite.case(
  {
    id: 'robustness/copy-object/lone-percent-ending-source-key',
    op: 'CopyObject',
    features: ['errors'],
    claims: ['feature:copy-source-encoding'],
    spec: SPEC_COPY,
    title: "CopyObject whose x-amz-copy-source ends in a lone '%' is refused, not read as the key without it",
  },
  async (t) => {
    const b = await t.use(source);
    await t.expectError(t.s3.send(new CopyObjectCommand({ Bucket: b, Key: t.key(), CopySource: `${b}/${SOURCE_KEY}%` })), REFUSED);
  },
);
