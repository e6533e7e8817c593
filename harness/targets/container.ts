// Disposable targets in containers (testcontainers), for users who have a Docker engine.
// `s3conform target start container:minio` starts one, writes a profile for it, and keeps it
// running until Ctrl-C (testcontainers' reaper removes it when this process ends).
// Where there is no engine, say so and stop: never pretend a target ran.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify as toYaml } from 'yaml';
import { EXIT } from '../cli/common.ts';
import { REPO_ROOT } from '../paths.ts';

export type DockerCheck = { ok: true } | { ok: false; reason: string };

export async function dockerAvailable(): Promise<DockerCheck> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `no container runtime reachable (testcontainers: ${(e as Error).message.split('\n')[0]})` };
  }
}

interface ImageRecipe {
  image: string;
  port: number;
  command?: string[];
  env: (user: string, secret: string) => Record<string, string>;
  healthPath: string;
}

/** Known S3 servers; any other image is started with S3_ACCESS_KEY/S3_SECRET_KEY on port 9000. */
const RECIPES: Record<string, ImageRecipe> = {
  minio: {
    image: 'minio/minio:latest',
    port: 9000,
    command: ['server', '/data'],
    env: (user, secret) => ({ MINIO_ROOT_USER: user, MINIO_ROOT_PASSWORD: secret }),
    healthPath: '/minio/health/live',
  },
};

function recipeFor(name: string): ImageRecipe {
  return RECIPES[name] ?? { image: name, port: 9000, env: (user, secret) => ({ S3_ACCESS_KEY: user, S3_SECRET_KEY: secret }), healthPath: '/' };
}

/** Only ever used for a disposable container on this machine (set S3C_CONTAINER_SECRET to choose). */
const LOCAL_CONTAINER_SECRET = 's3conform-disposable-container-key';

export const CONTAINER_PROFILES = path.join(REPO_ROOT, '.s3conform', 'profiles');

export function containerProfileName(name: string): string {
  return `container-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.replace(/-+$/, '');
}

export async function containerTarget(action: string, name: string): Promise<number> {
  const docker = await dockerAvailable();
  if (!docker.ok) {
    process.stderr.write(
      `container:${name}: ${docker.reason}.\n` +
        `Container targets need a Docker (or Podman) engine. Without one, use the local targets: ` +
        `'npx s3conform target start rgw' or 'swift'.\n`,
    );
    return EXIT.usage;
  }
  if (action !== 'start') {
    process.stderr.write(`container:${name}: a container target lives as long as its 'target start' process; stop it with Ctrl-C there.\n`);
    return action === 'status' ? EXIT.ok : EXIT.usage;
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const recipe = recipeFor(name);
  const user = `s3c${randomBytes(4).toString('hex')}`;
  // A throwaway local key unless the user brings one; a key from the environment stays there.
  const fromEnv = process.env.S3C_CONTAINER_SECRET;
  const secret = fromEnv ?? LOCAL_CONTAINER_SECRET;
  let c = new GenericContainer(recipe.image)
    .withExposedPorts(recipe.port)
    .withEnvironment(recipe.env(user, secret))
    .withWaitStrategy(Wait.forHttp(recipe.healthPath, recipe.port).forStatusCodeMatching((s) => s < 500));
  if (recipe.command) c = c.withCommand(recipe.command);
  const started = await c.start();
  const profileName = containerProfileName(name);
  mkdirSync(CONTAINER_PROFILES, { recursive: true });
  const file = path.join(CONTAINER_PROFILES, `${profileName}.yaml`);
  writeFileSync(
    file,
    toYaml({
      name: profileName,
      description: `${recipe.image} in a disposable container (testcontainers)`,
      endpoint: `http://${started.getHost()}:${started.getMappedPort(recipe.port)}`,
      region: 'us-east-1',
      addressing: 'path',
      signatures: ['v4'],
      identities: { main: { accessKeyId: user, secretAccessKey: fromEnv ? 'env:S3C_CONTAINER_SECRET' : LOCAL_CONTAINER_SECRET } },
      docs: ['aws-s3'],
      concurrency: 8,
    }),
  );
  process.stdout.write(
    `container:${name} running (${recipe.image}); profile ${path.relative(REPO_ROOT, file)}\n` +
      `in another shell: npx s3conform run --profile ${path.relative(REPO_ROOT, file)}\n` +
      `Ctrl-C stops and removes it.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await started.stop();
  rmSync(file, { force: true });
  return EXIT.ok;
}
