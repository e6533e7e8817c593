// Nothing secret leaves the process: headers that carry credentials are dropped, and any
// known secret value that slips into a string is masked.

const SECRET_HEADERS = new Set(['authorization', 'x-amz-security-token', 'cookie', 'x-auth-token', 'x-auth-key']);
const SECRET_QUERY = /([?&](?:X-Amz-Signature|Signature|X-Amz-Security-Token|X-Amz-Credential|AWSAccessKeyId)=)[^&]*/gi;

const knownSecrets = new Set<string>();

/** Register values that must never appear in any output (secret keys, session tokens). */
export function registerSecrets(values: Iterable<string>): void {
  for (const v of values) if (v && v.length >= 4) knownSecrets.add(v);
}

export function maskSecrets(text: string): string {
  let out = text;
  for (const s of knownSecrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const lk = k.toLowerCase();
    if (SECRET_HEADERS.has(lk)) {
      // Keep the scheme (AWS4-HMAC-SHA256 / AWS) and access key id: they are evidence, not secrets.
      out[lk] = lk === 'authorization' ? describeAuthorization(String(v)) : '(redacted)';
      continue;
    }
    out[lk] = maskSecrets(Array.isArray(v) ? v.join(', ') : String(v));
  }
  return out;
}

function describeAuthorization(v: string): string {
  const v4 = /^(AWS4-[A-Z0-9-]+) Credential=([^,]+),\s*SignedHeaders=([^,]+)/.exec(v);
  if (v4) return `${v4[1]} Credential=${v4[2]}, SignedHeaders=${v4[3]}, Signature=(redacted)`;
  const v2 = /^AWS ([^:]+):/.exec(v);
  if (v2) return `AWS ${v2[1]}:(redacted)`;
  return '(redacted)';
}

export function redactUrl(url: string): string {
  return maskSecrets(url.replace(SECRET_QUERY, '$1(redacted)'));
}
