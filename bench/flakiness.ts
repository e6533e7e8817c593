// Flakiness check: run the suites N times (default 5) against one target and list every case
// whose verdict is not the same in all runs, with the reason of each run. A flaky case is a bug
// of the case (or of the target): fix it, never retry it into green.
//
//   npx tsx bench/flakiness.ts [--profile local-rgw] [--runs 5] [--suite NAME ...] [--json]
//
// Exit code: 0 when every case kept its verdict, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../harness/paths.ts';
import { readResults } from '../harness/results.ts';
import type { RunResults } from '../harness/types.ts';

function parseArgs(argv: string[]) {
  const a = { profile: 'local-rgw', runs: 5, suites: [] as string[], json: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--profile' || v === '-p') a.profile = argv[++i];
    else if (v === '--runs' || v === '-n') a.runs = Number(argv[++i]);
    else if (v === '--suite' || v === '-s') a.suites.push(...argv[++i].split(','));
    else if (v === '--json') a.json = true;
    else throw new Error(`unknown argument ${v} (usage: bench/flakiness.ts [--profile P] [--runs N] [--suite S] [--json])`);
  }
  return a;
}

const args = parseArgs(process.argv.slice(2));
const dir = mkdtempSync(path.join(os.tmpdir(), 's3c-flaky-'));
const runs: RunResults[] = [];
for (let i = 1; i <= args.runs; i++) {
  const out = path.join(dir, `run${i}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['bin/s3conform.js', 'run', '--profile', args.profile, '--out', out, '--quiet', ...args.suites.flatMap((s) => ['--suite', s])], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CI: 'true' },
  });
  const results = readResults(path.join(out, 'latest', 'results.json'));
  runs.push(results);
  const e = results.expectations;
  const dev = e ? e.newFailures.length + e.unexpectedPasses.length + e.changedVerdicts.length + e.vanished.length : undefined;
  process.stderr.write(
    `run ${i}/${args.runs}: exit ${r.status}, ${results.summary.total} cases (pass ${results.summary.pass}, fail ${results.summary.fail}, unsupported ${results.summary.unsupported}, skip ${results.summary.skip}, error ${results.summary.error})${dev !== undefined ? `, ${dev} deviation(s)` : ''}, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

const ids = new Set(runs.flatMap((r) => r.cases.map((c) => c.id)));
const flaky: { id: string; verdicts: string[]; reasons: string[] }[] = [];
for (const id of [...ids].sort()) {
  const per = runs.map((r) => r.cases.find((c) => c.id === id));
  const verdicts = per.map((c) => c?.verdict ?? '(absent)');
  if (new Set(verdicts).size > 1) flaky.push({ id, verdicts, reasons: per.map((c) => (c?.reason ?? '').slice(0, 200)) });
}

if (args.json) {
  process.stdout.write(`${JSON.stringify({ profile: args.profile, runs: args.runs, cases: ids.size, flaky }, null, 2)}\n`);
} else if (flaky.length === 0) {
  process.stdout.write(`no flaky case: ${ids.size} cases kept their verdict over ${args.runs} runs against ${args.profile}\n`);
} else {
  process.stdout.write(`${flaky.length} flaky case(s) over ${args.runs} runs against ${args.profile}:\n`);
  for (const f of flaky) {
    process.stdout.write(`  ${f.id}: ${f.verdicts.join(' ')}\n`);
    f.verdicts.forEach((v, i) => {
      if (v !== 'pass') process.stdout.write(`    run ${i + 1} ${v}: ${f.reasons[i]}\n`);
    });
  }
}
process.exitCode = flaky.length ? 1 : 0;
