// Documentation tables (fixtures/docs/<id>.yaml) and the claim vocabulary (fixtures/docs/claims.yaml).
//
// A doc table encodes what one vendor's documentation says, row by row; each row points at one
// vendor-neutral claim key, and cases carry the same keys, so the matrix can join documentation
// and verdicts without a case ever naming a vendor. Tables are validated against
// fixtures/schemas/doc-table.schema.json plus the cross-references a JSON Schema cannot express
// (unique ids, known editions, claim keys present in the vocabulary).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { FIXTURES, REPO_ROOT, SCHEMAS } from './paths.ts';
import { validator } from './schema.ts';

// Kept as exports of this module (callers import them from here).
export { REPO_ROOT };
export const DOCS_DIR = path.join(FIXTURES, 'docs');
export const DOC_TABLE_SCHEMA = path.join(SCHEMAS, 'doc-table.schema.json');
export const CLAIMS_FILE = path.join(DOCS_DIR, 'claims.yaml');
/**
 * The vendor documentation the tables quote. It lives beside the repository (../shared/seeds),
 * not in it; S3CONFORM_SEEDS_DIR points elsewhere.
 */
export const DEFAULT_SEEDS_DIR = process.env.S3CONFORM_SEEDS_DIR
  ? path.resolve(process.env.S3CONFORM_SEEDS_DIR)
  : path.resolve(REPO_ROOT, '..', 'shared', 'seeds');

export const CLAIM_KINDS = [
  'op',
  'naming',
  'error',
  'acl',
  'header',
  'limit',
  'auth',
  'addressing',
  'region',
  'transport',
  'api',
  'feature',
] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

const CLAIM_KEY = new RegExp(`^(${CLAIM_KINDS.join('|')}):[A-Za-z0-9][A-Za-z0-9._-]*$`);

export type Documented = 'supported' | 'unsupported' | 'limit' | 'rule' | 'mentioned';

export type DocSection =
  | 'general'
  | 'account'
  | 'bucket'
  | 'object'
  | 'copy'
  | 'listing'
  | 'multipart'
  | 'delete-multiple'
  | 'acl'
  | 'cors'
  | 'naming'
  | 'auth'
  | 'headers'
  | 'errors'
  | 'limits'
  | 'regions'
  | 'addressing'
  | 'transport'
  | 'credentials'
  | 'cli'
  | 'sdk';

export type ConflictKind = 'between-editions' | 'within-doc' | 'vs-reference' | 'doc-error';

/** Where a row comes from: a seed file (quote is verbatim) or a reference URL. */
export interface DocSource {
  seed?: string;
  url?: string;
  quote: string;
}

export interface DocEdition {
  id: string;
  seed?: string;
  url?: string;
  title: string;
  language?: string;
  date?: string;
  /** True for editions that describe the service as it is today. */
  current?: boolean;
  /** What distinguishes this edition from the others. */
  description: string;
}

export interface DocRow {
  /** Unique within the table, kebab-case. */
  id: string;
  section: DocSection;
  /** One claim key from fixtures/docs/claims.yaml. */
  claim: string;
  documented: Documented;
  limit?: number | string;
  /** A literal the row documents: endpoint URL, format string, header form. */
  value?: string;
  /** HTTP status the doc gives (required on error:* rows). */
  status?: number;
  /** The error Code as the doc spells it, when it differs from the claim key. */
  code?: string;
  /** Why no client can trigger or check the claim. */
  untestable?: string;
  /** Editions that state the row; absent = every edition of the table. */
  editions?: string[];
  note?: string;
  source: DocSource;
  /** The same statement quoted from other editions. */
  also?: DocSource[];
}

export interface DocConflict {
  id: string;
  kind: ConflictKind;
  description: string;
  rows?: string[];
  claims?: string[];
  editions?: string[];
  sources?: DocSource[];
}

export interface DocTable {
  id: string;
  title: string;
  vendor: string;
  product?: string;
  editions: DocEdition[];
  rows: DocRow[];
  conflicts?: DocConflict[];
  notes?: string[];
}

export interface ClaimInfo {
  /** `<kind>:<name>`, e.g. `op:CreateBucket`. */
  key: string;
  kind: ClaimKind;
  name: string;
  /** The S3 operation the claim concerns; `*` = every operation. */
  op: string;
  /** The suite area that usually holds its cases (bucket, naming, listing, …). */
  area: string;
  description: string;
}

/** A doc table or the vocabulary failed to load; `problems` name the row and what is wrong. */
export class DocTableError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'DocTableError';
  }
}

const TABLE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function relative(file: string): string {
  return path.relative(REPO_ROOT, file) || file;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readYaml(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    throw new DocTableError(relative(file), [`YAML does not parse: ${(err as Error).message}`]);
  }
}

// ── schema validation ───────────────────────────────────────────────────────────────────────

// The project's one ajv instance (harness/schema.ts) compiles and caches the schema.
function docTableValidator(): ValidateFunction {
  return validator(path.basename(DOC_TABLE_SCHEMA));
}

/** "/rows/12/claim" → "row #12 (op-foo) claim". */
function describeWhere(data: unknown, instancePath: string): string {
  const parts = instancePath.split('/').slice(1);
  if (parts.length === 0) return '(top level)';
  const [list, index, ...rest] = parts;
  if ((list === 'rows' || list === 'editions' || list === 'conflicts') && index !== undefined) {
    const items = isRecord(data) ? data[list] : undefined;
    const item = Array.isArray(items) ? (items as unknown[])[Number(index)] : undefined;
    const id = isRecord(item) && typeof item.id === 'string' ? ` (${item.id})` : '';
    const noun = list === 'rows' ? 'row' : list === 'editions' ? 'edition' : 'conflict';
    return `${noun} #${index}${id}${rest.length ? ` ${rest.join('.')}` : ''}`;
  }
  return parts.join('.');
}

function describeError(data: unknown, e: ErrorObject): string {
  const where = describeWhere(data, e.instancePath);
  let extra = '';
  if (e.keyword === 'additionalProperties') {
    extra = ` '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  } else if (e.keyword === 'enum') {
    extra = ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
  }
  return `${where}: ${e.message ?? 'invalid'}${extra}`;
}

/**
 * Readable problems from ajv errors: the umbrella errors of if/then ("must match 'then'
 * schema") are dropped, and the alternatives of an anyOf of `required` (source: seed or url)
 * are folded into one line.
 */
function describeErrors(data: unknown, errors: ErrorObject[]): string[] {
  const out: string[] = [];
  const alternatives = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword === 'required' && e.schemaPath.includes('/anyOf/')) {
      const list = alternatives.get(e.instancePath) ?? [];
      list.push(`'${(e.params as { missingProperty: string }).missingProperty}'`);
      alternatives.set(e.instancePath, list);
      continue;
    }
    if (e.keyword === 'anyOf' && alternatives.has(e.instancePath)) {
      out.push(`${describeWhere(data, e.instancePath)}: must have one of ${alternatives.get(e.instancePath)?.join(', ')}`);
      continue;
    }
    out.push(describeError(data, e));
  }
  return out;
}

// ── claim vocabulary ────────────────────────────────────────────────────────────────────────

let vocabulary: Map<string, ClaimInfo> | undefined;

/** Every claim key any table or case may use (fixtures/docs/claims.yaml), in file order. */
export function loadClaimVocabulary(): Map<string, ClaimInfo> {
  if (vocabulary) return vocabulary;
  const data = readYaml(CLAIMS_FILE);
  const file = relative(CLAIMS_FILE);
  if (!isRecord(data) || !isRecord(data.claims)) {
    throw new DocTableError(file, ['(top level): must have a "claims" mapping of claim key → entry']);
  }
  const problems: string[] = [];
  const map = new Map<string, ClaimInfo>();
  for (const [key, entry] of Object.entries(data.claims)) {
    if (!CLAIM_KEY.test(key)) {
      problems.push(`${key}: not a claim key (<kind>:<name>, kind one of ${CLAIM_KINDS.join(', ')})`);
      continue;
    }
    if (!isRecord(entry)) {
      problems.push(`${key}: must be a mapping with op, area and description`);
      continue;
    }
    for (const field of ['op', 'area', 'description'] as const) {
      if (typeof entry[field] !== 'string' || (entry[field] as string).length === 0) {
        problems.push(`${key}: ${field} must be a non-empty string`);
      }
    }
    const extra = Object.keys(entry).filter((k) => !['op', 'area', 'description'].includes(k));
    if (extra.length) problems.push(`${key}: unknown field(s) ${extra.join(', ')}`);
    const sep = key.indexOf(':');
    map.set(key, {
      key,
      kind: key.slice(0, sep) as ClaimKind,
      name: key.slice(sep + 1),
      op: String(entry.op),
      area: String(entry.area),
      description: String(entry.description),
    });
  }
  if (problems.length) throw new DocTableError(file, problems);
  vocabulary = map;
  return map;
}

// ── doc tables ──────────────────────────────────────────────────────────────────────────────

/** Ids of the doc tables in fixtures/docs (every *.yaml but claims.yaml), sorted. */
export function listDocTables(): string[] {
  if (!existsSync(DOCS_DIR)) return [];
  return readdirSync(DOCS_DIR)
    .filter((f) => f.endsWith('.yaml') && f !== path.basename(CLAIMS_FILE))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Load, schema-validate and cross-check fixtures/docs/<id>.yaml. Throws DocTableError. */
export function loadDocTable(id: string): DocTable {
  if (!TABLE_ID.test(id) || id === 'claims') {
    throw new Error(`'${id}' is not a doc table id (expected one of: ${listDocTables().join(', ')})`);
  }
  const fullPath = path.join(DOCS_DIR, `${id}.yaml`);
  const file = relative(fullPath);
  if (!existsSync(fullPath)) {
    throw new Error(`${file} does not exist (doc tables: ${listDocTables().join(', ') || 'none'})`);
  }
  return validateDocTable(readYaml(fullPath), file, id);
}

/**
 * Validate parsed doc-table data (schema + cross-references). `file` labels the errors;
 * `expectedId`, when given, must equal the table's `id`. Throws DocTableError.
 */
export function validateDocTable(data: unknown, file: string, expectedId?: string): DocTable {
  const validate = docTableValidator();
  if (!validate(data)) {
    throw new DocTableError(file, describeErrors(data, validate.errors ?? []));
  }
  const table = data as unknown as DocTable;
  const problems = crossCheck(table, expectedId ?? table.id, loadClaimVocabulary());
  if (problems.length) throw new DocTableError(file, problems);
  return table;
}

function crossCheck(table: DocTable, fileId: string, claims: Map<string, ClaimInfo>): string[] {
  const problems: string[] = [];
  if (table.id !== fileId) problems.push(`(top level) id: '${table.id}' differs from the file name '${fileId}'`);

  const editionIds = new Set<string>();
  const editionSeeds = new Set<string>();
  for (const e of table.editions) {
    if (editionIds.has(e.id)) problems.push(`edition ${e.id}: duplicate id`);
    editionIds.add(e.id);
    if (e.seed) editionSeeds.add(e.seed);
  }

  const checkSource = (where: string, s: DocSource): void => {
    if (s.seed && !editionSeeds.has(s.seed)) {
      problems.push(`${where}: seed ${s.seed} is not the seed of any edition of this table`);
    }
  };

  const rowIds = new Set<string>();
  table.rows.forEach((row, i) => {
    const where = `row #${i} (${row.id})`;
    if (rowIds.has(row.id)) problems.push(`${where}: duplicate row id`);
    rowIds.add(row.id);
    if (!claims.has(row.claim)) problems.push(`${where} claim: '${row.claim}' is not in fixtures/docs/claims.yaml`);
    for (const ed of row.editions ?? []) {
      if (!editionIds.has(ed)) problems.push(`${where} editions: unknown edition '${ed}'`);
    }
    checkSource(`${where} source`, row.source);
    (row.also ?? []).forEach((s, j) => checkSource(`${where} also.${j}`, s));
  });

  (table.conflicts ?? []).forEach((c, i) => {
    const where = `conflict #${i} (${c.id})`;
    for (const r of c.rows ?? []) if (!rowIds.has(r)) problems.push(`${where} rows: unknown row '${r}'`);
    for (const k of c.claims ?? []) if (!claims.has(k)) problems.push(`${where} claims: '${k}' is not in fixtures/docs/claims.yaml`);
    for (const ed of c.editions ?? []) if (!editionIds.has(ed)) problems.push(`${where} editions: unknown edition '${ed}'`);
    (c.sources ?? []).forEach((s, j) => checkSource(`${where} sources.${j}`, s));
  });
  return problems;
}

// ── quotes ──────────────────────────────────────────────────────────────────────────────────

export interface QuoteProblem {
  /** `row <id>`, `row <id> also.<n>` or `conflict <id> sources.<n>`. */
  where: string;
  seed: string;
  quote: string;
  problem: string;
}

/** Every seed-sourced quote of the table, with where it is cited. */
export function seedQuotes(table: DocTable): { where: string; source: DocSource & { seed: string } }[] {
  const out: { where: string; source: DocSource & { seed: string } }[] = [];
  const add = (where: string, s: DocSource): void => {
    if (s.seed) out.push({ where, source: { ...s, seed: s.seed } });
  };
  for (const row of table.rows) {
    add(`row ${row.id}`, row.source);
    (row.also ?? []).forEach((s, j) => add(`row ${row.id} also.${j}`, s));
  }
  for (const c of table.conflicts ?? []) {
    (c.sources ?? []).forEach((s, j) => add(`conflict ${c.id} sources.${j}`, s));
  }
  return out;
}

/**
 * Check that every seed quote is a verbatim substring of its seed file. Returns the problems
 * (empty when all quotes are found). Seeds are read from `seedsDir`.
 */
export function checkQuotes(table: DocTable, seedsDir: string = DEFAULT_SEEDS_DIR): QuoteProblem[] {
  const texts = new Map<string, string | null>();
  const text = (seed: string): string | null => {
    if (!texts.has(seed)) {
      const p = path.join(seedsDir, seed);
      texts.set(seed, existsSync(p) ? readFileSync(p, 'utf8') : null);
    }
    return texts.get(seed) ?? null;
  };
  const problems: QuoteProblem[] = [];
  for (const { where, source } of seedQuotes(table)) {
    const t = text(source.seed);
    if (t === null) {
      problems.push({ where, seed: source.seed, quote: source.quote, problem: `seed file not found in ${seedsDir}` });
    } else if (!t.includes(source.quote)) {
      problems.push({ where, seed: source.seed, quote: source.quote, problem: 'quote not found verbatim in the seed' });
    }
  }
  return problems;
}

// ── queries ─────────────────────────────────────────────────────────────────────────────────

/** Rows grouped by claim key (a claim may have several rows, e.g. one per edition). */
export function rowsByClaim(table: DocTable): Map<string, DocRow[]> {
  const map = new Map<string, DocRow[]>();
  for (const row of table.rows) {
    const list = map.get(row.claim);
    if (list) list.push(row);
    else map.set(row.claim, [row]);
  }
  return map;
}

/** True when the row is stated by at least one edition marked current (no `editions` = all). */
export function isCurrentRow(table: DocTable, row: DocRow): boolean {
  const current = new Set(table.editions.filter((e) => e.current).map((e) => e.id));
  if (current.size === 0) return true;
  if (!row.editions) return true;
  return row.editions.some((e) => current.has(e));
}
