// Markdown report: fit for a pull-request comment or $GITHUB_STEP_SUMMARY. A summary of the
// targets, per doc table the state counts and per-area scores, the contradicted rows with their
// failing cases, the deviations from each target's expectations, and the evidence of the cases
// named above (in collapsed blocks), within a size budget.
//
// Everything that comes from an endpoint (reasons, evidence) is untrusted: table text is
// escaped for Markdown and HTML, evidence sits in fenced code blocks whose fence is longer than
// any backtick run inside.
import type { CaseResult, ExpectationSummary } from '../types.ts';
import {
  ROW_STATES,
  caseIndex,
  formatScore,
  scoredAreas,
  type Matrix,
  type MatrixRow,
  type RowState,
  type TableMatrix,
  type TargetInfo,
} from '../matrix.ts';
import { deviations } from '../expectations.ts';
import { caseEvidenceText } from './evidence-text.ts';
import { maskSecrets } from '../redact.ts';

export interface MarkdownOptions {
  /** Character budget (PR comments take 65,536). Long lists go first, then evidence, then rows. */
  maxLength?: number;
  /** At most this many evidence blocks. */
  maxEvidence?: number;
  /** Link to the HTML report, shown at the top. */
  htmlLink?: string;
}

const STATE_MARK: Record<RowState, string> = {
  conformant: '🟢 conformant',
  partial: '🟡 partial',
  contradicted: '🔴 contradicted',
  'absent-as-documented': '⚪ absent-as-documented',
  'works-undocumented': '🔵 works-undocumented',
  untested: '▫️ untested',
};

/** Text for a Markdown table cell or a line: no HTML, no Markdown syntax, one line. */
export function mdText(s: string, max = 300): string {
  let t = s.replace(/\s+/g, ' ').trim();
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  return t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/^([-+=]|\d+\.)/, '\\$1');
}

/** Inline code for ids and claim keys (they never hold backticks, but be safe). */
export function mdCode(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  if (!t.includes('`')) return `\`${t}\``;
  return mdText(t);
}

/** HTML-escaped text (for <summary>). */
function htmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A fenced code block that no content can close. */
export function fenced(text: string, info = 'text'): string {
  const runs = text.match(/`+/g) ?? [];
  const longest = runs.reduce((n, r) => Math.max(n, r.length), 0);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\r/g, '')}\n${fence}`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tableMd(head: string[], rows: string[][]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

function targetSummary(m: Matrix): string {
  const rows = m.targets.map((t) => {
    const r = t.results;
    const s = r.summary;
    const dev = r.expectations ? String(deviations(r.expectations)) : '–';
    const shards = t.shards ? ` (shards ${t.shards.indexes.join(',')}/${t.shards.count})` : '';
    return [
      `**${mdText(t.label)}**`,
      mdText(displayEndpoint(r.provenance.endpoint)),
      mdText(r.provenance.serverHeader ?? '–'),
      `${mdCode(r.run.id)}${shards}${r.run.interrupted ? ` ⚠️ ${mdText(r.run.stopReason ?? 'interrupted')}` : ''}`,
      `${s.pass}/${s.fail}/${s.unsupported}/${s.skip}/${s.error}`,
      dev,
    ];
  });
  return tableMd(['target', 'endpoint', 'server', 'run', 'pass/fail/unsup/skip/error', 'deviations'], rows);
}

/** The endpoint without any user:password part. */
export function displayEndpoint(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

function stateCounts(t: TableMatrix, m: Matrix): string {
  const head = ['state', ...m.targets.map((x) => mdText(x.label))];
  const rows = ROW_STATES.map((s) => [STATE_MARK[s], ...t.counts.map((c) => String(c[s]))]);
  return tableMd(head, rows);
}

function scoresTable(t: TableMatrix, m: Matrix): string {
  const areas = scoredAreas(t);
  const head = ['area', ...m.targets.map((x) => mdText(x.label))];
  const rows = areas.map((a) => [
    mdText(a),
    ...t.scores.map((s) => {
      const sc = s.areas.find((x) => x.area === a);
      return sc ? formatScore(sc) : '–';
    }),
  ]);
  rows.push(['**all**', ...t.scores.map((s) => `**${formatScore(s.overall)}**`)]);
  return tableMd(head, rows);
}

function documentedText(r: MatrixRow): string {
  const d = r.row.documented;
  const extra = r.row.limit !== undefined ? ` ${r.row.limit}` : r.row.status !== undefined ? ` ${r.row.status}` : '';
  return mdText(`${d}${extra}${r.current ? '' : ' (older edition)'}`);
}

interface Listing {
  text: string;
  cases: { target: TargetInfo; id: string }[];
}

/** One line per row: the targets where it is in `state`, and the union of their failing cases. */
function failingLine(r: MatrixRow, m: Matrix, state: RowState, maxCases: number): Listing {
  const cases: Listing['cases'] = [];
  const on: string[] = [];
  const failing = new Map<string, { verdict: string; reason?: string; target: TargetInfo }>();
  r.cells.forEach((cell, i) => {
    if (cell.state !== state) return;
    const t = m.targets[i]!;
    on.push(`${mdText(t.label)} ${cell.counts.pass}/${cell.counts.pass + cell.counts.fail + cell.counts.unsupported}`);
    for (const f of cell.failing) if (!failing.has(f.id)) failing.set(f.id, { verdict: f.verdict, ...(f.reason ? { reason: f.reason } : {}), target: t });
  });
  const all = [...failing.entries()];
  const shown = all.slice(0, maxCases);
  for (const [id, f] of shown) cases.push({ target: f.target, id });
  const ids = shown.map(([id, f]) => `${mdCode(id)} (${f.verdict})`).join(', ');
  const more = all.length > shown.length ? `, … ${all.length - shown.length} more` : '';
  const first = all[0]?.[1].reason;
  const why = first ? ` — ${mdText(first, 160)}` : '';
  return {
    text: row([mdCode(r.row.id), mdCode(r.row.claim), documentedText(r), on.join(', '), `${ids}${more}${why}`]),
    cases,
  };
}

function rowsInState(t: TableMatrix, m: Matrix, state: RowState, maxCases: number, maxRows: number): Listing | undefined {
  const rows = t.rows.filter((r) => r.cells.some((c) => c.state === state));
  if (!rows.length) return undefined;
  const head = ['row', 'claim', 'documented', 'on (pass/judged)', 'failing cases'];
  const parts = rows.slice(0, maxRows).map((r) => failingLine(r, m, state, maxCases));
  const more = rows.length > maxRows ? [`\n… ${rows.length - maxRows} more ${state} rows (the HTML report lists them all)`] : [];
  return {
    text: [row(head), row(head.map(() => '---')), ...parts.map((p) => p.text), ...more].join('\n'),
    cases: parts.flatMap((p) => p.cases),
  };
}

function expectationSection(t: TargetInfo, e: ExpectationSummary, maxIds: number): Listing {
  const byId = caseIndex(t);
  const out: string[] = [];
  const cases: Listing['cases'] = [];
  const list = (label: string, ids: string[], withVerdict: boolean) => {
    if (!ids.length) return;
    out.push(`- ${label} (${ids.length}):`);
    for (const id of ids.slice(0, maxIds)) {
      const c = byId.get(id);
      if (c && c.verdict !== 'pass') cases.push({ target: t, id });
      const detail =
        c && withVerdict
          ? ` — ${c.verdict}${c.expected ? ` (expected ${c.expected.verdict})` : ''}${c.reason ? `: ${mdText(c.reason, 160)}` : ''}`
          : c?.expected
            ? ` — expected ${c.expected.verdict}: ${mdText(c.expected.reason, 160)}`
            : '';
      out.push(`  - ${mdCode(id)}${detail}`);
    }
    if (ids.length > maxIds) out.push(`  - … ${ids.length - maxIds} more (see results.json)`);
  };
  list('new failures', e.newFailures, true);
  list('unexpected passes (remove the expectation)', e.unexpectedPasses, false);
  list('changed verdicts', e.changedVerdicts, true);
  list('vanished (the expected case no longer exists)', e.vanished, false);
  return { text: out.join('\n'), cases };
}

function evidenceBlock(t: TargetInfo, c: CaseResult, multi: boolean): string {
  const where = multi ? ` on ${t.label}` : '';
  const summary = htmlText(`${c.id}${where}: ${c.verdict}`);
  const title = c.title ? `${mdText(c.title, 400)}\n\n` : '';
  return `<details><summary>${summary}</summary>\n\n${title}${fenced(caseEvidenceText(c))}\n\n</details>`;
}

interface Level {
  /** The partial and works-undocumented lists. */
  withPartial: boolean;
  maxEvidence: number;
  /** Ids per expectation list. */
  maxList: number;
  /** Case ids per row. */
  maxCases: number;
  /** Contradicted rows per table. */
  maxRows: number;
}

/** From everything to the bare minimum: long lists go first, then evidence, then rows. */
function levels(maxEvidence: number): Level[] {
  const all = { withPartial: true, maxEvidence, maxList: 50, maxCases: 8, maxRows: Infinity };
  const lean = { withPartial: false, maxEvidence: 0, maxList: 10, maxCases: 3 };
  return [
    all,
    { ...all, withPartial: false },
    { ...lean, maxEvidence: Math.min(8, maxEvidence), maxRows: Infinity },
    { ...lean, maxRows: Infinity },
    { ...lean, maxRows: 40 },
    { ...lean, maxRows: 25 },
    { ...lean, maxRows: 12 },
  ];
}

function build(m: Matrix, o: Required<Omit<MarkdownOptions, 'htmlLink'>> & { htmlLink?: string }, level: Level): string {
  const { withPartial, maxEvidence, maxList, maxCases, maxRows } = level;
  const out: string[] = [];
  const evidenceCases: Listing['cases'] = [];
  out.push('## s3conform compatibility report', '');
  const docs = m.docs.length ? m.docs.map(mdCode).join(', ') : 'none';
  out.push(`Generated ${mdText(m.generatedAt)} · doc tables: ${docs}${o.htmlLink ? ` · full matrix with evidence: ${mdText(o.htmlLink)}` : ''}`, '');
  out.push(targetSummary(m), '');
  const warnings = m.targets.flatMap((t) => t.warnings.map((w) => `- ⚠️ ${mdText(t.label)}: ${mdText(w)}`));
  if (m.unknownClaims.length) warnings.push(`- ⚠️ claim keys used by cases but missing from claims.yaml: ${m.unknownClaims.map(mdCode).join(', ')}`);
  if (warnings.length) out.push(...warnings, '');

  // Deviations first: they are what a pull request has to answer for.
  const devs = m.targets.filter((t) => t.results.expectations && deviations(t.results.expectations) > 0);
  const withExp = m.targets.filter((t) => t.results.expectations);
  if (withExp.length) {
    out.push('### Deviations from expectations', '');
    if (!devs.length) out.push(`None: every target is as its expectations say (${withExp.map((t) => mdText(t.label)).join(', ')}).`, '');
    for (const t of devs) {
      const e = t.results.expectations!;
      const sec = expectationSection(t, e, maxList);
      out.push(`**${mdText(t.label)}** (${mdCode(e.file)}): ${e.asExpected} as expected, ${deviations(e)} deviation(s)`, '', sec.text, '');
      evidenceCases.push(...sec.cases);
    }
  }

  if (m.tables.length && m.targets.length) {
    out.push(
      'Score per area = conformant claims ÷ tested promised claims (rows documented supported, rule or limit, of a current edition; each claim key once). See docs/matrix.md.',
      '',
    );
  }
  for (const t of m.tables) {
    out.push(`### ${mdText(t.table.vendor)} — ${mdText(t.table.title)} (${mdCode(t.table.id)}, ${t.rows.length} rows)`, '');
    out.push(stateCounts(t, m), '');
    out.push('<details><summary>Scores by area</summary>', '', scoresTable(t, m), '', '</details>', '');
    const contradicted = rowsInState(t, m, 'contradicted', maxCases, maxRows);
    if (contradicted) {
      out.push(`#### Contradicted: documented, and the target fails it`, '', contradicted.text, '');
      evidenceCases.push(...contradicted.cases);
    } else if (m.targets.length) {
      out.push('No contradicted row.', '');
    }
    if (withPartial) {
      const partial = rowsInState(t, m, 'partial', maxCases, maxRows);
      if (partial) out.push('<details><summary>Partial rows (some cases fail)</summary>', '', partial.text, '', '</details>', '');
      const undocumented = t.rows.filter((r) => r.cells.some((c) => c.state === 'works-undocumented'));
      if (undocumented.length) {
        const items = undocumented.map((r) => {
          const on = r.cells.map((c, i) => (c.state === 'works-undocumented' ? mdText(m.targets[i]!.label) : '')).filter(Boolean);
          return `- ${mdCode(r.row.id)} ${mdCode(r.row.claim)} documented ${mdText(r.row.documented)}: works on ${on.join(', ')}`;
        });
        out.push('<details><summary>Works, though documented unsupported or only mentioned</summary>', '', ...items, '', '</details>', '');
      }
    }
  }

  if (maxEvidence > 0 && evidenceCases.length) {
    const seen = new Set<string>();
    const blocks: string[] = [];
    const multi = m.targets.length > 1;
    for (const { target, id } of evidenceCases) {
      const k = `${target.key}\u0000${id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const c = caseIndex(target).get(id);
      if (!c || c.verdict === 'pass') continue;
      if (blocks.length >= maxEvidence) break;
      blocks.push(evidenceBlock(target, c, multi));
    }
    const total = new Set(evidenceCases.map((x) => `${x.target.key}\u0000${x.id}`)).size;
    out.push('### Evidence', '');
    if (total > blocks.length) out.push(`The first ${blocks.length} of ${total} cases named above; the HTML report has all of them.`, '');
    out.push(...blocks.flatMap((b) => [b, '']));
  }
  return out.join('\n');
}

/** The Markdown report, within `maxLength` characters (long lists go first, then evidence). */
export function markdownReport(m: Matrix, opts: MarkdownOptions = {}): string {
  const o = { maxLength: opts.maxLength ?? 60_000, maxEvidence: opts.maxEvidence ?? 25, ...(opts.htmlLink ? { htmlLink: opts.htmlLink } : {}) };
  let text = '';
  for (const level of levels(o.maxEvidence)) {
    text = maskSecrets(build(m, o, level));
    if (text.length <= o.maxLength) return text;
  }
  // Still too long (very many targets or rows): cut at a line boundary and say so.
  const cut = text.lastIndexOf('\n', o.maxLength - 200);
  return `${text.slice(0, Math.max(0, cut))}\n\n… (truncated; the HTML report and results.json have everything)\n`;
}
