// The embedded default target: s3rver in-process on a free loopback port with a temp dir.
// Its credentials are s3rver's fixed S3RVER/S3RVER; they travel to the workers as env: refs
// like any profile's, so the run code has one path for every target.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import type { ProfileFile } from '../profile.ts';
import { REPO_ROOT } from '../paths.ts';

export const EMBEDDED_KEY_ENV = 'S3C_EMBEDDED_ACCESS_KEY';
export const EMBEDDED_SECRET_ENV = 'S3C_EMBEDDED_SECRET_KEY';
export const VIRTUAL_HOST_DOMAIN = 's3.localhost';

export interface EmbeddedTarget {
  profile: ProfileFile;
  stop(): Promise<void>;
}

export async function startEmbedded(): Promise<EmbeddedTarget> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's3conform-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true, serviceEndpoint: VIRTUAL_HOST_DOMAIN });
  const addr = (await server.run()) as AddressInfo;
  process.env[EMBEDDED_KEY_ENV] = 'S3RVER';
  process.env[EMBEDDED_SECRET_ENV] = 'S3RVER';
  const expectations = 'fixtures/expectations/s3rver';
  const profile: ProfileFile = {
    name: 'embedded-s3rver',
    description: 's3rver (npm) started in-process: a lightweight fake, useful to see the matrix colours',
    endpoint: `http://127.0.0.1:${addr.port}`,
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
      await server.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
