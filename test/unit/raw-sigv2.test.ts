// SigV2 of the raw layer against the examples of the AWS documentation
// (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html).
import { describe, expect, it } from 'vitest';
import {
  authorizationV2,
  canonicalizedAmzHeadersV2,
  canonicalizedResourceV2,
  presignV2,
  signatureV2,
  stringToSignV2,
  type V2Signable,
} from '../../harness/raw/sigv2.ts';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('SigV2 documented examples', () => {
  const cases: { name: string; req: V2Signable; sts: string; auth: string }[] = [
    {
      name: 'Object GET',
      req: { method: 'GET', resourcePath: '/awsexamplebucket1/photos/puppy.jpg', query: [], headers: { Date: 'Tue, 27 Mar 2007 19:36:42 +0000' } },
      sts: 'GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg',
      auth: 'qgk2+6Sv9/oM7G3qLEjTH1a1l1g=',
    },
    {
      name: 'Object PUT',
      req: {
        method: 'PUT',
        resourcePath: '/awsexamplebucket1/photos/puppy.jpg',
        query: [],
        headers: { 'Content-Type': 'image/jpeg', 'Content-Length': '94328', Date: 'Tue, 27 Mar 2007 21:15:45 +0000' },
      },
      sts: 'PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/awsexamplebucket1/photos/puppy.jpg',
      auth: 'iqRzw+ileNPu1fhspnRs8nOjjIA=',
    },
    {
      name: 'List (query parameters that are not sub-resources are not signed)',
      req: {
        method: 'GET',
        resourcePath: '/awsexamplebucket1/',
        query: [['prefix', 'photos'], ['max-keys', '50'], ['marker', 'puppy']],
        headers: { 'User-Agent': 'Mozilla/5.0', Date: 'Tue, 27 Mar 2007 19:42:41 +0000' },
      },
      sts: 'GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/awsexamplebucket1/',
      auth: 'm0WP8eCtspQl5Ahe6L1SozdX9YA=',
    },
    {
      name: 'Fetch ACL (?acl sub-resource)',
      req: { method: 'GET', resourcePath: '/awsexamplebucket1/', query: [['acl', null]], headers: { Date: 'Tue, 27 Mar 2007 19:44:46 +0000' } },
      sts: 'GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/awsexamplebucket1/?acl',
      auth: '82ZHiFIjc+WbcwFKGUVEQspPn+0=',
    },
    {
      name: 'Upload (x-amz-* headers canonicalized, repeated values joined)',
      req: {
        method: 'PUT',
        resourcePath: '/static.example.com/db-backup.dat.gz',
        query: [],
        headers: {
          'User-Agent': 'curl/7.15.5',
          Date: 'Tue, 27 Mar 2007 21:06:08 +0000',
          'x-amz-acl': 'public-read',
          'content-type': 'application/x-download',
          'Content-MD5': '4gJE4saaMU4BqNR0kLY+lw==',
          'X-Amz-Meta-ReviewedBy': ['joe@example.com', 'jane@example.com'],
          'X-Amz-Meta-FileChecksum': '0x02661779',
          'X-Amz-Meta-ChecksumAlgorithm': 'crc32',
          'Content-Disposition': 'attachment; filename=database.dat',
          'Content-Encoding': 'gzip',
          'Content-Length': '5913339',
        },
      },
      sts:
        'PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n' +
        'x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n' +
        'x-amz-meta-reviewedby:joe@example.com,jane@example.com\n/static.example.com/db-backup.dat.gz',
      auth: 'jtBQa0Aq+DkULFI8qrpwIjGEx0E=',
    },
    {
      name: 'List all my buckets',
      req: { method: 'GET', resourcePath: '/', query: [], headers: { Date: 'Wed, 28 Mar 2007 01:29:59 +0000' } },
      sts: 'GET\n\n\nWed, 28 Mar 2007 01:29:59 +0000\n/',
      auth: 'qGdzdERIC03wnaRNKh6OqZehG9s=',
    },
    {
      name: 'Unicode keys (the path as sent, percent-encoded)',
      req: { method: 'GET', resourcePath: '/dictionary/fran%C3%A7ais/pr%C3%A9f%C3%A8re', query: [], headers: { Date: 'Wed, 28 Mar 2007 01:49:49 +0000' } },
      sts: 'GET\n\n\nWed, 28 Mar 2007 01:49:49 +0000\n/dictionary/fran%C3%A7ais/pr%C3%A9f%C3%A8re',
      auth: '81VEw/Bc3GDt/k65Xrrk3AdfI4c=',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const date = String(Object.entries(c.req.headers).find(([k]) => k.toLowerCase() === 'date')?.[1]);
      expect(stringToSignV2(c.req, date)).toBe(c.sts);
      expect(authorizationV2(c.req, KEY, SECRET)).toBe(`AWS ${KEY}:${c.auth}`);
    });
  }

  it('query-string authentication (Expires takes the place of Date)', () => {
    const req: V2Signable = { method: 'GET', resourcePath: '/quotes/nelson', query: [], headers: {} };
    const q = presignV2(req, '44CF9590006BF252F707', 'OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV', 1141889120);
    expect(q).toEqual([
      ['AWSAccessKeyId', '44CF9590006BF252F707'],
      ['Expires', '1141889120'],
      ['Signature', 'vjbyPxybdZaNmGa+yT272YEAiv4='],
    ]);
  });
});

describe('SigV2 canonicalization rules', () => {
  it('with x-amz-date the Date position is empty and x-amz-date is signed among the amz headers', () => {
    const req: V2Signable = {
      method: 'DELETE',
      resourcePath: '/awsexamplebucket1/photos/puppy.jpg',
      query: [],
      headers: { Date: 'ignored', 'x-amz-date': 'Tue, 27 Mar 2007 21:20:26 +0000' },
    };
    const auth = authorizationV2(req, KEY, SECRET);
    const sts = 'DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/awsexamplebucket1/photos/puppy.jpg';
    expect(auth).toBe(`AWS ${KEY}:${signatureV2(SECRET, sts)}`);
  });

  it('sub-resources are sorted by name, values unencoded; other parameters are left out', () => {
    expect(canonicalizedResourceV2('/b/k', [['uploadId', 'abc/def'], ['x-id', 'UploadPart'], ['partNumber', '2']])).toBe('/b/k?partNumber=2&uploadId=abc/def');
    expect(canonicalizedResourceV2('/b', [['uploads', null]])).toBe('/b?uploads');
    expect(canonicalizedResourceV2('/b/k', [['response-content-type', 'text/plain; charset=utf-8'], ['versionId', 'v1']])).toBe(
      '/b/k?response-content-type=text/plain; charset=utf-8&versionId=v1',
    );
    expect(canonicalizedResourceV2('/b', [['delete', null], ['location', null], ['cors', null]])).toBe('/b?cors&delete&location');
  });

  it('amz headers: lowercased, sorted, repeated values comma-joined, folded values unfolded', () => {
    expect(canonicalizedAmzHeadersV2({ 'X-Amz-Meta-B': '2', 'x-amz-meta-a': ' 1 ', 'x-amz-meta-c': 'line1\r\n  line2', 'Content-Type': 'x' })).toBe(
      'x-amz-meta-a:1\nx-amz-meta-b:2\nx-amz-meta-c:line1 line2\n',
    );
    expect(canonicalizedAmzHeadersV2({ 'x-amz-meta-r': ['a', 'b'] })).toBe('x-amz-meta-r:a,b\n');
  });
});
