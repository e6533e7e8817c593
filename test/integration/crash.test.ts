// A run survives its endpoint dying mid-run. The destructive robustness case (UploadPartCopy
// whose x-amz-copy-source key is a truncated '%' escape) aborts radosgw 16.2.15. It is sent to a
// private radosgw started here on the same local Ceph cluster (same users, same buckets) on its
// own port, so the shared gateway on 7480, which other runs may be using, never goes down and
// the order of the integration files does not matter. With concurrency 1 the robustness cases
// run in declaration order: the destructive one first, the others after the crash.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { cli, portOpen, requiredTargets, tmpDir } from './cli-helpers.ts';
import { FIXTURES, REPO_ROOT } from '../../harness/paths.ts';
import { loadProfile } from '../../harness/profile.ts';
import { makeClient } from '../../harness/clients.ts';
import { readResults } from '../../harness/results.ts';

const RGW_DIR = process.env.RGW_DIR ?? '/tmp/rgw-target';
const CEPH_CONF = path.join(RGW_DIR, 'ceph.conf');
const DESTRUCTIVE = 'robustness/upload-part-copy/truncated-escape-source-key';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface Gateway {
  proc: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A second radosgw of the local cluster, on its own port, with its own log and crash dirs. */
async function startGateway(port: number, dir: string): Promise<Gateway> {
  const proc = spawn(
    'radosgw',
    [
      '-c', CEPH_CONF, '-n', 'client.rgw.s3c-crash', '-f',
      `--rgw_frontends=beast endpoint=127.0.0.1:${port} tcp_nodelay=1`,
      `--rgw_data=${path.join(dir, 'data')}`, `--log_file=${path.join(dir, 'radosgw.log')}`,
      `--admin_socket=${path.join(dir, 'radosgw.asok')}`, `--crash_dir=${dir}`, `--pid_file=${path.join(dir, 'radosgw.pid')}`,
      '--rgw_dns_name=s3.localhost',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const t0 = Date.now();
  while (Date.now() - t0 < 60_000) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`radosgw exited at once (see ${dir}/radosgw.log)`);
    if (await portOpen(port)) return { proc, exited };
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill('SIGTERM');
  throw new Error('the private radosgw did not answer within 60 s');
}

async function stopGateway(g: Gateway | undefined): Promise<void> {
  if (!g || g.proc.exitCode !== null || g.proc.signalCode !== null) return;
  g.proc.kill('SIGTERM');
  const t = setTimeout(() => g.proc.kill('SIGKILL'), 15_000);
  await g.exited;
  clearTimeout(t);
}

let gateway: Gateway | undefined;
afterAll(async () => {
  await stopGateway(gateway);
  // Belt and braces: whatever happened here, the shared gateway must be up for later tests.
  if (existsSync(CEPH_CONF) && !(await portOpen(7480))) spawnSync('bash', [path.join(REPO_ROOT, 'harness/targets/rgw.sh'), 'start'], { stdio: 'ignore' });
});

describe('the endpoint dies mid-run (against a private RGW gateway)', () => {
  it('later cases end as error with connection refused, the run finishes, reports, says so; sweep cleans up', async (ctx) => {
    if (!(await portOpen(7480)) || !existsSync(CEPH_CONF)) {
      if (requiredTargets().includes('rgw')) throw new Error('rgw is required (S3C_REQUIRE_TARGETS) but not running');
      ctx.skip('rgw is not running on 127.0.0.1:7480 (npx s3conform target start rgw)');
    }
    const dir = tmpDir('crash');
    const port = await freePort();
    gateway = await startGateway(port, dir);

    const profile = parseYaml(readFileSync(path.join(FIXTURES, 'profiles', 'local-rgw.yaml'), 'utf8')) as Record<string, unknown>;
    delete profile.expectations;
    Object.assign(profile, { name: 'crash-rgw', endpoint: `http://127.0.0.1:${port}`, concurrency: 1, budget: { requestTimeoutMs: 30_000, runTimeoutS: 120 } });
    const pf = path.join(dir, 'profile.yaml');
    writeFileSync(pf, toYaml(profile));
    const out = path.join(dir, 'reports');

    const t0 = Date.now();
    const r = await cli(['run', '--profile', pf, '--suite', 'robustness', '--include-destructive', '--out', out]);
    const wallMs = Date.now() - t0;
    const log = r.stderr.slice(-3000);

    // The gateway is gone: the case killed it.
    const died = await Promise.race([gateway.exited, new Promise<undefined>((res) => setTimeout(() => res(undefined), 10_000))]);
    expect(died, 'radosgw is still running: the destructive case did not crash it').toBeDefined();

    // The run finished on its own, wrote its results, and exits 1.
    expect(r.code, log).toBe(1);
    expect(wallMs).toBeLessThan(100_000);
    const results = readResults(path.join(out, 'latest', 'results.json'));
    expect(results.run.interrupted, log).toBe(false);
    const byId = new Map(results.cases.map((c) => [c.id, c]));
    const crash = byId.get(DESTRUCTIVE)!;
    expect(crash.verdict, crash.reason).toBe('error');
    expect(crash.evidence?.at(-1)?.networkError ?? '', 'the crashing request ended without an answer').toMatch(/ECONNRESET|socket hang up|ECONNREFUSED/);

    // Every case after it could not connect: error with the connection-refused evidence.
    const later = results.cases.filter((c) => c.id !== DESTRUCTIVE);
    expect(later.length).toBeGreaterThan(0);
    for (const c of later) {
      expect(c.verdict, `${c.id}: ${c.reason}`).toBe('error');
      const refused = /ECONNREFUSED/.test(c.reason ?? '') || (c.evidence ?? []).some((e) => /ECONNREFUSED/.test(e.networkError ?? ''));
      expect(refused, `${c.id}: ${c.reason}`).toBe(true);
    }
    // The console says what happened, and that cleanup could not reach the endpoint.
    expect(r.stderr).toMatch(/the endpoint went away: \d+ case\(s\) could not connect/);
    expect(r.stderr).toMatch(/is still down/);
    expect(r.stderr).toMatch(/cleanup: \d+ bucket\(s\) could not be removed; 's3conform sweep' retries/);

    // Back up, sweep removes what the run left (checked through the shared gateway).
    gateway = await startGateway(port, dir);
    // Only what the journal lists: the gateway shares the cluster (and the account) with other
    // runs, whose buckets sweep would otherwise take once they are older than an hour.
    const sweep = await cli(['sweep', '--profile', pf, '--reports', out, '--older-than', '5256000']);
    expect(sweep.code, sweep.stdout + sweep.stderr).toBe(0);
    const shared = loadProfile(path.join(FIXTURES, 'profiles', 'local-rgw.yaml'));
    const s3 = makeClient({ profile: shared, identity: shared.identities.main, identityName: 'main', record: false });
    const left = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).filter((b) => b.Name?.startsWith(results.run.prefix));
    s3.destroy();
    expect(left).toEqual([]);
  });
});
