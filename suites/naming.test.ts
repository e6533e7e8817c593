// Bucket naming rules, checked through CreateBucket: each rule of the vendor guides (NHN Cloud
// lists five and points at Amazon S3's list) and of the current AWS list, on the valid side (the
// name is created: 200, then HeadBucket 200) and on the invalid side (400 InvalidBucketName).
//
// Safety: names carry the run prefix wherever the rule allows. Where a rule makes that
// impossible (it constrains the first characters, or the whole name is short or an IP address)
// the name still contains the run id when it can; the few names that cannot (2 or 3 characters,
// an IP address) are first probed with HeadBucket and the case is skipped if the name exists, so
// a bucket this run did not create is never touched. The client journals every name before the
// create, and every name is tracked for the file's cleanup unless the endpoint refused it with a
// 4xx (see createRefusable), so a wrongly accepted bucket is removed at the end of the file.
import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import type { HttpRequest as SmithyHttpRequest } from '@smithy/types';
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { defineSuite, type CaseContext } from '../harness/case.ts';
import { statusOfResult } from '../harness/expect.ts';
import { statusOf } from '../harness/verdict.ts';

const suite = defineSuite('naming', { features: ['naming'] });
const SPEC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html';
const RULES = 'naming:aws-rules';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = `${LOWER}0123456789`;
const pick = (set: string, n: number) => Array.from({ length: n }, () => set[randomInt(set.length)]).join('');

/** The run prefix (`s3c-<run id>-`). */
const prefixOf = (t: CaseContext) => t.run.config.prefix;

/** A unique valid name of this run, without the prefix: `<label>-<tag>` (ends with a letter or digit). */
function uniqueTail(t: CaseContext, label: string): string {
  return t.bucketName(label).slice(prefixOf(t).length);
}

/** Check the length a case relies on: a wrong-length name would test another rule. */
function sized(name: string, min: number, max: number): string {
  if (name.length < min || name.length > max) throw new Error(`case bug: name '${name}' is ${name.length} characters, wanted ${min}..${max}`);
  return name;
}

/**
 * A name that cannot carry the run id (2 or 3 characters, an IP address) could belong to
 * someone: probe it first and skip when it exists, so this run never creates, tracks or
 * removes a bucket it does not own.
 */
async function ensureAbsent(t: CaseContext, name: string): Promise<void> {
  const status = await t.s3.send(new HeadBucketCommand({ Bucket: name })).then(
    (r) => statusOfResult(r),
    (e: unknown) => statusOf(e),
  );
  if (status === undefined) throw new Error(`HeadBucket ${name}: no answer`);
  if (status === 200 || status === 403 || status === 301) {
    t.skip(`the name '${name}' exists already (HeadBucket ${status}); it is never touched by this suite`);
  }
}

/** A definite refusal: nothing was created. */
const refused = (e: unknown) => {
  const st = statusOf(e);
  return st !== undefined && st >= 400 && st < 500;
};

/**
 * Send a CreateBucket. The client journals the name before the request. A created name, and any
 * answer that is not a definite 4xx refusal (5xx, timeout), is tracked for the file's cleanup.
 * After a 4xx nothing was created: the journal is told so, and the name is not tracked, because
 * removing a bucket whose name the endpoint does not even accept fails with that endpoint's 400
 * and would only leave noise in every cleanup. (Tracking right after the answer is as safe as
 * tracking before the request: the file cleanup runs only after the case has ended anyway.)
 */
async function createRefusable(t: CaseContext, name: string): Promise<unknown> {
  try {
    const res = await t.s3.send(new CreateBucketCommand({ Bucket: name }));
    t.track(name);
    return res;
  } catch (e) {
    if (refused(e)) t.run.journal.write({ t: 'removed', bucket: name });
    else t.track(name);
    throw e;
  }
}

/** The name must be created: 200, then HeadBucket 200. */
async function expectCreated(t: CaseContext, name: string): Promise<void> {
  const res = await createRefusable(t, name);
  expect(statusOfResult(res), `CreateBucket '${name}' status`).toBe(200);
  const head = await t.s3.send(new HeadBucketCommand({ Bucket: name }));
  expect(statusOfResult(head), `HeadBucket '${name}' after create`).toBe(200);
}

/** The name must be refused with 400 InvalidBucketName. */
async function expectInvalid(t: CaseContext, name: string): Promise<void> {
  await t.expectError(createRefusable(t, name), 'InvalidBucketName', 400);
}

/**
 * Put `real` on the wire where the SDK would put `placeholder`. The SDK treats a bucket ending in
 * `--x-s3` as an S3 Express directory bucket (session auth, another signing name), so such a
 * name cannot be sent as a plain CreateBucket: the command names a placeholder and this
 * per-command middleware swaps the name in the request before it is signed.
 */
function swapBucketName<C extends { middlewareStack: { add: (...a: never[]) => unknown } }>(cmd: C, placeholder: string, real: string): C {
  const mw = (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
    const req = args.request as SmithyHttpRequest;
    if (req.path === `/${placeholder}` || req.path.startsWith(`/${placeholder}/`)) {
      req.path = `/${real}${req.path.slice(placeholder.length + 1)}`;
    } else if (req.hostname.startsWith(`${placeholder}.`)) {
      req.hostname = `${real}${req.hostname.slice(placeholder.length)}`;
      if (req.headers.host) req.headers.host = req.headers.host.replace(placeholder, real);
    } else {
      throw new Error(`case bug: placeholder ${placeholder} not found in ${req.hostname}${req.path}`);
    }
    return next(args);
  };
  (cmd.middlewareStack.add as (m: unknown, o: unknown) => void)(mw, { step: 'build', name: 's3cSwapBucketName', priority: 'low' });
  return cmd;
}

interface NameCase {
  id: string;
  claim: string;
  title: string;
  name: (t: CaseContext) => string;
  /** Names without the run id: probe first (see ensureAbsent). */
  guarded?: boolean;
}

// ── valid names: created ───────────────────────────────────────────────────────────────────
const valid: NameCase[] = [
  {
    id: 'naming/valid/length-3',
    claim: 'naming:length-3-63',
    title: 'A 3-character name (the minimum) is accepted',
    // Too short for the run prefix: a random name, probed first.
    name: () => sized(pick(LOWER, 1) + pick(ALNUM, 2), 3, 3),
    guarded: true,
  },
  {
    id: 'naming/valid/length-63',
    claim: 'naming:length-3-63',
    title: 'A 63-character name (the maximum) is accepted',
    name: (t) => sized(`${t.bucketName('max')}-${'a'.repeat(63)}`.slice(0, 63), 63, 63),
  },
  {
    id: 'naming/valid/lowercase-digits-hyphens',
    claim: 'naming:allowed-chars',
    title: 'A name of lowercase letters, digits and hyphens, ending with a digit, is accepted',
    name: (t) => `${t.bucketName('abc-123')}-0`,
  },
  {
    id: 'naming/valid/dots',
    claim: 'naming:allowed-chars',
    title: 'A name with single dots between labels is accepted',
    name: (t) => `${prefixOf(t)}d.o.t.${uniqueTail(t, 's')}`,
  },
  {
    id: 'naming/valid/consecutive-hyphens',
    claim: 'naming:allowed-chars',
    title: 'A name with two consecutive hyphens in the middle is accepted',
    name: (t) => `${prefixOf(t)}a--b-${uniqueTail(t, 'h')}`,
  },
  {
    id: 'naming/valid/begins-with-digit',
    claim: 'naming:begin-end-alnum',
    title: 'A name beginning with a digit is accepted',
    // The rule is about the first character, so the name is `9` + the run's name.
    name: (t) => `9${t.bucketName('digit')}`,
  },
  {
    id: 'naming/valid/ip-address-inside',
    claim: 'naming:not-ip-address',
    title: 'A name that contains an IPv4 address but is not one (more labels) is accepted',
    name: (t) => `${t.bucketName('ip')}.192.168.5.4`,
  },
  {
    id: 'naming/valid/reserved-prefixes-inside',
    claim: 'naming:no-xn-prefix',
    title: 'xn--, sthree- and amzn-s3-demo- are allowed inside a name (the rules are about the start)',
    name: (t) => `${prefixOf(t)}a-xn--sthree-amzn-s3-demo-${uniqueTail(t, 'p')}`,
  },
  {
    id: 'naming/valid/ip-address-leading-labels',
    claim: 'naming:not-ip-address',
    title: 'A name whose first four labels form an IPv4 address, followed by more labels, is accepted (it is not an IP address)',
    name: (t) => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}.${t.bucketName('iplead')}`,
  },
  {
    id: 'naming/valid/xn-single-hyphen-prefix',
    claim: 'naming:no-xn-prefix',
    title: 'A name starting with xn- (one hyphen: not the reserved xn-- prefix) is accepted',
    name: (t) => `xn-${t.bucketName('xn1')}`,
  },
  {
    id: 'naming/valid/reserved-suffixes-inside',
    claim: 'naming:no-s3alias-suffix',
    title: '-s3alias, --ol-s3, .mrap, --x-s3 and --table-s3 are allowed inside a name (the rules are about the end)',
    name: (t) => `${prefixOf(t)}a-s3alias--ol-s3.mrap--x-s3--table-s3-${uniqueTail(t, 's')}`,
  },
];

for (const c of valid) {
  suite.case(
    { id: c.id, op: 'CreateBucket', claims: [c.claim, RULES], spec: SPEC, title: c.title },
    async (t) => {
      const name = sized(c.name(t), 3, 63);
      if (c.guarded) await ensureAbsent(t, name);
      await expectCreated(t, name);
    },
  );
}

// ── invalid names: 400 InvalidBucketName ───────────────────────────────────────────────────
const invalid: NameCase[] = [
  {
    id: 'naming/invalid/length-2',
    claim: 'naming:length-3-63',
    title: 'A 2-character name is refused with 400 InvalidBucketName',
    name: () => sized(pick(LOWER, 1) + pick(ALNUM, 1), 2, 2),
    guarded: true,
  },
  {
    id: 'naming/invalid/length-64',
    claim: 'naming:length-3-63',
    title: 'A 64-character name is refused with 400 InvalidBucketName',
    name: (t) => sized(`${t.bucketName('long')}-${'a'.repeat(64)}`.slice(0, 64), 64, 64),
  },
  {
    id: 'naming/invalid/uppercase',
    claim: 'naming:allowed-chars',
    title: 'A name with uppercase letters is refused with 400 InvalidBucketName',
    name: (t) => `${prefixOf(t)}Upper-${uniqueTail(t, 'u')}`,
  },
  {
    id: 'naming/invalid/underscore',
    claim: 'naming:allowed-chars',
    title: 'A name with an underscore is refused with 400 InvalidBucketName',
    name: (t) => `${prefixOf(t)}under_score-${uniqueTail(t, 'u')}`,
  },
  {
    id: 'naming/invalid/tilde',
    claim: 'naming:allowed-chars',
    title: 'A name with a tilde is refused with 400 InvalidBucketName',
    name: (t) => `${prefixOf(t)}a~b-${uniqueTail(t, 't')}`,
  },
  {
    id: 'naming/invalid/colon',
    claim: 'naming:allowed-chars',
    title: 'A name with a colon is refused with 400 InvalidBucketName',
    name: (t) => `${prefixOf(t)}a:b-${uniqueTail(t, 'c')}`,
  },
  {
    id: 'naming/invalid/non-ascii',
    claim: 'naming:allowed-chars',
    title: 'A name with a non-ASCII letter (é) is refused with 400 InvalidBucketName',
    name: (t) => `${prefixOf(t)}caf\u00e9-${uniqueTail(t, 'n')}`,
  },
  {
    id: 'naming/invalid/leading-hyphen',
    claim: 'naming:begin-end-alnum',
    title: 'A name beginning with a hyphen is refused with 400 InvalidBucketName',
    name: (t) => `-${t.bucketName('lh')}`,
  },
  {
    id: 'naming/invalid/leading-dot',
    claim: 'naming:begin-end-alnum',
    title: 'A name beginning with a dot is refused with 400 InvalidBucketName',
    name: (t) => `.${t.bucketName('ld')}`,
  },
  {
    id: 'naming/invalid/trailing-hyphen',
    claim: 'naming:begin-end-alnum',
    title: 'A name ending with a hyphen is refused with 400 InvalidBucketName',
    name: (t) => `${t.bucketName('th')}-`,
  },
  {
    id: 'naming/invalid/trailing-dot',
    claim: 'naming:begin-end-alnum',
    title: 'A name ending with a dot is refused with 400 InvalidBucketName',
    name: (t) => `${t.bucketName('td')}.`,
  },
  {
    id: 'naming/invalid/ip-address',
    claim: 'naming:not-ip-address',
    title: 'A name formatted as an IPv4 address (192.168.x.y) is refused with 400 InvalidBucketName',
    name: () => `192.168.${randomInt(256)}.${randomInt(1, 255)}`,
    guarded: true,
  },
  {
    id: 'naming/invalid/xn-prefix',
    claim: 'naming:no-xn-prefix',
    title: 'A name starting with xn-- is refused with 400 InvalidBucketName',
    name: (t) => `xn--${t.bucketName('xn')}`,
  },
  {
    id: 'naming/invalid/adjacent-dots',
    claim: 'naming:no-adjacent-dots',
    title: 'A name with two adjacent periods is refused with 400 InvalidBucketName',
    name: (t) => `${prefixOf(t)}a..b-${uniqueTail(t, 'd')}`,
  },
  {
    id: 'naming/invalid/sthree-prefix',
    claim: 'naming:no-sthree-prefix',
    title: 'A name starting with sthree- is refused with 400 InvalidBucketName',
    name: (t) => `sthree-${t.bucketName('st')}`,
  },
  {
    id: 'naming/invalid/sthree-configurator-prefix',
    claim: 'naming:no-sthree-prefix',
    title: 'A name starting with sthree-configurator is refused with 400 InvalidBucketName',
    name: (t) => `sthree-configurator${t.bucketName('sc')}`,
  },
  {
    id: 'naming/invalid/amzn-s3-demo-prefix',
    claim: 'naming:no-amzn-s3-demo-prefix',
    title: 'A name starting with amzn-s3-demo- is refused with 400 InvalidBucketName',
    name: (t) => `amzn-s3-demo-${t.bucketName('dm')}`,
  },
  {
    id: 'naming/invalid/s3alias-suffix',
    claim: 'naming:no-s3alias-suffix',
    title: 'A name ending with -s3alias is refused with 400 InvalidBucketName',
    name: (t) => `${t.bucketName('al')}-s3alias`,
  },
  {
    id: 'naming/invalid/ol-s3-suffix',
    claim: 'naming:no-ol-s3-suffix',
    title: 'A name ending with --ol-s3 is refused with 400 InvalidBucketName',
    name: (t) => `${t.bucketName('ol')}--ol-s3`,
  },
  {
    id: 'naming/invalid/mrap-suffix',
    claim: 'naming:no-mrap-suffix',
    title: 'A name ending with .mrap is refused with 400 InvalidBucketName',
    name: (t) => `${t.bucketName('mr')}.mrap`,
  },
  {
    id: 'naming/invalid/table-s3-suffix',
    claim: 'naming:no-table-s3-suffix',
    title: 'A name ending with --table-s3 is refused with 400 InvalidBucketName',
    name: (t) => `${t.bucketName('tb')}--table-s3`,
  },
];

for (const c of invalid) {
  suite.case(
    { id: c.id, op: 'CreateBucket', claims: [c.claim, RULES, 'error:InvalidBucketName'], spec: SPEC, title: c.title },
    async (t) => {
      const name = c.name(t);
      if (c.id !== 'naming/invalid/length-2' && c.id !== 'naming/invalid/length-64') sized(name, 3, 63);
      if (c.guarded) await ensureAbsent(t, name);
      await expectInvalid(t, name);
    },
  );
}

suite.case(
  {
    id: 'naming/invalid/x-s3-suffix',
    op: 'CreateBucket',
    claims: ['naming:no-x-s3-suffix', RULES, 'error:InvalidBucketName'],
    spec: SPEC,
    title: 'A name ending with --x-s3 (reserved for directory buckets) is refused with 400 InvalidBucketName',
  },
  async (t) => {
    const real = sized(`${t.bucketName('xs')}--x-s3`, 3, 63);
    // The SDK would route this name to S3 Express session auth: send it as a plain CreateBucket
    // (see swapBucketName). The file cleanup cannot remove such a bucket through the SDK either,
    // so a wrongly accepted one is deleted here, the same way.
    const placeholder = t.bucketName('xs-placeholder');
    const send = async () => {
      try {
        return await t.s3.send(swapBucketName(new CreateBucketCommand({ Bucket: placeholder }), placeholder, real));
      } catch (e) {
        // The client journaled the placeholder, which never exists.
        t.run.journal.write({ t: 'removed', bucket: placeholder });
        if (!refused(e)) {
          t.run.journal.write({ t: 'bucket', bucket: real, identity: 'main' });
          t.track(real);
        }
        throw e;
      }
    };
    try {
      await t.expectError(send(), 'InvalidBucketName', 400);
    } catch (e) {
      // Wrongly accepted (or no clear answer): remove it now, the same way it was created.
      const del = swapBucketName(new DeleteBucketCommand({ Bucket: placeholder }), placeholder, real);
      const gone = await t.s3.send(del).then(() => true, (d: unknown) => statusOf(d) === 404);
      t.run.journal.write({ t: 'removed', bucket: placeholder });
      if (!gone) {
        t.run.journal.write({ t: 'bucket', bucket: real, identity: 'main' });
        t.track(real);
      }
      throw e;
    }
  },
);
