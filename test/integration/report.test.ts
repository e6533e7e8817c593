// `s3conform report` and `s3conform diff` as a user runs them, on real results: two shards of a
// run against the embedded s3rver merge into one matrix in which every NHN and NAVER row has a
// state; `run` itself leaves results.md and report.html; a results file edited to turn one pass
// into a fail makes `diff` exit 1 naming the case, identical files exit 0.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, tmpDir } from './cli-helpers.ts';
import { readResults } from '../../harness/results.ts';
import { loadDocTable } from '../../harness/docs.ts';
import type { RunResults } from '../../harness/types.ts';

interface MatrixJson {
  targets: { label: string; shards?: { indexes: number[]; count: number; complete: boolean }; summary: { total: number } }[];
  tables: { table: { id: string }; rows: { id: string; cells: Record<string, { state: string; failing: { id: string }[] }> }[] }[];
}

const STATES = ['conformant', 'partial', 'contradicted', 'absent-as-documented', 'works-undocumented', 'untested'];

/** The run folder a `run --out DIR` created (the one that is not `latest`). */
function runFolder(out: string): string {
  const dirs = readdirSync(out).filter((d) => d !== 'latest');
  expect(dirs).toHaveLength(1);
  return path.join(out, dirs[0]!);
}

describe('report and diff on shards of an embedded run', () => {
  let shard1: string;
  let shard2: string;

  beforeAll(async () => {
    const runs = await Promise.all(
      ['1/2', '2/2'].map(async (s, i) => {
        const out = tmpDir(`shard${i + 1}`);
        const r = await cli(['run', '--suite', 'bucket,naming', '--shard', s, '--out', out, '--quiet']);
        // Exit 1 is fine (s3rver deviates); the results must exist.
        expect([0, 1], r.stderr).toContain(r.code);
        return runFolder(out);
      }),
    );
    [shard1, shard2] = runs as [string, string];
  });

  it('run writes results.md and report.html beside results.json', () => {
    for (const dir of [shard1, shard2]) {
      for (const f of ['results.json', 'junit.xml', 'results.md', 'report.html']) expect(existsSync(path.join(dir, f)), `${dir}/${f}`).toBe(true);
      expect(readFileSync(path.join(dir, 'results.md'), 'utf8')).toMatch(/^## s3conform compatibility report/);
    }
  });

  it('merges the two shards into one target; every NHN and NAVER row has a state', async () => {
    const a = readResults(path.join(shard1, 'results.json'));
    const b = readResults(path.join(shard2, 'results.json'));
    expect(a.run.shard).toEqual({ index: 1, count: 2 });
    expect(b.run.shard).toEqual({ index: 2, count: 2 });
    const out = tmpDir('merged');
    const r = await cli(['report', shard1, path.join(shard2, 'results.json'), '--docs', 'nhn-cloud,naver-cloud', '--format', 'md,html,json,junit', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['results.md', 'report.html', 'matrix.json', 'junit.xml']) expect(existsSync(path.join(out, f)), f).toBe(true);
    const m = JSON.parse(readFileSync(path.join(out, 'matrix.json'), 'utf8')) as MatrixJson;
    expect(m.targets).toHaveLength(1);
    expect(m.targets[0]!.shards).toEqual({ indexes: [1, 2], count: 2, complete: true });
    expect(m.targets[0]!.summary.total).toBe(a.cases.length + b.cases.length);
    expect(m.tables.map((t) => t.table.id)).toEqual(['nhn-cloud', 'naver-cloud']);
    const label = m.targets[0]!.label;
    for (const t of m.tables) {
      expect(t.rows.length).toBe(loadDocTable(t.table.id).rows.length);
      for (const row of t.rows) expect(STATES, `${t.table.id}/${row.id}`).toContain(row.cells[label]!.state);
    }
    // Both shards' suites are in the one matrix: naming rows and bucket rows are judged.
    const nhn = m.tables[0]!;
    expect(nhn.rows.find((x) => x.id === 'naming-length-3-63')!.cells[label]!.state).not.toBe('untested');
    expect(nhn.rows.find((x) => x.id === 'op-head-bucket')!.cells[label]!.state).not.toBe('untested');
    // A contradicted row names its failing cases.
    for (const row of nhn.rows) {
      const c = row.cells[label]!;
      if (c.state === 'contradicted') expect(c.failing.length, row.id).toBeGreaterThan(0);
    }
  });

  it('prints Markdown to stdout with --out -', async () => {
    const r = await cli(['report', shard1, shard2, '--format', 'md', '--out', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^## s3conform compatibility report/);
    expect(r.stdout).toMatch(/shards 1,2\/2/);
  });

  it('diff: identical results exit 0; one pass turned into a fail exits 1 naming the case', async () => {
    const file = path.join(shard1, 'results.json');
    const same = await cli(['diff', file, file]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/no regression/);

    const edited = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    const victim = edited.cases.find((c) => c.verdict === 'pass')!;
    expect(victim).toBeDefined();
    victim.verdict = 'fail';
    victim.reason = 'edited by the test: pretend the endpoint answered 500';
    const dir = tmpDir('diff');
    const current = path.join(dir, 'results.json');
    writeFileSync(current, JSON.stringify(edited));
    const r = await cli(['diff', file, current]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain(`new failures (1):\n  ${victim.id}: pass → fail`);

    const md = await cli(['diff', file, current, '--format', 'md']);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain(`| \`${victim.id}\` | pass | fail |`);
    const json = await cli(['diff', file, current, '--format', 'json']);
    expect((JSON.parse(json.stdout) as { regressed: boolean }).regressed).toBe(true);

    // Shards on either side: the merged run against itself.
    const both = `${shard1},${shard2}`;
    const merged = await cli(['diff', both, both]);
    expect(merged.code, merged.stderr).toBe(0);
    // The baseline has both shards, the current only one: the other shard's cases vanished.
    const half = await cli(['diff', both, shard1]);
    expect(half.code).toBe(1);
    expect(half.stdout).toMatch(/vanished \(\d+\):/);
  });
});

describe('usage errors exit 2', () => {
  it('names the problem', async () => {
    const dir = tmpDir('report-usage');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 1}');
    const missing = await cli(['report', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such results file/);
    const invalid = await cli(['report', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/must have required property 'run'/);
    const d = await cli(['diff', bad, bad]);
    expect(d.code).toBe(2);
    const notJson = path.join(dir, 'x.json');
    writeFileSync(notJson, 'not json');
    expect((await cli(['report', notJson])).code).toBe(2);
  });
  it('rejects unknown doc tables and formats', async () => {
    const dir = tmpDir('report-usage2');
    const f = path.join(dir, 'r.json');
    const r0: RunResults = {
      schemaVersion: 1,
      run: { id: 'x', prefix: 's3c-x-', startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.000Z', durationMs: 1, interrupted: false, suites: [] },
      provenance: {
        suiteVersion: '0.1.0',
        node: 'v20',
        sdk: {},
        profile: 'p',
        endpoint: 'http://h',
        region: 'r',
        addressing: 'path',
        docs: [],
        date: '2025-01-01T00:00:00.000Z',
        host: { platform: 'linux', arch: 'x64', cpus: 1 },
      },
      summary: { total: 0, pass: 0, fail: 0, unsupported: 0, skip: 0, error: 0, requests: 0 },
      cases: [],
    };
    writeFileSync(f, JSON.stringify(r0));
    const docs = await cli(['report', f, '--docs', 'nope-cloud', '--out', dir]);
    expect(docs.code).toBe(2);
    expect(docs.stderr).toMatch(/unknown doc table\(s\): nope-cloud/);
    const fmt = await cli(['report', f, '--format', 'pdf', '--out', dir]);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/unknown format\(s\): pdf/);
    const ok = await cli(['report', f, '--out', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'report.html'))).toBe(true);
  });
});
