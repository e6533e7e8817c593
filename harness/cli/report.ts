// `s3conform report RESULTS…`: merge the shards of each run, build the matrix against the doc
// tables, and write the reports (Markdown, HTML, JUnit, JSON). Also used by `run` to write
// results.md and report.html beside results.json.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResults } from '../types.ts';
import { readResults } from '../results.ts';
import { SchemaError } from '../schema.ts';
import { MergeError, mergeResults, type LoadedResults, type MergedTarget } from '../merge.ts';
import { buildMatrix, defaultDocs, type Matrix } from '../matrix.ts';
import { DocTableError, listDocTables } from '../docs.ts';
import { markdownReport } from '../report/markdown.ts';
import { htmlReport } from '../report/html.ts';
import { junitXml } from '../report/junit.ts';
import { maskSecrets, registerSecrets } from '../redact.ts';
import { DEFAULT_REPORTS } from '../paths.ts';
import { EXIT, UsageError } from './common.ts';

export const REPORT_FORMATS = ['md', 'html', 'junit', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  format?: string[];
  out?: string;
  docs?: string[];
  quiet?: boolean;
}

/** A results file, or a run folder holding results.json. */
export function resolveResultsPath(arg: string): string {
  const p = path.resolve(arg);
  if (existsSync(p) && statSync(p).isDirectory()) return path.join(p, 'results.json');
  return p;
}

export function loadResultsArg(arg: string): LoadedResults {
  const file = resolveResultsPath(arg);
  if (!existsSync(file)) throw new UsageError(`${arg}: no such results file`);
  try {
    return { file, results: readResults(file) };
  } catch (e) {
    if (e instanceof SchemaError) throw new UsageError(e.message);
    if (e instanceof SyntaxError) throw new UsageError(`${file}: not JSON (${e.message})`);
    throw e;
  }
}

/**
 * A second guard against secrets in the output: results never hold secrets (the reporter masks
 * them), but the report may run elsewhere. Register what the run folder's run.json resolves to
 * (literal keys of local profiles, env: references set in this environment) and any variable of
 * this environment that looks like a secret.
 */
export function registerSecretsNear(resultsFile: string, env: NodeJS.ProcessEnv = process.env): void {
  const values: string[] = [];
  const runJson = path.join(path.dirname(resultsFile), 'run.json');
  if (existsSync(runJson)) {
    try {
      const cfg = JSON.parse(readFileSync(runJson, 'utf8')) as { profile?: { identities?: Record<string, Record<string, unknown>> } };
      for (const id of Object.values(cfg.profile?.identities ?? {})) {
        for (const field of ['secretAccessKey', 'sessionToken']) {
          const v = id?.[field];
          if (typeof v !== 'string') continue;
          if (v.startsWith('env:')) {
            const resolved = env[v.slice(4)];
            if (resolved) values.push(resolved);
          } else values.push(v);
        }
      }
    } catch {
      /* not ours to judge here: the report only reads results.json */
    }
  }
  for (const [k, v] of Object.entries(env)) {
    if (v && v.length >= 8 && /(SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE)/i.test(k)) values.push(v);
  }
  registerSecrets(values);
}

export interface WrittenReports {
  md?: string;
  html?: string;
  junit?: string[];
  json?: string;
}

/** The matrix as data, without the raw cases (results.json has them). */
export function matrixJson(m: Matrix): string {
  const slim = {
    generatedAt: m.generatedAt,
    docs: m.docs,
    targets: m.targets.map((t) => ({
      key: t.key,
      label: t.label,
      files: t.files,
      ...(t.shards ? { shards: t.shards } : {}),
      warnings: t.warnings,
      run: t.results.run,
      provenance: t.results.provenance,
      summary: t.results.summary,
      ...(t.results.expectations ? { expectations: t.results.expectations } : {}),
    })),
    tables: m.tables.map((t) => ({
      table: { id: t.table.id, title: t.table.title, vendor: t.table.vendor },
      counts: Object.fromEntries(m.targets.map((x, i) => [x.label, t.counts[i]])),
      scores: Object.fromEntries(m.targets.map((x, i) => [x.label, t.scores[i]])),
      rows: t.rows.map((r) => ({
        id: r.row.id,
        claim: r.row.claim,
        documented: r.row.documented,
        ...(r.row.limit !== undefined ? { limit: r.row.limit } : {}),
        area: r.area,
        current: r.current,
        ...(r.conflicts.length ? { conflicts: r.conflicts.map((c) => c.id) } : {}),
        cells: Object.fromEntries(m.targets.map((x, i) => [x.label, r.cells[i]])),
      })),
    })),
    claims: m.claims.map((c) => ({
      key: c.key,
      area: c.area,
      documented: c.documented,
      cells: Object.fromEntries(m.targets.map((x, i) => [x.label, c.cells[i]])),
    })),
    unknownClaims: m.unknownClaims,
  };
  return maskSecrets(`${JSON.stringify(slim)}\n`);
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Write the chosen formats into `outDir`. */
export function writeReports(m: Matrix, formats: ReportFormat[], outDir: string): WrittenReports {
  mkdirSync(outDir, { recursive: true });
  const out: WrittenReports = {};
  if (formats.includes('md')) {
    out.md = path.join(outDir, 'results.md');
    const htmlLink = formats.includes('html') ? 'report.html' : undefined;
    writeFileSync(out.md, markdownReport(m, htmlLink ? { htmlLink } : {}));
  }
  if (formats.includes('html')) {
    out.html = path.join(outDir, 'report.html');
    writeFileSync(out.html, htmlReport(m));
  }
  if (formats.includes('junit')) {
    out.junit = m.targets.map((t) => {
      const f = path.join(outDir, m.targets.length === 1 ? 'junit.xml' : `junit-${safeName(t.label)}.xml`);
      writeFileSync(f, junitXml(t.results));
      return f;
    });
  }
  if (formats.includes('json')) {
    out.json = path.join(outDir, 'matrix.json');
    writeFileSync(out.json, matrixJson(m));
  }
  return out;
}

/**
 * After `run`: results.md and report.html beside results.json, against the profile's doc
 * tables. A failure here is reported, never fatal: results.json and junit.xml already exist.
 */
export function writeRunReports(results: RunResults, outDir: string, opts: { quiet?: boolean } = {}): WrittenReports {
  try {
    const target: MergedTarget = { results, files: [path.join(outDir, 'results.json')], warnings: [] };
    const docs = defaultDocs([target]).filter((d) => listDocTables().includes(d));
    const written = writeReports(buildMatrix([target], { docs }), ['md', 'html'], outDir);
    if (!opts.quiet) process.stderr.write(`report:  ${written.html}\n`);
    return written;
  } catch (e) {
    process.stderr.write(`could not write results.md / report.html: ${maskSecrets(e instanceof Error ? e.message : String(e))}\n`);
    return {};
  }
}

function parseFormats(list: string[] | undefined): ReportFormat[] {
  const formats = (list?.length ? list : ['md', 'html']).map((f) => f.trim().toLowerCase()).filter(Boolean);
  const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length) throw new UsageError(`unknown format(s): ${bad.join(', ')} (known: ${REPORT_FORMATS.join(', ')})`);
  return [...new Set(formats)] as ReportFormat[];
}

export async function reportCommand(files: string[], opts: ReportOptions): Promise<number> {
  if (!files.length) throw new UsageError('report needs at least one results file (or run folder)');
  const formats = parseFormats(opts.format);
  const loaded = files.map(loadResultsArg);
  for (const l of loaded) registerSecretsNear(l.file);
  let merged: MergedTarget[];
  try {
    merged = mergeResults(loaded);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(e.message);
    throw e;
  }
  const known = listDocTables();
  let docs: string[];
  if (opts.docs?.length) {
    docs = [...new Set(opts.docs)];
    const unknown = docs.filter((d) => !known.includes(d));
    if (unknown.length) throw new UsageError(`unknown doc table(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
  } else {
    // The profiles' docs lists: a name without a table here is reported, not fatal.
    const named = defaultDocs(merged);
    docs = named.filter((d) => known.includes(d));
    const missing = named.filter((d) => !known.includes(d));
    if (missing.length && !opts.quiet) process.stderr.write(`warning: no doc table for ${missing.join(', ')} (known: ${known.join(', ')})\n`);
  }
  let matrix: Matrix;
  try {
    matrix = buildMatrix(merged, { docs });
  } catch (e) {
    if (e instanceof DocTableError) throw new UsageError(e.message);
    throw e;
  }

  // `--out -`: one text format to stdout (e.g. `>> "$GITHUB_STEP_SUMMARY"`).
  if (opts.out === '-') {
    if (formats.length !== 1 || !['md', 'json'].includes(formats[0]!)) {
      throw new UsageError('--out - prints one format to stdout: use it with --format md or --format json');
    }
    process.stdout.write(formats[0] === 'md' ? markdownReport(matrix) : matrixJson(matrix));
    return EXIT.ok;
  }
  const outDir = path.resolve(opts.out ?? path.join(DEFAULT_REPORTS, 'report'));
  const written = writeReports(matrix, formats, outDir);
  if (!opts.quiet) {
    for (const t of matrix.targets) for (const w of t.warnings) process.stderr.write(`warning: ${t.label}: ${maskSecrets(w)}\n`);
    const lines = [
      `s3conform report · ${matrix.targets.map((t) => t.label).join(', ')} · doc tables: ${docs.join(', ') || 'none'}`,
      ...matrix.tables.map((t) => {
        const parts = matrix.targets.map((x, i) => {
          const c = t.counts[i]!;
          return `${x.label}: ${c.conformant} conformant, ${c.partial} partial, ${c.contradicted} contradicted, ${c.untested} untested`;
        });
        return `  ${t.table.id}: ${parts.join(' · ')}`;
      }),
      ...(written.md ? [`markdown: ${written.md}`] : []),
      ...(written.html ? [`html:     ${written.html}`] : []),
      ...(written.junit ?? []).map((f) => `junit:    ${f}`),
      ...(written.json ? [`json:     ${written.json}`] : []),
    ];
    process.stderr.write(`${maskSecrets(lines.join('\n'))}\n`);
  }
  return EXIT.ok;
}
