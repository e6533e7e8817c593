// The embedded default target: s3rver on a free loopback port with a temp dir, in a child
// process of the CLI (s3rver-child.mjs) so that its crashes cannot end the run.
// Its credentials are s3rver's fixed S3RVER/S3RVER; they travel to the workers as env: refs
// like any profile's, so the run code has one path for every target.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import type { ProfileFile } from '../profile.ts';
import { REPO_ROOT } from '../paths.ts';

export const EMBEDDED_KEY_ENV = 'S3C_EMBEDDED_ACCESS_KEY';
export const EMBEDDED_SECRET_ENV = 'S3C_EMBEDDED_SECRET_KEY';
export const VIRTUAL_HOST_DOMAIN = 's3.localhost';
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 's3rver-child.mjs');

export interface EmbeddedTarget {
  profile: ProfileFile;
  stop(): Promise<void>;
}

export async function startEmbedded(): Promise<EmbeddedTarget> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's3conform-s3rver-'));
  // s3rver matches virtual hosts as `<bucket>.s3.<serviceEndpoint>`, so the service endpoint is the
  // domain without its `s3.` label (with `s3.localhost` it took `b.s3.localhost` for a CNAME bucket).
  let stopping = false;
  const child = spawn(process.execPath, [CHILD, dir, VIRTUAL_HOST_DOMAIN.replace(/^s3\./, '')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`embedded s3rver exited before listening (code ${code})`)));
  });
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`[s3conform] the embedded s3rver went away (${signal ?? `exit ${code}`}); later cases will end as error\n`);
  });
  process.env[EMBEDDED_KEY_ENV] = 'S3RVER';
  process.env[EMBEDDED_SECRET_ENV] = 'S3RVER';
  const expectations = 'fixtures/expectations/s3rver';
  const profile: ProfileFile = {
    name: 'embedded-s3rver',
    description: 's3rver (npm) started by the CLI: a lightweight fake, useful to see the matrix colours',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    addressing: 'path',
    virtualHostDomain: VIRTUAL_HOST_DOMAIN,
    signatures: ['v4', 'v2'],
    identities: { main: { accessKeyId: `env:${EMBEDDED_KEY_ENV}`, secretAccessKey: `env:${EMBEDDED_SECRET_ENV}` } },
    docs: ['nhn-cloud', 'naver-cloud', 'aws-s3'],
    ...(existsSync(path.join(REPO_ROOT, expectations)) ? { expectations } : {}),
    budget: { requestTimeoutMs: 15_000 },
    concurrency: 8,
  };
  return {
    profile,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
