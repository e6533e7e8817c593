// The Markdown report: summary, per-area scores, contradicted rows with their failing cases,
// deviations from expectations, escaped untrusted text, fenced evidence, size budget, no secret.
import { describe, expect, it } from 'vitest';
import type { CaseResult, RunResults, Verdict } from '../../harness/types.ts';
import { buildMatrix } from '../../harness/matrix.ts';
import { fenced, markdownReport, mdText } from '../../harness/report/markdown.ts';
import { summarize } from '../../harness/results.ts';
import { registerSecrets } from '../../harness/redact.ts';
import type { DocTable } from '../../harness/docs.ts';

const SECRET = 'mdTestSecretValue0123456789';
registerSecrets([SECRET]);

function mkCase(id: string, verdict: Verdict, claims: string[], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    op: 'PutObject',
    features: [],
    claims,
    suite: id.split('/')[0]!,
    file: 'f',
    verdict,
    durationMs: 1,
    requests: 1,
    ...(verdict === 'pass' ? {} : { reason: `${verdict}: because` }),
    ...extra,
  };
}

function mk(profile: string, cases: CaseResult[], extra: Partial<RunResults> = {}): RunResults {
  return {
    schemaVersion: 1,
    run: {
      id: `run-${profile}`,
      prefix: 's3c-x-',
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:01:00.000Z',
      durationMs: 1,
      interrupted: false,
      suites: ['object'],
    },
    provenance: {
      suiteVersion: '0.1.0',
      node: 'v20',
      sdk: {},
      profile,
      endpoint: 'https://user:pw@storage.example.com',
      region: 'r',
      addressing: 'path',
      docs: ['vendor-md'],
      serverHeader: 'Example/1.0',
      date: '2025-01-01T00:00:00.000Z',
      host: { platform: 'linux', arch: 'x64', cpus: 1 },
    },
    summary: summarize(cases),
    cases,
    ...extra,
  };
}

const table: DocTable = {
  id: 'vendor-md',
  title: 'Guide',
  vendor: 'Vendor MD',
  editions: [{ id: 'e', title: 'e', description: 'e', current: true, url: 'https://example.com' }],
  rows: [
    { id: 'put', section: 'object', claim: 'op:PutObject', documented: 'supported', source: { url: 'https://example.com', quote: 'PUT' } },
    { id: 'md5', section: 'headers', claim: 'header:Content-MD5', documented: 'supported', source: { url: 'https://example.com', quote: 'MD5' } },
    { id: 'v2', section: 'listing', claim: 'op:ListObjectsV2', documented: 'unsupported', source: { url: 'https://example.com', quote: 'no v2' } },
  ],
};

const evil = 'answered <img src=x onerror=alert(1)> | [link](javascript:alert(1)) `code`';
const body = '<Error><Code>BadDigest</Code>\n\n```\nfence break attempt\n````\n</Error>';
const bad = mk(
  'bad',
  [
    mkCase('object/put/md5', 'fail', ['op:PutObject', 'header:Content-MD5'], {
      reason: `${evil} ${SECRET}`,
      evidence: [
        {
          request: { method: 'PUT', url: 'http://h/b/k', headers: { 'content-md5': 'xx' } },
          response: { status: 400, headers: { 'content-type': 'application/xml' }, body },
        },
      ],
    }),
    mkCase('listing/v2/basic', 'pass', ['op:ListObjectsV2']),
  ],
  {
    expectations: {
      file: 'fixtures/expectations/bad',
      asExpected: 1,
      newFailures: ['object/put/md5'],
      unexpectedPasses: [],
      changedVerdicts: [],
      vanished: ['object/put/old-case'],
    },
  },
);
const good = mk('good', [mkCase('object/put/md5', 'pass', ['op:PutObject', 'header:Content-MD5'])]);
const m = buildMatrix(
  [
    { results: good, files: ['g.json'], warnings: [] },
    { results: bad, files: ['b.json'], warnings: ['shard(s) 2 of 2 missing: their cases are not in this report'] },
  ],
  { loadTable: () => table },
);

describe('markdownReport', () => {
  const md = markdownReport(m, { htmlLink: 'report.html' });

  it('has a summary table of the targets, without credentials in the endpoint', () => {
    expect(md).toMatch(/^## s3conform compatibility report/);
    expect(md).toContain('| **good** | https://storage.example.com | Example/1.0 |');
    expect(md).not.toContain('user:pw');
    expect(md).toContain('shard(s) 2 of 2 missing');
    expect(md).toContain('full matrix with evidence: report.html');
  });

  it('counts states and scores areas per target', () => {
    expect(md).toContain('| 🔴 contradicted | 0 | 2 |');
    expect(md).toContain('| 🟢 conformant | 2 | 0 |');
    expect(md).toContain('| 🔵 works-undocumented | 0 | 1 |');
    expect(md).toMatch(/\| \*\*all\*\* \| \*\*100% \(2\/2\)\*\* \| \*\*0% \(0\/2\)\*\* \|/);
  });

  it('lists contradicted rows with their failing case ids', () => {
    expect(md).toMatch(/#### Contradicted[^\n]*\n\n\| row \| claim \| documented \| on \(pass\/judged\) \| failing cases \|/);
    expect(md).toMatch(/\| `put` \| `op:PutObject` \| supported \| bad 0\/1 \| `object\/put\/md5` \(fail\) — answered/);
    expect(md).toMatch(/\| `md5` \| `header:Content-MD5` \| supported \| bad 0\/1 \|/);
  });

  it('lists deviations from expectations, before the tables', () => {
    expect(md).toMatch(/### Deviations from expectations/);
    expect(md.indexOf('### Deviations')).toBeLessThan(md.indexOf('### Vendor MD'));
    expect(md).toMatch(/\*\*bad\*\* \(`fixtures\/expectations\/bad`\): 1 as expected, 2 deviation\(s\)/);
    expect(md).toMatch(/- new failures \(1\):\n {2}- `object\/put\/md5` — fail/);
    expect(md).toMatch(/- vanished \(the expected case no longer exists\) \(1\):\n {2}- `object\/put\/old-case`/);
  });

  it('escapes what the endpoint said and fences the evidence so nothing breaks out', () => {
    // Outside the fenced evidence blocks, nothing of the endpoint's text stays live HTML.
    const outside = md.replace(/(`{3,})text\n[\s\S]*?\n\1(?=\n)/g, '');
    expect(outside).not.toContain('<img');
    expect(md).toContain('fail: answered <img src=x onerror=alert(1)>'); // inside the fence: inert
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(outside).not.toMatch(/(?<!\\)\]\(javascript:/); // only as escaped text: \[link\](…)
    expect(md).toContain('\\[link\\]');
    // The evidence body holds ``` and ````; the fence around it is longer.
    expect(md).toMatch(/<details><summary>object\/put\/md5 on bad: fail<\/summary>\n\n[^\n]*\n*`````text\n/);
    const block = md.slice(md.indexOf('`````text'));
    expect(block.indexOf('fence break attempt')).toBeLessThan(block.indexOf('\n`````\n'));
  });

  it('masks secrets', () => {
    expect(md).not.toContain(SECRET);
    expect(md).toContain('***');
  });

  it('stays within the size budget: long lists go first, then evidence, never the contradicted rows', () => {
    const full = markdownReport(m);
    expect(full).toContain('### Evidence');
    expect(full).toContain('Works, though documented unsupported');
    const smaller = markdownReport(m, { maxLength: full.length - 1 });
    expect(smaller).not.toContain('Works, though documented unsupported');
    expect(smaller).toContain('### Evidence');
    const evidence = full.slice(full.indexOf('### Evidence'));
    const small = markdownReport(m, { maxLength: full.length - evidence.length + 10 });
    expect(small).not.toContain('### Evidence');
    expect(small).toContain('#### Contradicted');
    expect(small).toContain('### Deviations from expectations');
    const tiny = markdownReport(m, { maxLength: 600 });
    expect(tiny.length).toBeLessThanOrEqual(600);
    expect(tiny).toMatch(/… \(truncated; the HTML report and results.json have everything\)\n$/);
  });
});

describe('escaping helpers', () => {
  it('mdText makes one inert line', () => {
    expect(mdText('a|b\n<c> *d* `e` [f](g)')).toBe('a\\|b &lt;c&gt; \\*d\\* \\`e\\` \\[f\\](g)');
  });
  it('fenced picks a fence longer than any backtick run', () => {
    expect(fenced('x')).toBe('```text\nx\n```');
    expect(fenced('a ```` b')).toBe('`````text\na ```` b\n`````');
  });
});
