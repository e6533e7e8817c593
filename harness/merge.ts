// Merging results files: the shards of one run become one results file, so the matrix and the
// reports see one target per endpoint, not one per shard.
//
// Which files are shards of the same run: files with the same run id, or files that all carry
// `run.shard` with the same shard count for the same profile and suite version (each
// `s3conform run --shard i/n` is its own process with its own run id, so a CI matrix of shards
// never shares one; the endpoint is not part of the key because the embedded s3rver listens on
// a new port each run). When several sharded runs of one profile are given (yesterday's shards
// and today's), files are taken in order of start time and each goes to the first group that
// lacks its shard index. Files without `run.shard` are targets of their own, even when two of
// them ran the same profile (two runs side by side are two columns).
import type { CaseResult, ExpectationSummary, RunResults } from './types.ts';
import { summarize } from './results.ts';

export class MergeError extends Error {
  override name = 'MergeError';
}

/** One results file as given on the command line. */
export interface LoadedResults {
  file: string;
  results: RunResults;
}

/** A target of the report: one results file, or the merge of a run's shards. */
export interface MergedTarget {
  results: RunResults;
  /** The files it was made of (one unless shards were merged). */
  files: string[];
  /** Shard indexes merged (1-based), with the count; absent for an unsharded run. */
  shards?: { indexes: number[]; count: number; complete: boolean };
  /** Things the reader should know: missing shards, cases reported twice. */
  warnings: string[];
}

function groupKey(r: RunResults): string {
  if (!r.run.shard) return `run:${r.run.id}`;
  const p = r.provenance;
  return `shards:${p.profile}\u0000${p.suiteVersion}\u0000${r.run.shard.count}`;
}

/**
 * Group results into targets, merging shards. Order follows the first appearance of each
 * target on the command line.
 */
export function mergeResults(inputs: LoadedResults[]): MergedTarget[] {
  const groups = new Map<string, LoadedResults[][]>();
  const byStart = inputs
    .map((input, order) => ({ input, order }))
    .sort((a, b) => a.input.results.run.startedAt.localeCompare(b.input.results.run.startedAt) || a.order - b.order);
  const firstSeen = new Map<LoadedResults[], number>();
  for (const { input, order } of byStart) {
    const key = groupKey(input.results);
    const lists = groups.get(key) ?? [];
    groups.set(key, lists);
    const shard = input.results.run.shard;
    // The same run id without shards twice (the same file given twice, or a copy) joins its group;
    // a shard joins the first group of its kind that lacks its index.
    let list = shard ? lists.find((l) => !l.some((x) => x.results.run.shard?.index === shard.index)) : lists[0];
    if (!list) {
      list = [];
      lists.push(list);
    }
    list.push(input);
    firstSeen.set(list, Math.min(firstSeen.get(list) ?? Infinity, order));
  }
  const all = [...groups.values()].flat().sort((a, b) => firstSeen.get(a)! - firstSeen.get(b)!);
  const severalRuns = new Set([...groups.values()].filter((l) => l.length > 1).flat());
  return all.map((list) => {
    if (list.length === 1 && !list[0]!.results.run.shard) {
      return { results: list[0]!.results, files: [list[0]!.file], warnings: [] };
    }
    const merged = mergeGroup(list);
    if (severalRuns.has(list) && list[0]!.results.run.shard) {
      merged.warnings.push(`several sharded runs of ${list[0]!.results.provenance.profile} were given; shards were grouped by start time`);
    }
    return merged;
  });
}

/** Merge files known to belong to one run (shards, or the same unsharded run given twice). */
export function mergeGroup(list: LoadedResults[]): MergedTarget {
  if (list.length === 0) throw new MergeError('nothing to merge');
  const warnings: string[] = [];
  const sharded = list.filter((l) => l.results.run.shard);
  if (sharded.length && sharded.length !== list.length) {
    throw new MergeError(`cannot merge sharded and unsharded results of run ${list[0]!.results.run.id}: ${list.map((l) => l.file).join(', ')}`);
  }
  let shards: MergedTarget['shards'];
  if (sharded.length) {
    const count = list[0]!.results.run.shard!.count;
    const seen = new Map<number, string>();
    for (const l of list) {
      const s = l.results.run.shard!;
      if (s.count !== count) throw new MergeError(`shard counts differ: ${l.file} is shard ${s.index}/${s.count}, others are of ${count}`);
      const prev = seen.get(s.index);
      if (prev) {
        throw new MergeError(
          `${prev} and ${l.file} are both shard ${s.index}/${count} of ${l.results.provenance.profile}: pass one results file per shard`,
        );
      }
      seen.set(s.index, l.file);
    }
    const indexes = [...seen.keys()].sort((a, b) => a - b);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length) warnings.push(`shard(s) ${missing.join(', ')} of ${count} missing: their cases are not in this report`);
    shards = { indexes, count, complete: missing.length === 0 };
  } else if (list.length > 1) {
    warnings.push(`run ${list[0]!.results.run.id} was given ${list.length} times; merged`);
  }

  // Cases: a case id appears once. Shards split by file, so a duplicate means the same file
  // twice (identical verdicts: harmless) or two different runs (conflicting: keep the first, warn).
  const byId = new Map<string, CaseResult>();
  for (const l of list) {
    for (const c of l.results.cases) {
      const prev = byId.get(c.id);
      if (!prev) byId.set(c.id, c);
      else if (prev.verdict !== c.verdict) {
        warnings.push(`case ${c.id} is in two files with different verdicts (${prev.verdict}, ${c.verdict} in ${l.file}); kept ${prev.verdict}`);
      }
    }
  }
  const cases = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));

  const first = list[0]!.results;
  const started = list.map((l) => l.results.run.startedAt).sort()[0]!;
  const finished = list.map((l) => l.results.run.finishedAt).sort().at(-1)!;
  const stopReasons = [...new Set(list.map((l) => l.results.run.stopReason).filter((s): s is string => !!s))];
  const ids = [...new Set(list.map((l) => l.results.run.id))];
  const endpoints = [...new Set(list.map((l) => l.results.provenance.endpoint))];
  const results: RunResults = {
    schemaVersion: 1,
    run: {
      id: ids.join('+'),
      prefix: first.run.prefix,
      startedAt: started,
      finishedAt: finished,
      // Shards may run in parallel: the wall time from the first start to the last end.
      durationMs: Math.max(0, Date.parse(finished) - Date.parse(started)),
      interrupted: list.some((l) => l.results.run.interrupted),
      ...(stopReasons.length ? { stopReason: stopReasons.join('; ') } : {}),
      // A complete set of shards is the whole run; an incomplete one keeps the count.
      ...(shards && !shards.complete ? { shard: { index: shards.indexes[0]!, count: shards.count } } : {}),
      suites: [...new Set(list.flatMap((l) => l.results.run.suites))].sort(),
    },
    provenance: {
      ...first.provenance,
      endpoint: endpoints.join(', '),
      docs: [...new Set(list.flatMap((l) => l.results.provenance.docs))],
      date: list.map((l) => l.results.provenance.date).sort()[0]!,
    },
    summary: summarize(cases),
    cases,
  };
  const exp = mergeExpectations(list.map((l) => l.results.expectations), new Set(byId.keys()));
  if (exp) results.expectations = exp;
  return { results, files: list.map((l) => l.file), ...(shards ? { shards } : {}), warnings };
}

/**
 * Expectation summaries of shards, combined. A shard's reporter only sees its own cases, so it
 * may call an entry "vanished" whose case ran in another shard: an entry is vanished only when
 * no shard ran its case.
 */
export function mergeExpectations(
  parts: (ExpectationSummary | undefined)[],
  ranIds: Set<string>,
): ExpectationSummary | undefined {
  const present = parts.filter((p): p is ExpectationSummary => !!p);
  if (!present.length) return undefined;
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    file: present[0]!.file,
    asExpected: present.reduce((n, p) => n + p.asExpected, 0),
    newFailures: uniq(present.flatMap((p) => p.newFailures)),
    unexpectedPasses: uniq(present.flatMap((p) => p.unexpectedPasses)),
    changedVerdicts: uniq(present.flatMap((p) => p.changedVerdicts)),
    vanished: uniq(present.flatMap((p) => p.vanished)).filter((id) => !ranIds.has(id)),
  };
}
