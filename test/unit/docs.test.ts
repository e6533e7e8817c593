import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  DEFAULT_SEEDS_DIR,
  DocTableError,
  checkQuotes,
  isCurrentRow,
  listDocTables,
  loadClaimVocabulary,
  loadDocTable,
  rowsByClaim,
  seedQuotes,
  validateDocTable,
} from '../../harness/docs.ts';

const seedsPresent = existsSync(DEFAULT_SEEDS_DIR);
const tables = listDocTables();

describe('doc tables', () => {
  it('finds the three tables', () => {
    expect(tables).toEqual(expect.arrayContaining(['aws-s3', 'naver-cloud', 'nhn-cloud']));
    expect(tables).not.toContain('claims');
  });

  it('loads the claim vocabulary with well-formed keys', () => {
    const vocab = loadClaimVocabulary();
    expect(vocab.size).toBeGreaterThan(100);
    for (const [key, info] of vocab) {
      expect(`${info.kind}:${info.name}`, key).toBe(key);
      expect(info.description.length, key).toBeGreaterThan(0);
    }
    // Keys suite writers are told to expect.
    for (const key of [
      'op:ListObjectsV2',
      'op:OptionsObject',
      'naming:no-adjacent-dots',
      'feature:list-encoding-type-url',
      'feature:list-delimiter',
      'feature:list-v2-continuation-token',
      'auth:presign-v4',
      'auth:sigv2',
      'header:chunked-encoding',
      'addressing:path',
      'addressing:virtual',
      'limit:max-keys-1000',
    ]) {
      expect(vocab.has(key), key).toBe(true);
    }
  });

  describe.each(tables)('%s', (id) => {
    it('validates against the schema and its cross-references', () => {
      expect(() => loadDocTable(id)).not.toThrow();
    });

    it('uses only claim keys from the vocabulary', () => {
      const vocab = loadClaimVocabulary();
      const table = loadDocTable(id);
      const unknown = table.rows.filter((r) => !vocab.has(r.claim)).map((r) => `${r.id}: ${r.claim}`);
      expect(unknown).toEqual([]);
    });

    it('has unique row ids', () => {
      const ids = loadDocTable(id).rows.map((r) => r.id);
      const dupes = ids.filter((x, i) => ids.indexOf(x) !== i);
      expect(dupes).toEqual([]);
    });

    it('gives an HTTP status on every error row', () => {
      const missing = loadDocTable(id)
        .rows.filter((r) => r.claim.startsWith('error:') && r.status === undefined)
        .map((r) => r.id);
      expect(missing).toEqual([]);
    });

    it.skipIf(!seedsPresent)(
      `quotes every seed verbatim (skipped when ${DEFAULT_SEEDS_DIR} is absent: the seeds are not part of the repository)`,
      () => {
        const table = loadDocTable(id);
        const problems = checkQuotes(table).map((p) => `${p.where} [${p.seed}]: ${p.problem}: ${JSON.stringify(p.quote)}`);
        expect(problems).toEqual([]);
      },
    );
  });
});

describe('seed-based tables cite seeds', () => {
  it.each(['nhn-cloud', 'naver-cloud'])('%s: every row source names a seed', (id) => {
    const table = loadDocTable(id);
    const withoutSeed = table.rows.filter((r) => !r.source.seed).map((r) => r.id);
    expect(withoutSeed).toEqual([]);
    expect(seedQuotes(table).length).toBeGreaterThanOrEqual(table.rows.length);
  });

  it('aws-s3 cites URLs, not seeds', () => {
    const table = loadDocTable('aws-s3');
    expect(table.rows.every((r) => r.source.url && !r.source.seed)).toBe(true);
  });
});

describe('NAVER Cloud table', () => {
  const table = loadDocTable('naver-cloud');
  const byClaim = rowsByClaim(table);

  it('documents ListObjectsV2 as unsupported', () => {
    const rows = byClaim.get('op:ListObjectsV2') ?? [];
    expect(rows.map((r) => r.documented)).toEqual(['unsupported']);
  });

  it('records the 1000-bucket limit as untestable and 1000 keys per list as a limit', () => {
    const buckets = byClaim.get('limit:max-buckets-1000')?.[0];
    expect(buckets?.limit).toBe(1000);
    expect(buckets?.untestable).toBeTruthy();
    expect(byClaim.get('limit:max-keys-1000')?.[0]?.limit).toBe(1000);
  });

  it('has every error row of the seed (55, InvalidArgument three times) with a status', () => {
    const errors = table.rows.filter((r) => r.section === 'errors');
    expect(errors).toHaveLength(55);
    expect(errors.filter((r) => r.claim === 'error:InvalidArgument')).toHaveLength(3);
    const internal = byClaim.get('error:InternalError')?.[0];
    expect(internal?.status).toBe(500);
    expect(internal?.untestable).toBeTruthy();
    expect(byClaim.get('error:KeyTooLongError')?.[0]?.code).toBe('KeyTooLong');
  });

  it('has the four canned ACLs supported and the others unsupported', () => {
    for (const acl of ['private', 'public-read', 'public-read-write', 'authenticated-read']) {
      expect(byClaim.get(`acl:${acl}`)?.[0]?.documented, acl).toBe('supported');
    }
    for (const acl of ['aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control', 'log-delivery-write']) {
      expect(byClaim.get(`acl:${acl}`)?.[0]?.documented, acl).toBe('unsupported');
    }
  });
});

describe('NHN Cloud table', () => {
  const table = loadDocTable('nhn-cloud');
  const byClaim = rowsByClaim(table);

  it('has the 20-operation table in every edition', () => {
    const ops = table.rows.filter((r) => r.id.startsWith('op-'));
    expect(ops).toHaveLength(20);
    for (const r of ops) {
      expect(r.documented, r.id).toBe('supported');
      expect(r.editions, r.id).toBeUndefined();
      expect(r.also?.length, r.id).toBe(3);
    }
  });

  it('has no ListBuckets row documented supported, but a mentioned one', () => {
    const rows = byClaim.get('op:ListBuckets') ?? [];
    expect(rows.some((r) => r.documented === 'supported')).toBe(false);
    expect(rows.some((r) => r.documented === 'mentioned')).toBe(true);
  });

  it('has ListObjectsV2 only as mentioned', () => {
    const rows = byClaim.get('op:ListObjectsV2') ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.documented === 'mentioned')).toBe(true);
  });

  it('records the 2020 "only KR1" statement against its editions, and four current regions', () => {
    const kr1 = byClaim.get('region:KR1') ?? [];
    const only = kr1.find((r) => r.id === 'region-only-kr1-2020');
    expect(only?.editions).toEqual(['ko-2020-03', 'en-2020-03']);
    expect(only && isCurrentRow(table, only)).toBe(false);
    for (const region of ['KR1', 'KR2', 'JP1', 'US1']) {
      const current = (byClaim.get(`region:${region}`) ?? []).filter((r) => isCurrentRow(table, r));
      expect(current.some((r) => r.documented === 'supported' && r.value?.startsWith('https://')), region).toBe(true);
    }
    expect(table.conflicts?.some((c) => c.id === 'regions-kr1-only-in-2020')).toBe(true);
  });

  it('keeps the Signed Time quirk as written', () => {
    const values = (byClaim.get('auth:signed-time-format') ?? []).map((r) => r.value);
    expect(values).toEqual(expect.arrayContaining(['ZssmmhhTDDMMYYYY', 'YYYYMMDDThhmmssZ']));
  });
});

describe('loader errors name the file, the row and the problem', () => {
  it('rejects an unknown table id', () => {
    expect(() => loadDocTable('no-such-table')).toThrow(/no-such-table\.yaml does not exist/);
    expect(() => loadDocTable('../claims')).toThrow(/not a doc table id/);
  });

  it('reports a bad row with its index, id and field', () => {
    const broken = parseYaml(
      [
        'id: broken',
        'title: t',
        'vendor: v',
        'editions: [{ id: e1, seed: x.txt, title: t, description: d }]',
        'rows:',
        '  - { id: good, section: bucket, claim: op:CreateBucket, documented: supported, source: { seed: x.txt, quote: q } }',
        '  - { id: bad-claim, section: bucket, claim: CreateBucket, documented: supported, source: { seed: x.txt, quote: q } }',
        '  - { id: no-status, section: errors, claim: error:NoSuchKey, documented: supported, source: { seed: x.txt, quote: q } }',
      ].join('\n'),
    ) as unknown;
    expect(() => validateDocTable(broken, 'fixtures/docs/broken.yaml')).toThrow(DocTableError);
    expect(() => validateDocTable(broken, 'fixtures/docs/broken.yaml')).toThrow(
      /fixtures\/docs\/broken\.yaml[\s\S]*row #1 \(bad-claim\) claim: must match pattern[\s\S]*row #2 \(no-status\): must have required property 'status'/,
    );
  });

  it('reports cross-reference problems: unknown claim, duplicate id, unknown edition, foreign seed', () => {
    const table = parseYaml(
      [
        'id: xref',
        'title: t',
        'vendor: v',
        'editions: [{ id: e1, seed: x.txt, title: t, description: d }]',
        'rows:',
        '  - { id: a, section: bucket, claim: op:NoSuchOperation, documented: supported, source: { seed: x.txt, quote: q } }',
        '  - { id: a, section: bucket, claim: op:CreateBucket, documented: supported, editions: [e2], source: { seed: y.txt, quote: q } }',
      ].join('\n'),
    ) as unknown;
    let message = '';
    try {
      validateDocTable(table, 'fixtures/docs/xref.yaml', 'xref-file');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('fixtures/docs/xref.yaml');
    expect(message).toContain("differs from the file name 'xref-file'");
    expect(message).toContain("row #0 (a) claim: 'op:NoSuchOperation' is not in fixtures/docs/claims.yaml");
    expect(message).toContain('row #1 (a): duplicate row id');
    expect(message).toContain("row #1 (a) editions: unknown edition 'e2'");
    expect(message).toContain('row #1 (a) source: seed y.txt is not the seed of any edition');
  });

  it('reports quotes missing from a seed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 's3c-seeds-'));
    try {
      writeFileSync(path.join(dir, 'x.txt'), 'PUT Bucket Create bucket\n');
      const problems = checkQuotes(
        {
          id: 't',
          title: 't',
          vendor: 'v',
          editions: [{ id: 'e1', seed: 'x.txt', title: 't', description: 'd' }],
          rows: [
            { id: 'ok', section: 'bucket', claim: 'op:CreateBucket', documented: 'supported', source: { seed: 'x.txt', quote: 'PUT Bucket Create bucket' } },
            { id: 'nope', section: 'bucket', claim: 'op:DeleteBucket', documented: 'supported', source: { seed: 'x.txt', quote: 'DELETE Bucket' } },
          ],
        },
        dir,
      );
      expect(problems.map((p) => p.where)).toEqual(['row nope']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
