// Running the real CLI as a child process, as a user would.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/paths.ts';

export const BIN = path.join(REPO_ROOT, 'bin', 's3conform.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function tmpDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `s3c-it-${label}-`));
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, CI: 'true', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function cliSync(args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, CI: 'true' }, encoding: 'utf8' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host, timeout: 1000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Local targets the integration tests run against, and the port that says one is up. */
export const LOCAL_TARGETS = [
  { name: 'rgw', profile: 'local-rgw', port: 7480 },
  { name: 'swift', profile: 'local-swift', port: 8080 },
  { name: 'swift-s3acl', profile: 'local-swift-s3acl', port: 8081 },
] as const;

/**
 * Targets named in S3C_REQUIRE_TARGETS (set by .ci/run) must be up: a missing one fails the
 * test instead of skipping it, so CI can never go green without having run them.
 */
export function requiredTargets(): string[] {
  return (process.env.S3C_REQUIRE_TARGETS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
