// The run journal: every resource is written here BEFORE the request that creates it, so an
// interrupted run (even kill -9) can be swept precisely. One NDJSON line per event; appends
// from several worker processes are small single writes with O_APPEND.
import { appendFileSync, readFileSync, existsSync } from 'node:fs';

export type IdentityName = 'main' | 'alt';

export type JournalEntry =
  | { t: 'run'; runId: string; prefix: string; pid: number; profile: string; endpoint: string; at: string }
  | { t: 'bucket'; bucket: string; identity: IdentityName }
  | { t: 'object'; bucket: string; key: string; identity: IdentityName }
  | { t: 'upload'; bucket: string; key: string; uploadId: string; identity: IdentityName }
  /** The bucket's versioning (or object lock) was switched on: cleanup removes versions too. */
  | { t: 'versioning'; bucket: string }
  | { t: 'removed'; bucket: string }
  /**
   * A create attempt the endpoint refused with a definitive 4xx (AccessDenied,
   * BucketAlreadyExists, InvalidBucketName…): that attempt created nothing. A bucket all of
   * whose attempts were refused is no cleanup target.
   */
  | { t: 'refused'; bucket: string }
  | { t: 'finished'; at: string };

export class Journal {
  constructor(readonly file: string) {}

  write(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    apply(written, entry);
  }

  static read(file: string): JournalEntry[] {
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as JournalEntry];
        } catch {
          return []; // a line cut by a kill mid-write
        }
      });
  }
}

export interface JournalBucket {
  identity: IdentityName;
  keys: Set<string>;
  uploads: Map<string, string>;
  versioned?: boolean;
  /** Create attempts journaled, and how many of them the endpoint refused. */
  attempts: number;
  refused: number;
}

export interface JournalState {
  run?: Extract<JournalEntry, { t: 'run' }>;
  finished: boolean;
  /** Buckets not yet removed, with what is known to be in them. */
  buckets: Map<string, JournalBucket>;
}

export function summarize(entries: JournalEntry[]): JournalState {
  const state: JournalState = { finished: false, buckets: new Map() };
  for (const e of entries) apply(state, e);
  return state;
}

/** What this process has written to any journal: the per-file cleanup's knowledge of a bucket. */
const written: JournalState = { finished: false, buckets: new Map() };
export function journaledHere(bucket: string): JournalBucket | undefined {
  return written.buckets.get(bucket);
}

function apply(state: JournalState, e: JournalEntry): void {
  switch (e.t) {
    case 'run':
      state.run = e;
      break;
    case 'bucket': {
      const b = state.buckets.get(e.bucket);
      if (b) b.attempts += 1;
      else state.buckets.set(e.bucket, { identity: e.identity, keys: new Set(), uploads: new Map(), attempts: 1, refused: 0 });
      break;
    }
    case 'refused': {
      const b = state.buckets.get(e.bucket);
      if (b && (b.refused += 1) >= b.attempts) state.buckets.delete(e.bucket);
      break;
    }
    // Objects and uploads only count inside buckets this run created: cleanup must never
    // reach into a bucket it did not make.
    case 'object':
      state.buckets.get(e.bucket)?.keys.add(e.key);
      break;
    case 'upload':
      state.buckets.get(e.bucket)?.uploads.set(e.uploadId, e.key);
      break;
    case 'versioning': {
      const b = state.buckets.get(e.bucket);
      if (b) b.versioned = true;
      break;
    }
    case 'removed':
      state.buckets.delete(e.bucket);
      break;
    case 'finished':
      state.finished = true;
      break;
  }
}
