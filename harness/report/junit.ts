// JUnit XML: one testsuite per suite, one testcase per case; the failure text is the evidence.
import junitModule, { type Builder } from 'junit-report-builder';
import type { RunResults } from '../types.ts';
import { caseEvidenceText } from './evidence-text.ts';
import { maskSecrets } from '../redact.ts';

// The package is CommonJS with a default export; under ESM interop the module object itself is
// the builder, which its types do not say.
const rootBuilder = junitModule as unknown as Builder;

export function junitXml(results: RunResults): string {
  const builder = rootBuilder.newBuilder().name(`s3conform ${results.provenance.profile}`);
  const bySuite = new Map<string, RunResults['cases']>();
  for (const c of results.cases) {
    const list = bySuite.get(c.suite) ?? [];
    list.push(c);
    bySuite.set(c.suite, list);
  }
  for (const [suite, cases] of bySuite) {
    const ts = builder.testSuite().name(suite);
    for (const c of cases) {
      const tc = ts.testCase().className(`${suite}.${c.op}`).name(c.id).time(c.durationMs / 1000).file(c.file);
      // With an expectations file, a deviation is what fails the build; an expected failure
      // is shown as skipped with its reason so the report stays readable.
      const judged = c.outcome ?? (c.verdict === 'pass' ? 'as-expected' : c.verdict === 'fail' || c.verdict === 'error' ? 'new-failure' : 'as-expected');
      if (c.verdict === 'pass' && judged === 'as-expected') continue;
      const text = caseEvidenceText(c);
      if (judged === 'as-expected') {
        tc.skipped().standardOutput(`${text}${c.expected ? `\n\nexpected on this target: ${c.expected.reason}` : ''}`);
      } else if (c.verdict === 'error') {
        tc.error(`${c.reason ?? 'error'}`, 'error', text);
      } else if (judged === 'unexpected-pass') {
        tc.failure(`unexpected pass: expected ${c.expected?.verdict} (${c.expected?.reason})`, 'unexpected-pass');
      } else {
        tc.failure(`${c.verdict}: ${c.reason ?? ''}`, c.verdict).standardOutput(text);
      }
    }
  }
  return maskSecrets(builder.build());
}
