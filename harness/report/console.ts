// What a person sees. On a TTY: one live status line (cases done of total, current suite,
// failures so far). Without a TTY (CI): nothing during the run, a short summary at the end.
import type { ExpectationSummary, RunResults } from '../types.ts';
import { deviations } from '../expectations.ts';

export class Progress {
  private done = 0;
  private total = 0;
  private failed = 0;
  private suite = '';
  private lastDraw = 0;
  /** What the count of bad cases is called: 'failing', or 'deviating' against expectations. */
  label = 'failing';
  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    readonly live = Boolean(process.stderr.isTTY) && !process.env.CI,
  ) {}

  addTotal(n: number): void {
    this.total += n;
    this.draw();
  }

  caseDone(suite: string, bad: boolean): void {
    this.done += 1;
    this.suite = suite;
    if (bad) this.failed += 1;
    this.draw();
  }

  private draw(force = false): void {
    if (!this.live) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    const width = this.out.columns || 80;
    const line = `s3conform ${this.done}/${this.total} cases · ${this.suite || 'starting'} · ${this.failed} ${this.label}`;
    this.out.write(`\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, line.length + 10))}`);
  }

  clear(): void {
    if (this.live) this.out.write(`\r${' '.repeat(Math.max(0, (this.out.columns || 80) - 1))}\r`);
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function summaryText(r: RunResults, files: { results: string; junit: string }): string {
  const lines: string[] = [];
  const suites = new Map<string, Record<string, number>>();
  for (const c of r.cases) {
    const s = suites.get(c.suite) ?? { pass: 0, fail: 0, unsupported: 0, skip: 0, error: 0 };
    s[c.verdict] += 1;
    suites.set(c.suite, s);
  }
  lines.push(`s3conform ${r.provenance.suiteVersion} · ${r.provenance.profile} · ${r.provenance.endpoint}${r.provenance.serverHeader ? ` (${r.provenance.serverHeader})` : ''}`);
  lines.push(`${'suite'.padEnd(18)}${pad('pass', 6)}${pad('fail', 6)}${pad('unsup', 7)}${pad('skip', 6)}${pad('error', 7)}`);
  for (const [name, s] of [...suites].sort()) {
    lines.push(`${name.padEnd(18)}${pad(s.pass, 6)}${pad(s.fail, 6)}${pad(s.unsupported, 7)}${pad(s.skip, 6)}${pad(s.error, 7)}`);
  }
  const m = r.summary;
  lines.push(`${'total'.padEnd(18)}${pad(m.pass, 6)}${pad(m.fail, 6)}${pad(m.unsupported, 7)}${pad(m.skip, 6)}${pad(m.error, 7)}   ${m.total} cases, ${m.requests} requests, ${(r.run.durationMs / 1000).toFixed(1)} s`);
  if (r.run.interrupted) lines.push(`run stopped early: ${r.run.stopReason ?? 'interrupted'}`);
  if (r.expectations) lines.push(...expectationLines(r.expectations));
  lines.push(`results: ${files.results}`, `junit:   ${files.junit}`);
  return lines.join('\n');
}

function expectationLines(e: ExpectationSummary): string[] {
  const n = deviations(e);
  const out = [`expectations ${e.file}: ${e.asExpected} as expected, ${n} deviation(s)`];
  const list = (label: string, ids: string[]) => {
    if (!ids.length) return;
    out.push(`  ${label} (${ids.length}):`);
    for (const id of ids.slice(0, 20)) out.push(`    ${id}`);
    if (ids.length > 20) out.push(`    … and ${ids.length - 20} more (see results.json)`);
  };
  list('new failures', e.newFailures);
  list('unexpected passes (remove the expectation)', e.unexpectedPasses);
  list('changed verdicts', e.changedVerdicts);
  list('vanished (expected case no longer exists)', e.vanished);
  return out;
}
