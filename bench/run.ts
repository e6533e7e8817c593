// `npm run bench`: one full run against a local target (default: local-rgw), measured.
// Prints wall time, cases, requests issued (counted at the endpoint by a TCP pass-through in
// front of it that follows the HTTP framing, so setup and cleanup requests are included), requests per case, and the peak RSS of the
// runner: the CLI process plus its vitest worker processes, sampled from /proc every 100 ms.
//
//   npx tsx bench/run.ts [--profile local-rgw] [--suite NAME ...] [--direct] [--json]
//
// --direct runs without the proxy (no proxy overhead; requests are then the harness's own count
// of case requests, without cleanup). The figures go to docs/performance.md by hand.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { startCountingProxy, type CountingProxy } from '../test/support/fault-proxy.ts';
import { readProfileFile } from '../harness/profile.ts';
import { resolveProfilePath, REPO_ROOT } from '../harness/paths.ts';
import { readResults } from '../harness/results.ts';

interface Args {
  profile: string;
  suites: string[];
  direct: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { profile: 'local-rgw', suites: [], direct: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--profile' || v === '-p') a.profile = argv[++i];
    else if (v === '--suite' || v === '-s') a.suites.push(...argv[++i].split(','));
    else if (v === '--direct') a.direct = true;
    else if (v === '--json') a.json = true;
    else throw new Error(`unknown argument ${v} (usage: bench/run.ts [--profile P] [--suite S] [--direct] [--json])`);
  }
  return a;
}

const PAGE = 4096;

/** RSS in bytes of `root` and all its descendants, from /proc. */
function treeRss(root: number): { total: number; processes: number; perPid: Map<number, number> } {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {
      /* gone */
    }
  }
  const inTree = (pid: number) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  const perPid = new Map<number, number>();
  let total = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      const rss = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
      perPid.set(pid, rss);
      total += rss;
    } catch {
      /* gone */
    }
  }
  return { total, processes: perPid.size, perPid };
}

function machine() {
  const cpus = os.cpus();
  let rgw = '';
  try {
    rgw = readFileSync('/proc/version', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    /* not linux */
  }
  return {
    cpu: `${cpus[0]?.model ?? '?'} × ${os.availableParallelism?.() ?? cpus.length}`,
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: rgw,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const source = resolveProfilePath(args.profile);
  const file = readProfileFile(source);
  const dir = mkdtempSync(path.join(os.tmpdir(), 's3c-bench-'));
  let proxy: CountingProxy | undefined;
  let profileArg = source;
  if (!args.direct) {
    proxy = await startCountingProxy(file.endpoint);
    const pf = path.join(dir, 'profile.yaml');
    writeFileSync(pf, toYaml({ ...file, name: file.name, endpoint: proxy.url }));
    profileArg = pf;
  }
  const before = machine();
  const out = path.join(dir, 'reports');
  const cliArgs = ['bin/s3conform.js', 'run', '--profile', profileArg, '--out', out, '--quiet', ...args.suites.flatMap((s) => ['--suite', s])];
  const t0 = performance.now();
  const child = spawn(process.execPath, cliArgs, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: 'true' } });
  let peak = 0;
  let peakProcesses = 0;
  let peakSingle = 0;
  const perProcessPeak = new Map<number, number>();
  const sample = () => {
    if (!child.pid) return;
    const r = treeRss(child.pid);
    if (r.total > peak) peak = r.total;
    if (r.processes > peakProcesses) peakProcesses = r.processes;
    for (const [pid, v] of r.perPid) {
      if (v > peakSingle) peakSingle = v;
      if (v > (perProcessPeak.get(pid) ?? 0)) perProcessPeak.set(pid, v);
    }
  };
  const timer = setInterval(sample, 100);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const wallS = (performance.now() - t0) / 1000;
  await proxy?.close();

  const results = readResults(path.join(out, 'latest', 'results.json'));
  const cases = results.summary.total;
  const counted = proxy
    ? {
        total: proxy.requests.length,
        cases: proxy.requests.filter((q) => q.maxAttempts === 1).length,
        cleanup: proxy.requests.filter((q) => q.maxAttempts !== undefined && q.maxAttempts > 1).length,
        raw: proxy.requests.filter((q) => q.maxAttempts === undefined).length,
      }
    : undefined;
  const requests = counted?.total ?? results.summary.requests;
  const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  const report = {
    profile: file.name,
    endpoint: file.endpoint,
    serverHeader: results.provenance.serverHeader,
    exitCode: code,
    wallS: Math.round(wallS * 10) / 10,
    runS: Math.round(results.run.durationMs / 100) / 10,
    cases,
    verdicts: { pass: results.summary.pass, fail: results.summary.fail, unsupported: results.summary.unsupported, skip: results.summary.skip, error: results.summary.error },
    deviations: results.expectations
      ? results.expectations.newFailures.length + results.expectations.unexpectedPasses.length + results.expectations.changedVerdicts.length + results.expectations.vanished.length
      : undefined,
    requests,
    requestsCountedAt: proxy ? 'endpoint (counting proxy)' : 'harness (case requests only)',
    requestsBreakdown: counted,
    requestsPerCase: Math.round((requests / Math.max(cases, 1)) * 100) / 100,
    casesPerSecond: Math.round((cases / wallS) * 10) / 10,
    peakRssMiB: mib(peak),
    peakSingleProcessRssMiB: mib(peakSingle),
    peakProcesses,
    perProcessPeakMiB: [...perProcessPeak].map(([pid, v]) => ({ pid, peakMiB: mib(v), role: pid === child.pid ? 'cli' : 'worker/helper' })),
    concurrency: file.concurrency,
    machine: { ...before, loadAfter: machine().load },
    results: path.join(out, 'latest', 'results.json'),
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const lines = [
      `bench · ${report.profile} · ${report.endpoint}${report.serverHeader ? ` (${report.serverHeader})` : ''}`,
      `wall time       ${report.wallS} s (run ${report.runS} s)   exit ${code}${report.deviations !== undefined ? `, ${report.deviations} deviation(s)` : ''}`,
      `cases           ${cases}   (${Object.entries(report.verdicts).map(([k, v]) => `${k} ${v}`).join(', ')})   ${report.casesPerSecond} cases/s`,
      `requests        ${requests} counted at the ${proxy ? 'endpoint' : 'harness'}${counted ? ` (cases ${counted.cases}, cleanup ${counted.cleanup}, raw/unsigned-SDK ${counted.raw})` : ''}`,
      `requests/case   ${report.requestsPerCase}`,
      `peak RSS        ${report.peakRssMiB} MiB (CLI + workers, ${peakProcesses} processes at most; largest single process ${report.peakSingleProcessRssMiB} MiB)`,
      `machine         ${report.machine.cpu}, ${report.machine.memGiB} GiB, node ${report.machine.node}, load ${report.machine.load} → ${report.machine.loadAfter}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = code === 0 || code === 1 ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
