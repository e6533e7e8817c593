// `s3conform target start|stop|status NAME`: the local targets the project owns.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import { EXIT, UsageError } from './common.ts';

interface ScriptTarget {
  script: string;
  env?: Record<string, string>;
  profile: string;
}

export const SCRIPT_TARGETS: Record<string, ScriptTarget> = {
  rgw: { script: 'harness/targets/rgw.sh', profile: 'local-rgw' },
  swift: { script: 'harness/targets/swift.sh', env: { SWIFT_S3_ACL: 'false' }, profile: 'local-swift' },
  'swift-s3acl': { script: 'harness/targets/swift.sh', env: { SWIFT_S3_ACL: 'true' }, profile: 'local-swift-s3acl' },
};

export async function targetCommand(action: string, name: string): Promise<number> {
  if (!['start', 'stop', 'status'].includes(action)) throw new UsageError(`target action must be start, stop or status, got '${action}'`);
  if (name.startsWith('container:')) {
    const { containerTarget } = await import('../targets/container.ts');
    return containerTarget(action, name.slice('container:'.length));
  }
  const t = SCRIPT_TARGETS[name];
  if (!t) throw new UsageError(`unknown target '${name}' (known: ${Object.keys(SCRIPT_TARGETS).join(', ')}, container:IMAGE)`);
  const r = spawnSync('bash', [path.join(REPO_ROOT, t.script), action], {
    stdio: 'inherit',
    env: { ...process.env, ...t.env },
  });
  if (r.status === 0 && action === 'start') {
    process.stdout.write(`profile: fixtures/profiles/${t.profile}.yaml  (npx s3conform run --profile ${t.profile})\n`);
  }
  return r.status ?? EXIT.failed;
}
