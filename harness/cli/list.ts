// `s3conform list`: every case with its metadata, collected by vitest without running anything.
import { createVitest } from 'vitest/node';
import path from 'node:path';
import type { CaseMeta } from '../types.ts';
import { REPO_ROOT } from '../paths.ts';
import { selectSuites, suiteFiles } from './common.ts';

export type ListedCase = CaseMeta & { suite: string };

export async function collectCases(suites?: string[]): Promise<ListedCase[]> {
  const names = selectSuites(suites);
  const vitest = await createVitest(
    'test',
    { config: path.join(REPO_ROOT, 'vitest.config.ts'), root: REPO_ROOT, project: ['conformance'], watch: false, reporters: [] },
  );
  try {
    const { testModules, unhandledErrors } = await vitest.collect(suiteFiles(names));
    if (unhandledErrors.length) {
      throw new Error(`collecting cases failed: ${unhandledErrors.map((e) => (e as Error).message).join('; ')}`);
    }
    const cases: ListedCase[] = [];
    for (const m of testModules) {
      const errs = m.errors();
      if (errs.length) throw new Error(`${path.relative(REPO_ROOT, m.moduleId)}: ${errs.map((e) => e.message).join('; ')}`);
      for (const tc of m.children.allTests()) {
        const c = tc.meta().s3cCase;
        if (c) cases.push(c);
      }
    }
    return cases.sort((a, b) => a.id.localeCompare(b.id));
  } finally {
    await vitest.close();
  }
}

export async function listCommand(opts: { json?: boolean; suite?: string[]; full?: boolean }): Promise<number> {
  const cases = await collectCases(opts.suite);
  if (opts.json) {
    const rows = opts.full ? cases : cases.map(({ id, op, features, claims }) => ({ id, op, features, claims }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  let suite = '';
  for (const c of cases) {
    if (c.suite !== suite) {
      suite = c.suite;
      process.stdout.write(`\n${suite}\n`);
    }
    process.stdout.write(`  ${c.id.padEnd(64)} ${c.op.padEnd(26)} ${c.claims.join(' ')}\n`);
  }
  process.stdout.write(`\n${cases.length} cases\n`);
  return 0;
}
