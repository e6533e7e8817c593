// The HTML report in a real browser (Debian's headless Chromium driven by playwright-core): the
// matrix renders, a cell expands to its cases and evidence, the filters hide rows, a screenshot
// is taken, nothing the endpoint said becomes markup, and no request leaves the page.
//
// Skipped when /usr/bin/chromium (or playwright-core) is missing, unless S3C_REQUIRE_CHROMIUM=1
// (CI sets it): then a missing browser fails the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CaseResult, RunResults, Verdict } from '../../harness/types.ts';
import { summarize } from '../../harness/results.ts';
import { loadDocTable } from '../../harness/docs.ts';
import { cli, tmpDir } from './cli-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const REQUIRED = process.env.S3C_REQUIRE_CHROMIUM === '1';

// The small part of playwright-core this test uses (typed here so the project type-checks
// whether or not the package is installed).
interface Route {
  request(): { url(): string };
  continue(): Promise<void>;
  abort(): Promise<void>;
}
interface Locator {
  first(): Locator;
  nth(i: number): Locator;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  click(): Promise<void>;
  textContent(): Promise<string | null>;
  waitFor(o?: { state?: string; timeout?: number }): Promise<void>;
  selectOption(v: string): Promise<unknown>;
  uncheck(): Promise<void>;
  fill(v: string): Promise<void>;
  locator(sel: string): Locator;
}
interface Page {
  goto(url: string): Promise<unknown>;
  locator(sel: string): Locator;
  evaluate(expr: string): Promise<unknown>;
  screenshot(o: { path: string; fullPage?: boolean }): Promise<Buffer>;
  on(ev: 'request', fn: (r: { url(): string }) => void): void;
  on(ev: 'pageerror', fn: (e: Error) => void): void;
  on(ev: 'dialog', fn: (d: { message(): string; dismiss(): Promise<void> }) => void): void;
}
interface Context {
  route(pattern: string, fn: (r: Route) => Promise<void>): Promise<void>;
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Chromium {
  launchPersistentContext(dir: string, o: Record<string, unknown>): Promise<Context>;
}

async function loadChromium(): Promise<{ chromium?: Chromium; why?: string }> {
  if (!existsSync(CHROMIUM)) return { why: `${CHROMIUM} is not installed (apt-get install -y --no-install-recommends chromium)` };
  try {
    const name = 'playwright-core';
    const mod = (await import(name)) as { chromium: Chromium };
    return { chromium: mod.chromium };
  } catch (e) {
    return { why: `playwright-core is not installed (${(e as Error).message.split('\n')[0]})` };
  }
}

// ── a results file full of hostile text ─────────────────────────────────────────────────────

const XSS_REASON = `expected 403, got <img src=x onerror="window.__xss=1"> and </script><script>window.__xss=2</script> & "quotes"`;
// A value the report's environment calls secret: it must not appear in the page.
const SECRET = 'htmlReportSecretValue42';
const XSS_BODY = `<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message><svg onload="window.__xss=3"></svg></Message></Error>`;

function mkCase(id: string, verdict: Verdict, claims: string[], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    op: 'CreateBucket',
    features: [],
    claims,
    suite: id.split('/')[0]!,
    file: `suites/${id.split('/')[0]}.test.ts`,
    verdict,
    durationMs: 3,
    requests: 1,
    ...(verdict === 'pass' ? {} : { reason: `${verdict}: see evidence` }),
    ...extra,
  };
}

function results(profile: string, cases: CaseResult[]): RunResults {
  return {
    schemaVersion: 1,
    run: {
      id: `${profile}run`,
      prefix: `s3c-${profile}run-`,
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:01:00.000Z',
      durationMs: 60000,
      interrupted: false,
      suites: ['bucket', 'naming'],
    },
    provenance: {
      suiteVersion: '0.1.0',
      node: process.version,
      sdk: {},
      profile,
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      addressing: 'path',
      docs: ['nhn-cloud', 'naver-cloud'],
      serverHeader: '<b>Server</b>',
      date: '2025-01-01T00:00:00.000Z',
      host: { platform: 'linux', arch: 'x64', cpus: 1 },
    },
    summary: summarize(cases),
    cases,
  };
}

const failing = mkCase('bucket/create/evil', 'fail', ['op:CreateBucket', 'error:AccessDenied'], {
  reason: XSS_REASON,
  title: 'a title with <i>markup</i>',
  evidence: [
    {
      request: { method: 'PUT', url: 'http://127.0.0.1:9/s3c-evilrun-b/?x=<script>', headers: { 'x-amz-date': '20250101T000000Z' } },
      response: { status: 403, headers: { 'content-type': 'application/xml' }, body: XSS_BODY },
    },
  ],
});
const targetA = results('target-a', [
  mkCase('bucket/create/ok', 'pass', ['op:CreateBucket']),
  failing,
  mkCase('bucket/head/ok', 'pass', ['op:HeadBucket']),
  mkCase('naming/invalid/upper', 'pass', ['op:CreateBucket', 'naming:allowed-chars', 'naming:aws-rules']),
]);
const targetB = results('target-b', [
  mkCase('bucket/create/ok', 'pass', ['op:CreateBucket']),
  mkCase('bucket/head/ok', 'pass', ['op:HeadBucket']),
  mkCase('naming/invalid/upper', 'fail', ['op:CreateBucket', 'naming:allowed-chars', 'naming:aws-rules'], { reason: 'accepted an uppercase name' }),
  mkCase('bucket/leak/secret', 'error', ['op:ListBuckets'], { reason: `harness: a message that quotes ${SECRET}` }),
]);

// ── the test ────────────────────────────────────────────────────────────────────────────────

describe('HTML report in headless Chromium', () => {
  let chromium: Chromium | undefined;
  let why: string | undefined;
  let dir: string;
  let html: string;
  let context: Context | undefined;
  let userDataDir: string | undefined;

  beforeAll(async () => {
    ({ chromium, why } = await loadChromium());
    if (!chromium && REQUIRED) throw new Error(`S3C_REQUIRE_CHROMIUM=1 but ${why}`);
    dir = tmpDir('report-html');
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(targetA));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(targetB));
    const r = await cli(['report', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--format', 'html', '--out', dir], {
      S3C_TEST_SECRET_KEY: SECRET,
    });
    expect(r.code, r.stderr).toBe(0);
    html = path.join(dir, 'report.html');
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('is one self-contained file: no external reference, a strict CSP, untrusted text escaped', () => {
    const text = readFileSync(html, 'utf8');
    expect(text).toContain("default-src 'none'");
    expect(text).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('<svg onload');
    expect(text).not.toContain('<b>Server</b>');
    expect(text).toContain('&lt;b&gt;Server&lt;/b&gt;');
    expect(text).not.toContain(SECRET);
    expect(text).toContain('harness: a message that quotes ***');
    // Only two script elements: the JSON data and the page script.
    expect(text.match(/<script\b/g)).toHaveLength(2);
  });

  it('renders the matrix, expands a cell to its evidence, filters rows, and makes no request', async (ctx) => {
    if (!chromium) return ctx.skip(`skipped: ${why} (set S3C_REQUIRE_CHROMIUM=1 to make this a failure)`);
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 's3c-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const blocked: string[] = [];
    const requested: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(html).href);

    // Rows are there and visible.
    const nhnRows = page.locator('#table-nhn-cloud tr.row');
    await nhnRows.first().waitFor({ state: 'visible', timeout: 15000 });
    expect(await nhnRows.count()).toBe(loadDocTable('nhn-cloud').rows.length);
    expect(await page.locator('#table-naver-cloud tr.row').count()).toBe(loadDocTable('naver-cloud').rows.length);
    expect(await page.locator('#claims tr.row').count()).toBeGreaterThan(0);

    // The NHN CreateBucket row is partial on target-a (one pass, one fail): expand it.
    const row = page.locator('#table-nhn-cloud tr.row[data-key="r:nhn-cloud/op-create-bucket"]');
    const cell = row.locator('button.cell-btn[data-t="0"]');
    expect(await cell.textContent()).toMatch(/partial/);
    await cell.click();
    const detail = page.locator('#table-nhn-cloud tr.detail').first();
    await detail.waitFor({ state: 'visible' });
    const evidence = detail.locator('li[data-case="bucket/create/evil"] pre.evidence');
    expect(await evidence.isVisible()).toBe(true);
    const evText = (await evidence.textContent()) ?? '';
    expect(evText).toContain('> PUT http://127.0.0.1:9/s3c-evilrun-b/?x=<script>');
    expect(evText).toContain('< 403');
    expect(evText).toContain('<svg onload="window.__xss=3"></svg>'); // shown as text
    const reason = (await detail.locator('li[data-case="bucket/create/evil"] .reason').first().textContent()) ?? '';
    expect(reason).toBe(XSS_REASON);
    expect(await detail.textContent()).toMatch(/PUT Bucket Create bucket/); // the doc quote

    // Nothing became markup, nothing ran.
    expect(await page.evaluate('document.querySelectorAll("img, svg, iframe, [onerror], [onload]").length')).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    // Filters: only contradicted rows; the conformant HeadBucket row hides, the naming row
    // (contradicted on target-b) stays.
    const head = page.locator('#table-nhn-cloud tr.row[data-key="r:nhn-cloud/op-head-bucket"]');
    const naming = page.locator('#table-nhn-cloud tr.row[data-key="r:nhn-cloud/naming-allowed-chars"]');
    expect(await head.isVisible()).toBe(true);
    for (const s of ['conformant', 'partial', 'absent-as-documented', 'works-undocumented', 'untested', 'works', 'fails', 'unsupported']) {
      await page.locator(`#filters input[data-state="${s}"]`).uncheck();
    }
    expect(await head.isVisible()).toBe(false);
    expect(await naming.isVisible()).toBe(true);
    expect(await row.isVisible()).toBe(false);
    // The expanded detail row hides with its row.
    expect(await detail.isVisible()).toBe(false);
    await page.locator('#f-reset').click();
    expect(await head.isVisible()).toBe(true);
    // Area filter.
    await page.locator('#f-area').selectOption('naming');
    expect(await head.isVisible()).toBe(false);
    expect(await naming.isVisible()).toBe(true);
    // View filter: one doc table.
    await page.locator('#f-table').selectOption('naver-cloud');
    expect(await naming.isVisible()).toBe(false);
    await page.locator('#f-reset').click();
    await page.locator('#f-text').fill('op-head-bucket');
    expect(await head.isVisible()).toBe(true);
    expect(await naming.isVisible()).toBe(false);
    await page.locator('#f-reset').click();

    // Screenshot with the cell expanded.
    await cell.click(); // collapsed by the filters? it is still expanded: collapse…
    await cell.click(); // …and expand again
    const shot = path.join(dir, 'report.png');
    await page.screenshot({ path: shot });
    const png = readFileSync(shot);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(1400); // IHDR width
    expect(png.readUInt32BE(20)).toBe(1000); // IHDR height
    expect(png.length).toBeGreaterThan(30_000);

    // No request left the page: only the file itself was loaded.
    expect(blocked).toEqual([]);
    expect(requested.every((u) => u.startsWith('file:'))).toBe(true);
    process.stderr.write(`report-html: screenshot at ${shot}\n`);
  });
});
