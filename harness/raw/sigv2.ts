// AWS Signature Version 2 for S3 (HMAC-SHA1), as specified in "Signing and authenticating REST
// requests": https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html
//
//   StringToSign = HTTP-Verb \n Content-MD5 \n Content-Type \n Date \n
//                  CanonicalizedAmzHeaders CanonicalizedResource
//
// Header form: `Authorization: AWS <AccessKeyId>:<base64 signature>`; query form:
// `?AWSAccessKeyId=…&Expires=<epoch seconds>&Signature=…`, where Expires takes Date's place.
// Pure functions, so the unit tests can hold them against the documented examples.
import { createHmac } from 'node:crypto';

/**
 * Query parameters that are part of the CanonicalizedResource (the documented sub-resources,
 * the response-* overrides, and the later sub-resources the SDKs sign the same way).
 */
export const V2_SUBRESOURCES: ReadonlySet<string> = new Set([
  'accelerate', 'acl', 'analytics', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'location', 'logging', 'metrics', 'notification', 'object-lock',
  'ownershipControls', 'partNumber', 'policy', 'publicAccessBlock', 'replication', 'requestPayment',
  'restore', 'retention', 'select', 'select-type', 'tagging', 'torrent', 'uploadId', 'uploads',
  'versionId', 'versioning', 'versions', 'website',
  'response-cache-control', 'response-content-disposition', 'response-content-encoding',
  'response-content-language', 'response-content-type', 'response-expires',
]);

/** Query pairs as sent; values decoded; null = a parameter without `=` (e.g. `?acl`). */
export type QueryPairs = [string, string | null][];

export interface V2Signable {
  method: string;
  /**
   * The resource path as signed: `/` + bucket + the request path for virtual-hosted requests,
   * the request path itself for path-style ones (URI-encoded exactly as sent, no query).
   */
  resourcePath: string;
  query: QueryPairs;
  /** Request headers, any case; repeated headers as arrays. */
  headers: Record<string, string | string[] | undefined>;
}

function headerValue(headers: V2Signable['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name && v !== undefined) return Array.isArray(v) ? v.join(',') : v;
  }
  return undefined;
}

/** CanonicalizedResource: the path plus the sub-resources, sorted by name, values not encoded. */
export function canonicalizedResourceV2(resourcePath: string, query: QueryPairs): string {
  const subs = query
    .filter(([k]) => V2_SUBRESOURCES.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === null ? k : `${k}=${v}`));
  return subs.length ? `${resourcePath}?${subs.join('&')}` : resourcePath;
}

/**
 * CanonicalizedAmzHeaders: x-amz-* headers, names lowercased and sorted, repeated values joined
 * with commas, folded whitespace unfolded, each as `name:value\n`.
 */
export function canonicalizedAmzHeadersV2(headers: V2Signable['headers']): string {
  const map = new Map<string, string[]>();
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const name = k.toLowerCase().trim();
    if (!name.startsWith('x-amz-')) continue;
    const values = (Array.isArray(v) ? v : [v]).map((x) => x.replace(/\s*\r?\n\s*/g, ' ').trim());
    map.set(name, [...(map.get(name) ?? []), ...values]);
  }
  return [...map.keys()]
    .sort()
    .map((name) => `${name}:${map.get(name)!.join(',')}\n`)
    .join('');
}

/**
 * The StringToSign. `dateOrExpires`: for header auth the Date header's value (empty when
 * x-amz-date is sent: it is then signed among the amz headers); for query auth the Expires value.
 */
export function stringToSignV2(req: V2Signable, dateOrExpires: string): string {
  return [
    req.method.toUpperCase(),
    headerValue(req.headers, 'content-md5') ?? '',
    headerValue(req.headers, 'content-type') ?? '',
    dateOrExpires,
    canonicalizedAmzHeadersV2(req.headers) + canonicalizedResourceV2(req.resourcePath, req.query),
  ].join('\n');
}

/** Date element for header auth: empty when x-amz-date is present, else the Date header. */
export function dateElementV2(headers: V2Signable['headers']): string {
  return headerValue(headers, 'x-amz-date') !== undefined ? '' : (headerValue(headers, 'date') ?? '');
}

/** base64(HMAC-SHA1(secret, stringToSign)). */
export function signatureV2(secretAccessKey: string, stringToSign: string): string {
  return createHmac('sha1', secretAccessKey).update(stringToSign, 'utf8').digest('base64');
}

/** The Authorization header value for header auth. */
export function authorizationV2(req: V2Signable, accessKeyId: string, secretAccessKey: string): string {
  return `AWS ${accessKeyId}:${signatureV2(secretAccessKey, stringToSignV2(req, dateElementV2(req.headers)))}`;
}

/** The query parameters of the query-string form (to append to the request's own query). */
export function presignV2(req: V2Signable, accessKeyId: string, secretAccessKey: string, expires: number): QueryPairs {
  const signature = signatureV2(secretAccessKey, stringToSignV2(req, String(expires)));
  return [
    ['AWSAccessKeyId', accessKeyId],
    ['Expires', String(expires)],
    ['Signature', signature],
  ];
}
