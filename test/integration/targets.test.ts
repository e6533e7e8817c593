// The full suite against each local real target, judged strictly by its expectations file.
import { describe, expect, it } from 'vitest';
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { readResults } from '../../harness/results.ts';
import { cli, LOCAL_TARGETS, portOpen, requiredTargets, tmpDir } from './cli-helpers.ts';

const required = requiredTargets();

describe.each(LOCAL_TARGETS)('full run against $name', ({ name, profile, port }) => {
  it(`every case is as fixtures/expectations/${name} says`, async (ctx) => {
    const up = await portOpen(port);
    if (!up) {
      if (required.includes(name)) throw new Error(`${name} is required (S3C_REQUIRE_TARGETS) but nothing listens on 127.0.0.1:${port}`);
      ctx.skip(`${name} is not running on 127.0.0.1:${port} (start it: npx s3conform target start ${name})`);
    }
    const out = tmpDir(name);
    const r = await cli(['run', '--profile', profile, '--out', out]);
    const results = readResults(path.join(out, readlinkSync(path.join(out, 'latest')), 'results.json'));
    const e = results.expectations!;
    const detail = JSON.stringify({ newFailures: e.newFailures, unexpectedPasses: e.unexpectedPasses, changed: e.changedVerdicts, vanished: e.vanished }, null, 1);
    expect(r.code, `${detail}\n${r.stderr.slice(-2000)}`).toBe(0);
    expect(results.summary.total).toBeGreaterThanOrEqual(60);
    expect(results.run.interrupted).toBe(false);
  });
});
