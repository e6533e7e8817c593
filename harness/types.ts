// Types at the boundaries: case metadata, verdicts, evidence and the results file.
// results.json is validated against fixtures/schemas/results.schema.json; keep them in step.

export type Verdict = 'pass' | 'fail' | 'unsupported' | 'skip' | 'error';
export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'unsupported', 'skip', 'error'];

/** How strictly an error case judges the endpoint's error answer. */
export type Tolerance =
  | { kind: 'exact' }
  | { kind: 'oneOf'; alternatives: { code: string; status: number; reason: string }[] }
  | { kind: 'anyClientError'; reason: string };

/** What a case declares about itself (test262-style front matter). */
export interface CaseMeta {
  /** Stable id, `<suite>/<op-or-topic>/<what>`; never reuse an id for a different check. */
  id: string;
  /** Canonical S3 operation name, e.g. `CreateBucket`. */
  op: string;
  /** Tags such as `naming`, `acl`, `sigv4`, `sdk-defaults`. */
  features: string[];
  /**
   * Vendor-neutral claim keys this case bears on (`op:CreateBucket`, `naming:length`,
   * `error:NoSuchKey`, …). Doc-table rows point at the same keys, so the matrix can join them
   * without a case ever naming a vendor.
   */
  claims: string[];
  /** AWS API reference anchor or URL. */
  spec?: string;
  tolerance?: Tolerance;
  /** One line on what the endpoint must do. */
  title?: string;
}

/** One HTTP exchange, stripped of credentials. */
export interface Exchange {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    bodyBytes?: number;
  };
  response?: {
    status: number;
    headers: Record<string, string>;
    /** First 2 KiB of the body, only recorded for error answers and small bodies. */
    body?: string;
  };
  /** Network-level failure (ECONNREFUSED, timeout, …) instead of a response. */
  networkError?: string;
  durationMs?: number;
}

export interface CaseResult extends CaseMeta {
  suite: string;
  file: string;
  verdict: Verdict;
  /** Why: the failed assertion, the skip reason, the harness error. Empty for pass. */
  reason?: string;
  durationMs: number;
  requests: number;
  /** On every non-pass verdict: the exchanges of the case (most recent last, at most 5). */
  evidence?: Exchange[];
  /** Filled when an expectations file was applied. */
  expected?: { verdict: Verdict; reason: string; link?: string };
  outcome?: Outcome;
}

export type Outcome = 'as-expected' | 'new-failure' | 'unexpected-pass' | 'changed-verdict';

export interface Provenance {
  suiteVersion: string;
  node: string;
  sdk: Record<string, string>;
  profile: string;
  endpoint: string;
  region: string;
  addressing: 'path' | 'virtual';
  docs: string[];
  serverHeader?: string;
  date: string;
  host: { platform: string; arch: string; cpus: number };
}

export interface ExpectationSummary {
  file: string;
  asExpected: number;
  newFailures: string[];
  unexpectedPasses: string[];
  changedVerdicts: string[];
  /** Expectation entries whose case id no longer exists. */
  vanished: string[];
}

export interface RunResults {
  schemaVersion: 1;
  run: {
    id: string;
    prefix: string;
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    interrupted: boolean;
    /** Why the run stopped early: signal, budget, run timeout. */
    stopReason?: string;
    shard?: { index: number; count: number };
    suites: string[];
  };
  provenance: Provenance;
  summary: Record<Verdict, number> & { total: number; requests: number };
  expectations?: ExpectationSummary;
  cases: CaseResult[];
}
