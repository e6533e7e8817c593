// The newcomer's main job: `npx s3conform run` with no profile, against the embedded s3rver.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { readResults } from '../../harness/results.ts';
import { cli, tmpDir } from './cli-helpers.ts';

describe('s3conform run on the embedded default', () => {
  it('runs every suite, writes valid results.json and junit.xml, exits 0 (all as expected)', async () => {
    const out = tmpDir('embedded');
    const r = await cli(['run', '--out', out]);
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    const latest = path.join(out, 'latest');
    expect(existsSync(latest)).toBe(true);
    const runDir = path.join(out, readlinkSync(latest));
    const results = readResults(path.join(runDir, 'results.json'));
    expect(results.provenance.profile).toBe('embedded-s3rver');
    expect(results.summary.total).toBeGreaterThanOrEqual(60);
    for (const c of results.cases) {
      expect(c.id).toMatch(/^[a-z0-9-]+\//);
      expect(c.op.length).toBeGreaterThan(0);
      expect(c.claims.length).toBeGreaterThan(0);
    }
    expect(results.expectations?.newFailures).toEqual([]);
    const junit = readFileSync(path.join(runDir, 'junit.xml'), 'utf8');
    expect((junit.match(/<testcase /g) ?? []).length).toBe(results.summary.total);
    // The journal says the run finished its cleanup.
    expect(readFileSync(path.join(runDir, 'journal.ndjson'), 'utf8')).toContain('"t":"finished"');

    const list = await cli(['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const listed = JSON.parse(list.stdout) as { id: string; op: string; features: string[]; claims: string[] }[];
    expect(listed.map((c) => c.id).sort()).toEqual(results.cases.map((c) => c.id).sort());
    for (const c of listed) expect(Object.keys(c).sort()).toEqual(['claims', 'features', 'id', 'op']);
  });
});
