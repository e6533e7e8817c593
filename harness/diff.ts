// Comparing two results files (a stored baseline and the current run) case by case. Results of
// different suite versions compare by case id: ids are stable by contract (docs/writing-cases.md).
//
// A regression is a case that passed and now does not (fail, unsupported, error), or a case that
// vanished; either makes `s3conform diff` exit 1. Everything else is reported for reading: fixes,
// new cases, cases that stay failing but differently (another status or error Code, or another
// reason when there is no answer to compare), verdict changes among non-pass verdicts.
import type { CaseResult, RunResults, Verdict } from './types.ts';
import { lastAnswer } from './matrix.ts';

export interface VerdictChange {
  id: string;
  from: Verdict;
  to: Verdict;
  reason?: string;
}

export interface DetailChange {
  id: string;
  verdict: Verdict;
  /** What the endpoint answered, or the normalized reason, before and now. */
  from: string;
  to: string;
}

export interface ResultsDiff {
  baseline: DiffSide;
  current: DiffSide;
  /** pass → fail / unsupported / error. */
  regressions: VerdictChange[];
  /** non-pass → pass. */
  fixes: VerdictChange[];
  /** In the baseline, not in the current results. */
  vanished: { id: string; verdict: Verdict; suiteRan: boolean }[];
  /** In the current results only. */
  added: { id: string; verdict: Verdict }[];
  /** A change between non-pass verdicts (fail → unsupported, error → fail, … and to/from skip). */
  changed: VerdictChange[];
  /** Same non-pass verdict, different answer (status / Code) or reason. */
  details: DetailChange[];
  unchanged: number;
}

export interface DiffSide {
  runId: string;
  profile: string;
  endpoint: string;
  suiteVersion: string;
  date: string;
  cases: number;
  interrupted: boolean;
}

function side(r: RunResults): DiffSide {
  return {
    runId: r.run.id,
    profile: r.provenance.profile,
    endpoint: r.provenance.endpoint,
    suiteVersion: r.provenance.suiteVersion,
    date: r.run.startedAt,
    cases: r.cases.length,
    interrupted: r.run.interrupted,
  };
}

/**
 * A reason with the run-specific parts taken out: bucket names of the run (s3c-<run>-…, whose
 * tails depend on the worker), request ids, dates, durations, hashes. What remains is what the case said about the endpoint.
 */
export function normalizeReason(reason: string | undefined): string {
  return (reason ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\bs3c-[a-z0-9.-]*…?/g, 'BUCKET')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, 'UUID')
    .replace(/\btx[0-9a-f]{10,}(-[0-9a-f]+)?\b/gi, 'TXID')
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?\b/g, 'DATE')
    .replace(/\b\d{8}T\d{6}Z\b/g, 'DATE')
    .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, 'DATE')
    .replace(/\b\d+(\.\d+)? ?ms\b/g, 'N ms')
    .replace(/\b[0-9a-f]{32,}\b/gi, 'HEX')
    .replace(/[A-Za-z0-9+/]{20,}={0,2}/g, 'B64');
}

/** "403 AccessDenied", "404", or "" when the case has no answer in its evidence. */
export function answerOf(c: CaseResult): string {
  const a = lastAnswer(c);
  if (a.status === undefined) return '';
  return a.code ? `${a.status} ${a.code}` : String(a.status);
}

export function diffResults(baseline: RunResults, current: RunResults): ResultsDiff {
  const before = new Map(baseline.cases.map((c) => [c.id, c]));
  const after = new Map(current.cases.map((c) => [c.id, c]));
  const ranSuites = new Set(current.run.suites);
  const d: ResultsDiff = {
    baseline: side(baseline),
    current: side(current),
    regressions: [],
    fixes: [],
    vanished: [],
    added: [],
    changed: [],
    details: [],
    unchanged: 0,
  };
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a) {
      d.vanished.push({ id, verdict: b.verdict, suiteRan: ranSuites.has(b.suite) });
      continue;
    }
    const change: VerdictChange = { id, from: b.verdict, to: a.verdict, ...(a.reason ? { reason: a.reason } : {}) };
    if (b.verdict === a.verdict) {
      if (a.verdict === 'pass') {
        d.unchanged += 1;
        continue;
      }
      // Failing differently: another status / error Code in the last answer, or (same answer,
      // or none) another reason once the run-specific parts are taken out.
      const ab = answerOf(b);
      const aa = answerOf(a);
      const rb = normalizeReason(b.reason);
      const ra = normalizeReason(a.reason);
      if (ab !== aa || rb !== ra) {
        const show = (answer: string, reason: string | undefined) =>
          ab !== aa ? answer || '(no answer)' : `${answer ? `${answer} · ` : ''}${reason ?? ''}`;
        d.details.push({ id, verdict: a.verdict, from: show(ab, b.reason), to: show(aa, a.reason) });
      } else d.unchanged += 1;
      continue;
    }
    if (b.verdict === 'pass') {
      // pass → skip is not a regression of the endpoint (a profile or precondition changed),
      // but it hides a case: reported among the changes.
      if (a.verdict === 'skip') d.changed.push(change);
      else d.regressions.push(change);
    } else if (a.verdict === 'pass') {
      d.fixes.push(change);
    } else {
      d.changed.push(change);
    }
  }
  for (const [id, a] of after) if (!before.has(id)) d.added.push({ id, verdict: a.verdict });
  const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
  for (const list of [d.regressions, d.fixes, d.vanished, d.added, d.changed, d.details]) list.sort(byId);
  return d;
}

/** True when the current results regressed: a pass is lost, or a case vanished. */
export function regressed(d: ResultsDiff): boolean {
  return d.regressions.length > 0 || d.vanished.length > 0;
}

// ── writers ──────────────────────────────────────────────────────────────────────────────────

const one = (s: string, max = 200) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function headline(d: ResultsDiff): string {
  const verdict = regressed(d)
    ? `REGRESSED: ${d.regressions.length} new failure(s), ${d.vanished.length} vanished case(s)`
    : 'no regression';
  return `${verdict}; ${d.fixes.length} fixed, ${d.added.length} new case(s), ${d.changed.length} verdict change(s), ${d.details.length} changed failure(s), ${d.unchanged} unchanged`;
}

export function diffText(d: ResultsDiff): string {
  const out: string[] = [];
  out.push(`baseline ${d.baseline.runId} (${d.baseline.profile}, suite ${d.baseline.suiteVersion}, ${d.baseline.cases} cases)`);
  out.push(`current  ${d.current.runId} (${d.current.profile}, suite ${d.current.suiteVersion}, ${d.current.cases} cases)`);
  // Not the endpoint: the embedded s3rver listens on a new port each run.
  if (d.baseline.profile !== d.current.profile) {
    out.push(`note: different profiles (${d.baseline.profile} ${d.baseline.endpoint} vs ${d.current.profile} ${d.current.endpoint})`);
  }
  if (d.current.interrupted) out.push('note: the current run stopped early; cases it did not run show as error');
  out.push(headline(d));
  const section = (title: string, lines: string[]) => {
    if (!lines.length) return;
    out.push('', `${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`));
  };
  section('new failures', d.regressions.map((c) => `${c.id}: ${c.from} → ${c.to}${c.reason ? ` — ${one(c.reason)}` : ''}`));
  section('vanished', d.vanished.map((c) => `${c.id} (was ${c.verdict}${c.suiteRan ? '' : '; its suite was not run'})`));
  section('fixed', d.fixes.map((c) => `${c.id}: ${c.from} → pass`));
  section('changed verdicts', d.changed.map((c) => `${c.id}: ${c.from} → ${c.to}${c.reason ? ` — ${one(c.reason)}` : ''}`));
  section('still failing, differently', d.details.map((c) => `${c.id} (${c.verdict}): ${one(c.from, 120)} → ${one(c.to, 120)}`));
  section('new cases', d.added.map((c) => `${c.id}: ${c.verdict}`));
  return out.join('\n');
}

function mdCell(s: string, max = 200): string {
  return one(s, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1');
}

const code = (id: string) => `\`${id.replace(/`/g, '')}\``;

export function diffMarkdown(d: ResultsDiff): string {
  const out: string[] = [];
  out.push(`### s3conform diff: ${regressed(d) ? '🔴 regressed' : '🟢 no regression'}`, '');
  out.push(
    `Baseline ${code(d.baseline.runId)} (${mdCell(d.baseline.profile)}, suite ${mdCell(d.baseline.suiteVersion)}, ${d.baseline.cases} cases) → current ${code(d.current.runId)} (${mdCell(d.current.profile)}, suite ${mdCell(d.current.suiteVersion)}, ${d.current.cases} cases)`,
    '',
    mdCell(headline(d), 400),
    '',
  );
  if (d.current.interrupted) out.push('⚠️ The current run stopped early; cases it did not run show as error.', '');
  const table = (title: string, head: string[], rows: string[][], open: boolean) => {
    if (!rows.length) return;
    const t = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    if (open) out.push(`#### ${title} (${rows.length})`, '', t, '');
    else out.push(`<details><summary>${title} (${rows.length})</summary>`, '', t, '', '</details>', '');
  };
  table('New failures', ['case', 'was', 'now', 'reason'], d.regressions.map((c) => [code(c.id), c.from, c.to, mdCell(c.reason ?? '')]), true);
  table('Vanished', ['case', 'was', 'note'], d.vanished.map((c) => [code(c.id), c.verdict, c.suiteRan ? '' : 'suite not run']), true);
  table('Fixed', ['case', 'was'], d.fixes.map((c) => [code(c.id), c.from]), false);
  table('Changed verdicts', ['case', 'was', 'now', 'reason'], d.changed.map((c) => [code(c.id), c.from, c.to, mdCell(c.reason ?? '')]), false);
  table('Still failing, differently', ['case', 'verdict', 'was', 'now'], d.details.map((c) => [code(c.id), c.verdict, mdCell(c.from, 120), mdCell(c.to, 120)]), false);
  table('New cases', ['case', 'verdict'], d.added.map((c) => [code(c.id), c.verdict]), false);
  return out.join('\n');
}

/** The diff as data (for --format json): the ResultsDiff plus its verdict. */
export function diffJson(d: ResultsDiff): string {
  return `${JSON.stringify({ regressed: regressed(d), ...d }, null, 2)}\n`;
}
