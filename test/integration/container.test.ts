// Container targets (testcontainers) serve users with a Docker engine. Without one the CLI must
// say so clearly and exit 2; the container run itself is skipped with that reason, never faked.
import { describe, expect, it } from 'vitest';
import { dockerAvailable } from '../../harness/targets/container.ts';
import { cli } from './cli-helpers.ts';

const docker = await dockerAvailable();

describe('container targets', () => {
  it.runIf(!docker.ok)('without a container engine, target start container:minio exits 2 and says why', async () => {
    const r = await cli(['target', 'start', 'container:minio']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/container:minio: no container runtime reachable/);
    expect(r.stderr).toMatch(/need a Docker \(or Podman\) engine/);
  });

  it('a disposable MinIO container runs the bucket suite', async (ctx) => {
    if (!docker.ok) {
      if (process.env.S3C_REQUIRE_DOCKER === '1') throw new Error(`S3C_REQUIRE_DOCKER=1 but ${docker.reason}`);
      ctx.skip(`needs a Docker engine: ${docker.reason}`);
    }
    const { GenericContainer, Wait } = await import('testcontainers');
    const started = await new GenericContainer('minio/minio:latest')
      .withExposedPorts(9000)
      .withCommand(['server', '/data'])
      .withEnvironment({ MINIO_ROOT_USER: 's3conformtest', MINIO_ROOT_PASSWORD: 's3conform-disposable-container-key' })
      .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
      .start();
    try {
      const { writeFileSync, mkdtempSync } = await import('node:fs');
      const path = await import('node:path');
      const os = await import('node:os');
      const f = path.join(mkdtempSync(path.join(os.tmpdir(), 's3c-minio-')), 'minio.yaml');
      writeFileSync(f, `name: container-minio\nendpoint: http://${started.getHost()}:${started.getMappedPort(9000)}\nregion: us-east-1\nidentities:\n  main: { accessKeyId: s3conformtest, secretAccessKey: s3conform-disposable-container-key }\n`);
      const out = path.dirname(f);
      const r = await cli(['run', '--profile', f, '--suite', 'bucket', '--out', out]);
      expect(r.code, r.stderr).not.toBe(2);
      const { readResults } = await import('../../harness/results.ts');
      const { readlinkSync } = await import('node:fs');
      const results = readResults(path.join(out, readlinkSync(path.join(out, 'latest')), 'results.json'));
      // MinIO implements the bucket operations: most cases must pass, none may error.
      expect(results.summary.error).toBe(0);
      expect(results.summary.pass).toBeGreaterThanOrEqual(10);
    } finally {
      await started.stop();
    }
  });
});
