// The vitest reporter: turns finished test cases into CaseResults, draws progress, and at the
// end of the run writes results.json (schema-validated) and junit.xml into the run's folder.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason } from 'vitest/node';
import type { CaseResult, RunResults } from './types.ts';
import type { RunConfig } from './run-config.ts';
import type { Profile } from './profile.ts';
import { provenance, summarize, writeResults } from './results.ts';
import { compareWithExpectations, loadExpectations } from './expectations.ts';
import { junitXml } from './report/junit.ts';
import { isExpectedSkipReason } from './signals.ts';
import { Progress, summaryText } from './report/console.ts';
import { maskSecrets } from './redact.ts';
import { REPO_ROOT } from './paths.ts';

export interface ReporterOptions {
  config: RunConfig;
  profile: Profile;
  serverHeader?: string;
  /** Why the run is stopping early, set by the CLI (signal, budget, run timeout). */
  stopReason?: () => string | undefined;
  /** Called with the finished results; the CLI decides the exit code from them. */
  onResults?: (r: RunResults, files: { results: string; junit: string }) => void;
  quiet?: boolean;
}

function caseFromTest(tc: TestCase, stopReason: string | undefined): CaseResult | undefined {
  const meta = tc.meta();
  const declared = meta.s3cCase;
  if (!declared) return undefined; // not an s3conform case
  const { suite, ...caseMeta } = declared;
  const outcome = meta.s3c;
  const result = tc.result();
  const duration = tc.diagnostic()?.duration ?? 0;
  const file = path.relative(REPO_ROOT, tc.module.moduleId);
  const base = { ...caseMeta, suite, file, durationMs: Math.round(duration) };
  if (outcome) {
    return {
      ...base,
      ...outcome.meta,
      verdict: outcome.verdict,
      ...(outcome.reason !== undefined || outcome.tolerated
        ? { reason: [outcome.reason, outcome.tolerated && `tolerated: ${outcome.tolerated}`].filter(Boolean).join('; ') }
        : {}),
      requests: outcome.requests,
      ...(outcome.evidence?.length ? { evidence: outcome.evidence } : {}),
    };
  }
  // The wrapper never finished: vitest timed the case out, the run was cancelled, or a hook
  // failed. None of these is the endpoint's answer, so the verdict is error.
  const why =
    result.state === 'failed'
      ? `harness: ${result.errors.map((e) => e.message).join('; ').slice(0, 500)}`
      : `not run: ${stopReason ?? (result.state === 'skipped' ? (result.note ?? 'skipped') : 'the run ended first')}`;
  return { ...base, verdict: 'error', reason: maskSecrets(why), requests: 0 };
}

export class S3ConformReporter implements Reporter {
  private readonly progress: Progress;
  private readonly started = Date.now();

  /** With an expectations file the live line counts deviations, not the target's known failures. */
  private readonly expected?: Record<string, { verdict: string }>;

  constructor(private readonly opts: ReporterOptions) {
    this.progress = new Progress(process.stderr, !opts.quiet && Boolean(process.stderr.isTTY) && !process.env.CI);
    if (opts.profile.expectations) {
      this.expected = loadExpectations(opts.profile.expectations).cases;
      this.progress.label = 'deviating';
    }
  }

  onTestModuleCollected(mod: TestModule): void {
    this.progress.addTotal([...mod.children.allTests()].length);
  }

  onTestCaseResult(tc: TestCase): void {
    const s = tc.meta().s3c;
    const id = tc.meta().s3cCase?.id ?? '';
    const bad = !s
      ? true
      : this.expected
        ? s.verdict !== (this.expected[id]?.verdict ?? (s.verdict === 'skip' && isExpectedSkipReason(s.reason) ? 'skip' : 'pass'))
        : s.verdict === 'fail' || s.verdict === 'error';
    this.progress.caseDone(tc.meta().s3cCase?.suite ?? '', bad);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): void {
    this.progress.clear();
    const stop = this.opts.stopReason?.() ?? (reason === 'interrupted' ? 'interrupted' : undefined);
    const cases: CaseResult[] = [];
    for (const m of modules) {
      for (const tc of m.children.allTests()) {
        const c = caseFromTest(tc, stop);
        if (c) cases.push(c);
      }
    }
    cases.sort((a, b) => a.id.localeCompare(b.id));
    const { config, profile } = this.opts;
    const results: RunResults = {
      schemaVersion: 1,
      run: {
        id: config.runId,
        prefix: config.prefix,
        startedAt: config.startedAt,
        finishedAt: new Date().toISOString(),
        durationMs: Date.now() - this.started,
        interrupted: stop !== undefined,
        ...(stop ? { stopReason: stop } : {}),
        ...(config.shard ? { shard: config.shard } : {}),
        suites: config.suites,
      },
      provenance: provenance(profile, this.opts.serverHeader),
      summary: summarize(cases),
      cases,
    };
    if (profile.expectations) {
      const exp = loadExpectations(profile.expectations);
      // Only ids of the suites that were part of this run can have vanished. A shard runs only
      // some of the suites' files: the suites of the other shards are not part of it.
      const ran = new Set(cases.map((c) => c.id));
      const inRun = config.shard ? new Set(modules.map((m) => path.basename(m.moduleId).replace(/\.test\.ts$/, ''))) : new Set(config.suites);
      const declared = new Set([...ran, ...Object.keys(exp.cases).filter((id) => !inRun.has(id.split('/')[0]))]);
      results.expectations = compareWithExpectations(cases, exp, profile.expectations, stop ? new Set([...declared, ...Object.keys(exp.cases)]) : declared);
    }
    const files = { results: path.join(config.outDir, 'results.json'), junit: path.join(config.outDir, 'junit.xml') };
    writeResults(files.results, results);
    writeFileSync(files.junit, junitXml(results));
    if (!this.opts.quiet) process.stderr.write(`${maskSecrets(summaryText(results, files))}\n`);
    this.opts.onResults?.(results, files);
  }
}
