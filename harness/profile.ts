// Target profiles: load YAML/JSON, validate against profile.schema.json, resolve env: secrets.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { assertValid, SchemaError } from './schema.ts';

export interface IdentityRef {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  displayName?: string;
}
export interface Identity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  displayName?: string;
}

export interface Budget {
  maxRequests?: number;
  maxBytes?: number;
  requestTimeoutMs: number;
  runTimeoutS?: number;
}

/** A profile as written in the file (secrets still as env: references). */
export interface ProfileFile {
  name: string;
  description?: string;
  endpoint: string;
  region: string;
  addressing: 'path' | 'virtual';
  virtualHostDomain?: string;
  signatures: ('v4' | 'v2')[];
  identities: { main: IdentityRef; alt?: IdentityRef };
  docs: string[];
  expectations?: string;
  tls?: { rejectUnauthorized?: boolean; caFile?: string };
  budget?: { maxRequests?: number; maxBytes?: number | string; requestTimeoutMs?: number; runTimeoutS?: number };
  concurrency: number;
  largeObjectMiB?: number;
}

export interface Profile extends Omit<ProfileFile, 'identities' | 'budget'> {
  identities: { main: Identity; alt?: Identity };
  budget: Budget;
  /** The file it came from, or '(embedded)'. */
  source: string;
}

export class ProfileError extends Error {
  override name = 'ProfileError';
}

const UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

export function parseBytes(v: number | string | undefined): number | undefined {
  if (v === undefined || typeof v === 'number') return v;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(B|KiB|MiB|GiB|TiB)$/.exec(v);
  if (!m) throw new ProfileError(`budget.maxBytes: cannot read '${v}'`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

/** Reads and validates a profile file without resolving secrets (safe to print). */
export function readProfileFile(file: string): ProfileFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProfileError(`cannot read profile ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ProfileError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  try {
    return assertValid<ProfileFile>('profile.schema.json', data, file);
  } catch (e) {
    if (e instanceof SchemaError) throw new ProfileError(e.message);
    throw e;
  }
}

/** `env:VAR` → process.env.VAR; anything else is taken literally. */
export function resolveRef(value: string, field: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!value.startsWith('env:')) return value;
  const name = value.slice(4);
  const got = env[name];
  if (got === undefined || got === '') {
    throw new ProfileError(`${field}: environment variable ${name} is not set`);
  }
  return got;
}

function resolveIdentity(ref: IdentityRef, field: string, env: NodeJS.ProcessEnv): Identity {
  return {
    accessKeyId: resolveRef(ref.accessKeyId, `${field}.accessKeyId`, env),
    secretAccessKey: resolveRef(ref.secretAccessKey, `${field}.secretAccessKey`, env),
    ...(ref.sessionToken ? { sessionToken: resolveRef(ref.sessionToken, `${field}.sessionToken`, env) } : {}),
    ...(ref.displayName ? { displayName: ref.displayName } : {}),
  };
}

export function resolveProfile(pf: ProfileFile, source: string, env: NodeJS.ProcessEnv = process.env): Profile {
  const budget: Budget = {
    requestTimeoutMs: pf.budget?.requestTimeoutMs ?? 30_000,
    ...(pf.budget?.maxRequests ? { maxRequests: pf.budget.maxRequests } : {}),
    ...(pf.budget?.maxBytes !== undefined ? { maxBytes: parseBytes(pf.budget.maxBytes) } : {}),
    ...(pf.budget?.runTimeoutS ? { runTimeoutS: pf.budget.runTimeoutS } : {}),
  };
  const { identities, budget: _b, ...rest } = pf;
  return {
    ...rest,
    identities: {
      main: resolveIdentity(identities.main, 'identities.main', env),
      ...(identities.alt ? { alt: resolveIdentity(identities.alt, 'identities.alt', env) } : {}),
    },
    budget,
    endpoint: pf.endpoint.replace(/\/$/, ''),
    source,
  };
}

export function loadProfile(file: string, env: NodeJS.ProcessEnv = process.env): Profile {
  return resolveProfile(readProfileFile(file), file, env);
}

/** Every secret value of a profile, for redaction of outputs. */
export function secretsOf(p: Profile): string[] {
  const ids = [p.identities.main, p.identities.alt].filter((x): x is Identity => !!x);
  return ids.flatMap((i) => [i.secretAccessKey, i.sessionToken ?? '']).filter((s) => s.length >= 4);
}
