// The CLI's promises: exit codes, profile errors naming the field, strict expectations,
// and cleanup after interrupted runs (sweep).
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { CreateBucketCommand, DeleteBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { BIN, cli, portOpen, requiredTargets, tmpDir } from './cli-helpers.ts';
import { FIXTURES, REPO_ROOT } from '../../harness/paths.ts';
import { loadProfile } from '../../harness/profile.ts';
import { makeClient } from '../../harness/clients.ts';
import { readResults } from '../../harness/results.ts';

describe('usage and profile errors exit 2', () => {
  it('names the field of a malformed profile', async () => {
    const dir = tmpDir('badprofile');
    const f = path.join(dir, 'bad.yaml');
    writeFileSync(f, 'name: bad\nendpoint: http://127.0.0.1:1\nregion: r\naddressing: sideways\nidentities:\n  main: { accessKeyId: a }\n');
    const r = await cli(['run', '--profile', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/addressing: must be equal to one of the allowed values/);
    expect(r.stderr).toMatch(/identities\.main: must have required property 'secretAccessKey'/);
  });
  it('says which environment variable a profile needs', async () => {
    const r = await cli(['run', '--profile', 'nhn-kr1'], { S3C_MAIN_ACCESS_KEY: '', S3C_MAIN_SECRET_KEY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/environment variable S3C_MAIN_ACCESS_KEY is not set/);
  });
  it('rejects an unknown suite and an unknown option', async () => {
    expect((await cli(['run', '--suite', 'nope'])).code).toBe(2);
    expect((await cli(['run', '--frobnicate'])).code).toBe(2);
  });
});

const RGW = { name: 'rgw', port: 7480 };
async function rgwOrSkip(ctx: { skip: (note?: string) => never }): Promise<void> {
  if (await portOpen(RGW.port)) return;
  if (requiredTargets().includes(RGW.name)) throw new Error('rgw is required (S3C_REQUIRE_TARGETS) but not running');
  ctx.skip('rgw is not running on 127.0.0.1:7480 (npx s3conform target start rgw)');
}

/** A copy of local-rgw whose expectations live in a folder the test may edit. */
function rgwProfileWithExpectations(edit: (cases: Record<string, unknown>) => void): string {
  const dir = tmpDir('exp');
  cpSync(path.join(FIXTURES, 'expectations', 'rgw'), path.join(dir, 'rgw'), { recursive: true });
  const file = path.join(dir, 'rgw', 'bucket.yaml');
  const doc = parseYaml(readFileSync(file, 'utf8')) as { cases: Record<string, unknown> };
  edit(doc.cases);
  writeFileSync(file, toYaml(doc));
  const profile = parseYaml(readFileSync(path.join(FIXTURES, 'profiles', 'local-rgw.yaml'), 'utf8')) as Record<string, unknown>;
  profile.expectations = path.join(dir, 'rgw');
  const pf = path.join(dir, 'profile.yaml');
  writeFileSync(pf, toYaml(profile));
  return pf;
}

describe('strict expectations (against RGW)', () => {
  it('a deleted expectation entry makes the run exit 1 naming the case', async (ctx) => {
    await rgwOrSkip(ctx);
    const removed = 'bucket/location/default-region';
    const pf = rgwProfileWithExpectations((cases) => delete cases[removed]);
    const r = await cli(['run', '--profile', pf, '--suite', 'bucket', '--out', tmpDir('strict1')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/new failures \(1\):\s+bucket\/location\/default-region/);
  });
  it('an expected failure that passes makes the run exit 1 as an unexpected pass', async (ctx) => {
    await rgwOrSkip(ctx);
    const pf = rgwProfileWithExpectations((cases) => {
      cases['bucket/head/existing-200'] = { verdict: 'fail', reason: 'pretend it fails' };
    });
    const r = await cli(['run', '--profile', pf, '--suite', 'bucket', '--out', tmpDir('strict2')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unexpected passes \(remove the expectation\) \(1\):\s+bucket\/head\/existing-200/);
  });
});

function rgwClient() {
  const profile = loadProfile(path.join(FIXTURES, 'profiles', 'local-rgw.yaml'));
  return makeClient({ profile, identity: profile.identities.main, identityName: 'main', record: false });
}

async function bucketsWith(prefix: string): Promise<string[]> {
  const r = await rgwClient().send(new ListBucketsCommand({}));
  return (r.Buckets ?? []).flatMap((b) => (b.Name?.startsWith(prefix) ? [b.Name] : []));
}

/** The prefix of the run writing into `out`, once its journal lists at least `atLeast` buckets. */
async function waitForBuckets(out: string, atLeast: number, ms = 60_000): Promise<string> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const run = existsSync(out) ? readdirSync(out).find((d) => d !== 'latest') : undefined;
    const journal = run ? path.join(out, run, 'journal.ndjson') : undefined;
    if (journal && existsSync(journal)) {
      const text = readFileSync(journal, 'utf8');
      if ((text.match(/"t":"bucket"/g) ?? []).length >= atLeast) return (JSON.parse(text.split('\n')[0]) as { prefix: string }).prefix;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the run created no bucket in time');
}

describe('interrupted runs leave nothing behind (against RGW)', () => {
  it('SIGINT: the run stops, cleans up its buckets, reports interrupted, exits 130', async (ctx) => {
    await rgwOrSkip(ctx);
    const out = tmpDir('sigint');
    const child = spawn(process.execPath, [BIN, 'run', '--profile', 'local-rgw', '--out', out], { cwd: REPO_ROOT, env: { ...process.env, CI: 'true' } });
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const prefix = await waitForBuckets(out, 3);
    child.kill('SIGINT');
    expect(await done).toBe(130);
    expect(await bucketsWith(prefix)).toEqual([]);
    const results = readResults(path.join(out, readlinkSync(path.join(out, 'latest')), 'results.json'));
    expect(results.run.interrupted).toBe(true);
    expect(results.run.stopReason).toMatch(/SIGINT/);
  });

  it('kill -9 then sweep: every bucket of the run is gone, a bucket without the prefix survives', async (ctx) => {
    await rgwOrSkip(ctx);
    const s3 = rgwClient();
    const bystander = `keep-me-${Date.now().toString(36)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bystander }));
    try {
      const out = tmpDir('kill9');
      // Own process group, so kill -9 takes the vitest workers down with the run, as a
      // container or CI runner being killed would.
      const child = spawn(process.execPath, [BIN, 'run', '--profile', 'local-rgw', '--out', out], { cwd: REPO_ROOT, detached: true, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
      const done = new Promise((resolve) => child.on('close', resolve));
      const prefix = await waitForBuckets(out, 5);
      // Journaled is not created (a refused name is journaled too, and files clean up quickly
      // now that their cases run concurrently): kill once the endpoint really holds some.
      for (const t0 = Date.now(); Date.now() - t0 < 60_000 && (await bucketsWith(prefix)).length === 0; ) await new Promise((r) => setTimeout(r, 50));
      process.kill(-child.pid!, 'SIGKILL');
      await done;
      await new Promise((r) => setTimeout(r, 500));
      expect((await bucketsWith(prefix)).length, 'the killed run left buckets to sweep').toBeGreaterThan(0);
      // The journal of the killed run tells sweep exactly what to remove.
      const sweep = await cli(['sweep', '--profile', 'local-rgw', '--reports', out]);
      expect(sweep.code, sweep.stdout + sweep.stderr).toBe(0);
      expect(await bucketsWith(prefix)).toEqual([]);
      // --all widens to every s3c- bucket, never to one without the prefix.
      const wide = await cli(['sweep', '--profile', 'local-rgw', '--reports', out, '--all', '--dry-run']);
      expect(wide.stdout).not.toContain(bystander);
      const all = await s3.send(new ListBucketsCommand({}));
      expect((all.Buckets ?? []).map((b) => b.Name)).toContain(bystander);
    } finally {
      await s3.send(new DeleteBucketCommand({ Bucket: bystander })).catch(() => undefined);
    }
  });
});
