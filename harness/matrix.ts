// The compatibility matrix: what each vendor's documentation says (fixtures/docs/<table>.yaml)
// against what each target did (one results file per target, shards merged).
//
// A cell joins one doc row with one target through the row's claim key: the cases of that
// target whose `claims` include the key are the evidence. Verdicts `skip` and `error` are not
// evidence either way (a missing precondition, a harness or network failure); only `pass`,
// `fail` and `unsupported` judge a row. docs/matrix.md explains the states and the scores.
import type { CaseResult, RunResults, Verdict } from './types.ts';
import { VERDICTS } from './types.ts';
import {
  isCurrentRow,
  loadClaimVocabulary,
  loadDocTable,
  type ClaimInfo,
  type ConflictKind,
  type DocRow,
  type DocTable,
  type Documented,
} from './docs.ts';
import type { MergedTarget } from './merge.ts';

/** A doc row on one target. */
export type RowState =
  | 'conformant'
  | 'partial'
  | 'contradicted'
  | 'absent-as-documented'
  | 'works-undocumented'
  | 'untested';
export const ROW_STATES: readonly RowState[] = [
  'conformant',
  'partial',
  'contradicted',
  'absent-as-documented',
  'works-undocumented',
  'untested',
];

/** A claim key on one target, without any documentation: what the cases say. */
export type ClaimState = 'works' | 'partial' | 'fails' | 'unsupported' | 'untested';
export const CLAIM_STATES: readonly ClaimState[] = ['works', 'partial', 'fails', 'unsupported', 'untested'];

/** Documentation that promises behaviour: a row stating it is supported, a rule or a limit. */
export const PROMISES: readonly Documented[] = ['supported', 'rule', 'limit'];

export type VerdictCounts = Record<Verdict, number>;

export interface CaseRef {
  id: string;
  verdict: Verdict;
  reason?: string;
}

export interface Cell {
  state: RowState | ClaimState;
  counts: VerdictCounts;
  /** Every case of the target whose claims include the key, sorted by id. */
  cases: string[];
  /** The judged cases that did not pass (fail, unsupported): the evidence against the claim. */
  failing: CaseRef[];
  /** Why a cell is untested, or what was left out (skips, errors). */
  note?: string;
}

export interface RowCell extends Cell {
  state: RowState;
}
export interface ClaimCell extends Cell {
  state: ClaimState;
}

export interface TargetInfo {
  /** Column id, unique within the matrix (`t1`, `t2`, …). */
  key: string;
  /** Column title: the profile name, with the run id when two targets share a profile. */
  label: string;
  results: RunResults;
  files: string[];
  shards?: MergedTarget['shards'];
  warnings: string[];
}

export interface RowConflict {
  id: string;
  kind: ConflictKind;
  description: string;
}

export interface MatrixRow {
  row: DocRow;
  /** claims.yaml entry of the row's key (always present for validated tables). */
  claim?: ClaimInfo;
  /** The area the row is scored in: the claim's area from claims.yaml, else the row's section. */
  area: string;
  /** Stated by an edition marked current (rows of older editions are shown, not scored). */
  current: boolean;
  conflicts: RowConflict[];
  cells: RowCell[];
}

export interface AreaScore {
  area: string;
  /** Distinct claim keys of the area whose promise rows are conformant on the target. */
  conformant: number;
  /** Distinct claim keys of the area with a tested promise row (conformant, partial or contradicted). */
  scored: number;
  /** conformant / scored, or null when nothing was scored. */
  score: number | null;
}

export interface TargetScores {
  overall: AreaScore;
  areas: AreaScore[];
}

export interface TableMatrix {
  table: Pick<DocTable, 'id' | 'title' | 'vendor' | 'product' | 'editions'>;
  rows: MatrixRow[];
  /** Per target (same order as Matrix.targets): how many rows are in each state. */
  counts: Record<RowState, number>[];
  /** Per target: scores by area. */
  scores: TargetScores[];
}

export interface ClaimRowDoc {
  table: string;
  row: string;
  documented: Documented;
  current: boolean;
}

export interface ClaimMatrixRow {
  key: string;
  kind: string;
  area: string;
  description: string;
  /** What the selected doc tables say about the key. */
  documented: ClaimRowDoc[];
  cells: ClaimCell[];
}

export interface Matrix {
  generatedAt: string;
  docs: string[];
  targets: TargetInfo[];
  tables: TableMatrix[];
  /** Claim-level view (operations, headers, parameters, ACL values, …), documented or not. */
  claims: ClaimMatrixRow[];
  /** Claim keys used by cases but missing from fixtures/docs/claims.yaml. */
  unknownClaims: string[];
}

// ── the states ───────────────────────────────────────────────────────────────────────────────

export function emptyCounts(): VerdictCounts {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;
}

export function countVerdicts(cases: Pick<CaseResult, 'verdict'>[]): VerdictCounts {
  const c = emptyCounts();
  for (const x of cases) c[x.verdict] += 1;
  return c;
}

/** Cases that judge a claim: pass, fail, unsupported. */
export function judged(c: VerdictCounts): number {
  return c.pass + c.fail + c.unsupported;
}

/**
 * The state of one doc row on one target, from the verdict counts of the cases claiming its key.
 *
 * - no judged case → untested
 * - documented supported / rule / limit: all pass → conformant; some pass → partial;
 *   none pass → contradicted
 * - documented unsupported: none pass → absent-as-documented; any pass → works-undocumented
 * - documented mentioned (used in an example, not stated): all pass → works-undocumented;
 *   some pass → partial; none pass → contradicted (the doc's own example would fail)
 */
export function rowState(documented: Documented, c: VerdictCounts): RowState {
  const n = judged(c);
  if (n === 0) return 'untested';
  const allPass = c.pass === n;
  const nonePass = c.pass === 0;
  switch (documented) {
    case 'unsupported':
      return nonePass ? 'absent-as-documented' : 'works-undocumented';
    case 'mentioned':
      return allPass ? 'works-undocumented' : nonePass ? 'contradicted' : 'partial';
    default:
      return allPass ? 'conformant' : nonePass ? 'contradicted' : 'partial';
  }
}

/** The state of a claim key on one target, without documentation. */
export function claimState(c: VerdictCounts): ClaimState {
  const n = judged(c);
  if (n === 0) return 'untested';
  if (c.pass === n) return 'works';
  if (c.pass > 0) return 'partial';
  return c.fail > 0 ? 'fails' : 'unsupported';
}

const MAX_NOTE_REASON = 120;

function firstReason(cases: CaseResult[], verdict: Verdict): string {
  const r = cases.find((c) => c.verdict === verdict)?.reason ?? '';
  const one = r.replace(/\s+/g, ' ').trim();
  return one.length > MAX_NOTE_REASON ? `${one.slice(0, MAX_NOTE_REASON - 1)}…` : one;
}

/** "2 skip (profile: no alt identity), 1 error (…)" for the cases that are not evidence. */
function notEvidence(cases: CaseResult[], c: VerdictCounts): string {
  const parts: string[] = [];
  for (const v of ['skip', 'error'] as const) {
    if (c[v]) {
      const why = firstReason(cases, v);
      parts.push(`${c[v]} ${v}${why ? ` (${c[v] > 1 ? 'e.g. ' : ''}${why})` : ''}`);
    }
  }
  return parts.join(', ');
}

/** Build one cell from the cases claiming a key. `untestable` is the doc row's remark, if any. */
export function makeCell<S extends RowState | ClaimState>(
  key: string,
  cases: CaseResult[],
  state: (c: VerdictCounts) => S,
  untestable?: string,
): Cell & { state: S } {
  const counts = countVerdicts(cases);
  const s = state(counts);
  const failing = cases
    .filter((c) => c.verdict === 'fail' || c.verdict === 'unsupported')
    .map((c) => ({ id: c.id, verdict: c.verdict, ...(c.reason ? { reason: c.reason } : {}) }));
  let note: string | undefined;
  const skipped = notEvidence(cases, counts);
  if (judged(counts) === 0) {
    if (cases.length) note = `no case judged it: ${skipped}`;
    else if (untestable) note = `untestable: ${untestable}`;
    else note = `no case of this run claims ${key}`;
  } else {
    const extra: string[] = [];
    if (skipped) extra.push(`not counted: ${skipped}`);
    if (untestable) extra.push(`the doc table calls it untestable (${untestable}), yet cases judged it`);
    if (extra.length) note = extra.join('; ');
  }
  return {
    state: s,
    counts,
    cases: cases.map((c) => c.id).sort(),
    failing,
    ...(note ? { note } : {}),
  };
}

// ── building ─────────────────────────────────────────────────────────────────────────────────

/** Cases of one results file by claim key. */
export function casesByClaim(results: RunResults): Map<string, CaseResult[]> {
  const map = new Map<string, CaseResult[]>();
  for (const c of results.cases) {
    for (const k of new Set(c.claims)) {
      const list = map.get(k);
      if (list) list.push(c);
      else map.set(k, [c]);
    }
  }
  return map;
}

/** Column ids and titles: the profile name, plus the run id where two targets share one. */
export function targetInfos(targets: MergedTarget[]): TargetInfo[] {
  const byProfile = new Map<string, number>();
  for (const t of targets) byProfile.set(t.results.provenance.profile, (byProfile.get(t.results.provenance.profile) ?? 0) + 1);
  return targets.map((t, i) => {
    const p = t.results.provenance.profile;
    return {
      key: `t${i + 1}`,
      label: (byProfile.get(p) ?? 0) > 1 ? `${p} (${t.results.run.id})` : p,
      results: t.results,
      files: t.files,
      ...(t.shards ? { shards: t.shards } : {}),
      warnings: t.warnings,
    };
  });
}

/** Doc tables to show by default: the union of the results' provenance.docs, in order of appearance. */
export function defaultDocs(targets: { results: RunResults }[]): string[] {
  return [...new Set(targets.flatMap((t) => t.results.provenance.docs))];
}

function scoreOf(area: string, states: Map<string, RowState>): AreaScore {
  let conformant = 0;
  let scored = 0;
  for (const s of states.values()) {
    if (s === 'conformant' || s === 'partial' || s === 'contradicted') scored += 1;
    if (s === 'conformant') conformant += 1;
  }
  return { area, conformant, scored, score: scored ? conformant / scored : null };
}

/**
 * Scores of one table on one target. Only promise rows (supported, rule, limit) of a current
 * edition are scored; each claim key counts once per table (a key stated by several rows — one
 * per edition, or the same error under two headings — is one behaviour). A key's rows share
 * their cases, so their states agree.
 */
export function tableScores(rows: MatrixRow[], targetIndex: number): TargetScores {
  const byArea = new Map<string, Map<string, RowState>>();
  const all = new Map<string, RowState>();
  for (const r of rows) {
    if (!r.current || !PROMISES.includes(r.row.documented)) continue;
    const s = r.cells[targetIndex]!.state;
    const area = byArea.get(r.area) ?? new Map<string, RowState>();
    // Should two promise rows of one key ever disagree, the worse state counts.
    const prev = area.get(r.row.claim);
    const worse = prev === 'contradicted' || (prev === 'partial' && s === 'conformant') ? prev : s;
    area.set(r.row.claim, worse);
    all.set(r.row.claim, worse);
    byArea.set(r.area, area);
  }
  const areas = [...byArea.keys()].sort().map((a) => scoreOf(a, byArea.get(a)!));
  return { overall: scoreOf('all', all), areas };
}

function conflictsByRow(table: DocTable): Map<string, RowConflict[]> {
  const map = new Map<string, RowConflict[]>();
  for (const c of table.conflicts ?? []) {
    const rows = new Set(c.rows ?? []);
    // A conflict naming only claims concerns every row of those claims.
    if (!c.rows?.length) for (const r of table.rows) if (c.claims?.includes(r.claim)) rows.add(r.id);
    for (const id of rows) {
      const list = map.get(id) ?? [];
      list.push({ id: c.id, kind: c.kind, description: c.description.replace(/\s+/g, ' ').trim() });
      map.set(id, list);
    }
  }
  return map;
}

export interface BuildOptions {
  /** Doc table ids; default: the union of the results' provenance.docs. */
  docs?: string[];
  /** Inject tables (tests); default: loadDocTable. */
  loadTable?: (id: string) => DocTable;
  now?: Date;
}

export function buildMatrix(merged: MergedTarget[], opts: BuildOptions = {}): Matrix {
  const targets = targetInfos(merged);
  const docs = opts.docs ?? defaultDocs(merged);
  const load = opts.loadTable ?? loadDocTable;
  const vocab = loadClaimVocabulary();
  const indexes = targets.map((t) => casesByClaim(t.results));

  const tables: TableMatrix[] = docs.map((id) => {
    const table = load(id);
    const conflicts = conflictsByRow(table);
    const rows: MatrixRow[] = table.rows.map((row) => {
      const claim = vocab.get(row.claim);
      return {
        row,
        ...(claim ? { claim } : {}),
        area: claim?.area ?? row.section,
        current: isCurrentRow(table, row),
        conflicts: conflicts.get(row.id) ?? [],
        cells: indexes.map((idx) =>
          makeCell(row.claim, idx.get(row.claim) ?? [], (c) => rowState(row.documented, c), row.untestable),
        ),
      };
    });
    const counts = targets.map((_, i) => {
      const c = Object.fromEntries(ROW_STATES.map((s) => [s, 0])) as Record<RowState, number>;
      for (const r of rows) c[r.cells[i]!.state] += 1;
      return c;
    });
    return {
      table: { id: table.id, title: table.title, vendor: table.vendor, editions: table.editions, ...(table.product ? { product: table.product } : {}) },
      rows,
      counts,
      scores: targets.map((_, i) => tableScores(rows, i)),
    };
  });

  // Claim-level view: every key a case carries, and every key the shown tables document.
  const keys = new Set<string>();
  for (const t of targets) for (const c of t.results.cases) for (const k of c.claims) keys.add(k);
  for (const t of tables) for (const r of t.rows) keys.add(r.row.claim);
  const order = [...vocab.keys()];
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i === -1 ? order.length : i;
  };
  const sorted = [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const claims: ClaimMatrixRow[] = sorted.map((key) => {
    const info = vocab.get(key);
    const documented: ClaimRowDoc[] = [];
    for (const t of tables) {
      for (const r of t.rows) {
        if (r.row.claim === key) documented.push({ table: t.table.id, row: r.row.id, documented: r.row.documented, current: r.current });
      }
    }
    return {
      key,
      kind: key.slice(0, key.indexOf(':')),
      area: info?.area ?? 'other',
      description: info?.description ?? '(not in fixtures/docs/claims.yaml)',
      documented,
      cells: indexes.map((idx) => makeCell(key, idx.get(key) ?? [], claimState)),
    };
  });

  return {
    generatedAt: (opts.now ?? new Date()).toISOString(),
    docs,
    targets,
    tables,
    claims,
    unknownClaims: sorted.filter((k) => !vocab.has(k)),
  };
}

// ── helpers for the writers ──────────────────────────────────────────────────────────────────

/** "83% (10/12)" or "–" when nothing was scored. */
export function formatScore(s: AreaScore): string {
  if (s.score === null) return '–';
  return `${Math.round(s.score * 100)}% (${s.conformant}/${s.scored})`;
}

/** Every area that has a score on any target, sorted. */
export function scoredAreas(t: TableMatrix): string[] {
  return [...new Set(t.scores.flatMap((s) => s.areas.map((a) => a.area)))].sort();
}

/** The case of a target by id (for evidence). */
export function caseIndex(target: TargetInfo): Map<string, CaseResult> {
  return new Map(target.results.cases.map((c) => [c.id, c]));
}

/** The last exchange with a response: its status and S3 error Code, if any. */
export function lastAnswer(c: Pick<CaseResult, 'evidence'>): { status?: number; code?: string } {
  const ex = [...(c.evidence ?? [])].reverse().find((e) => e.response);
  if (!ex?.response) return {};
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(ex.response.body ?? '')?.[1];
  return { status: ex.response.status, ...(code ? { code } : {}) };
}
