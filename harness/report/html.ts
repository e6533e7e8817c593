// One self-contained HTML file: the matrix coloured by state (one table per doc table, plus the
// claim-level view), per-area scores, filters by table, area, state and text, every cell
// expandable to its cases and their evidence, and the provenance of each target.
//
// No network and no external asset: CSS and script are inline, and a Content-Security-Policy of
// default-src 'none' keeps the page from loading anything. All text is escaped on the server
// side; the script renders evidence with textContent only (harness/report/html-assets.ts).
import type { CaseResult } from '../types.ts';
import {
  CLAIM_STATES,
  ROW_STATES,
  formatScore,
  scoredAreas,
  type Cell,
  type ClaimMatrixRow,
  type Matrix,
  type MatrixRow,
  type TableMatrix,
  type TargetInfo,
} from '../matrix.ts';
import { deviations } from '../expectations.ts';
import { exchangeText } from './evidence-text.ts';
import { displayEndpoint } from './markdown.ts';
import { maskSecrets } from '../redact.ts';
import { CSS, JS } from './html-assets.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and quoted attribute values. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** JSON for a <script type="application/json"> block: nothing in it can close the element. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const STATE_HELP: Record<string, string> = {
  conformant: 'documented (supported, rule or limit) and every judged case passes',
  partial: 'some judged cases pass, some fail or are unsupported',
  contradicted: 'documented (or shown in an example), and no judged case passes',
  'absent-as-documented': 'documented unsupported, and no judged case passes',
  'works-undocumented': 'documented unsupported, or only used in an example, yet cases pass',
  untested: 'no case judged it (none claims it, only skips/errors, or untestable)',
  works: 'claim view: every judged case passes',
  fails: 'claim view: no judged case passes, some fail',
  unsupported: 'claim view: every judged case is unsupported (501 / NotImplemented)',
};

interface CellData {
  /** state */
  s: string;
  /** note */
  n?: string;
  /** the cell's cases: indexes into the target's case list */
  c: number[];
}

interface InfoData {
  label: string;
  claim: string;
  documented?: string;
  quote?: string;
  source?: string;
  note?: string;
  conflicts?: string[];
  description?: string;
}

interface CaseData {
  id: string;
  v: string;
  r?: string;
  ti?: string;
  e?: string;
  /** number of exchanges in e */
  k?: number;
  x?: string;
}

function countsText(cell: Cell): string {
  const c = cell.counts;
  const n = c.pass + c.fail + c.unsupported;
  const rest = c.skip + c.error;
  if (!n && !rest) return '';
  return `${c.pass}/${n}${rest ? ` +${rest}` : ''}`;
}

function cellTitle(cell: Cell): string {
  const c = cell.counts;
  return `${c.pass} pass, ${c.fail} fail, ${c.unsupported} unsupported, ${c.skip} skip, ${c.error} error${cell.note ? ` — ${cell.note}` : ''}`;
}

function cellHtml(cell: Cell, t: number): string {
  return `<td class="cell"><button type="button" class="cell-btn s-${esc(cell.state)}" data-t="${t}" aria-expanded="false" title="${esc(cellTitle(cell))}"><span class="st">${esc(cell.state)}</span><span class="n">${esc(countsText(cell))}</span></button></td>`;
}

function documentedLabel(r: MatrixRow): string {
  const row = r.row;
  const parts: string[] = [row.documented];
  if (row.limit !== undefined) parts.push(String(row.limit));
  if (row.status !== undefined) parts.push(String(row.status));
  if (row.code) parts.push(row.code);
  if (row.value) parts.push(`“${row.value}”`);
  return parts.join(' ');
}

function rowInfo(t: TableMatrix, r: MatrixRow): InfoData {
  const row = r.row;
  const eds = row.editions ? ` · editions: ${row.editions.join(', ')}` : '';
  return {
    label: `${t.table.id} / ${row.id}`,
    claim: row.claim,
    documented: `${documentedLabel(r)} · section ${row.section}${eds}${r.current ? '' : ' (no current edition states it: shown, not scored)'}${row.untestable ? ` · untestable: ${row.untestable}` : ''}`,
    quote: row.source.quote,
    source: row.source.url ?? row.source.seed ?? '',
    ...(row.note ? { note: row.note.replace(/\s+/g, ' ').trim() } : {}),
    ...(r.conflicts.length ? { conflicts: r.conflicts.map((c) => `${c.id} (${c.kind}): ${c.description}`) } : {}),
    ...(r.claim ? { description: `${r.claim.key}: ${r.claim.description}` } : {}),
  };
}

function claimInfo(c: ClaimMatrixRow): InfoData {
  const docs = c.documented.map((d) => `${d.table}/${d.row}: ${d.documented}${d.current ? '' : ' (older edition)'}`);
  return {
    label: c.key,
    claim: c.key,
    ...(docs.length ? { documented: docs.join(' · ') } : { documented: 'no shown doc table has a row for it' }),
    description: c.description,
  };
}

function scoresHtml(t: TableMatrix, m: Matrix): string {
  const areas = [...scoredAreas(t), 'all'];
  const head = `<tr><th>area</th>${m.targets.map((x) => `<th>${esc(x.label)}</th>`).join('')}</tr>`;
  const body = areas
    .map((a) => {
      const cells = t.scores
        .map((s) => {
          const sc = a === 'all' ? s.overall : s.areas.find((x) => x.area === a);
          if (!sc || sc.score === null) return '<td class="num muted">–</td>';
          return `<td class="num"><span class="bar" style="width:${Math.round(sc.score * 60)}px"></span>${esc(formatScore(sc))}</td>`;
        })
        .join('');
      return `<tr><td>${a === 'all' ? '<strong>all</strong>' : esc(a)}</td>${cells}</tr>`;
    })
    .join('');
  return `<table class="scores"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function countsHtml(t: TableMatrix, m: Matrix): string {
  const head = `<tr><th>state</th>${m.targets.map((x) => `<th>${esc(x.label)}</th>`).join('')}</tr>`;
  const body = ROW_STATES.map(
    (s) => `<tr><td><span class="state s-${s}">${s}</span></td>${t.counts.map((c) => `<td class="num">${c[s]}</td>`).join('')}</tr>`,
  ).join('');
  return `<table class="scores"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function docTableSection(t: TableMatrix, m: Matrix, ctx: RenderCtx): string {
  const targetsHead = m.targets.map((x) => `<th>${esc(x.label)}</th>`).join('');
  const rows = t.rows
    .map((r) => {
      const key = `r:${t.table.id}/${r.row.id}`;
      const idx = ctx.next();
      ctx.cells[key] = r.cells.map((c, i) => cellData(c, ctx.caseIdx[i]!));
      ctx.info[key] = rowInfo(t, r);
      const badges = [
        r.current ? '' : '<span class="badge" title="stated only by an older edition: not scored">older edition</span>',
        r.conflicts.length ? `<span class="badge warn" title="${esc(r.conflicts.map((c) => c.id).join(', '))}">conflict</span>` : '',
        r.row.untestable ? '<span class="badge" title="the doc table calls it untestable">untestable</span>' : '',
      ].join('');
      const states = [...new Set(r.cells.map((c) => c.state))].join(' ');
      const text = `${r.row.id} ${r.row.claim} ${r.row.documented} ${r.row.section}`.toLowerCase();
      return `<tr class="row" data-idx="${idx}" data-key="${esc(key)}" data-area="${esc(r.area)}" data-states="${esc(states)}" data-text="${esc(text)}"><td class="rid"><code>${esc(r.row.id)}</code>${badges}<code class="claim">${esc(r.row.claim)}</code></td><td class="doc">${esc(documentedLabel(r))}</td><td>${esc(r.area)}</td>${r.cells.map((c, i) => cellHtml(c, i)).join('')}</tr>`;
    })
    .join('\n');
  const eds = t.table.editions
    .map((e) => `<li><code>${esc(e.id)}</code>${e.current ? ' <span class="badge">current</span>' : ''} ${esc(e.title)}${e.date ? ` <span class="muted">(${esc(e.date)})</span>` : ''}</li>`)
    .join('');
  return `<section class="view" data-table="${esc(t.table.id)}" id="table-${esc(t.table.id)}">
<h2>${esc(t.table.vendor)} — ${esc(t.table.title)} <span class="muted small">(${esc(t.table.id)}, ${t.rows.length} rows)</span></h2>
<details class="prov"><summary>Editions of this documentation</summary><ul>${eds}</ul></details>
<div style="display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start">
<div><h3>Rows per state</h3>${countsHtml(t, m)}</div>
<div><h3>Score per area</h3>${scoresHtml(t, m)}<div class="small muted">conformant claims ÷ tested promised claims (current editions; each key once)</div></div>
</div>
<h3>Matrix</h3>
<table class="matrix"><thead><tr><th>row · claim</th><th>documented</th><th>area</th>${targetsHead}</tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

function claimsSection(m: Matrix, ctx: RenderCtx): string {
  const targetsHead = m.targets.map((x) => `<th>${esc(x.label)}</th>`).join('');
  const rows = m.claims
    .map((c) => {
      const key = `c:${c.key}`;
      const idx = ctx.next();
      ctx.cells[key] = c.cells.map((x, i) => cellData(x, ctx.caseIdx[i]!));
      ctx.info[key] = claimInfo(c);
      const states = [...new Set(c.cells.map((x) => x.state))].join(' ');
      const docs = c.documented.length
        ? [...new Set(c.documented.map((d) => `${d.table}: ${d.documented}`))].join('; ')
        : '—';
      const text = `${c.key} ${c.description}`.toLowerCase();
      return `<tr class="row" data-idx="${idx}" data-key="${esc(key)}" data-area="${esc(c.area)}" data-states="${esc(states)}" data-text="${esc(text)}"><td class="rid"><code>${esc(c.key)}</code></td><td class="desc small">${esc(c.description)}</td><td class="small">${esc(docs)}</td><td>${esc(c.area)}</td>${c.cells.map((x, i) => cellHtml(x, i)).join('')}</tr>`;
    })
    .join('\n');
  return `<section class="view" data-table="claims" id="claims">
<h2>By claim: operations, headers, parameters, ACL values, errors <span class="muted small">(${m.claims.length} keys)</span></h2>
<p class="small muted">What the cases say about each claim key, documented or not: Range, If-Match, encoding-type, each canned ACL, each error code… A cell counts every case whose claims include the key.</p>
<table class="matrix"><thead><tr><th>claim</th><th>description</th><th>documented by</th><th>area</th>${targetsHead}</tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

function cellData(c: Cell, idx: Map<string, number>): CellData {
  return { s: c.state, c: c.cases.map((id) => idx.get(id)!), ...(c.note ? { n: c.note } : {}) };
}

function caseData(c: CaseResult): CaseData {
  const ev = (c.evidence ?? []).map(exchangeText).join('\n\n');
  return {
    id: c.id,
    v: c.verdict,
    ...(c.reason ? { r: c.reason } : {}),
    ...(c.title ? { ti: c.title } : {}),
    ...(ev ? { e: ev, k: c.evidence!.length } : {}),
    ...(c.expected ? { x: `${c.expected.verdict}: ${c.expected.reason}${c.expected.link ? ` (${c.expected.link})` : ''}` } : {}),
  };
}

function provenanceHtml(t: TargetInfo): string {
  const r = t.results;
  const p = r.provenance;
  const s = r.summary;
  const rows: [string, string][] = [
    ['profile', p.profile],
    ['endpoint', displayEndpoint(p.endpoint)],
    ['server header', p.serverHeader ?? '–'],
    ['region / addressing', `${p.region} / ${p.addressing}`],
    ['run', `${r.run.id} · ${r.run.startedAt} → ${r.run.finishedAt} (${(r.run.durationMs / 1000).toFixed(1)} s)`],
    ['stopped early', r.run.interrupted ? (r.run.stopReason ?? 'interrupted') : 'no'],
    ['shards', t.shards ? `${t.shards.indexes.join(', ')} of ${t.shards.count}${t.shards.complete ? ' (complete)' : ' (incomplete)'}` : '–'],
    ['suites', r.run.suites.join(', ')],
    ['cases', `${s.total}: ${s.pass} pass, ${s.fail} fail, ${s.unsupported} unsupported, ${s.skip} skip, ${s.error} error · ${s.requests} requests`],
    [
      'expectations',
      r.expectations
        ? `${r.expectations.file}: ${r.expectations.asExpected} as expected, ${deviations(r.expectations)} deviation(s)` +
          (deviations(r.expectations)
            ? ` (${r.expectations.newFailures.length} new failures, ${r.expectations.unexpectedPasses.length} unexpected passes, ${r.expectations.changedVerdicts.length} changed verdicts, ${r.expectations.vanished.length} vanished)`
            : '')
        : 'none applied',
    ],
    ...expectationLists(r),
    ['suite version', p.suiteVersion],
    ['node / SDK', `${p.node} · ${Object.entries(p.sdk).map(([k, v]) => `${k} ${v}`).join(', ')}`],
    ['host', `${p.host.platform}/${p.host.arch}, ${p.host.cpus} CPUs`],
    ['date', p.date],
    ['doc tables named by the profile', p.docs.join(', ') || '–'],
    ['results files', t.files.join(', ')],
  ];
  const warn = t.warnings.length ? `<ul class="warnings">${t.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  return `<details class="prov"><summary><strong>${esc(t.label)}</strong> — ${esc(displayEndpoint(p.endpoint))}${p.serverHeader ? ` (${esc(p.serverHeader)})` : ''}: ${s.pass}/${s.total} pass</summary>
<table class="prov">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>${warn}</details>`;
}

function maskDeep<T>(v: T): T {
  if (typeof v === 'string') return maskSecrets(v) as T;
  if (Array.isArray(v)) return v.map(maskDeep) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x)])) as T;
  return v;
}

const MAX_IDS = 30;

function expectationLists(r: TargetInfo['results']): [string, string][] {
  const e = r.expectations;
  if (!e) return [];
  const list = (ids: string[]) => (ids.length > MAX_IDS ? `${ids.slice(0, MAX_IDS).join(', ')}, … ${ids.length - MAX_IDS} more` : ids.join(', '));
  const out: [string, string][] = [];
  if (e.newFailures.length) out.push(['new failures', list(e.newFailures)]);
  if (e.unexpectedPasses.length) out.push(['unexpected passes', list(e.unexpectedPasses)]);
  if (e.changedVerdicts.length) out.push(['changed verdicts', list(e.changedVerdicts)]);
  if (e.vanished.length) out.push(['vanished', list(e.vanished)]);
  return out;
}

interface RenderCtx {
  /** Per target: case id → index in data.cases[target]. */
  caseIdx: Map<string, number>[];
  cells: Record<string, CellData[]>;
  info: Record<string, InfoData>;
  next: () => number;
}

export interface HtmlOptions {
  title?: string;
}

export function htmlReport(m: Matrix, opts: HtmlOptions = {}): string {
  let n = 0;
  const ctx: RenderCtx = {
    caseIdx: m.targets.map((t) => new Map(t.results.cases.map((c, i) => [c.id, i]))),
    cells: {},
    info: {},
    next: () => n++,
  };
  const title = opts.title ?? `s3conform compatibility matrix — ${m.targets.map((t) => t.label).join(', ') || 'no target'}`;
  const tables = m.tables.map((t) => docTableSection(t, m, ctx)).join('\n');
  const claims = claimsSection(m, ctx);
  const areas = [...new Set([...m.tables.flatMap((t) => t.rows.map((r) => r.area)), ...m.claims.map((c) => c.area)])].sort();
  const stateBox = (s: string) =>
    `<label title="${esc(STATE_HELP[s] ?? '')}"><input type="checkbox" data-state="${esc(s)}" checked> <span class="state s-${esc(s)}">${esc(s)}</span></label>`;
  const data = {
    targets: m.targets.map((t) => ({ label: t.label })),
    cases: m.targets.map((t) => t.results.cases.map(caseData)),
    cells: ctx.cells,
    info: ctx.info,
  };
  // Every string of the data is masked before serializing (masking the JSON text could break
  // an escape sequence); the whole page is masked again at the end.
  const json = scriptJson(maskDeep(data));
  const legend = ROW_STATES.map((s) => `<div><span class="state s-${s}">${s}</span> <span class="small">${esc(STATE_HELP[s])}</span></div>`).join('');
  const unknown = m.unknownClaims.length
    ? `<p class="small warnings">Claim keys used by cases but missing from fixtures/docs/claims.yaml: ${m.unknownClaims.map((k) => `<code>${esc(k)}</code>`).join(', ')}</p>`
    : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>s3conform compatibility matrix</h1>
<div class="muted">Generated ${esc(m.generatedAt)} · doc tables: ${esc(m.docs.join(', ') || 'none')} · ${m.targets.length} target(s)</div>
<noscript><p>Filters and the cases behind each cell need JavaScript (inline, no network). The states and counts below are readable without it.</p></noscript>
<h2>Targets</h2>
${m.targets.map(provenanceHtml).join('\n')}
${unknown}
<div class="legend">${legend}</div>
<p class="small muted">Each cell joins a doc row (or a claim key) with one target through the claim key: the cases whose claims include it. Counts read pass/judged (+ skip and error, which are not evidence either way). Click a cell for its cases and evidence.</p>
<div id="filters">
<label>View <select id="f-table"><option value="">all</option>${m.tables.map((t) => `<option value="${esc(t.table.id)}">${esc(t.table.id)}</option>`).join('')}<option value="claims">by claim</option></select></label>
<label>Area <select id="f-area"><option value="">all</option>${areas.map((a) => `<option value="${esc(a)}">${esc(a)}</option>`).join('')}</select></label>
<fieldset><legend>doc rows</legend>${ROW_STATES.map(stateBox).join('')}</fieldset>
<fieldset><legend>claims</legend>${CLAIM_STATES.filter((s) => !(ROW_STATES as readonly string[]).includes(s)).map(stateBox).join('')}</fieldset>
<label>Text <input id="f-text" type="search" placeholder="row id or claim"></label>
<button type="button" id="f-reset">reset</button>
<span id="f-shown" class="muted small"></span>
</div>
${tables}
${claims}
<script type="application/json" id="s3c-data">${json}</script>
<script>${JS}</script>
</body>
</html>
`;
  return maskSecrets(html);
}
