// The run context inside a vitest worker: the profile (secrets resolved from the environment),
// clients per identity, the journal, unique names, and the request budget.
import { S3Client } from '@aws-sdk/client-s3';
import { readRunConfig, type RunConfig } from './run-config.ts';
import { resolveProfile, secretsOf, type Profile } from './profile.ts';
import { Journal, type IdentityName } from './journal.ts';
import { makeClient, type ClientSpec } from './clients.ts';
import { registerSecrets } from './redact.ts';
import { BudgetCounter } from './budget.ts';

export interface RunContext {
  config: RunConfig;
  profile: Profile;
  journal: Journal;
  main: S3Client;
  alt?: S3Client;
  anon: S3Client;
  /** The main identity with today's @aws-sdk/client-s3 defaults (flexible checksums, aws-chunked). */
  sdkDefaults: S3Client;
  /** For cleanup: a few retries, no evidence recording. */
  cleanupClient(identity: IdentityName): S3Client;
  client(identity: IdentityName | 'anonymous', overrides?: Partial<ClientSpec>): S3Client;
  gate(bytes: number): void;
}

let ctx: RunContext | undefined;

export function getContext(): RunContext {
  if (ctx) return ctx;
  const config = readRunConfig();
  const profile = resolveProfile(config.profile, config.profileSource);
  registerSecrets(secretsOf(profile));
  const journal = new Journal(config.journal);

  // Budgets are global across the worker processes (harness/budget.ts): every gated request
  // is counted in the run folder, and the CLI stops the run once one has been refused.
  const counter = new BudgetCounter(config.outDir, profile.budget);
  const gate = (bytes: number) => counter.charge(bytes);

  const client = (identity: IdentityName | 'anonymous', overrides: Partial<ClientSpec> = {}) => {
    const id = identity === 'anonymous' ? null : profile.identities[identity];
    if (identity !== 'anonymous' && !id) throw new Error(`profile ${profile.name} has no ${identity} identity`);
    return makeClient({ profile, identity: id ?? null, identityName: identity, journal, gate, ...overrides });
  };

  const cleanupClients = new Map<IdentityName, S3Client>();
  ctx = {
    config,
    profile,
    journal,
    main: client('main'),
    ...(profile.identities.alt ? { alt: client('alt') } : {}),
    anon: client('anonymous'),
    sdkDefaults: client('main', { flavour: 'sdk-defaults' }),
    cleanupClient(identity) {
      let c = cleanupClients.get(identity);
      if (!c) {
        c = client(profile.identities[identity] ? identity : 'main', { record: false, maxAttempts: 3, gate: undefined });
        cleanupClients.set(identity, c);
      }
      return c;
    },
    client,
    gate,
  };
  return ctx;
}

let counter = 0;
const workerTag = (process.pid % 1296).toString(36).padStart(2, '0');

/**
 * A bucket name of this run: prefix + label + a per-process counter. Always lowercase, at most
 * 63 characters. Names that must break a rule are built by the naming suite from this base.
 */
export function uniqueBucketName(prefix: string, label: string): string {
  counter += 1;
  const tail = `-${workerTag}${counter.toString(36)}`;
  const clean = label.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${prefix}${clean}`.slice(0, 63 - tail.length).replace(/-+$/, '') + tail;
}
