// Declaring cases. A suite file is a list of `suite.case(meta, body)` calls: metadata beside a
// short body, like test262. The wrapper runs the body with an evidence recorder, turns the
// outcome into a verdict, and attaches verdict + evidence to the vitest task's meta.
import { afterAll, test } from 'vitest';
import { CreateBucketCommand, type BucketCannedACL, type S3Client } from '@aws-sdk/client-s3';
import type { CaseMeta, Exchange, Verdict } from './types.ts';
import { getContext, uniqueBucketName, type RunContext } from './context.ts';
import { Recorder, withRecorder } from './evidence.ts';
import { classify } from './verdict.ts';
import { PROFILE_SKIP, SetupError, SkipSignal, UnsupportedSignal } from './signals.ts';
import { removeBucket } from './cleanup.ts';
import { maskSecrets } from './redact.ts';
import { Journal, summarize, type IdentityName } from './journal.ts';
import { expectS3Error, type ErrorExpectation, type S3ErrorLike } from './expect.ts';

/** What the reporter reads from each task. */
export interface CaseOutcome {
  meta: CaseMeta;
  suite: string;
  verdict: Verdict;
  reason?: string;
  requests: number;
  evidence?: Exchange[];
  tolerated?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    s3c?: CaseOutcome;
    /** The declared metadata, present from collection on (used by `s3conform list`). */
    s3cCase?: CaseMeta & { suite: string };
  }
}

export interface CaseDecl extends Omit<CaseMeta, 'features' | 'claims'> {
  features?: string[];
  claims?: string[];
  /** A longer vitest timeout for a case that legitimately takes long (default: the project's). */
  timeoutMs?: number;
}

/** A value set up once per file, on first use, shared by the cases that ask for it. */
export interface Fixture<T> {
  readonly label: string;
  get(): Promise<T>;
}

export interface BucketOptions {
  label?: string;
  identity?: IdentityName;
  acl?: BucketCannedACL;
  /** Region for the LocationConstraint; default: none sent (the endpoint's default region). */
  locationConstraint?: string;
}

export interface CaseContext {
  readonly meta: CaseMeta;
  readonly run: RunContext;
  /** Main identity, conservative client. */
  readonly s3: S3Client;
  readonly anon: S3Client;
  /** Alt identity client; skips the case (with reason) when the profile has none. */
  alt(): S3Client;
  /** A unique object key for this case. */
  key(label?: string): string;
  /** A fresh bucket name of this run (not created). */
  bucketName(label?: string): string;
  /**
   * Remove this bucket at the end of the file: for buckets a case creates itself with
   * CreateBucketCommand (the client journals them before the request in any case).
   */
  track(bucket: string, identity?: IdentityName): string;
  /** Create a bucket for this case; journaled before the request, removed at the end of the file. */
  createBucket(opts?: BucketOptions): Promise<string>;
  use<T>(f: Fixture<T>): Promise<T>;
  /** Run a precondition: if it fails, the verdict is `error` (or `unsupported` on 501). */
  setup<T>(what: string, fn: () => Promise<T>): Promise<T>;
  skip(reason: string): never;
  unsupported(reason: string): never;
  /** Note that a tolerated alternative answer was accepted. */
  tolerate(note: string): void;
  /** The most recent exchange of this case. */
  lastExchange(): Exchange | undefined;
  /** The call must fail with this Code and status (see expectS3Error). */
  expectError(call: Promise<unknown>, expected: ErrorExpectation | string, status?: number): Promise<S3ErrorLike>;
}

interface FileState {
  buckets: { name: string; identity: IdentityName }[];
}

export interface SuiteOptions {
  /** Features added to every case of the suite. */
  features?: string[];
}

export function defineSuite(name: string, opts: SuiteOptions = {}) {
  const file: FileState = { buckets: [] };
  const ids = new Set<string>();
  let cleanupRegistered = false;

  const registerCleanup = () => {
    if (cleanupRegistered) return;
    cleanupRegistered = true;
    afterAll(async () => {
      if (!file.buckets.length) return;
      const run = getContext();
      // Buckets whose every create attempt was refused (or already removed) are left alone.
      const live = summarize(Journal.read(run.journal.file)).buckets;
      const results = await Promise.all(
        file.buckets.filter((b) => live.has(b.name)).map(async (b) => {
          const r = await removeBucket(run.cleanupClient(b.identity), b.name);
          // Only a bucket really deleted is marked: an 'absent' one may still appear (a create
          // that timed out on the client can land later), so the run-level cleanup looks again.
          if (r.removed) run.journal.write({ t: 'removed', bucket: b.name });
          return r;
        }),
      );
      const left = results.filter((r) => !r.removed && !r.absent);
      if (left.length) {
        // The run-level sweep retries these; say so rather than fail the file.
        console.warn(`[s3conform] ${name}: ${left.length} bucket(s) not removed yet: ${left.map((r) => `${r.bucket} (${r.error})`).join(', ')}`);
      }
    }, 120_000);
  };

  async function createBucketFor(run: RunContext, o: BucketOptions = {}): Promise<string> {
    registerCleanup();
    const identity = o.identity ?? 'main';
    const client = identity === 'alt' ? run.alt : run.main;
    if (!client) throw new SkipSignal(PROFILE_SKIP.noAlt);
    const bucket = uniqueBucketName(run.config.prefix, o.label ?? name);
    file.buckets.push({ name: bucket, identity });
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(o.acl ? { ACL: o.acl } : {}),
        ...(o.locationConstraint ? { CreateBucketConfiguration: { LocationConstraint: o.locationConstraint as never } } : {}),
      }),
    );
    return bucket;
  }

  function fixture<T>(label: string, make: (run: RunContext) => Promise<T>): Fixture<T> {
    let value: Promise<T> | undefined;
    return {
      label,
      get() {
        // The first case to ask creates it; the recorder of that case counts its requests.
        value ??= make(getContext());
        return value;
      },
    };
  }

  return {
    name,
    fixture,
    /** A bucket shared by the cases of this file, created on first use. */
    bucket(o: BucketOptions = {}): Fixture<string> {
      return fixture(`bucket ${o.label ?? name}`, (run) => createBucketFor(run, o));
    },

    case(decl: CaseDecl, body: (t: CaseContext) => Promise<void>): void {
      if (!decl.id.startsWith(`${name}/`)) throw new Error(`case id ${decl.id} must start with '${name}/'`);
      if (ids.has(decl.id)) throw new Error(`duplicate case id ${decl.id}`);
      ids.add(decl.id);
      const claims = decl.claims ?? [];
      const { timeoutMs, ...declared } = decl;
      const meta: CaseMeta = {
        ...declared,
        features: [...new Set([...(opts.features ?? []), ...(decl.features ?? [])])],
        claims: claims.includes(`op:${decl.op}`) ? claims : [`op:${decl.op}`, ...claims],
      };
      registerCleanup();

      test(decl.id, { ...(timeoutMs ? { timeout: timeoutMs } : {}), meta: { s3cCase: { ...meta, suite: name } } }, async ({ task, skip }) => {
        const rec = new Recorder();
        let tolerated: string | undefined;
        let verdict: Verdict = 'pass';
        let reason: string | undefined;
        const keySlug = decl.id.slice(name.length + 1).replace(/[^A-Za-z0-9._-]+/g, '-');
        let keyCount = 0;
        try {
          const run = getContext();
          const t: CaseContext = {
            meta,
            run,
            s3: run.main,
            anon: run.anon,
            alt() {
              if (!run.alt) throw new SkipSignal(PROFILE_SKIP.noAlt);
              return run.alt;
            },
            key(label = 'k') {
              keyCount += 1;
              return `${keySlug}/${label}${keyCount > 1 ? `-${keyCount}` : ''}`;
            },
            bucketName: (label = keySlug) => uniqueBucketName(run.config.prefix, label),
            track(bucket, identity = 'main') {
              registerCleanup();
              file.buckets.push({ name: bucket, identity });
              return bucket;
            },
            createBucket: (o) => t.setup('create bucket', () => createBucketFor(run, { label: keySlug.slice(0, 20), ...o })),
            use: (f) => t.setup(f.label, () => f.get()),
            async setup(what, fn) {
              try {
                return await fn();
              } catch (e) {
                if (e instanceof SkipSignal || e instanceof UnsupportedSignal || e instanceof SetupError) throw e;
                throw new SetupError(what, e);
              }
            },
            skip(r) {
              throw new SkipSignal(r);
            },
            unsupported(r) {
              throw new UnsupportedSignal(r);
            },
            tolerate(note) {
              tolerated = note;
            },
            lastExchange: () => rec.last(),
            expectError: (call, expected, status) => expectS3Error(t, call, expected, status),
          };
          await withRecorder(rec, () => body(t));
        } catch (e) {
          ({ verdict, reason } = classify(e));
        }
        const outcome: CaseOutcome = {
          meta,
          suite: name,
          verdict,
          requests: rec.requests,
          ...(reason !== undefined ? { reason: maskSecrets(reason) } : {}),
          ...(verdict !== 'pass' ? { evidence: rec.exchanges } : {}),
          ...(tolerated ? { tolerated } : {}),
        };
        task.meta.s3c = outcome;
        if (verdict === 'skip' || verdict === 'unsupported') skip(`${verdict}: ${reason}`);
        if (verdict === 'fail' || verdict === 'error') {
          const err = new Error(`${verdict}: ${outcome.reason}`);
          err.stack = err.message; // the stack of the wrapper says nothing about the endpoint
          throw err;
        }
      });
    },
  };
}
