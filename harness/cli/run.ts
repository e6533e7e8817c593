// `s3conform run`: prepare the run (profile, run id, journal), start vitest on the suites with
// the s3conform reporter, clean up (also after SIGINT/SIGTERM or a run timeout), and decide
// the exit code from the verdicts and the target's expectations.
import { mkdirSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { createVitest } from 'vitest/node';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { RunResults } from '../types.ts';
import { newRunId, prefixFor, writeRunConfig, RUN_ENV, type RunConfig } from '../run-config.ts';
import { resolveProfile, secretsOf, type ProfileFile, type Profile } from '../profile.ts';
import { Journal } from '../journal.ts';
import { makeClient } from '../clients.ts';
import { S3ConformReporter } from '../reporter.ts';
import { cleanupJournal } from '../sweep.ts';
import { deviations, loadExpectations } from '../expectations.ts';
import { registerSecrets, maskSecrets } from '../redact.ts';
import { DEFAULT_REPORTS, REPO_ROOT } from '../paths.ts';
import { startEmbedded, type EmbeddedTarget } from '../targets/embedded.ts';
import { budgetExhausted, removeBudgetFiles } from '../budget.ts';
import { EXIT, UsageError, loadProfileOrExit, selectSuites, suiteFiles } from './common.ts';
import { writeRunReports } from './report.ts';

export interface RunOptions {
  profile?: string;
  suite?: string[];
  out?: string;
  shard?: string;
  quiet?: boolean;
  expectations?: boolean;
  includeDestructive?: boolean;
}

function parseShard(s: string | undefined): RunConfig['shard'] {
  if (!s) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, got '${s}'`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** The exit code a run earns: 0 when everything is as expected. */
export function exitCodeFor(r: RunResults): number {
  if (r.run.interrupted) return EXIT.failed;
  if (r.expectations) return deviations(r.expectations) > 0 ? EXIT.failed : EXIT.ok;
  return r.summary.fail + r.summary.error > 0 ? EXIT.failed : EXIT.ok;
}

async function probeServer(profile: Profile): Promise<string | undefined> {
  const c = makeClient({ profile, identity: profile.identities.main, identityName: 'main', record: false });
  let server: string | undefined;
  c.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      server = (out.response as { headers: Record<string, string> }).headers.server;
      return out;
    },
    { step: 'deserialize', name: 's3cServerHeader', priority: 'low' },
  );
  try {
    await c.send(new ListBucketsCommand({}));
  } catch {
    // The cases will report what is wrong with the endpoint; the probe only reads a header.
  }
  c.destroy();
  return server;
}

/** Cases that could not connect at all: the endpoint stopped accepting connections. */
export function refusedCases(r: RunResults): number {
  const refused = (s: string | undefined) => /ECONNREFUSED/.test(s ?? '');
  return r.cases.filter((c) => refused(c.reason) || (c.evidence ?? []).some((e) => refused(e.networkError))).length;
}

function reachable(endpoint: string): Promise<boolean> {
  const u = new URL(endpoint);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port, timeout: 2000 }, () => {
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

/** A run whose endpoint died says so plainly: its errors are not findings about the endpoint's S3 API. */
async function sayIfEndpointWentAway(r: RunResults, endpoint: string): Promise<void> {
  const n = refusedCases(r);
  if (n === 0) return;
  const up = await reachable(endpoint);
  process.stderr.write(
    `the endpoint went away: ${n} case(s) could not connect to ${endpoint} (ECONNREFUSED); ` +
      `it stopped accepting connections during the run${up ? ' and accepts them again now' : ' and is still down'}. ` +
      `Those cases are errors, not findings; restart the endpoint and run again (then 's3conform sweep' for leftovers).\n`,
  );
}

function linkLatest(reportsDir: string, outDir: string): void {
  const latest = path.join(reportsDir, 'latest');
  try {
    rmSync(latest, { force: true, recursive: false });
  } catch {
    /* a directory named latest: leave it */
  }
  try {
    symlinkSync(path.relative(reportsDir, outDir), latest);
  } catch {
    /* not fatal: the run folder is printed */
  }
}

export async function runCommand(opts: RunOptions): Promise<number> {
  const suites = selectSuites(opts.suite);
  const shard = parseShard(opts.shard);
  let embedded: EmbeddedTarget | undefined;
  let file: ProfileFile;
  let source: string;
  if (opts.profile) {
    const loaded = loadProfileOrExit(opts.profile);
    file = loaded.file;
    source = path.relative(REPO_ROOT, loaded.path) || loaded.path;
  } else {
    embedded = await startEmbedded();
    file = embedded.profile;
    source = '(embedded s3rver)';
  }
  if (opts.expectations === false) delete file.expectations;
  if (file.expectations) {
    try {
      loadExpectations(file.expectations);
    } catch (e) {
      throw new UsageError(`expectations: ${(e as Error).message}`);
    }
  }
  const profile = resolveProfile(file, source);
  registerSecrets(secretsOf(profile));

  const runId = newRunId();
  const reportsDir = opts.out ? path.resolve(opts.out) : DEFAULT_REPORTS;
  const outDir = path.join(reportsDir, runId);
  mkdirSync(outDir, { recursive: true });
  const config: RunConfig = {
    runId,
    prefix: prefixFor(runId),
    outDir,
    journal: path.join(outDir, 'journal.ndjson'),
    profile: file,
    profileSource: source,
    suites,
    startedAt: new Date().toISOString(),
    ...(shard ? { shard } : {}),
    ...(opts.includeDestructive ? { includeDestructive: true } : {}),
  };
  const journal = new Journal(config.journal);
  journal.write({ t: 'run', runId, prefix: config.prefix, pid: process.pid, profile: profile.name, endpoint: profile.endpoint, at: config.startedAt });
  process.env[RUN_ENV] = writeRunConfig(config);

  const serverHeader = await probeServer(profile);
  let stopReason: string | undefined;
  let results: RunResults | undefined;
  const reporter = new S3ConformReporter({
    config,
    profile,
    ...(serverHeader ? { serverHeader } : {}),
    // A request refused by the budget stops the run, even when it was one of the last.
    stopReason: () => stopReason ?? budgetExhausted(outDir, profile.budget),
    onResults: (r) => (results = r),
    quiet: opts.quiet ?? false,
  });

  if (!opts.quiet) {
    process.stderr.write(`s3conform run ${runId} · ${profile.name} · ${profile.endpoint} · suites: ${suites.join(', ')}\n`);
    if (opts.includeDestructive) process.stderr.write('destructive cases included: they may crash the endpoint; never use this against a shared one\n');
  }
  // vitest 4 reads sequence.concurrent from the root config only (a project's own setting is
  // ignored) and maxConcurrency from the project's config only: the root gets the first here,
  // the conformance project reads the second from S3C_CONCURRENCY (vitest.config.ts).
  process.env.S3C_CONCURRENCY = String(profile.concurrency);
  const vitest = await createVitest('test', {
    sequence: { concurrent: true },
    config: path.join(REPO_ROOT, 'vitest.config.ts'),
    root: REPO_ROOT,
    project: ['conformance'],
    watch: false,
    reporters: [reporter],
    maxConcurrency: profile.concurrency,
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
  });

  let signals = 0;
  const stop = (why: string) => {
    stopReason ??= why;
    void vitest.cancelCurrentRun('keyboard-input');
  };
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`\n${sig} again: cleaning up what the journal lists, then exiting\n`);
      void finalCleanup().finally(() => process.exit(130));
      return;
    }
    process.stderr.write(`\n${sig}: stopping the run, then cleaning up (again to hurry)\n`);
    stop(`interrupted by ${sig}`);
  };
  // vitest's logger exits the process on the first SIGINT/SIGTERM; the run must clean up
  // first, so its listeners give way to ours.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const runTimer = profile.budget.runTimeoutS
    ? setTimeout(() => stop(`run timeout of ${profile.budget.runTimeoutS} s reached`), profile.budget.runTimeoutS * 1000)
    : undefined;

  // Budgets are counted across the workers in the run folder (harness/budget.ts); once a
  // request has been refused the run stops like on a timeout, and cleanup runs unbudgeted.
  const budgetTimer =
    profile.budget.maxRequests !== undefined || profile.budget.maxBytes !== undefined
      ? setInterval(() => {
          const why = budgetExhausted(outDir, profile.budget);
          if (!why) return;
          clearInterval(budgetTimer);
          if (!opts.quiet) process.stderr.write(`\n${why}: stopping the run, then cleaning up\n`);
          stop(why);
        }, 200)
      : undefined;

  let cleaned = false;
  async function finalCleanup(): Promise<void> {
    if (cleaned) return;
    cleaned = true;
    const clients = new Map<string, ReturnType<typeof makeClient>>();
    const clientFor = (id: 'main' | 'alt') => {
      const identity = profile.identities[id] ?? profile.identities.main;
      let c = clients.get(id);
      if (!c) clients.set(id, (c = makeClient({ profile, identity, identityName: id, record: false, maxAttempts: 3 })));
      return c;
    };
    const left = await cleanupJournal(config.journal, clientFor);
    const failed = left.filter((r) => !r.removed && !r.absent);
    if (failed.length) {
      process.stderr.write(`cleanup: ${failed.length} bucket(s) could not be removed; 's3conform sweep' retries:\n`);
      for (const f of failed) process.stderr.write(`  ${f.bucket}: ${maskSecrets(f.error ?? '')}\n`);
    } else {
      journal.write({ t: 'finished', at: new Date().toISOString() });
    }
    for (const c of clients.values()) c.destroy();
  }

  try {
    await vitest.start(suiteFiles(suites));
  } finally {
    if (runTimer) clearTimeout(runTimer);
    if (budgetTimer) clearInterval(budgetTimer);
    await vitest.close().catch(() => undefined);
    await finalCleanup();
    await embedded?.stop();
    removeBudgetFiles(outDir);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!opts.out || existsSync(path.join(reportsDir))) linkLatest(reportsDir, outDir);
  if (!results) {
    process.stderr.write('the run ended without results (see the errors above)\n');
    return EXIT.failed;
  }
  writeRunReports(results, outDir, { quiet: opts.quiet ?? false });
  if (!opts.quiet) await sayIfEndpointWentAway(results, profile.endpoint);
  if (signals > 0) return 130;
  return exitCodeFor(results);
}
