// Per-target expectations (web-platform-tests style): what a target is known to do differently,
// as data with a reason. Comparison is strict: an expected failure that now passes is reported
// as an unexpected pass, and an entry whose case is gone as vanished.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CaseResult, ExpectationSummary, Verdict } from './types.ts';
import { VERDICTS } from './types.ts';
import { REPO_ROOT } from './paths.ts';
import { isExpectedSkipReason } from './signals.ts';

export interface Expectation {
  verdict: Verdict;
  reason: string;
  link?: string;
}

export interface ExpectationFile {
  target: string;
  cases: Record<string, Expectation>;
}

/**
 * A target's expectations: one YAML file, or a folder of them (one per suite, like the
 * web-platform-tests' per-directory metadata), merged.
 */
export function loadExpectations(file: string): ExpectationFile {
  const full = path.isAbsolute(file) ? file : path.join(REPO_ROOT, file);
  if (existsSync(full) && statSync(full).isDirectory()) {
    const merged: ExpectationFile = { target: path.basename(full), cases: {} };
    for (const f of readdirSync(full).filter((n) => n.endsWith('.yaml')).sort()) {
      const part = loadExpectationFile(path.join(full, f), path.join(file, f));
      for (const [id, e] of Object.entries(part.cases)) {
        if (merged.cases[id]) throw new Error(`${file}: case ${id} is listed twice`);
        merged.cases[id] = e;
      }
    }
    return merged;
  }
  return loadExpectationFile(full, file);
}

function loadExpectationFile(full: string, file: string): ExpectationFile {
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
    // A skip that follows from the profile (no alt identity, path-only…) is expected by itself.
    const profileSkip = c.verdict === 'skip' && isExpectedSkipReason(c.reason);
    const expected: Verdict = e?.verdict ?? (profileSkip ? 'skip' : 'pass');
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
