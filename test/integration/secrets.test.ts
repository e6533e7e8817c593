// No secret anywhere: a full run with a distinctive secret key, then every byte the run wrote
// (every file of its run folder, whatever writers exist by then) and everything it printed is
// searched for the secret. Against RGW a throwaway S3 user is created with that secret; without
// RGW an s3rver that accepts any signature stands in (the secret is still used to sign).
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { cli, portOpen, requiredTargets, tmpDir } from './cli-helpers.ts';
import { FIXTURES, REPO_ROOT } from '../../harness/paths.ts';
import { readResults } from '../../harness/results.ts';

const RGW_DIR = process.env.RGW_DIR ?? '/tmp/rgw-target';
const CEPH_CONF = path.join(RGW_DIR, 'ceph.conf');

const tag = randomBytes(6).toString('hex');
// 40 characters like an AWS secret key; the random middle is what a partial leak would show.
const SECRET = `s3cCanary${randomBytes(12).toString('hex')}Zq9`.padEnd(40, 'x').slice(0, 40);
const FRAGMENTS = [SECRET, SECRET.slice(9, 33)];
const ACCESS_KEY = `S3CCANARY${tag.toUpperCase()}`.slice(0, 20);
const UID = `s3c-canary-${tag}`;

let userCreated = false;
let s3rver: ChildProcess | undefined;
let s3rverDir: string | undefined;
afterAll(async () => {
  if (userCreated) spawnSync('radosgw-admin', ['-c', CEPH_CONF, 'user', 'rm', `--uid=${UID}`, '--purge-data'], { stdio: 'ignore' });
  s3rver?.kill('SIGTERM');
  if (s3rverDir) rmSync(s3rverDir, { recursive: true, force: true });
});

/** Every file under dir, recursively (symlinks are not followed). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...filesUnder(p));
    else if (d.isFile()) out.push(p);
  }
  return out;
}

function leaks(text: string): string[] {
  return FRAGMENTS.filter((f) => text.includes(f)).map((f) => (f === SECRET ? 'the whole secret' : 'a 24-character piece of the secret'));
}

/** A profile whose main identity signs with the canary secret, given through env: references. */
async function canaryProfile(dir: string): Promise<{ file: string; target: string }> {
  const env = { S3C_CANARY_ACCESS_KEY: ACCESS_KEY, S3C_CANARY_SECRET_KEY: SECRET };
  Object.assign(process.env, env);
  // S3C_SECRETS_TARGET=s3rver takes the s3rver path even when RGW is up.
  if (process.env.S3C_SECRETS_TARGET !== 's3rver' && (await portOpen(7480)) && existsSync(CEPH_CONF)) {
    // The JSON answer holds the secret: it is not printed or kept.
    const r = spawnSync('radosgw-admin', ['-c', CEPH_CONF, 'user', 'create', `--uid=${UID}`, `--display-name=${UID}`, `--access-key=${ACCESS_KEY}`, `--secret=${SECRET}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`radosgw-admin user create failed (exit ${r.status})`);
    userCreated = true;
    const profile = parseYaml(readFileSync(path.join(FIXTURES, 'profiles', 'local-rgw.yaml'), 'utf8')) as Record<string, unknown>;
    const ids = profile.identities as Record<string, unknown>;
    ids.main = { accessKeyId: 'env:S3C_CANARY_ACCESS_KEY', secretAccessKey: 'env:S3C_CANARY_SECRET_KEY', displayName: UID };
    delete profile.expectations;
    Object.assign(profile, { name: 'canary-rgw' });
    const file = path.join(dir, 'profile.yaml');
    writeFileSync(file, toYaml(profile));
    return { file, target: 'rgw' };
  }
  if (process.env.S3C_SECRETS_TARGET !== 's3rver' && requiredTargets().includes('rgw')) throw new Error('rgw is required (S3C_REQUIRE_TARGETS) but not running');
  // s3rver knows one access key (S3RVER); with allowMismatchedSignatures it accepts requests
  // signed with any secret, so the canary secret still signs every request.
  s3rverDir = mkdtempSync(path.join(os.tmpdir(), 's3c-canary-s3rver-'));
  // The same guard as harness/targets/s3rver-child.mjs: s3rver's unguarded part streams.
  const script = `import S3rver from 's3rver'; process.on('uncaughtException', (e) => { if (!String(e?.path ?? '').startsWith(process.argv[1])) process.exit(70); }); const a = await new S3rver({ port: 0, address: '127.0.0.1', directory: process.argv[1], silent: true, allowMismatchedSignatures: true }).run(); console.log(a.port);`;
  s3rver = spawn(process.execPath, ['--input-type=module', '-e', script, s3rverDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    s3rver!.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    s3rver!.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  process.env.S3C_CANARY_ACCESS_KEY = 'S3RVER';
  const profile = {
    name: 'canary-s3rver',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    addressing: 'path',
    signatures: ['v4', 'v2'],
    identities: { main: { accessKeyId: 'env:S3C_CANARY_ACCESS_KEY', secretAccessKey: 'env:S3C_CANARY_SECRET_KEY' } },
    docs: ['aws-s3'],
    budget: { requestTimeoutMs: 15_000 },
    concurrency: 8,
  };
  const file = path.join(dir, 'profile.yaml');
  writeFileSync(file, toYaml(profile));
  return { file, target: 's3rver' };
}

describe('no secret in any output', () => {
  it('a full run with a distinctive secret: not in results, junit, run.json, journal, reports, console', async () => {
    const dir = tmpDir('secrets');
    const { file, target } = await canaryProfile(dir);
    const out = path.join(dir, 'reports');
    // Not quiet, not CI-plain only: everything the run prints is captured.
    const r = await cli(['run', '--profile', file, '--out', out]);
    const runDir = path.join(out, readdirSync(out).find((d) => d !== 'latest')!);
    const results = readResults(path.join(runDir, 'results.json'));
    // The run really used the secret: many cases passed, so the endpoint took its signatures.
    expect(results.summary.pass, `${target}: ${r.stderr.slice(-2000)}`).toBeGreaterThan(results.summary.total / 4);

    const written = filesUnder(runDir);
    for (const expected of ['results.json', 'junit.xml', 'run.json', 'journal.ndjson']) {
      expect(written.map((f) => path.basename(f)), `the run wrote ${expected}`).toContain(expected);
    }
    const found: string[] = [];
    for (const f of written) {
      if (statSync(f).size > 200 * 2 ** 20) continue;
      for (const what of leaks(readFileSync(f).toString('latin1'))) found.push(`${path.relative(dir, f)}: ${what}`);
    }
    for (const what of leaks(r.stdout)) found.push(`stdout: ${what}`);
    for (const what of leaks(r.stderr)) found.push(`stderr: ${what}`);
    expect(found, 'where the secret leaked').toEqual([]);
    // The profile copy in the run folder keeps the env: reference, not the value.
    expect(readFileSync(path.join(runDir, 'run.json'), 'utf8')).toContain('env:S3C_CANARY_SECRET_KEY');
  });
});
