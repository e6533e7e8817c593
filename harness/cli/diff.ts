// `s3conform diff BASELINE CURRENT`: what changed between two results files. Exit 1 when the
// current results regressed (a pass lost, a case vanished), 0 otherwise, 2 on usage errors.
// Each side may be a results file, a run folder, or several shard files joined with commas.
import { diffJson, diffMarkdown, diffResults, diffText, regressed } from '../diff.ts';
import { MergeError, mergeResults } from '../merge.ts';
import { maskSecrets } from '../redact.ts';
import type { RunResults } from '../types.ts';
import { EXIT, UsageError } from './common.ts';
import { loadResultsArg, registerSecretsNear } from './report.ts';

export interface DiffOptions {
  format?: string;
}

function loadSide(arg: string, label: string): RunResults {
  const parts = arg.split(',').filter(Boolean);
  const loaded = parts.map(loadResultsArg);
  for (const l of loaded) registerSecretsNear(l.file);
  try {
    const merged = mergeResults(loaded);
    if (merged.length !== 1) {
      throw new UsageError(`${label}: ${parts.join(', ')} are ${merged.length} different runs; give one run (or the shards of one run)`);
    }
    return merged[0]!.results;
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(`${label}: ${e.message}`);
    throw e;
  }
}

export async function diffCommand(baseline: string, current: string, opts: DiffOptions): Promise<number> {
  const format = (opts.format ?? 'text').toLowerCase();
  if (!['text', 'md', 'json'].includes(format)) throw new UsageError(`--format must be text, md or json, got '${opts.format}'`);
  const d = diffResults(loadSide(baseline, 'baseline'), loadSide(current, 'current'));
  const out = format === 'md' ? diffMarkdown(d) : format === 'json' ? diffJson(d) : diffText(d);
  process.stdout.write(maskSecrets(out.endsWith('\n') ? out : `${out}\n`));
  return regressed(d) ? EXIT.failed : EXIT.ok;
}
