// Disposable targets in containers (testcontainers), for users who have a Docker engine.
// Where there is none, say so and stop: never pretend a target ran.
import { EXIT } from '../cli/common.ts';

export async function dockerAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `no container runtime reachable (${(e as Error).message.split('\n')[0]})` };
  }
}

export async function containerTarget(action: string, image: string): Promise<number> {
  const docker = await dockerAvailable();
  if (!docker.ok) {
    process.stderr.write(`container:${image}: ${docker.reason}. Container targets need a Docker engine; use 'target start rgw' or 'swift' instead.\n`);
    return EXIT.usage;
  }
  process.stderr.write(`container:${image} ${action}: not implemented yet\n`);
  return EXIT.failed;
}
