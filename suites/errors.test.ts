// Error answers: one case per S3 error code a client can trigger — every code of the NAVER
// Cloud error table that a request can provoke, plus a few the AWS reference lists. Each case
// asserts the HTTP status and the Code, and that the body is a valid S3 error document
// (fixtures/schemas/s3-error.schema.json: Code, Message, RequestId; BucketName / Key where AWS
// sends them). Where the vendor table and AWS disagree, the vendor table's answer is expected and
// AWS's is accepted as a `oneOf` alternative with the reason.
//
// Requests an SDK will not send (bad signature, skewed clock, no Content-Length, a declared size
// without the body, form uploads) go through harness/http-raw-min.ts.
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  UploadPartCommand,
  type BucketLocationConstraint,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { checkS3ErrorBody, expectErrorXml } from '../harness/error-xml.ts';
import { check, statusOfResult, isUsEast1RecreateOk } from '../harness/expect.ts';
import { rawCall, rawSend } from '../harness/http-raw-min.ts';
import { OPT_IN_SKIP, PROFILE_SKIP_PREFIX } from '../harness/signals.ts';

const suite = defineSuite('errors', { features: ['errors'] });
const ERRORS = 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList';
const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const SIGV4 = 'https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html';
const POST_SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html';

// Where the vendor table and AWS disagree: the alternatives accepted, declared in the case
// metadata (tolerance) and used by its assertion alike.
const ALT = {
  invalidDigest: [{ code: 'InvalidArgument', status: 400, reason: 'the vendor table also lists InvalidArgument for an MD5 value that is not base64-encoded' }],
  keyTooLong: [{ code: 'KeyTooLong', status: 400, reason: 'the vendor table names the code KeyTooLong; AWS spells it KeyTooLongError' }],
  encryption: [{ code: 'InvalidArgument', status: 400, reason: 'AWS answers an unknown x-amz-server-side-encryption value with InvalidArgument (The encryption method specified is not supported)' }],
  notMultipart: [{ code: 'PreconditionFailed', status: 412, reason: 'AWS answers 412 PreconditionFailed (Condition: Bucket POST must be of the enclosure-type multipart/form-data)' }],
};
const oneOf = (alternatives: { code: string; status: number; reason: string }[]) => ({ kind: 'oneOf' as const, alternatives });

const bucket = suite.bucket({ label: 'errors' });
const BODY = 'errors-suite-body';
/** An object every read-only case may use. */
const object = suite.fixture('an object in the shared bucket', async (run) => {
  const b = await bucket.get();
  await run.main.send(new PutObjectCommand({ Bucket: b, Key: 'obj', Body: BODY }));
  return { b, key: 'obj' };
});

const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('base64');
const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

async function newUpload(t: CaseContext, b: string, key: string): Promise<string> {
  const r = await t.setup('create a multipart upload', () => t.s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key })));
  if (!r.UploadId) throw new Error('CreateMultipartUpload answered without an UploadId');
  return r.UploadId;
}

async function uploadTinyParts(t: CaseContext, b: string, key: string, uploadId: string, n: number): Promise<{ PartNumber: number; ETag: string }[]> {
  const parts: { PartNumber: number; ETag: string }[] = [];
  for (let i = 1; i <= n; i += 1) {
    const r = await t.setup(`upload part ${i}`, () => t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: uploadId, PartNumber: i, Body: `p${i}` })));
    parts.push({ PartNumber: i, ETag: r.ETag ?? '' });
  }
  return parts;
}

// ── access and authentication ─────────────────────────────────────────────────────────────────
suite.case(
  { id: 'errors/access-denied/other-account-get', op: 'GetObject', claims: ['error:AccessDenied'], features: ['alt-identity'], spec: ERRORS, title: 'GetObject of a private object by another account answers 403 AccessDenied' },
  async (t) => {
    const alt = t.alt();
    const { b, key } = await t.use(object);
    await expectErrorXml(t, alt.send(new GetObjectCommand({ Bucket: b, Key: key })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'errors/access-denied/anonymous-get', op: 'GetObject', claims: ['error:AccessDenied', 'auth:anonymous'], features: ['anonymous'], spec: ERRORS, title: 'An unsigned GetObject of a private object answers 403 AccessDenied' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, t.anon.send(new GetObjectCommand({ Bucket: b, Key: key })), 'AccessDenied', 403);
  },
);

suite.case(
  { id: 'errors/invalid-access-key-id', op: 'ListObjects', claims: ['error:InvalidAccessKeyId', 'auth:sigv4'], features: ['raw'], spec: ERRORS, title: 'A request signed with an access key id the endpoint does not know answers 403 InvalidAccessKeyId' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'GET', bucket: b, credentials: { accessKeyId: 'S3CONFORMUNKNOWNKEY0', secretAccessKey: 'unknown-secret-key-of-nobody-000000000000' } }), 'InvalidAccessKeyId', 403);
  },
);

suite.case(
  { id: 'errors/signature-does-not-match', op: 'ListObjects', claims: ['error:SignatureDoesNotMatch', 'auth:sigv4'], features: ['raw'], spec: SIGV4, title: 'A request whose SigV4 signature is wrong (one hex digit changed) answers 403 SignatureDoesNotMatch' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'GET', bucket: b, corruptSignature: true }), 'SignatureDoesNotMatch', 403);
  },
);

suite.case(
  { id: 'errors/request-time-too-skewed/past', op: 'ListObjects', claims: ['error:RequestTimeTooSkewed', 'auth:clock-skew'], features: ['raw'], spec: ERRORS, title: 'A request signed one hour in the past (allowed skew: 15 minutes) answers 403 RequestTimeTooSkewed' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'GET', bucket: b, signingDate: new Date(Date.now() - 3600_000) }), 'RequestTimeTooSkewed', 403);
  },
);

suite.case(
  { id: 'errors/request-time-too-skewed/future', op: 'ListObjects', claims: ['error:RequestTimeTooSkewed', 'auth:clock-skew'], features: ['raw'], spec: ERRORS, title: 'A request signed one hour in the future answers 403 RequestTimeTooSkewed' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'GET', bucket: b, signingDate: new Date(Date.now() + 3600_000) }), 'RequestTimeTooSkewed', 403);
  },
);

suite.case(
  { id: 'errors/authorization-header-malformed/wrong-region', op: 'ListObjects', claims: ['error:AuthorizationHeaderMalformed', 'auth:region-scope'], features: ['raw'], spec: SIGV4, title: 'A SigV4 credential scope naming another region answers 400 AuthorizationHeaderMalformed' },
  async (t) => {
    const b = await t.use(bucket);
    const wrong = t.run.profile.region === 'xx-nowhere-1' ? 'xx-nowhere-2' : 'xx-nowhere-1';
    await expectErrorXml(t, rawCall({ method: 'GET', bucket: b, region: wrong }), 'AuthorizationHeaderMalformed', 400);
  },
);

suite.case(
  { id: 'errors/invalid-request/sigv2-on-v4-only', op: 'GetObject', claims: ['error:InvalidRequest', 'auth:sigv2'], features: ['raw', 'sigv2'], spec: ERRORS, title: 'On an endpoint that accepts only SigV4, a SigV2-signed request answers 400 InvalidRequest (Please use AWS4-HMAC-SHA256)' },
  async (t) => {
    if (t.run.profile.signatures.includes('v2')) t.skip(`${PROFILE_SKIP_PREFIX}signature v2 is listed in signatures; this case needs a SigV4-only endpoint`);
    const { b, key } = await t.use(object);
    await expectErrorXml(t, rawCall({ method: 'GET', bucket: b, key, signature: 'v2' }), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'errors/invalid-request/missing-content-sha256', op: 'ListObjects', claims: ['error:InvalidRequest', 'header:x-amz-content-sha256'], features: ['raw'], spec: SIGV4, title: 'A SigV4 request without x-amz-content-sha256 answers 400 InvalidRequest (missing required header)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'GET', bucket: b, omitContentSha256: true }), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'errors/invalid-argument/bad-content-sha256', op: 'PutObject', claims: ['error:InvalidArgument', 'header:x-amz-content-sha256'], features: ['raw'], spec: SIGV4, title: 'x-amz-content-sha256 that is neither a SHA-256 hex digest nor a known keyword answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), headers: { 'x-amz-content-sha256': 'not-a-sha256' }, body: BODY }), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'errors/x-amz-content-sha256-mismatch', op: 'PutObject', claims: ['error:XAmzContentSHA256Mismatch', 'header:x-amz-content-sha256'], features: ['raw'], spec: SIGV4, title: 'A body that does not hash to the signed x-amz-content-sha256 answers 400 XAmzContentSHA256Mismatch' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), headers: { 'x-amz-content-sha256': sha256hex('something else') }, body: BODY }), 'XAmzContentSHA256Mismatch', 400);
  },
);

// ── buckets ───────────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'errors/no-such-bucket', op: 'GetObject', claims: ['error:NoSuchBucket'], spec: ERRORS, title: 'GetObject in a bucket that does not exist answers 404 NoSuchBucket with <BucketName>' },
  async (t) => {
    const b = t.bucketName('missing');
    await expectErrorXml(t, t.s3.send(new GetObjectCommand({ Bucket: b, Key: 'k' })), 'NoSuchBucket', 404, { bucketName: b });
  },
);

suite.case(
  { id: 'errors/bucket-already-exists', op: 'CreateBucket', claims: ['error:BucketAlreadyExists', 'naming:globally-unique'], features: ['alt-identity'], spec: `${API}API_CreateBucket.html`, title: 'Creating a bucket name another account owns answers 409 BucketAlreadyExists' },
  async (t) => {
    const alt = t.alt();
    const b = await t.use(bucket);
    await expectErrorXml(t, alt.send(new CreateBucketCommand({ Bucket: b })), 'BucketAlreadyExists', 409, { bucketName: b });
  },
);

suite.case(
  { id: 'errors/bucket-already-owned-by-you', op: 'CreateBucket', claims: ['error:BucketAlreadyOwnedByYou'], spec: `${API}API_CreateBucket.html`, title: 'Re-creating an own bucket answers 409 BucketAlreadyOwnedByYou (us-east-1 legacy: 200)' },
  async (t) => {
    const b = await t.use(bucket);
    const again = t.s3.send(new CreateBucketCommand({ Bucket: b }));
    if (await isUsEast1RecreateOk(t, again)) return;
    await expectErrorXml(t, again, 'BucketAlreadyOwnedByYou', 409, { bucketName: b });
  },
);

suite.case(
  { id: 'errors/bucket-not-empty', op: 'DeleteBucket', claims: ['error:BucketNotEmpty', 'feature:delete-bucket-requires-empty'], spec: `${API}API_DeleteBucket.html`, title: 'DeleteBucket of a bucket holding an object answers 409 BucketNotEmpty with <BucketName>' },
  async (t) => {
    const b = await t.createBucket({ label: 'notempty' });
    await t.setup('put an object', () => t.s3.send(new PutObjectCommand({ Bucket: b, Key: 'x', Body: 'x' })));
    await expectErrorXml(t, t.s3.send(new DeleteBucketCommand({ Bucket: b })), 'BucketNotEmpty', 409, { bucketName: b });
  },
);

suite.case(
  { id: 'errors/invalid-bucket-name', op: 'CreateBucket', claims: ['error:InvalidBucketName', 'naming:allowed-chars'], spec: `${API}API_CreateBucket.html`, title: 'CreateBucket with an underscore in the name answers 400 InvalidBucketName' },
  async (t) => {
    const name = t.track(t.bucketName('bad-name').replace('bad-name', 'bad_name'));
    await expectErrorXml(t, t.s3.send(new CreateBucketCommand({ Bucket: name })), 'InvalidBucketName', 400);
  },
);

suite.case(
  { id: 'errors/invalid-location-constraint', op: 'CreateBucket', claims: ['error:InvalidLocationConstraint', 'feature:create-bucket-location-constraint'], spec: `${API}API_CreateBucket.html`, title: 'CreateBucket with a LocationConstraint naming no region answers 400 InvalidLocationConstraint' },
  async (t) => {
    const name = t.track(t.bucketName('badloc'));
    await expectErrorXml(t, t.s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'xx-nowhere-1' as BucketLocationConstraint } })), 'InvalidLocationConstraint', 400);
  },
);

suite.case(
  { id: 'errors/method-not-allowed/post-service', op: 'ListBuckets', claims: ['error:MethodNotAllowed'], features: ['raw'], spec: ERRORS, title: 'POST on the service root (/) answers 405 MethodNotAllowed' },
  async (t) => {
    await expectErrorXml(t, rawCall({ method: 'POST', body: '' }), 'MethodNotAllowed', 405);
  },
);

// ── objects: reads ────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'errors/no-such-key', op: 'GetObject', claims: ['error:NoSuchKey'], spec: ERRORS, title: 'GetObject of a missing key answers 404 NoSuchKey with <Key>' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key('missing');
    await expectErrorXml(t, t.s3.send(new GetObjectCommand({ Bucket: b, Key: key })), 'NoSuchKey', 404, { key });
  },
);

suite.case(
  { id: 'errors/invalid-range', op: 'GetObject', claims: ['error:InvalidRange', 'feature:get-range'], spec: ERRORS, title: 'GetObject with a Range starting beyond the object’s end answers 416 InvalidRange' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, t.s3.send(new GetObjectCommand({ Bucket: b, Key: key, Range: `bytes=${BODY.length + 10}-${BODY.length + 20}` })), 'InvalidRange', 416);
  },
);

suite.case(
  { id: 'errors/precondition-failed', op: 'GetObject', claims: ['error:PreconditionFailed', 'feature:conditional-if-match'], spec: ERRORS, title: 'GetObject with an If-Match ETag that does not match answers 412 PreconditionFailed' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, t.s3.send(new GetObjectCommand({ Bucket: b, Key: key, IfMatch: '"00000000000000000000000000000000"' })), 'PreconditionFailed', 412);
  },
);

suite.case(
  { id: 'errors/invalid-argument/max-keys-negative', op: 'ListObjects', claims: ['error:InvalidArgument', 'feature:list-max-keys'], spec: ERRORS, title: 'ListObjects with max-keys=-1 answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, t.s3.send(new ListObjectsCommand({ Bucket: b, MaxKeys: -1 })), 'InvalidArgument', 400);
  },
);

// ── objects: writes ───────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'errors/bad-digest', op: 'PutObject', claims: ['error:BadDigest', 'header:Content-MD5'], spec: ERRORS, title: 'PutObject whose Content-MD5 is a valid digest of other bytes answers 400 BadDigest' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, t.s3.send(new PutObjectCommand({ Bucket: b, Key: t.key(), Body: BODY, ContentMD5: md5('other bytes') })), 'BadDigest', 400);
  },
);

suite.case(
  { id: 'errors/invalid-digest', op: 'PutObject', claims: ['error:InvalidDigest', 'header:Content-MD5'], features: ['raw'], spec: ERRORS, tolerance: oneOf(ALT.invalidDigest), title: 'PutObject whose Content-MD5 is not a base64 128-bit digest answers 400 InvalidDigest' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(
      t,
      rawCall({ method: 'PUT', bucket: b, key: t.key(), headers: { 'content-md5': 'not-an-md5!' }, body: BODY }),
      { code: 'InvalidDigest', status: 400, oneOf: ALT.invalidDigest },
    );
  },
);

suite.case(
  { id: 'errors/key-too-long', op: 'PutObject', claims: ['error:KeyTooLongError', 'limit:key-length-1024'], spec: ERRORS, tolerance: oneOf(ALT.keyTooLong), title: 'PutObject with a 1025-byte key answers 400 KeyTooLongError (the vendor table calls it KeyTooLong)' },
  async (t) => {
    const b = await t.use(bucket);
    const key = `${t.key('long')}-`.padEnd(1025, 'k');
    await expectErrorXml(t, t.s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: BODY })), {
      code: 'KeyTooLongError',
      status: 400,
      oneOf: ALT.keyTooLong,
    });
  },
);

suite.case(
  { id: 'errors/metadata-too-large', op: 'PutObject', claims: ['error:MetadataTooLarge', 'limit:metadata-2kb'], spec: ERRORS, title: 'PutObject with more than 2 KB of user metadata answers 400 MetadataTooLarge' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, t.s3.send(new PutObjectCommand({ Bucket: b, Key: t.key(), Body: BODY, Metadata: { pad: 'm'.repeat(2100) } })), 'MetadataTooLarge', 400);
  },
);

suite.case(
  { id: 'errors/invalid-storage-class', op: 'PutObject', claims: ['error:InvalidStorageClass'], spec: ERRORS, title: 'PutObject with an unknown x-amz-storage-class answers 400 InvalidStorageClass' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, t.s3.send(new PutObjectCommand({ Bucket: b, Key: t.key(), Body: BODY, StorageClass: 'FANCY_TIER' as StorageClass })), 'InvalidStorageClass', 400);
  },
);

suite.case(
  { id: 'errors/invalid-encryption-algorithm', op: 'PutObject', claims: ['error:InvalidEncryptionAlgorithmError', 'feature:sse-s3'], features: ['raw'], spec: ERRORS, tolerance: oneOf(ALT.encryption), title: 'PutObject with x-amz-server-side-encryption: AES257 answers 400 InvalidEncryptionAlgorithmError (AWS: InvalidArgument)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), headers: { 'x-amz-server-side-encryption': 'AES257' }, body: BODY }), {
      code: 'InvalidEncryptionAlgorithmError',
      status: 400,
      oneOf: ALT.encryption,
    });
  },
);

suite.case(
  { id: 'errors/invalid-request/copy-onto-itself', op: 'CopyObject', claims: ['error:InvalidRequest', 'feature:copy-to-self-requires-change'], spec: `${API}API_CopyObject.html`, title: 'CopyObject of an object onto itself without changing anything answers 400 InvalidRequest' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, t.s3.send(new CopyObjectCommand({ Bucket: b, Key: key, CopySource: `${b}/${key}` })), 'InvalidRequest', 400);
  },
);

suite.case(
  { id: 'errors/missing-content-length', op: 'PutObject', claims: ['error:MissingContentLength', 'header:Content-Length'], features: ['raw'], spec: ERRORS, title: 'PutObject with neither Content-Length nor Transfer-Encoding answers 411 MissingContentLength' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), omitContentLength: true, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), 'MissingContentLength', 411);
  },
);

suite.case(
  { id: 'errors/incomplete-body', op: 'PutObject', claims: ['error:IncompleteBody', 'header:Content-Length'], features: ['raw'], spec: ERRORS, title: 'PutObject announcing Content-Length 1000 and sending 10 bytes before closing its side answers 400 IncompleteBody' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), headers: { 'content-length': '1000' }, body: '0123456789', halfClose: true }), 'IncompleteBody', 400);
  },
);

suite.case(
  { id: 'errors/entity-too-large/declared-size', op: 'PutObject', claims: ['error:EntityTooLarge', 'limit:put-object-max-5gib'], features: ['raw'], spec: ERRORS, title: 'PutObject declaring 5 GiB + 1 byte (Expect: 100-continue, no body sent) is refused with 400 EntityTooLarge' },
  async (t) => {
    const b = await t.use(bucket);
    const res = await rawSend({ method: 'PUT', bucket: b, key: t.key(), headers: { 'content-length': String(5 * 2 ** 30 + 1) }, expectContinue: true, timeoutMs: 15_000 });
    check(!res.continued, 'the endpoint answered 100 Continue to an upload of 5 GiB + 1 byte: it would accept it (the body was not sent)');
    check(res.status === 400, `expected EntityTooLarge/400, endpoint answered ${res.status}`);
    checkS3ErrorBody(t.lastExchange(), { code: 'EntityTooLarge' }, res.body.toString('utf8'));
  },
);

suite.case(
  { id: 'errors/not-implemented/transfer-encoding', op: 'PutObject', claims: ['error:NotImplemented', 'header:transfer-encoding-chunked'], features: ['raw'], spec: ERRORS, title: 'PutObject with Transfer-Encoding: gzip, chunked (a coding other than chunked) answers 501 NotImplemented' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), omitContentLength: true, headers: { 'transfer-encoding': 'gzip, chunked', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: BODY }), 'NotImplemented', 501);
  },
);

// ── ACL and XML bodies ────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'errors/malformed-acl-error', op: 'PutObjectAcl', claims: ['error:MalformedACLError'], features: ['raw', 'acl'], spec: ERRORS, title: 'PutObjectAcl with an AccessControlPolicy body that is not well-formed answers 400 MalformedACLError' },
  async (t) => {
    const { b, key } = await t.use(object);
    const body = '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><AccessControlList><Grant><Permission>READ';
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key, query: { acl: '' }, headers: { 'content-type': 'application/xml' }, body }), 'MalformedACLError', 400);
  },
);

suite.case(
  { id: 'errors/unexpected-content', op: 'PutBucketAcl', claims: ['error:UnexpectedContent'], features: ['raw', 'acl'], spec: ERRORS, title: 'PutBucketAcl with both an x-amz-acl header and an XML body answers 400 UnexpectedContent' },
  async (t) => {
    const b = await t.createBucket({ label: 'unexpected' });
    const body = '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>x</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>';
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { acl: '' }, headers: { 'x-amz-acl': 'private', 'content-type': 'application/xml' }, body }), 'UnexpectedContent', 400);
  },
);

suite.case(
  { id: 'errors/unresolvable-grant-by-email', op: 'PutBucketAcl', claims: ['error:UnresolvableGrantByEmailAddress', 'acl:grantee-email'], features: ['acl'], spec: ERRORS, title: 'A grant to an e-mail address no account has answers 400 UnresolvableGrantByEmailAddress' },
  async (t) => {
    const b = await t.createBucket({ label: 'email' });
    await expectErrorXml(t, t.s3.send(new PutBucketAclCommand({ Bucket: b, GrantRead: 'emailAddress="nobody-s3conform@example.invalid"' })), 'UnresolvableGrantByEmailAddress', 400);
  },
);

suite.case(
  { id: 'errors/missing-request-body', op: 'PutBucketCors', claims: ['error:MissingRequestBodyError'], features: ['raw', 'cors'], spec: ERRORS, title: 'PutBucketCors with an empty body answers 400 MissingRequestBodyError (Request body is empty)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { cors: '' }, headers: { 'content-md5': md5('') }, body: '' }), 'MissingRequestBodyError', 400);
  },
);

// ── multipart ─────────────────────────────────────────────────────────────────────────────────
suite.case(
  { id: 'errors/malformed-xml/complete-multipart', op: 'CompleteMultipartUpload', claims: ['error:MalformedXML'], features: ['raw', 'multipart'], spec: ERRORS, title: 'CompleteMultipartUpload with a body that is not well-formed XML answers 400 MalformedXML' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, key, query: { uploadId }, headers: { 'content-type': 'application/xml' }, body: '<CompleteMultipartUpload><Part><PartNumber>1' }), 'MalformedXML', 400);
  },
);

suite.case(
  { id: 'errors/entity-too-small', op: 'CompleteMultipartUpload', claims: ['error:EntityTooSmall', 'limit:part-size-min-5mib'], features: ['multipart'], spec: ERRORS, title: 'Completing an upload whose first (non-last) part is 2 bytes answers 400 EntityTooSmall' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    const parts = await uploadTinyParts(t, b, key, uploadId, 2);
    await expectErrorXml(t, t.s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } })), 'EntityTooSmall', 400);
  },
);

suite.case(
  { id: 'errors/invalid-part', op: 'CompleteMultipartUpload', claims: ['error:InvalidPart'], features: ['multipart'], spec: ERRORS, title: 'Completing an upload with a part ETag that does not match the uploaded part answers 400 InvalidPart' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    await uploadTinyParts(t, b, key, uploadId, 1);
    await expectErrorXml(t, t.s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] } })), 'InvalidPart', 400);
  },
);

suite.case(
  { id: 'errors/invalid-part-order', op: 'CompleteMultipartUpload', claims: ['error:InvalidPartOrder'], features: ['multipart'], spec: ERRORS, title: 'Completing an upload listing its two 5 MiB parts in descending order (2, 1) answers 400 InvalidPartOrder' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    // Both parts at the 5 MiB minimum, so that the order is the only thing wrong.
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (const PartNumber of [1, 2]) {
      const r = await t.setup(`upload 5 MiB part ${PartNumber}`, () => t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: uploadId, PartNumber, Body: Buffer.alloc(5 * 2 ** 20, PartNumber) })));
      parts.push({ PartNumber, ETag: r.ETag ?? '' });
    }
    await expectErrorXml(t, t.s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [...parts].reverse() } })), 'InvalidPartOrder', 400);
  },
);

suite.case(
  { id: 'errors/invalid-argument/part-number-zero', op: 'UploadPart', claims: ['error:InvalidArgument', 'limit:part-number-max-10000'], features: ['multipart', 'raw'], spec: `${API}API_UploadPart.html`, title: 'UploadPart with partNumber=0 (valid: 1 to 10,000) answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key, query: { partNumber: '0', uploadId }, body: 'p' }), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'errors/invalid-argument/part-number-10001', op: 'UploadPart', claims: ['error:InvalidArgument', 'limit:part-number-max-10000'], features: ['multipart', 'raw'], spec: `${API}API_UploadPart.html`, title: 'UploadPart with partNumber=10001 answers 400 InvalidArgument' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key, query: { partNumber: '10001', uploadId }, body: 'p' }), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'errors/no-such-upload/upload-part', op: 'UploadPart', claims: ['error:NoSuchUpload'], features: ['multipart'], spec: ERRORS, title: 'UploadPart with an upload id that was never issued answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, t.s3.send(new UploadPartCommand({ Bucket: b, Key: t.key(), UploadId: 'no-such-upload-s3conform', PartNumber: 1, Body: 'p' })), 'NoSuchUpload', 404);
  },
);

suite.case(
  { id: 'errors/no-such-upload/complete', op: 'CompleteMultipartUpload', claims: ['error:NoSuchUpload'], features: ['multipart'], spec: ERRORS, title: 'CompleteMultipartUpload with an upload id that was never issued answers 404 NoSuchUpload' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, t.s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: t.key(), UploadId: 'no-such-upload-s3conform', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] } })), 'NoSuchUpload', 404);
  },
);

// ── browser form uploads (POST Object) ────────────────────────────────────────────────────────
/** SigV4 POST policy fields for the main identity (policy conditions as given). */
function postPolicy(t: CaseContext, conditions: unknown[]): Record<string, string> {
  const { profile } = t.run;
  const id = profile.identities.main;
  const now = new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const credential = `${id.accessKeyId}/${day}/${profile.region}/s3/aws4_request`;
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(now.getTime() + 3600_000).toISOString(),
      conditions: [...conditions, { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { 'x-amz-credential': credential }, { 'x-amz-date': amzDate }],
    }),
  ).toString('base64');
  const hmac = (k: string | Buffer, d: string) => createHmac('sha256', k).update(d).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${id.secretAccessKey}`, day), profile.region), 's3'), 'aws4_request');
  return { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': credential, 'x-amz-date': amzDate, policy, 'x-amz-signature': createHmac('sha256', key).update(policy).digest('hex') };
}

/** A multipart/form-data body: the fields in order, then the file parts. */
function formBody(fields: [string, string][], files: string[]): { body: Buffer; contentType: string } {
  const boundary = `----s3conform${randomBytes(8).toString('hex')}`;
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  for (const f of files) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\n${f}\r\n`);
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

function postForm(b: string, form: { body: Buffer; contentType: string }) {
  return rawCall({ method: 'POST', bucket: b, identity: 'anonymous', headers: { 'content-type': form.contentType }, body: form.body });
}

suite.case(
  { id: 'errors/post-object/user-key-must-be-specified', op: 'PostObject', claims: ['error:UserKeyMustBeSpecified'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload without the key field answers 400 UserKeyMustBeSpecified' },
  async (t) => {
    const b = await t.use(bucket);
    const fields = postPolicy(t, [{ bucket: b }]);
    await expectErrorXml(t, postForm(b, formBody(Object.entries(fields), [BODY])), 'UserKeyMustBeSpecified', 400);
  },
);

suite.case(
  { id: 'errors/post-object/incorrect-number-of-files', op: 'PostObject', claims: ['error:IncorrectNumberOfFilesInPostRequest'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload with two file fields answers 400 IncorrectNumberOfFilesInPostRequest' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key]]);
    await expectErrorXml(t, postForm(b, formBody([['key', key], ...Object.entries(fields)], [BODY, BODY])), 'IncorrectNumberOfFilesInPostRequest', 400);
  },
);

suite.case(
  { id: 'errors/post-object/max-pre-data-length', op: 'PostObject', claims: ['error:MaxPostPreDataLengthExceededError'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload with more than 20 KB of fields before the file answers 400 MaxPostPreDataLengthExceededError' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key], ['starts-with', '$x-amz-meta-pad', '']]);
    await expectErrorXml(t, postForm(b, formBody([['key', key], ...Object.entries(fields), ['x-amz-meta-pad', 'p'.repeat(25_000)]], [BODY])), 'MaxPostPreDataLengthExceededError', 400);
  },
);

suite.case(
  { id: 'errors/post-object/malformed-post-request', op: 'PostObject', claims: ['error:MalformedPOSTRequest'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A form upload whose body does not follow its multipart/form-data boundary answers 400 MalformedPOSTRequest' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, identity: 'anonymous', headers: { 'content-type': 'multipart/form-data; boundary=s3conform-boundary' }, body: 'this is not a multipart body\r\n' }), 'MalformedPOSTRequest', 400);
  },
);

suite.case(
  { id: 'errors/post-object/not-multipart', op: 'PostObject', claims: ['error:RequestIsNotMultiPartContent'], features: ['raw', 'post-object'], spec: POST_SPEC, tolerance: oneOf(ALT.notMultipart), title: 'A bucket POST that is not multipart/form-data answers 400 RequestIsNotMultiPartContent (AWS: 412 PreconditionFailed)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, identity: 'anonymous', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'key=k&file=x' }), {
      code: 'RequestIsNotMultiPartContent',
      status: 400,
      oneOf: ALT.notMultipart,
    });
  },
);

// ── further request shapes per code (one check each) ──────────────────────────────────────────
suite.case(
  { id: 'errors/bucket-already-exists/owned-by-other-with-location', op: 'CreateBucket', claims: ['error:BucketAlreadyExists', 'naming:globally-unique'], features: ['alt-identity'], spec: `${API}API_CreateBucket.html`, title: 'CreateBucket (with a CreateBucketConfiguration body) of a name the other account created answers 409 BucketAlreadyExists' },
  async (t) => {
    t.alt();
    const b = await t.createBucket({ label: 'alt-owned', identity: 'alt' });
    const region = t.run.profile.region;
    const config = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } };
    await expectErrorXml(t, t.s3.send(new CreateBucketCommand({ Bucket: b, ...config })), 'BucketAlreadyExists', 409, { bucketName: b });
  },
);

suite.case(
  { id: 'errors/entity-too-small/middle-part', op: 'CompleteMultipartUpload', claims: ['error:EntityTooSmall', 'limit:part-size-min-5mib'], features: ['multipart'], spec: ERRORS, title: 'Completing an upload whose first part is 5 MiB but whose middle part (of three) is 1 byte answers 400 EntityTooSmall' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (const [PartNumber, Body] of [[1, Buffer.alloc(5 * 2 ** 20, 1)], [2, Buffer.from('m')], [3, Buffer.from('l')]] as const) {
      const r = await t.setup(`upload part ${PartNumber}`, () => t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: uploadId, PartNumber, Body })));
      parts.push({ PartNumber, ETag: r.ETag ?? '' });
    }
    await expectErrorXml(t, t.s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } })), 'EntityTooSmall', 400);
  },
);

suite.case(
  { id: 'errors/entity-too-large/upload-part-declared-size', op: 'UploadPart', claims: ['error:EntityTooLarge'], features: ['raw', 'multipart'], spec: ERRORS, title: 'UploadPart declaring 5 GiB + 1 byte (Expect: 100-continue, no body sent) is refused with 400 EntityTooLarge' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    const res = await rawSend({ method: 'PUT', bucket: b, key, query: { partNumber: '1', uploadId }, headers: { 'content-length': String(5 * 2 ** 30 + 1) }, expectContinue: true, timeoutMs: 15_000 });
    check(!res.continued, 'the endpoint answered 100 Continue to a part of 5 GiB + 1 byte: it would accept it (the body was not sent)');
    check(res.status === 400, `expected EntityTooLarge/400, endpoint answered ${res.status}`);
    checkS3ErrorBody(t.lastExchange(), { code: 'EntityTooLarge' }, res.body.toString('utf8'));
  },
);

suite.case(
  { id: 'errors/entity-too-large/post-content-length-range', op: 'PostObject', claims: ['error:EntityTooLarge'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload whose file exceeds the policy’s content-length-range (max 4 bytes) answers 400 EntityTooLarge' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key], ['content-length-range', 0, 4]]);
    await expectErrorXml(t, postForm(b, formBody([['key', key], ...Object.entries(fields)], [BODY])), 'EntityTooLarge', 400);
  },
);

suite.case(
  { id: 'errors/incomplete-body/upload-part', op: 'UploadPart', claims: ['error:IncompleteBody', 'header:Content-Length'], features: ['raw', 'multipart'], spec: ERRORS, title: 'UploadPart announcing Content-Length 1000 and sending 10 bytes before closing its side answers 400 IncompleteBody' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key, query: { partNumber: '1', uploadId }, headers: { 'content-length': '1000' }, body: '0123456789', halfClose: true }), 'IncompleteBody', 400);
  },
);

suite.case(
  { id: 'errors/incomplete-body/unsigned-payload', op: 'PutObject', claims: ['error:IncompleteBody', 'header:Content-Length'], features: ['raw'], spec: ERRORS, title: 'PutObject with x-amz-content-sha256: UNSIGNED-PAYLOAD (no hash to compare) announcing 1000 bytes and sending 10 answers 400 IncompleteBody' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), headers: { 'content-length': '1000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: '0123456789', halfClose: true }), 'IncompleteBody', 400);
  },
);

suite.case(
  { id: 'errors/post-object/no-file', op: 'PostObject', claims: ['error:IncorrectNumberOfFilesInPostRequest'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload with no file field at all answers 400 IncorrectNumberOfFilesInPostRequest' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key]]);
    await expectErrorXml(t, postForm(b, formBody([['key', key], ...Object.entries(fields)], [])), 'IncorrectNumberOfFilesInPostRequest', 400);
  },
);

suite.case(
  { id: 'errors/invalid-encryption-algorithm/create-multipart', op: 'CreateMultipartUpload', claims: ['error:InvalidEncryptionAlgorithmError', 'feature:sse-s3'], features: ['raw', 'multipart'], spec: ERRORS, tolerance: oneOf(ALT.encryption), title: 'CreateMultipartUpload with x-amz-server-side-encryption: AES257 answers 400 InvalidEncryptionAlgorithmError (AWS: InvalidArgument)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, key: t.key(), query: { uploads: '' }, headers: { 'x-amz-server-side-encryption': 'AES257' }, body: '' }), {
      code: 'InvalidEncryptionAlgorithmError',
      status: 400,
      oneOf: ALT.encryption,
    });
  },
);

suite.case(
  { id: 'errors/invalid-encryption-algorithm/copy-object', op: 'CopyObject', claims: ['error:InvalidEncryptionAlgorithmError', 'feature:sse-s3'], features: ['raw'], spec: ERRORS, tolerance: oneOf(ALT.encryption), title: 'CopyObject with x-amz-server-side-encryption: AES257 answers 400 InvalidEncryptionAlgorithmError (AWS: InvalidArgument)' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), headers: { 'x-amz-copy-source': `/${b}/${key}`, 'x-amz-server-side-encryption': 'AES257' }, body: '' }), {
      code: 'InvalidEncryptionAlgorithmError',
      status: 400,
      oneOf: ALT.encryption,
    });
  },
);

suite.case(
  { id: 'errors/invalid-location-constraint/raw-body-not-a-region-name', op: 'CreateBucket', claims: ['error:InvalidLocationConstraint', 'feature:create-bucket-location-constraint'], features: ['raw'], spec: `${API}API_CreateBucket.html`, title: 'CreateBucket whose XML body names a LocationConstraint that is not even region-shaped (“not a region!”) answers 400 InvalidLocationConstraint' },
  async (t) => {
    const name = t.track(t.bucketName('badloc2'));
    const body = '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>not a region!</LocationConstraint></CreateBucketConfiguration>';
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: name, headers: { 'content-type': 'application/xml' }, body }), 'InvalidLocationConstraint', 400);
  },
);

suite.case(
  { id: 'errors/invalid-part-order/duplicate-part', op: 'CompleteMultipartUpload', claims: ['error:InvalidPartOrder'], features: ['multipart'], spec: ERRORS, title: 'Completing an upload listing the same 5 MiB part twice (1, 1: not strictly ascending) answers 400 InvalidPartOrder' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    const r = await t.setup('upload 5 MiB part 1', () => t.s3.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: uploadId, PartNumber: 1, Body: Buffer.alloc(5 * 2 ** 20, 1) })));
    const part = { PartNumber: 1, ETag: r.ETag ?? '' };
    await expectErrorXml(t, t.s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [part, part] } })), 'InvalidPartOrder', 400);
  },
);

suite.case(
  { id: 'errors/post-object/malformed-post-request/no-closing-boundary', op: 'PostObject', claims: ['error:MalformedPOSTRequest'], features: ['raw', 'post-object', 'destructive'], spec: POST_SPEC, title: 'A signed form upload cut off inside the file part (no closing boundary) answers 400 MalformedPOSTRequest' },
  async (t) => {
    // A multipart parser may throw on the truncated part (one embedded server crashes on it).
    if (!t.run.config.includeDestructive) t.skip(OPT_IN_SKIP.destructive);
    const b = await t.use(bucket);
    const key = t.key();
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key]]);
    const form = formBody([['key', key], ...Object.entries(fields)], [BODY]);
    const text = form.body.toString('utf8');
    const cut = Buffer.from(text.slice(0, text.lastIndexOf(BODY) + 4));
    await expectErrorXml(t, postForm(b, { body: cut, contentType: form.contentType }), 'MalformedPOSTRequest', 400);
  },
);

suite.case(
  { id: 'errors/post-object/malformed-post-request/no-boundary-parameter', op: 'PostObject', claims: ['error:MalformedPOSTRequest'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A form upload declared multipart/form-data without a boundary parameter answers 400 MalformedPOSTRequest' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key]]);
    const form = formBody([['key', key], ...Object.entries(fields)], [BODY]);
    await expectErrorXml(t, postForm(b, { body: form.body, contentType: 'multipart/form-data' }), 'MalformedPOSTRequest', 400);
  },
);

suite.case(
  { id: 'errors/post-object/max-pre-data-length/many-fields', op: 'PostObject', claims: ['error:MaxPostPreDataLengthExceededError'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload whose 30 fields of 1 KB each (none over the limit alone) exceed 20 KB before the file answers 400 MaxPostPreDataLengthExceededError' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const names = Array.from({ length: 30 }, (_, i) => `x-amz-meta-p${i}`);
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key], ...names.map((n) => ['starts-with', `$${n}`, ''])]);
    await expectErrorXml(t, postForm(b, formBody([['key', key], ...Object.entries(fields), ...names.map((n): [string, string] => [n, 'p'.repeat(1000)])], [BODY])), 'MaxPostPreDataLengthExceededError', 400);
  },
);

suite.case(
  { id: 'errors/metadata-too-large/copy-replace', op: 'CopyObject', claims: ['error:MetadataTooLarge', 'limit:metadata-2kb'], spec: ERRORS, title: 'CopyObject with MetadataDirective REPLACE and more than 2 KB of new user metadata answers 400 MetadataTooLarge' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, t.s3.send(new CopyObjectCommand({ Bucket: b, Key: t.key(), CopySource: `${b}/${key}`, MetadataDirective: 'REPLACE', Metadata: { pad: 'm'.repeat(2100) } })), 'MetadataTooLarge', 400);
  },
);

suite.case(
  { id: 'errors/method-not-allowed/delete-service', op: 'ListBuckets', claims: ['error:MethodNotAllowed'], features: ['raw'], spec: ERRORS, title: 'DELETE on the service root (/) answers 405 MethodNotAllowed' },
  async (t) => {
    await expectErrorXml(t, rawCall({ method: 'DELETE' }), 'MethodNotAllowed', 405);
  },
);

suite.case(
  { id: 'errors/method-not-allowed/put-service', op: 'ListBuckets', claims: ['error:MethodNotAllowed'], features: ['raw'], spec: ERRORS, title: 'PUT on the service root (/) answers 405 MethodNotAllowed' },
  async (t) => {
    await expectErrorXml(t, rawCall({ method: 'PUT', body: '' }), 'MethodNotAllowed', 405);
  },
);

suite.case(
  { id: 'errors/missing-content-length/upload-part', op: 'UploadPart', claims: ['error:MissingContentLength', 'header:Content-Length'], features: ['raw', 'multipart'], spec: ERRORS, title: 'UploadPart with neither Content-Length nor Transfer-Encoding answers 411 MissingContentLength' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key, query: { partNumber: '1', uploadId }, omitContentLength: true, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), 'MissingContentLength', 411);
  },
);

suite.case(
  { id: 'errors/missing-request-body/put-bucket-tagging', op: 'PutBucketTagging', claims: ['error:MissingRequestBodyError'], features: ['raw'], spec: ERRORS, title: 'PutBucketTagging with an empty body answers 400 MissingRequestBodyError (Request body is empty)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { tagging: '' }, headers: { 'content-md5': md5('') }, body: '' }), 'MissingRequestBodyError', 400);
  },
);

suite.case(
  { id: 'errors/not-implemented/transfer-encoding-upload-part', op: 'UploadPart', claims: ['error:NotImplemented', 'header:transfer-encoding-chunked'], features: ['raw', 'multipart'], spec: ERRORS, title: 'UploadPart with Transfer-Encoding: gzip, chunked (a coding other than chunked) answers 501 NotImplemented' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const uploadId = await newUpload(t, b, key);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key, query: { partNumber: '1', uploadId }, omitContentLength: true, headers: { 'transfer-encoding': 'gzip, chunked', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: BODY }), 'NotImplemented', 501);
  },
);

suite.case(
  { id: 'errors/post-object/not-multipart/text-plain', op: 'PostObject', claims: ['error:RequestIsNotMultiPartContent'], features: ['raw', 'post-object'], spec: POST_SPEC, tolerance: oneOf(ALT.notMultipart), title: 'A bucket POST with Content-Type text/plain answers 400 RequestIsNotMultiPartContent (AWS: 412 PreconditionFailed)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, identity: 'anonymous', headers: { 'content-type': 'text/plain' }, body: 'key=k' }), {
      code: 'RequestIsNotMultiPartContent',
      status: 400,
      oneOf: ALT.notMultipart,
    });
  },
);

suite.case(
  { id: 'errors/post-object/not-multipart/no-content-type', op: 'PostObject', claims: ['error:RequestIsNotMultiPartContent'], features: ['raw', 'post-object'], spec: POST_SPEC, tolerance: oneOf(ALT.notMultipart), title: 'A signed bucket POST without any Content-Type answers 400 RequestIsNotMultiPartContent (AWS: 412 PreconditionFailed)' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, rawCall({ method: 'POST', bucket: b, body: 'key=k' }), {
      code: 'RequestIsNotMultiPartContent',
      status: 400,
      oneOf: ALT.notMultipart,
    });
  },
);

suite.case(
  { id: 'errors/unexpected-content/put-object-acl', op: 'PutObjectAcl', claims: ['error:UnexpectedContent'], features: ['raw', 'acl'], spec: ERRORS, title: 'PutObjectAcl with both an x-amz-acl header and an XML body answers 400 UnexpectedContent' },
  async (t) => {
    const { b, key } = await t.use(object);
    const body = '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>x</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>';
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key, query: { acl: '' }, headers: { 'x-amz-acl': 'private', 'content-type': 'application/xml' }, body }), 'UnexpectedContent', 400);
  },
);

suite.case(
  { id: 'errors/unexpected-content/grant-header-and-body', op: 'PutBucketAcl', claims: ['error:UnexpectedContent'], features: ['raw', 'acl'], spec: ERRORS, title: 'PutBucketAcl with both an x-amz-grant-full-control header and an XML body answers 400 UnexpectedContent' },
  async (t) => {
    const b = await t.createBucket({ label: 'unexpected2' });
    // A body that, if wrongly applied, keeps the bucket the owner's (so it can still be removed).
    const lb = await t.setup('read the owner id', () => t.s3.send(new ListBucketsCommand({})));
    const id = lb.Owner?.ID ?? '';
    const body = `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${id}</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${id}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`;
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, query: { acl: '' }, headers: { 'x-amz-grant-full-control': `id="${id}"`, 'content-type': 'application/xml' }, body }), 'UnexpectedContent', 400);
  },
);

suite.case(
  { id: 'errors/unresolvable-grant-by-email/put-object-acl', op: 'PutObjectAcl', claims: ['error:UnresolvableGrantByEmailAddress', 'acl:grantee-email'], features: ['acl'], spec: ERRORS, title: 'PutObjectAcl granting READ to an e-mail address no account has answers 400 UnresolvableGrantByEmailAddress' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, t.s3.send(new PutObjectAclCommand({ Bucket: b, Key: key, GrantRead: 'emailAddress="nobody-s3conform@example.invalid"' })), 'UnresolvableGrantByEmailAddress', 400);
  },
);

suite.case(
  { id: 'errors/unresolvable-grant-by-email/put-object', op: 'PutObject', claims: ['error:UnresolvableGrantByEmailAddress', 'acl:grantee-email'], features: ['acl'], spec: ERRORS, title: 'PutObject with x-amz-grant-read naming an e-mail address no account has answers 400 UnresolvableGrantByEmailAddress' },
  async (t) => {
    const b = await t.use(bucket);
    await expectErrorXml(t, t.s3.send(new PutObjectCommand({ Bucket: b, Key: t.key(), Body: BODY, GrantRead: 'emailAddress="nobody-s3conform@example.invalid"' })), 'UnresolvableGrantByEmailAddress', 400);
  },
);

suite.case(
  { id: 'errors/post-object/user-key-must-be-specified/empty-key', op: 'PostObject', claims: ['error:UserKeyMustBeSpecified'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload whose key field is empty answers 400 UserKeyMustBeSpecified' },
  async (t) => {
    const b = await t.use(bucket);
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', '']]);
    await expectErrorXml(t, postForm(b, formBody([['key', ''], ...Object.entries(fields)], [BODY])), 'UserKeyMustBeSpecified', 400);
  },
);

suite.case(
  { id: 'errors/post-object/user-key-must-be-specified/key-after-file', op: 'PostObject', claims: ['error:UserKeyMustBeSpecified'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload whose key field comes after the file (fields after the file are ignored) answers 400 UserKeyMustBeSpecified' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key]]);
    const form = formBody(Object.entries(fields), [BODY]);
    const boundary = form.contentType.split('boundary=')[1] ?? '';
    const text = form.body.toString('utf8').replace(`--${boundary}--\r\n`, `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\n${key}\r\n--${boundary}--\r\n`);
    await expectErrorXml(t, postForm(b, { body: Buffer.from(text), contentType: form.contentType }), 'UserKeyMustBeSpecified', 400);
  },
);

suite.case(
  { id: 'errors/post-object/incorrect-number-of-files/anonymous-form', op: 'PostObject', claims: ['error:IncorrectNumberOfFilesInPostRequest', 'auth:anonymous'], features: ['raw', 'post-object', 'anonymous'], spec: POST_SPEC, title: 'An unsigned form upload (no policy) to a public-read-write bucket with two file fields answers 400 IncorrectNumberOfFilesInPostRequest' },
  async (t) => {
    const b = await t.createBucket({ label: 'post-public', acl: 'public-read-write' });
    await expectErrorXml(t, postForm(b, formBody([['key', t.key()]], [BODY, BODY])), 'IncorrectNumberOfFilesInPostRequest', 400);
  },
);

suite.case(
  { id: 'errors/invalid-location-constraint/region-upper-case', op: 'CreateBucket', claims: ['error:InvalidLocationConstraint', 'feature:create-bucket-location-constraint'], spec: `${API}API_CreateBucket.html`, title: 'CreateBucket with the endpoint’s own region written in upper case as LocationConstraint answers 400 InvalidLocationConstraint (region names are exact)' },
  async (t) => {
    const name = t.track(t.bucketName('upperloc'));
    const upper = t.run.profile.region.toUpperCase();
    if (upper === t.run.profile.region) t.skip(`${PROFILE_SKIP_PREFIX}the profile's region has no lower-case letter`);
    await expectErrorXml(t, t.s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: upper as BucketLocationConstraint } })), 'InvalidLocationConstraint', 400);
  },
);

suite.case(
  { id: 'errors/post-object/max-pre-data-length/large-policy', op: 'PostObject', claims: ['error:MaxPostPreDataLengthExceededError'], features: ['raw', 'post-object'], spec: POST_SPEC, title: 'A signed form upload whose policy document alone (a 16 KB exact-match condition, base64) pushes the fields before the file over 20 KB answers 400 MaxPostPreDataLengthExceededError' },
  async (t) => {
    const b = await t.use(bucket);
    const key = t.key();
    const big = 'v'.repeat(16_000);
    const fields = postPolicy(t, [{ bucket: b }, ['starts-with', '$key', key], { 'x-amz-meta-note': big }]);
    check(fields.policy.length > 20_000, 'case bug: the policy field should exceed 20 KB alone');
    await expectErrorXml(t, postForm(b, formBody([['key', key], ...Object.entries(fields), ['x-amz-meta-note', big]], [BODY])), 'MaxPostPreDataLengthExceededError', 400);
  },
);

suite.case(
  { id: 'errors/not-implemented/transfer-encoding-copy-object', op: 'CopyObject', claims: ['error:NotImplemented', 'header:transfer-encoding-chunked'], features: ['raw'], spec: ERRORS, title: 'CopyObject sent with Transfer-Encoding: gzip, chunked (a coding other than chunked) answers 501 NotImplemented' },
  async (t) => {
    const { b, key } = await t.use(object);
    await expectErrorXml(t, rawCall({ method: 'PUT', bucket: b, key: t.key(), omitContentLength: true, headers: { 'x-amz-copy-source': `/${b}/${key}`, 'transfer-encoding': 'gzip, chunked', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: '' }), 'NotImplemented', 501);
  },
);
