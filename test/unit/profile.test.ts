import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProfile, parseBytes, ProfileError, readProfileFile, resolveProfile, secretsOf } from '../../harness/profile.ts';
import { PROFILES } from '../../harness/paths.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 's3c-profile-'));
function write(name: string, text: string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

const VALID = `name: t1
endpoint: http://127.0.0.1:9000
region: us-east-1
identities:
  main: { accessKeyId: AK, secretAccessKey: env:S3C_TEST_SECRET }
`;

describe('profiles', () => {
  it('every shipped profile validates', () => {
    const files = readdirSync(PROFILES).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const f of files) expect(() => readProfileFile(path.join(PROFILES, f)), f).not.toThrow();
  });

  it('applies defaults: path addressing, v4, concurrency 8', () => {
    const p = readProfileFile(write('ok.yaml', VALID));
    expect(p.addressing).toBe('path');
    expect(p.signatures).toEqual(['v4']);
    expect(p.concurrency).toBe(8);
  });

  it('resolves env: references and keeps literals', () => {
    const p = loadProfile(write('env.yaml', VALID), { S3C_TEST_SECRET: 'sekrit-value' });
    expect(p.identities.main.accessKeyId).toBe('AK');
    expect(p.identities.main.secretAccessKey).toBe('sekrit-value');
    expect(secretsOf(p)).toEqual(['sekrit-value']);
  });

  it('names the missing environment variable', () => {
    expect(() => loadProfile(write('env2.yaml', VALID), {})).toThrow(/identities\.main\.secretAccessKey: environment variable S3C_TEST_SECRET is not set/);
  });

  it.each([
    ['missing main identity', VALID.replace(/identities:[\s\S]*/, 'identities: {}\n'), /identities: must have required property 'main'/],
    ['bad addressing', `${VALID}addressing: sideways\n`, /addressing: must be equal to one of the allowed values \(path, virtual\)/],
    ['unknown field', `${VALID}colour: blue\n`, /\(top level\): must NOT have additional properties 'colour'/],
    ['bad endpoint', VALID.replace('http://127.0.0.1:9000', 'ftp://x'), /endpoint: must match pattern/],
    ['bad concurrency', `${VALID}concurrency: 0\n`, /concurrency: must be >= 1/],
    ['bad budget', `${VALID}budget: { maxBytes: lots }\n`, /budget\.maxBytes/],
  ])('rejects %s, naming the field', (_label, text, message) => {
    const f = write(`bad-${Math.random()}.yaml`, text);
    expect(() => readProfileFile(f)).toThrow(ProfileError);
    expect(() => readProfileFile(f)).toThrow(message);
  });

  it('rejects YAML that does not parse', () => {
    expect(() => readProfileFile(write('broken.yaml', 'name: [unclosed\n'))).toThrow(/not valid YAML/);
  });

  it('parses byte sizes', () => {
    expect(parseBytes('2GiB')).toBe(2 * 2 ** 30);
    expect(parseBytes('1.5 MiB')).toBe(1.5 * 2 ** 20);
    expect(parseBytes(10)).toBe(10);
  });

  it('budget defaults to a 30 s request timeout', () => {
    const p = resolveProfile(readProfileFile(write('b.yaml', VALID)), 'b', { S3C_TEST_SECRET: 'x1234' });
    expect(p.budget.requestTimeoutMs).toBe(30_000);
  });
});
