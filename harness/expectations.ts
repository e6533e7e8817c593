// Per-target expectations (web-platform-tests style): what a target is known to do differently,
// as data with a reason. Comparison is strict: an expected failure that now passes is reported
// as an unexpected pass, and an entry whose case is gone as vanished.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CaseResult, ExpectationSummary, Verdict } from './types.ts';
import { VERDICTS } from './types.ts';
import { REPO_ROOT } from './paths.ts';

export interface Expectation {
  verdict: Verdict;
  reason: string;
  link?: string;
}

export interface ExpectationFile {
  target: string;
  cases: Record<string, Expectation>;
}

export function loadExpectations(file: string): ExpectationFile {
  const full = path.isAbsolute(file) ? file : path.join(REPO_ROOT, file);
  const data = parseYaml(readFileSync(full, 'utf8')) as Partial<ExpectationFile> | null;
  const problems: string[] = [];
  if (!data || typeof data !== 'object') problems.push('not a mapping');
  const cases = (data?.cases ?? {}) as Record<string, Partial<Expectation>>;
  for (const [id, e] of Object.entries(cases)) {
    if (!e || !VERDICTS.includes(e.verdict as Verdict)) problems.push(`cases.${id}.verdict: must be one of ${VERDICTS.join(', ')}`);
    else if (e.verdict === 'pass') problems.push(`cases.${id}: 'pass' is the default, remove the entry`);
    if (!e?.reason || typeof e.reason !== 'string') problems.push(`cases.${id}.reason: a one-line reason is required`);
  }
  if (problems.length) throw new Error(`${file} is not valid:\n  - ${problems.join('\n  - ')}`);
  return { target: data?.target ?? path.basename(file, '.yaml'), cases: cases as Record<string, Expectation> };
}

/**
 * Annotate each case with expected/outcome and summarize. `allIds` are the ids of every case the
 * suites declare (not only those run), so a filtered or sharded run does not call entries vanished.
 */
export function compareWithExpectations(
  cases: CaseResult[],
  exp: ExpectationFile,
  file: string,
  allIds: Set<string>,
): ExpectationSummary {
  const summary: ExpectationSummary = { file, asExpected: 0, newFailures: [], unexpectedPasses: [], changedVerdicts: [], vanished: [] };
  for (const c of cases) {
    const e = exp.cases[c.id];
    const expected: Verdict = e?.verdict ?? 'pass';
    if (e) c.expected = { verdict: e.verdict, reason: e.reason, ...(e.link ? { link: e.link } : {}) };
    if (c.verdict === expected) {
      c.outcome = 'as-expected';
      summary.asExpected += 1;
    } else if (c.verdict === 'pass') {
      c.outcome = 'unexpected-pass';
      summary.unexpectedPasses.push(c.id);
    } else if (expected === 'pass') {
      c.outcome = 'new-failure';
      summary.newFailures.push(c.id);
    } else {
      c.outcome = 'changed-verdict';
      summary.changedVerdicts.push(c.id);
    }
  }
  for (const id of Object.keys(exp.cases)) if (!allIds.has(id)) summary.vanished.push(id);
  return summary;
}

export function deviations(s: ExpectationSummary): number {
  return s.newFailures.length + s.unexpectedPasses.length + s.changedVerdicts.length + s.vanished.length;
}
