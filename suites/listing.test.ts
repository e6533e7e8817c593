// ListObjects (v1) and ListObjectsV2: prefix, delimiter, pagination, max-keys (and its cap of
// 1000), encoding-type=url, key order, special characters, owner and entry fields, errors.
// Three buckets are shared by the whole file: `tree` (a small fixed key set under the prefixes
// tree/, order/, special/), `many` (1005 empty objects, for the 1000-key cap and full walks)
// and `empty`. Cases only read them, so they run concurrently without side effects.
import { createHash } from 'node:crypto';
import {
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsCommandInput,
  type ListObjectsV2CommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/protocol-http';
import type { BuildHandler, BuildHandlerArguments, MiddlewareStack } from '@smithy/types';
import { expect } from 'vitest';
import { defineSuite } from '../harness/case.ts';
import { check, statusOfResult } from '../harness/expect.ts';
import type { RunContext } from '../harness/context.ts';
import { isNetworkError } from '../harness/verdict.ts';

const suite = defineSuite('listing', { features: ['listing'] });
const SPEC1 = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html';
const SPEC2 = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html';

const md5hex = (s: string) => createHash('md5').update(s).digest('hex');
const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const sorted = (keys: string[]) => [...keys].sort(utf8Order);
const bodyOf = (key: string) => `content of ${key}`;

// ── the fixed key sets ──────────────────────────────────────────────────────────────────────

const TREE = [
  'tree/a.txt',
  'tree/b/1.txt',
  'tree/b/2.txt',
  'tree/b/c/3.txt',
  'tree/b/c/d/4.txt',
  'tree/b/e/5.txt',
  'tree/c/6.txt',
  'tree/d-7.txt',
  'tree/d-8/x.txt',
];
/** Mixed case, digits, characters below '/', 2-, 3- and 4-byte UTF-8 (UTF-16 order differs). */
const ORDER = [
  'order/B', 'order/a', 'order/1', 'order/_', 'order/~', 'order/é', 'order/Z', 'order/ x',
  'order/a!b', 'order/a-b', 'order/a.b', 'order/a/b', 'order/a0', 'order/日本', 'order/ｚ', 'order/😀',
];
const SPECIAL = [
  'special/a b', 'special/a+b', 'special/a%b', 'special/ü日本', 'special/a&b', 'special/a<b>c',
  `special/a'b"c`, 'special/sub dir/x', 'special/sub&dir/y',
];
const MANY = 1005;
const manyKey = (i: number) => `k${String(i).padStart(4, '0')}`;

/**
 * Fixture setup: put many small objects, a few at a time. A PUT that fails on the network
 * (a reset keep-alive connection under load) is sent again, at most twice: the fixture's
 * uploads are preconditions, not what any case judges. An HTTP error answer is never retried.
 */
async function putAll(s3: S3Client, bucket: string, keys: string[], body: (k: string) => string, concurrency = 24): Promise<void> {
  let next = 0;
  const put = async (key: string, attempt = 0): Promise<void> => {
    try {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body(key) }));
    } catch (e) {
      if (attempt >= 2 || !isNetworkError(e)) throw e;
      await put(key, attempt + 1);
    }
  };
  const worker = async () => {
    while (next < keys.length) await put(keys[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
}

const treeBucket = suite.bucket({ label: 'list-tree' });
const manyBucket = suite.bucket({ label: 'list-many' });
const emptyBucket = suite.bucket({ label: 'list-empty' });

const tree = suite.fixture('tree bucket (tree/, order/, special/)', async (run: RunContext) => {
  const b = await treeBucket.get();
  const t0 = Date.now();
  await putAll(run.main, b, [...TREE, ...ORDER, ...SPECIAL], bodyOf);
  return { bucket: b, t0, t1: Date.now() };
});
const many = suite.fixture(`bucket with ${MANY} keys`, async (run: RunContext) => {
  const b = await manyBucket.get();
  await putAll(run.main, b, Array.from({ length: MANY }, (_, i) => manyKey(i)), () => '', 32);
  return b;
});

// ── one listing call, either version ────────────────────────────────────────────────────────

type V = 'v1' | 'v2';
interface ListParams {
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  EncodingType?: string;
  /** v1 marker or v2 start-after. */
  After?: string;
  ContinuationToken?: string;
  FetchOwner?: boolean;
}
interface Page {
  keys: string[];
  prefixes: string[];
  truncated: boolean | undefined;
  /** v1 NextMarker / v2 NextContinuationToken. */
  next: string | undefined;
  res: Record<string, any>;
}

/** Override query parameters the SDK would not send as given (added before signing). */
function withQuery<T extends { middlewareStack: MiddlewareStack<any, any> }>(cmd: T, query: Record<string, string>): T {
  cmd.middlewareStack.add(
    (next: BuildHandler<any, any>) => async (args: BuildHandlerArguments<any>) => {
      const req = args.request as HttpRequest;
      for (const [k, v] of Object.entries(query)) req.query[k] = v;
      return next(args);
    },
    { step: 'build', name: 's3cQueryOverride' },
  );
  return cmd;
}

function listCommand(v: V, bucket: string, p: ListParams) {
  if (v === 'v1') {
    const input: ListObjectsCommandInput = {
      Bucket: bucket,
      ...(p.Prefix !== undefined ? { Prefix: p.Prefix } : {}),
      ...(p.Delimiter !== undefined ? { Delimiter: p.Delimiter } : {}),
      ...(p.MaxKeys !== undefined ? { MaxKeys: p.MaxKeys } : {}),
      ...(p.EncodingType !== undefined ? { EncodingType: p.EncodingType as 'url' } : {}),
      ...(p.After !== undefined ? { Marker: p.After } : {}),
    };
    return new ListObjectsCommand(input);
  }
  const input: ListObjectsV2CommandInput = {
    Bucket: bucket,
    ...(p.Prefix !== undefined ? { Prefix: p.Prefix } : {}),
    ...(p.Delimiter !== undefined ? { Delimiter: p.Delimiter } : {}),
    ...(p.MaxKeys !== undefined ? { MaxKeys: p.MaxKeys } : {}),
    ...(p.EncodingType !== undefined ? { EncodingType: p.EncodingType as 'url' } : {}),
    ...(p.After !== undefined ? { StartAfter: p.After } : {}),
    ...(p.ContinuationToken !== undefined ? { ContinuationToken: p.ContinuationToken } : {}),
    ...(p.FetchOwner !== undefined ? { FetchOwner: p.FetchOwner } : {}),
  };
  return new ListObjectsV2Command(input);
}

async function list(s3: S3Client, v: V, bucket: string, p: ListParams, query?: Record<string, string>): Promise<Page> {
  const cmd = listCommand(v, bucket, p);
  if (query) withQuery(cmd as { middlewareStack: MiddlewareStack<any, any> }, query);
  const res = (await s3.send(cmd as ListObjectsCommand)) as Record<string, any>;
  return {
    keys: ((res.Contents ?? []) as { Key?: string }[]).map((c) => c.Key ?? '(no Key)'),
    prefixes: ((res.CommonPrefixes ?? []) as { Prefix?: string }[]).map((c) => c.Prefix ?? '(no Prefix)'),
    truncated: res.IsTruncated as boolean | undefined,
    next: (v === 'v1' ? res.NextMarker : res.NextContinuationToken) as string | undefined,
    res,
  };
}

/**
 * Walk every page with max-keys = pageSize. v1: marker = NextMarker, or the last key when the
 * endpoint gives none (allowed without a delimiter). Returns keys and prefixes in answer order.
 */
async function walk(s3: S3Client, v: V, bucket: string, p: ListParams, pageSize: number | undefined, maxPages: number) {
  const entries: string[] = [];
  const keys: string[] = [];
  const prefixes: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  for (;;) {
    pages += 1;
    check(pages <= maxPages, `pagination did not end within ${maxPages} pages (entries so far: ${entries.length})`);
    const params: ListParams = { ...p, ...(pageSize !== undefined ? { MaxKeys: pageSize } : {}) };
    if (cursor !== undefined) {
      if (v === 'v1') params.After = cursor;
      else params.ContinuationToken = cursor;
    }
    const page = await list(s3, v, bucket, params);
    if (pageSize !== undefined) {
      check(page.keys.length + page.prefixes.length <= pageSize, `page ${pages} holds ${page.keys.length + page.prefixes.length} entries, more than max-keys=${pageSize}`);
    }
    keys.push(...page.keys);
    prefixes.push(...page.prefixes);
    // Keys and prefixes merged in listing order (a prefix sorts where its first key would).
    entries.push(...sorted([...page.keys, ...page.prefixes]));
    if (!page.truncated) break;
    check(page.keys.length + page.prefixes.length > 0, `page ${pages} is empty but IsTruncated is true`);
    if (v === 'v1') {
      if (p.Delimiter !== undefined) check(page.next, `page ${pages}: a truncated v1 listing with a delimiter must carry NextMarker`);
      cursor = page.next ?? page.keys.at(-1);
    } else {
      check(page.next, `page ${pages}: a truncated v2 listing must carry NextContinuationToken`);
      cursor = page.next;
    }
  }
  return { entries, keys, prefixes, pages };
}

const dups = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

// ── cases for both versions ─────────────────────────────────────────────────────────────────

for (const v of ['v1', 'v2'] as const) {
  const op = v === 'v1' ? 'ListObjects' : 'ListObjectsV2';
  const SPEC = v === 'v1' ? SPEC1 : SPEC2;
  const id = (what: string) => `listing/${v}/${what}`;
  const name = v === 'v1' ? 'ListObjects' : 'ListObjectsV2';

  suite.case(
    { id: id('prefix/all-keys-sorted'), op, claims: ['feature:list-prefix', 'feature:list-key-order'], spec: SPEC, title: `${name} with a prefix returns every key under it, sorted, with Name and Prefix echoed and IsTruncated false` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/' });
      expect(p.keys, 'keys under tree/').toEqual(sorted(TREE));
      expect(p.prefixes, 'no CommonPrefixes without a delimiter').toEqual([]);
      expect(p.truncated, 'IsTruncated').toBe(false);
      expect(p.res.Name, 'Name').toBe(bucket);
      expect(p.res.Prefix, 'Prefix echoed').toBe('tree/');
      expect(p.res.MaxKeys, 'MaxKeys (default 1000)').toBe(1000);
    },
  );

  suite.case(
    { id: id('prefix/subtree'), op, claims: ['feature:list-prefix'], spec: SPEC, title: `${name} with a deeper prefix returns only the keys under it` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/b/' });
      expect(p.keys, 'keys under tree/b/').toEqual(sorted(TREE.filter((k) => k.startsWith('tree/b/'))));
    },
  );

  suite.case(
    { id: id('prefix/no-match'), op, claims: ['feature:list-prefix'], spec: SPEC, title: `${name} with a prefix that matches nothing returns no keys and IsTruncated false` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/zzz' });
      expect(p.keys, 'keys').toEqual([]);
      expect(p.prefixes, 'CommonPrefixes').toEqual([]);
      expect(p.truncated, 'IsTruncated').toBe(false);
    },
  );

  suite.case(
    { id: id('delimiter/basic'), op, claims: ['feature:list-delimiter'], spec: SPEC, title: `${name} with delimiter '/' rolls sub-folders up into CommonPrefixes and echoes Delimiter` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', Delimiter: '/' });
      expect(p.keys, 'keys directly under tree/').toEqual(['tree/a.txt', 'tree/d-7.txt']);
      expect(p.prefixes, 'CommonPrefixes').toEqual(['tree/b/', 'tree/c/', 'tree/d-8/']);
      expect(p.res.Delimiter, 'Delimiter echoed').toBe('/');
      expect(p.truncated, 'IsTruncated').toBe(false);
    },
  );

  suite.case(
    { id: id('delimiter/nested'), op, claims: ['feature:list-delimiter', 'feature:list-prefix'], spec: SPEC, title: `${name} with a nested prefix and '/' lists one level only` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/b/c/', Delimiter: '/' });
      expect(p.keys, 'keys').toEqual(['tree/b/c/3.txt']);
      expect(p.prefixes, 'CommonPrefixes').toEqual(['tree/b/c/d/']);
    },
  );

  suite.case(
    { id: id('delimiter/prefix-without-trailing-delimiter'), op, claims: ['feature:list-delimiter', 'feature:list-prefix'], spec: SPEC, title: `${name} with prefix 'tree/b' and '/' returns the single CommonPrefix 'tree/b/'` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/b', Delimiter: '/' });
      expect(p.keys, 'keys').toEqual([]);
      expect(p.prefixes, 'CommonPrefixes').toEqual(['tree/b/']);
    },
  );

  suite.case(
    { id: id('delimiter/other-character'), op, claims: ['feature:list-delimiter'], spec: SPEC, title: `${name} with delimiter '-' rolls up on '-' and leaves '/' alone` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', Delimiter: '-' });
      expect(p.prefixes, 'CommonPrefixes').toEqual(['tree/d-']);
      expect(p.keys, 'keys').toEqual(sorted(TREE.filter((k) => !k.startsWith('tree/d-'))));
    },
  );

  suite.case(
    { id: id('delimiter/multi-character'), op, claims: ['feature:list-delimiter'], spec: SPEC, title: `${name} with the two-character delimiter 'c/' rolls up on that string` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', Delimiter: 'c/' });
      expect(p.prefixes, 'CommonPrefixes').toEqual(['tree/b/c/', 'tree/c/']);
      expect(p.keys, 'keys').toEqual(sorted(TREE.filter((k) => !k.startsWith('tree/b/c/') && !k.startsWith('tree/c/'))));
    },
  );

  suite.case(
    { id: id('delimiter/max-keys-counts-prefixes'), op, claims: ['feature:list-delimiter', 'feature:list-max-keys'], spec: SPEC, title: `${name}: CommonPrefixes count toward max-keys (2 keys + 1 prefix on a page of 3, truncated)` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/b/', Delimiter: '/', MaxKeys: 3 });
      expect(p.keys, 'keys').toEqual(['tree/b/1.txt', 'tree/b/2.txt']);
      expect(p.prefixes, 'CommonPrefixes').toEqual(['tree/b/c/']);
      expect(p.truncated, 'IsTruncated (tree/b/e/ is still to come)').toBe(true);
    },
  );

  suite.case(
    { id: id('max-keys/zero'), op, claims: ['feature:list-max-keys'], spec: SPEC, title: `${name} with max-keys=0 returns no keys and IsTruncated false` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', MaxKeys: 0 });
      expect(p.keys, 'keys').toEqual([]);
      expect(p.truncated, 'IsTruncated').toBe(false);
      expect(p.res.MaxKeys, 'MaxKeys echoed').toBe(0);
    },
  );

  suite.case(
    { id: id('max-keys/one'), op, claims: ['feature:list-max-keys'], spec: SPEC, title: `${name} with max-keys=1 returns the first key only and IsTruncated true` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', MaxKeys: 1 });
      expect(p.keys, 'keys').toEqual(['tree/a.txt']);
      expect(p.truncated, 'IsTruncated').toBe(true);
      expect(p.res.MaxKeys, 'MaxKeys echoed').toBe(1);
      if (v === 'v2') expect(p.next, 'NextContinuationToken on a truncated page').toBeTruthy();
    },
  );

  suite.case(
    { id: id('max-keys/exactly-1000'), op, claims: ['feature:list-max-keys', 'limit:max-keys-1000'], spec: SPEC, title: `${name} with max-keys=1000 over ${MANY} keys returns the first 1000, truncated` },
    async (t) => {
      const bucket = await t.use(many);
      const p = await list(t.s3, v, bucket, { MaxKeys: 1000 });
      expect(p.keys.length, 'number of keys').toBe(1000);
      expect([p.keys[0], p.keys.at(-1)], 'first and last key of the page').toEqual([manyKey(0), manyKey(999)]);
      expect(p.truncated, 'IsTruncated').toBe(true);
    },
  );

  suite.case(
    { id: id('max-keys/over-1000-capped'), op, claims: ['feature:list-max-keys', 'limit:max-keys-1000'], spec: SPEC, title: `${name} with max-keys=5000 over ${MANY} keys returns at most 1000 keys, truncated` },
    async (t) => {
      const bucket = await t.use(many);
      const p = await list(t.s3, v, bucket, { MaxKeys: 5000 });
      expect(p.keys.length, 'a page never holds more than 1000 keys').toBe(1000);
      expect(p.truncated, 'IsTruncated').toBe(true);
      expect(p.keys.at(-1), 'last key of the page').toBe(manyKey(999));
    },
  );

  suite.case(
    { id: id('max-keys/default-1000'), op, claims: ['feature:list-max-keys', 'limit:max-keys-1000'], spec: SPEC, title: `${name} without max-keys over ${MANY} keys returns 1000 keys, MaxKeys 1000, truncated` },
    async (t) => {
      const bucket = await t.use(many);
      const p = await list(t.s3, v, bucket, {});
      expect(p.keys.length, 'number of keys').toBe(1000);
      expect(p.res.MaxKeys, 'MaxKeys').toBe(1000);
      expect(p.truncated, 'IsTruncated').toBe(true);
    },
  );

  suite.case(
    { id: id('max-keys/negative'), op, claims: ['feature:list-max-keys', 'error:InvalidArgument'], features: ['errors'], spec: SPEC, title: `${name} with max-keys=-1 answers 400 InvalidArgument` },
    async (t) => {
      const { bucket } = await t.use(tree);
      await t.expectError(list(t.s3, v, bucket, { Prefix: 'tree/', MaxKeys: -1 }), 'InvalidArgument', 400);
    },
  );

  suite.case(
    { id: id('max-keys/not-a-number'), op, claims: ['feature:list-max-keys', 'error:InvalidArgument'], features: ['errors'], spec: SPEC, title: `${name} with max-keys=abc answers 400 InvalidArgument` },
    async (t) => {
      const { bucket } = await t.use(tree);
      await t.expectError(list(t.s3, v, bucket, { Prefix: 'tree/' }, { 'max-keys': 'abc' }), 'InvalidArgument', 400);
    },
  );

  suite.case(
    {
      id: id('pagination/walk-small-pages'),
      op,
      claims: [v === 'v1' ? 'feature:list-marker-pagination' : 'feature:list-v2-continuation-token', 'feature:list-max-keys'],
      spec: SPEC,
      title: `${name} pages of 2 keys walk every key under a prefix exactly once, in order`,
    },
    async (t) => {
      const { bucket } = await t.use(tree);
      const w = await walk(t.s3, v, bucket, { Prefix: 'tree/' }, 2, 10);
      expect(dups(w.keys), 'keys listed twice').toEqual([]);
      expect(w.keys, 'all keys, in order').toEqual(sorted(TREE));
      expect(w.pages, 'pages of 2 over 9 keys').toBe(5);
    },
  );

  suite.case(
    {
      id: id('pagination/walk-delimiter-one-per-page'),
      op,
      claims: [v === 'v1' ? 'feature:list-marker-pagination' : 'feature:list-v2-continuation-token', 'feature:list-delimiter', 'feature:list-key-order'],
      spec: SPEC,
      title: `${name} with a delimiter and max-keys=1 walks keys and CommonPrefixes once each, also around characters that sort below '/'`,
    },
    async (t) => {
      const { bucket } = await t.use(tree);
      const w = await walk(t.s3, v, bucket, { Prefix: 'order/a', Delimiter: '/' }, 1, 12);
      expect(dups([...w.keys, ...w.prefixes]), 'entries listed twice').toEqual([]);
      expect(w.entries, 'keys and CommonPrefixes in listing order').toEqual(['order/a', 'order/a!b', 'order/a-b', 'order/a.b', 'order/a/', 'order/a0']);
    },
  );

  suite.case(
    {
      id: id('pagination/walk-over-1000'),
      op,
      claims: [v === 'v1' ? 'feature:list-marker-pagination' : 'feature:list-v2-continuation-token', 'limit:max-keys-1000'],
      spec: SPEC,
      title: `${name} default pages walk all ${MANY} keys in two pages, none twice`,
    },
    async (t) => {
      const bucket = await t.use(many);
      const w = await walk(t.s3, v, bucket, {}, undefined, 4);
      expect(w.keys.length, 'number of keys listed').toBe(MANY);
      expect(dups(w.keys), 'keys listed twice').toEqual([]);
      expect(w.pages, 'pages (1000 + 5)').toBe(2);
      expect(w.keys.at(-1), 'last key').toBe(manyKey(MANY - 1));
    },
  );

  suite.case(
    {
      id: id(v === 'v1' ? 'marker/after-existing-key' : 'start-after/after-existing-key'),
      op,
      claims: [v === 'v1' ? 'feature:list-marker-pagination' : 'feature:list-v2-start-after'],
      spec: SPEC,
      title: `${name} with ${v === 'v1' ? 'marker' : 'start-after'} = an existing key lists the keys after it and echoes it`,
    },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', After: 'tree/b/2.txt' });
      expect(p.keys, 'keys after tree/b/2.txt').toEqual(sorted(TREE).filter((k) => utf8Order(k, 'tree/b/2.txt') > 0));
      expect(v === 'v1' ? p.res.Marker : p.res.StartAfter, `${v === 'v1' ? 'Marker' : 'StartAfter'} echoed`).toBe('tree/b/2.txt');
    },
  );

  suite.case(
    {
      id: id(v === 'v1' ? 'marker/between-keys' : 'start-after/between-keys'),
      op,
      claims: [v === 'v1' ? 'feature:list-marker-pagination' : 'feature:list-v2-start-after'],
      spec: SPEC,
      title: `${name} with ${v === 'v1' ? 'marker' : 'start-after'} = a string that is no key lists the keys sorting after it`,
    },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', After: 'tree/b/c' });
      expect(p.keys, "keys after 'tree/b/c'").toEqual(sorted(TREE).filter((k) => utf8Order(k, 'tree/b/c') > 0));
    },
  );

  suite.case(
    {
      id: id(v === 'v1' ? 'marker/after-last-key' : 'start-after/after-last-key'),
      op,
      claims: [v === 'v1' ? 'feature:list-marker-pagination' : 'feature:list-v2-start-after'],
      spec: SPEC,
      title: `${name} with ${v === 'v1' ? 'marker' : 'start-after'} beyond the last key returns nothing, IsTruncated false`,
    },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'tree/', After: 'tree/zzz' });
      expect(p.keys, 'keys').toEqual([]);
      expect(p.truncated, 'IsTruncated').toBe(false);
    },
  );

  suite.case(
    { id: id('order/utf8-binary'), op, claims: ['feature:list-key-order', 'feature:key-special-chars'], spec: SPEC, title: `${name} lists keys in UTF-8 byte order (case, digits, punctuation below '/', 2- to 4-byte characters)` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'order/' });
      expect(p.keys, 'keys in UTF-8 binary order').toEqual(sorted(ORDER));
    },
  );

  suite.case(
    { id: id('keys/special-characters'), op, claims: ['feature:key-special-chars'], spec: SPEC, title: `${name} returns keys with space, '+', '%', unicode and XML-special characters (& < > ' ") exactly` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'special/' });
      expect(p.keys, 'keys, unchanged').toEqual(sorted(SPECIAL));
    },
  );

  suite.case(
    { id: id('encoding-type/url-keys'), op, claims: ['feature:list-encoding-type-url', 'feature:key-special-chars'], spec: SPEC, title: `${name} with encoding-type=url answers EncodingType url and URL-encoded keys that decode to the stored keys` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'special/', EncodingType: 'url' });
      expect(p.res.EncodingType, 'EncodingType').toBe('url');
      const raw = p.keys.filter((k) => /[^\x21-\x7e]|[ <>&"]/.test(k));
      expect(raw, 'keys must be URL-encoded (no space, non-ASCII or <>&" left)').toEqual([]);
      expect(sorted(p.keys.map(urlDecode)), 'decoded keys').toEqual(sorted(SPECIAL));
    },
  );

  suite.case(
    { id: id('encoding-type/url-prefixes'), op, claims: ['feature:list-encoding-type-url', 'feature:list-delimiter'], spec: SPEC, title: `${name} with encoding-type=url URL-encodes CommonPrefixes and the echoed Prefix too` },
    async (t) => {
      const { bucket } = await t.use(tree);
      const p = await list(t.s3, v, bucket, { Prefix: 'special/sub', Delimiter: '/', EncodingType: 'url' });
      expect(p.res.EncodingType, 'EncodingType').toBe('url');
      expect(p.prefixes.filter((k) => /[ &]/.test(k)), 'CommonPrefixes must be URL-encoded').toEqual([]);
      expect(p.prefixes.map(urlDecode), 'decoded CommonPrefixes').toEqual(['special/sub dir/', 'special/sub&dir/']);
      expect(urlDecode(p.res.Prefix ?? ''), 'decoded Prefix').toBe('special/sub');
    },
  );

  suite.case(
    { id: id('encoding-type/invalid'), op, claims: ['feature:list-encoding-type-url', 'error:InvalidArgument'], features: ['errors'], spec: SPEC, title: `${name} with encoding-type=base64 answers 400 InvalidArgument` },
    async (t) => {
      const { bucket } = await t.use(tree);
      await t.expectError(list(t.s3, v, bucket, { Prefix: 'tree/', EncodingType: 'base64' }), 'InvalidArgument', 400);
    },
  );

  suite.case(
    { id: id('fields/etag-size-modified-class'), op, claims: ['feature:etag-md5', 'feature:storage-class-standard'], spec: SPEC, title: `${name} entries carry the quoted MD5 ETag, Size, a LastModified of the upload time and StorageClass STANDARD` },
    async (t) => {
      const f = await t.use(tree);
      const p = await list(t.s3, v, f.bucket, { Prefix: 'tree/a.txt' });
      const c = (p.res.Contents ?? [])[0] as { Key?: string; ETag?: string; Size?: number; LastModified?: Date; StorageClass?: string } | undefined;
      check(c, 'the listing must contain tree/a.txt');
      expect(c.Key, 'Key').toBe('tree/a.txt');
      expect(c.ETag, 'ETag (quoted MD5 of the body)').toBe(`"${md5hex(bodyOf('tree/a.txt'))}"`);
      expect(c.Size, 'Size').toBe(Buffer.byteLength(bodyOf('tree/a.txt')));
      check(c.LastModified instanceof Date, 'LastModified must be a timestamp');
      const ms = c.LastModified.getTime();
      check(ms >= f.t0 - 120_000 && ms <= f.t1 + 120_000, `LastModified ${c.LastModified.toISOString()} must be the upload time (${new Date(f.t0).toISOString()}, within 2 minutes)`);
      expect(c.StorageClass, 'StorageClass').toBe('STANDARD');
    },
  );

  suite.case(
    { id: id('empty-bucket'), op, spec: SPEC, title: `${name} of an empty bucket answers 200 with no Contents and IsTruncated false` },
    async (t) => {
      const bucket = await t.use(emptyBucket);
      const p = await list(t.s3, v, bucket, {});
      expect(statusOfResult(p.res), 'status').toBe(200);
      expect(p.keys, 'keys').toEqual([]);
      expect(p.prefixes, 'CommonPrefixes').toEqual([]);
      expect(p.truncated, 'IsTruncated').toBe(false);
      expect(p.res.Name, 'Name').toBe(bucket);
      if (v === 'v2') expect(p.res.KeyCount, 'KeyCount').toBe(0);
    },
  );

  suite.case(
    { id: id('errors/missing-bucket'), op, claims: ['error:NoSuchBucket'], features: ['errors'], spec: SPEC, title: `${name} on a missing bucket answers 404 NoSuchBucket` },
    async (t) => {
      await t.expectError(list(t.s3, v, t.bucketName('missing'), {}), 'NoSuchBucket', 404);
    },
  );

  suite.case(
    { id: id('errors/alt-denied'), op, claims: ['error:AccessDenied'], features: ['errors', 'alt-identity'], spec: SPEC, title: `${name} of a private bucket by another identity answers 403 AccessDenied` },
    async (t) => {
      const alt = t.alt();
      const { bucket } = await t.use(tree);
      await t.expectError(list(alt, v, bucket, { Prefix: 'tree/' }), 'AccessDenied', 403);
    },
  );

  suite.case(
    { id: id('errors/anonymous-denied'), op, claims: ['error:AccessDenied', 'auth:anonymous'], features: ['errors', 'anonymous'], spec: SPEC, title: `${name} of a private bucket without credentials answers 403 AccessDenied` },
    async (t) => {
      const { bucket } = await t.use(tree);
      await t.expectError(list(t.anon, v, bucket, { Prefix: 'tree/' }), 'AccessDenied', 403);
    },
  );
}

/** Decode a key listed with encoding-type=url ('+' is a space, as in form encoding). */
function urlDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return `(undecodable: ${s})`;
  }
}

// ── v1 only ─────────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'listing/v1/next-marker/with-delimiter', op: 'ListObjects', claims: ['feature:list-marker-pagination', 'feature:list-delimiter'], spec: SPEC1, title: 'ListObjects with a delimiter, when truncated, gives NextMarker = the last key or CommonPrefix of the page' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v1', bucket, { Prefix: 'tree/', Delimiter: '/', MaxKeys: 2 });
    expect(p.keys, 'keys').toEqual(['tree/a.txt']);
    expect(p.prefixes, 'CommonPrefixes').toEqual(['tree/b/']);
    expect(p.truncated, 'IsTruncated').toBe(true);
    expect(p.next, 'NextMarker').toBe('tree/b/');
  },
);

suite.case(
  { id: 'listing/v1/next-marker/absent-without-delimiter', op: 'ListObjects', claims: ['feature:list-marker-pagination'], spec: `${SPEC1}#API_ListObjects_ResponseSyntax`, title: 'ListObjects without a delimiter returns no NextMarker (documented: only with a delimiter; clients use the last Key)' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v1', bucket, { Prefix: 'tree/', MaxKeys: 2 });
    expect(p.truncated, 'IsTruncated').toBe(true);
    expect(p.next, 'NextMarker must be absent without a delimiter').toBeUndefined();
  },
);

suite.case(
  { id: 'listing/v1/owner', op: 'ListObjects', spec: SPEC1, title: "ListObjects (v1) entries carry Owner with the uploader's ID (the ListBuckets owner)" },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v1', bucket, { Prefix: 'tree/a.txt' });
    const owner = ((p.res.Contents ?? [])[0] as { Owner?: { ID?: string } } | undefined)?.Owner;
    check(owner?.ID, 'a v1 entry must carry Owner/ID');
    const lb = await t.s3.send(new ListBucketsCommand({}));
    expect(owner.ID, "Owner ID = the account's canonical id from ListBuckets").toBe(lb.Owner?.ID);
  },
);

// ── v2 only ─────────────────────────────────────────────────────────────────────────────────

suite.case(
  { id: 'listing/v2/key-count/with-delimiter', op: 'ListObjectsV2', claims: ['feature:list-v2-key-count', 'feature:list-delimiter'], spec: SPEC2, title: 'ListObjectsV2 KeyCount counts keys plus CommonPrefixes' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v2', bucket, { Prefix: 'tree/', Delimiter: '/' });
    expect(p.keys.length + p.prefixes.length, 'entries (case sanity)').toBe(5);
    expect(p.res.KeyCount, 'KeyCount').toBe(5);
  },
);

suite.case(
  { id: 'listing/v2/key-count/truncated-page', op: 'ListObjectsV2', claims: ['feature:list-v2-key-count', 'feature:list-max-keys'], spec: SPEC2, title: 'ListObjectsV2 KeyCount of a truncated page equals the keys on that page' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v2', bucket, { Prefix: 'tree/', MaxKeys: 3 });
    expect(p.keys.length, 'keys on the page').toBe(3);
    expect(p.res.KeyCount, 'KeyCount').toBe(3);
  },
);

suite.case(
  { id: 'listing/v2/continuation-token/echoed', op: 'ListObjectsV2', claims: ['feature:list-v2-continuation-token'], spec: SPEC2, title: 'ListObjectsV2 echoes the ContinuationToken it was given and continues after the first page' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p1 = await list(t.s3, 'v2', bucket, { Prefix: 'tree/', MaxKeys: 4 });
    check(p1.next, 'a truncated page must carry NextContinuationToken');
    const p2 = await list(t.s3, 'v2', bucket, { Prefix: 'tree/', MaxKeys: 4, ContinuationToken: p1.next });
    expect(p2.res.ContinuationToken, 'ContinuationToken echoed').toBe(p1.next);
    expect(p2.keys, 'second page').toEqual(sorted(TREE).slice(4, 8));
  },
);

suite.case(
  { id: 'listing/v2/continuation-token/invalid', op: 'ListObjectsV2', claims: ['feature:list-v2-continuation-token', 'error:InvalidArgument'], features: ['errors'], spec: SPEC2, title: 'ListObjectsV2 with a continuation token the endpoint never issued answers 400 InvalidArgument' },
  async (t) => {
    const { bucket } = await t.use(tree);
    await t.expectError(list(t.s3, 'v2', bucket, { Prefix: 'tree/', ContinuationToken: 'this-is-not-a-token!' }), 'InvalidArgument', 400);
  },
);

suite.case(
  { id: 'listing/v2/start-after/with-delimiter', op: 'ListObjectsV2', claims: ['feature:list-v2-start-after', 'feature:list-delimiter'], spec: SPEC2, title: 'ListObjectsV2 start-after inside a rolled-up prefix skips that CommonPrefix' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v2', bucket, { Prefix: 'tree/', Delimiter: '/', After: 'tree/b/zzz' });
    expect(p.prefixes, 'CommonPrefixes after tree/b/zzz').toEqual(['tree/c/', 'tree/d-8/']);
    expect(p.keys, 'keys after tree/b/zzz').toEqual(['tree/d-7.txt']);
  },
);

suite.case(
  { id: 'listing/v2/fetch-owner/default-absent', op: 'ListObjectsV2', claims: ['feature:list-v2-fetch-owner'], spec: SPEC2, title: 'ListObjectsV2 without fetch-owner returns entries without Owner' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v2', bucket, { Prefix: 'tree/a.txt' });
    const c = (p.res.Contents ?? [])[0] as { Owner?: unknown } | undefined;
    check(c, 'the listing must contain tree/a.txt');
    expect(c.Owner, 'Owner must be absent unless fetch-owner=true').toBeUndefined();
  },
);

suite.case(
  { id: 'listing/v2/fetch-owner/true', op: 'ListObjectsV2', claims: ['feature:list-v2-fetch-owner'], spec: SPEC2, title: "ListObjectsV2 with fetch-owner=true returns each entry's Owner (the uploader's ID)" },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v2', bucket, { Prefix: 'tree/a.txt', FetchOwner: true });
    const owner = ((p.res.Contents ?? [])[0] as { Owner?: { ID?: string } } | undefined)?.Owner;
    check(owner?.ID, 'with fetch-owner=true an entry must carry Owner/ID');
    const lb = await t.s3.send(new ListBucketsCommand({}));
    expect(owner.ID, "Owner ID = the account's canonical id from ListBuckets").toBe(lb.Owner?.ID);
  },
);

suite.case(
  { id: 'listing/v2/encoding-type/start-after-echoed-encoded', op: 'ListObjectsV2', claims: ['feature:list-encoding-type-url', 'feature:list-v2-start-after'], spec: SPEC2, title: 'ListObjectsV2 with encoding-type=url returns StartAfter URL-encoded and the keys after it' },
  async (t) => {
    const { bucket } = await t.use(tree);
    const p = await list(t.s3, 'v2', bucket, { Prefix: 'special/', After: 'special/a b', EncodingType: 'url' });
    expect(p.res.EncodingType, 'EncodingType').toBe('url');
    expect(String(p.res.StartAfter ?? ''), 'StartAfter must be URL-encoded').not.toContain(' ');
    expect(urlDecode(p.res.StartAfter ?? ''), 'decoded StartAfter').toBe('special/a b');
    expect(p.keys.map(urlDecode), 'decoded keys after it').toEqual(sorted(SPECIAL).filter((k) => utf8Order(k, 'special/a b') > 0));
  },
);

