// The run's request and byte budgets, global across vitest's worker processes. Two counter
// files in the run folder: every gated request appends one byte to `.budget-requests`, and every
// KiB sent appends one byte to `.budget-kib`. Appends with O_APPEND are atomic on a local file
// system, so each file's size is the run's total without any lock or server: a check costs one
// write and one fstat (a few microseconds). A request whose append takes a total past its limit
// is refused (BudgetExceeded, verdict error); the CLI polls the sizes and stops the run as soon
// as one request was refused. Cleanup clients are never gated, so cleanup always runs.
import { closeSync, fstatSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Budget } from './profile.ts';
import { BudgetExceeded } from './signals.ts';

export const BUDGET_FILES = { requests: '.budget-requests', kib: '.budget-kib' } as const;

export interface BudgetTotals {
  requests: number;
  /** Bytes of request bodies sent, in KiB granularity (rounded down per process). */
  bytes: number;
}

const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** The totals so far, read by the CLI (and by tests). */
export function budgetTotals(outDir: string): BudgetTotals {
  return { requests: size(path.join(outDir, BUDGET_FILES.requests)), bytes: size(path.join(outDir, BUDGET_FILES.kib)) * 1024 };
}

/** Why the run must stop, once a request has been refused; undefined while within budget. */
export function budgetExhausted(outDir: string, b: Budget): string | undefined {
  const t = budgetTotals(outDir);
  if (b.maxRequests !== undefined && t.requests > b.maxRequests) return `budget: maxRequests ${b.maxRequests} reached`;
  if (b.maxBytes !== undefined && t.bytes > b.maxBytes) return `budget: maxBytes ${b.maxBytes} reached`;
  return undefined;
}

export function removeBudgetFiles(outDir: string): void {
  for (const f of Object.values(BUDGET_FILES)) rmSync(path.join(outDir, f), { force: true });
}

/** One per worker process: charge(bytes) before each request; throws BudgetExceeded. */
export class BudgetCounter {
  private reqFd: number | undefined;
  private kibFd: number | undefined;
  private pendingBytes = 0;
  private readonly one = Buffer.from('\n');

  constructor(
    private readonly outDir: string,
    private readonly budget: Budget,
  ) {}

  /** Nothing to count: no limit set. */
  get unlimited(): boolean {
    return this.budget.maxRequests === undefined && this.budget.maxBytes === undefined;
  }

  charge(bytes: number): void {
    const b = this.budget;
    if (b.maxRequests !== undefined) {
      this.reqFd ??= openSync(path.join(this.outDir, BUDGET_FILES.requests), 'a');
      writeSync(this.reqFd, this.one);
      if (fstatSync(this.reqFd).size > b.maxRequests) throw new BudgetExceeded(`maxRequests ${b.maxRequests} reached`);
    }
    if (b.maxBytes !== undefined) {
      this.kibFd ??= openSync(path.join(this.outDir, BUDGET_FILES.kib), 'a');
      this.pendingBytes += bytes;
      const kib = Math.floor(this.pendingBytes / 1024);
      if (kib > 0) {
        writeSync(this.kibFd, Buffer.alloc(kib, 0x0a));
        this.pendingBytes -= kib * 1024;
      }
      if (fstatSync(this.kibFd).size * 1024 > b.maxBytes) throw new BudgetExceeded(`maxBytes ${b.maxBytes} reached`);
    }
  }

  close(): void {
    for (const fd of [this.reqFd, this.kibFd]) if (fd !== undefined) closeSync(fd);
    this.reqFd = this.kibFd = undefined;
  }
}
