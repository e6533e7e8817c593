// Where things live, resolved from this file so the CLI works from any working directory.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');
export const SCHEMAS = path.join(FIXTURES, 'schemas');
export const PROFILES = path.join(FIXTURES, 'profiles');
export const SUITES = path.join(REPO_ROOT, 'suites');
export const DEFAULT_REPORTS = path.join(REPO_ROOT, 'reports');

/** A profile argument may be a path or a bare name under fixtures/profiles/. */
export function resolveProfilePath(arg: string): string {
  if (arg.includes('/') || arg.endsWith('.yaml') || arg.endsWith('.yml') || arg.endsWith('.json')) {
    return path.resolve(arg);
  }
  return path.join(PROFILES, `${arg}.yaml`);
}
