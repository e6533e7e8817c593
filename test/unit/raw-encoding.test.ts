// Checksums and URI encoding of the raw layer against their published check values.
import { describe, expect, it } from 'vitest';
import { checksumBase64, crc32, crc32c, crc64nvme, encodeKeyPath, uriEscape } from '../../harness/raw/encoding.ts';

describe('checksums', () => {
  it('check values of "123456789"', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32c('123456789')).toBe(0xe3069283);
    expect(crc64nvme('123456789')).toBe(0xae8b14860a799888n);
  });
  it('x-amz-checksum-* header values (base64 of the big-endian digest)', () => {
    expect(checksumBase64('crc32', 'hello world')).toBe('DUoRhQ==');
    expect(checksumBase64('crc32c', 'hello world')).toBe('yZRlqg==');
    expect(checksumBase64('sha1', 'hello world')).toBe('Kq5sNclPz7QV2+lfQIuc6R7oRu0=');
    expect(checksumBase64('sha256', 'hello world')).toBe('uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=');
    expect(checksumBase64('crc64nvme', '')).toBe('AAAAAAAAAAA=');
  });
});

describe('URI encoding', () => {
  it('escapes everything but unreserved characters', () => {
    expect(uriEscape("a b+c*d'e(f)!~._-")).toBe('a%20b%2Bc%2Ad%27e%28f%29%21~._-');
    expect(encodeKeyPath('dir/sub dir/é+x')).toBe('dir/sub%20dir/%C3%A9%2Bx');
  });
});
