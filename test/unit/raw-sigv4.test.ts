// SigV4 of the raw layer (smithy's signer underneath) against the AWS examples
// (sig-v4-header-based-auth, sigv4-query-string-auth, sigv4-streaming) and an independent
// reference implementation for the forms smithy does not make (Date-only, > 7 days).
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_SHA256,
  RawSignerV4,
  STREAMING_PAYLOAD,
  signatureOf,
  signedChunkedBody,
  signedChunkedLength,
  unsignedTrailerBody,
} from '../../harness/raw/sigv4.ts';

// AWS's published documentation example credentials (SigV4 test vectors), not a secret of anyone's.
const CREDS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }; // example key pair from the AWS docs
const DATE = new Date('2013-05-24T00:00:00Z');
const signer = () => new RawSignerV4(CREDS, { region: 'us-east-1', service: 's3' });

describe('SigV4 header auth (AWS examples)', () => {
  it('GET Object', async () => {
    const h = await signer().signHeaders(
      { method: 'GET', path: '/test.txt', query: [], headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256 } },
      DATE,
    );
    expect(h['x-amz-date']).toBe('20130524T000000Z');
    expect(h.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('GET Bucket lifecycle (?lifecycle sub-resource)', async () => {
    const h = await signer().signHeaders(
      { method: 'GET', path: '/', query: [['lifecycle', null]], headers: { host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': EMPTY_SHA256 } },
      DATE,
    );
    expect(signatureOf(h.authorization)).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('GET Bucket (list objects, query sorted)', async () => {
    const h = await signer().signHeaders(
      { method: 'GET', path: '/', query: [['max-keys', '2'], ['prefix', 'J']], headers: { host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': EMPTY_SHA256 } },
      DATE,
    );
    expect(signatureOf(h.authorization)).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });
});

describe('SigV4 query auth (presigned URL)', () => {
  it('AWS example: GET /test.txt, X-Amz-Expires=86400', async () => {
    const q = await signer().presignQuery({ method: 'GET', path: '/test.txt', query: [], headers: { host: 'examplebucket.s3.amazonaws.com' } }, DATE, 86400);
    const m = new Map(q);
    expect(m.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(m.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(m.get('X-Amz-Date')).toBe('20130524T000000Z');
    expect(m.get('X-Amz-Expires')).toBe('86400');
    expect(m.get('X-Amz-SignedHeaders')).toBe('host');
    expect(m.has('x-amz-content-sha256')).toBe(false);
    expect(m.get('X-Amz-Signature')).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('beyond 7 days: same canonicalization (reference implementation agrees)', async () => {
    const q = await signer().presignQuery({ method: 'GET', path: '/test.txt', query: [], headers: { host: 'examplebucket.s3.amazonaws.com' } }, DATE, 604801);
    const m = new Map(q);
    expect(m.get('X-Amz-Expires')).toBe('604801');
    const canonicalQuery = q
      .filter(([k]) => k !== 'X-Amz-Signature')
      .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v ?? '')])
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const canonical = ['GET', '/test.txt', canonicalQuery, 'host:examplebucket.s3.amazonaws.com', '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
    expect(m.get('X-Amz-Signature')).toBe(referenceSignature(canonical, '20130524T000000Z'));
    // and within 7 days both paths give the same answer as smithy's presign
    const a = await signer().presignQuery({ method: 'GET', path: '/test.txt', query: [], headers: { host: 'examplebucket.s3.amazonaws.com' } }, DATE, 604800);
    const canonical2 = canonical.replace('X-Amz-Expires=604801', 'X-Amz-Expires=604800');
    expect(new Map(a).get('X-Amz-Signature')).toBe(referenceSignature(canonical2, '20130524T000000Z'));
  });
});

describe('SigV4 with the time in the Date header only', () => {
  it('signs date (not x-amz-date), in ISO 8601 basic format as S3 requires for a signing Date', async () => {
    const h = await signer().signHeadersWithDate(
      { method: 'GET', path: '/test.txt', query: [], headers: { host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': EMPTY_SHA256 } },
      DATE,
    );
    expect(h['x-amz-date']).toBeUndefined();
    expect(h.date).toBe('20130524T000000Z');
    expect(h.authorization).toMatch(/SignedHeaders=date;host;x-amz-content-sha256,/);
    const canonical = [
      'GET', '/test.txt', '',
      'date:20130524T000000Z', 'host:examplebucket.s3.amazonaws.com', `x-amz-content-sha256:${EMPTY_SHA256}`, '',
      'date;host;x-amz-content-sha256', EMPTY_SHA256,
    ].join('\n');
    expect(signatureOf(h.authorization)).toBe(referenceSignature(canonical, '20130524T000000Z'));
  });
});

describe('aws-chunked STREAMING-AWS4-HMAC-SHA256-PAYLOAD (AWS example)', () => {
  const data = Buffer.alloc(66560, 'a');
  it('Content-Length of the framed body', () => {
    expect(signedChunkedLength(66560, 65536)).toBe(66824);
  });

  it('seed signature and chunk signatures', async () => {
    const s = signer();
    const h = await s.signHeaders(
      {
        method: 'PUT',
        path: '/examplebucket/chunkObject.txt',
        query: [],
        headers: {
          host: 's3.amazonaws.com',
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
          'x-amz-content-sha256': STREAMING_PAYLOAD,
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': '66560',
          'content-length': '66824',
        },
      },
      DATE,
    );
    const seed = signatureOf(h.authorization);
    expect(h.authorization).toContain('SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,');
    expect(seed).toBe('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    const body = await signedChunkedBody(s, data, 65536, seed, DATE);
    expect(body.length).toBe(66824);
    const text = body.toString('latin1');
    expect(text.startsWith('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n')).toBe(true);
    expect(text).toContain('\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n');
    expect(text.endsWith('\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n')).toBe(true);
  });

  it('a corrupted chunk changes only that chunk (signature or data)', async () => {
    const s = signer();
    const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
    const good = await signedChunkedBody(s, data, 65536, seed, DATE);
    const badSig = await signedChunkedBody(s, data, 65536, seed, DATE, { index: 1, part: 'signature' });
    const badData = await signedChunkedBody(s, data, 65536, seed, DATE, { index: 0, part: 'data' });
    expect(badSig.length).toBe(good.length);
    expect(badSig.toString('latin1')).not.toContain('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    expect(badSig.toString('latin1')).toContain('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    expect(badData.length).toBe(good.length);
    expect(badData.equals(good)).toBe(false);
    expect(badData.toString('latin1')).toContain('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
  });

  it('unsigned trailer framing', () => {
    const b = unsignedTrailerBody(Buffer.from('hello world'), 4, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
    expect(b.toString()).toBe('4\r\nhell\r\n4\r\no wo\r\n3\r\nrld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
  });
});

/** An independent SigV4 (node:crypto) for the forms smithy's public API does not produce. */
function referenceSignature(canonicalRequest: string, longDate: string): string {
  const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
  const scope = `${longDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const sts = ['AWS4-HMAC-SHA256', longDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key: Buffer = hmac(`AWS4${CREDS.secretAccessKey}`, longDate.slice(0, 8));
  for (const part of ['us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(sts).digest('hex');
}
