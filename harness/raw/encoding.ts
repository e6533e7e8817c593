// Byte-level helpers of the raw layer: S3 URI encoding, digests and the flexible checksums
// (CRC32, CRC32C, CRC64NVME, SHA-1, SHA-256) in the base64 form S3 headers carry.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

/** RFC 3986 percent-encoding as S3 signing expects it (unreserved: A-Z a-z 0-9 - . _ ~). */
export function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An object key as a URI path: every segment escaped, the slashes kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(uriEscape).join('/');
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function md5Base64(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('base64');
}

export function md5Hex(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex');
}

function u32Base64(v: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b.toString('base64');
}

/** CRC32 (IEEE 802.3, as zlib). */
export function crc32(data: Uint8Array | string): number {
  return zlib.crc32(typeof data === 'string' ? Buffer.from(data) : data) >>> 0;
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32C (Castagnoli, reflected polynomial 0x82F63B78). */
export function crc32c(data: Uint8Array | string): number {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let c = 0xffffffff;
  for (const byte of buf) c = CRC32C_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const CRC64NVME_TABLE = (() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  const t: bigint[] = [];
  for (let n = 0n; n < 256n; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1n ? poly ^ (c >> 1n) : c >> 1n;
    t.push(c);
  }
  return t;
})();
const MASK64 = 0xffffffffffffffffn;

/** CRC64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xorout all ones). */
export function crc64nvme(data: Uint8Array | string): bigint {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let c = MASK64;
  for (const byte of buf) c = CRC64NVME_TABLE[Number((c ^ BigInt(byte)) & 0xffn)] ^ (c >> 8n);
  return (c ^ MASK64) & MASK64;
}

export type ChecksumAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

/** The value of `x-amz-checksum-<algorithm>` for this body (base64 of the big-endian digest). */
export function checksumBase64(algorithm: ChecksumAlgorithm, data: Uint8Array | string): string {
  switch (algorithm) {
    case 'crc32':
      return u32Base64(crc32(data));
    case 'crc32c':
      return u32Base64(crc32c(data));
    case 'crc64nvme': {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(crc64nvme(data));
      return b.toString('base64');
    }
    case 'sha1':
      return createHash('sha1').update(data).digest('base64');
    case 'sha256':
      return createHash('sha256').update(data).digest('base64');
  }
}

/** Deterministic, non-repeating test content of `n` bytes (so a shifted or framed body shows). */
export function patternBytes(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = 0x20 + (x % 95); // printable ASCII, so an excerpt stays readable
  }
  return out;
}
