// Shared by the CLI commands: exit codes, profile loading, suite discovery.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ProfileError, loadProfile, readProfileFile, resolveProfile, secretsOf, type Profile, type ProfileFile } from '../profile.ts';
import { resolveProfilePath, SUITES } from '../paths.ts';
import { registerSecrets } from '../redact.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function loadProfileOrExit(arg: string): { file: ProfileFile; profile: Profile; path: string } {
  const p = resolveProfilePath(arg);
  try {
    const file = readProfileFile(p);
    const profile = resolveProfile(file, p);
    registerSecrets(secretsOf(profile));
    return { file, profile, path: p };
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(`profile error: ${e.message}`);
    throw e;
  }
}

export { loadProfile };

export function allSuites(): string[] {
  return readdirSync(SUITES)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.test.ts'.length))
    .sort();
}

export function suiteFiles(names: string[]): string[] {
  return names.map((n) => path.join(SUITES, `${n}.test.ts`));
}

export function selectSuites(requested: string[] | undefined): string[] {
  const all = allSuites();
  if (!requested?.length) return all;
  const unknown = requested.filter((s) => !all.includes(s));
  if (unknown.length) throw new UsageError(`unknown suite(s): ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return [...new Set(requested)];
}
