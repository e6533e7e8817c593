// Documented region names (SigV4 credential scope and bucket location). Each case runs only when
// the profile's region is the region it checks; otherwise it is a profile skip.
import { expect } from 'vitest';
import { defineSuite } from '../harness/case.ts';
import { raw, expectRawError, expectRawOk } from '../harness/raw/index.ts';
import { PROFILE_SKIP_PREFIX } from '../harness/signals.ts';

const suite = defineSuite('regions', { features: ['raw', 'sigv4'] });
const SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';
const SIGV4 = 'https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html';

const REGIONS = ['KR1', 'KR2', 'JP1', 'US1', 'kr-standard', 'us-standard', 'sg-standard', 'jp-standard', 'de-standard'] as const;

function onlyIn(t: { run: { profile: { region: string } }; skip(reason: string): never }, name: string): void {
  const region = t.run.profile.region;
  if (region !== name) t.skip(`${PROFILE_SKIP_PREFIX}region is ${region}; this case checks the documented region ${name}`);
}

for (const name of REGIONS) {
  const slug = name.toLowerCase();

  suite.case(
    { id: `regions/${slug}/list-buckets-signed`, op: 'ListBuckets', claims: [`region:${name}`, 'auth:region-scope'], spec: SIGV4, title: `A SigV4 ListBuckets signed for region ${name} answers 200 ListAllMyBucketsResult` },
    async (t) => {
      onlyIn(t, name);
      const res = await raw(t).send({ method: 'GET', corrupt: { region: name } });
      expectRawOk(res, 200);
      expect(Object.keys(res.xml() ?? {}), 'root element').toEqual(['ListAllMyBucketsResult']);
    },
  );

  suite.case(
    { id: `regions/${slug}/bucket-location`, op: 'GetBucketLocation', claims: [`region:${name}`, 'op:CreateBucket'], spec: `${SPEC}API_GetBucketLocation.html`, title: `A bucket created with LocationConstraint ${name} reports LocationConstraint ${name}` },
    async (t) => {
      onlyIn(t, name);
      const b = t.bucketName('loc');
      const body = `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${name}</LocationConstraint></CreateBucketConfiguration>`;
      const created = await raw(t).send({ method: 'PUT', bucket: b, body, corrupt: { region: name } });
      expectRawOk(created, 200);
      const res = await raw(t).send({ method: 'GET', bucket: b, query: { location: null }, corrupt: { region: name } });
      expectRawOk(res, 200);
      const got = res.xml()?.LocationConstraint;
      expect(typeof got === 'string' ? got : JSON.stringify(got), 'LocationConstraint').toBe(name);
    },
  );

  suite.case(
    { id: `regions/${slug}/other-region-refused`, op: 'ListBuckets', claims: [`region:${name}`, 'auth:region-scope', 'error:AuthorizationHeaderMalformed'], spec: SIGV4, title: `In region ${name}, a request signed for another region is refused with 400 AuthorizationHeaderMalformed naming ${name}` },
    async (t) => {
      onlyIn(t, name);
      const other = 'eu-west-3';
      const res = await raw(t).send({ method: 'GET', corrupt: { region: other } });
      expectRawError(res, 'AuthorizationHeaderMalformed', 400, t.tolerate);
      const region = res.error?.fields.Region;
      const text = `${typeof region === 'string' ? region : ''} ${res.error?.message ?? ''}`;
      expect(text, 'the error must name the expected region').toContain(name);
    },
  );
}
