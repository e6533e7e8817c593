// The raw request layer (see client.ts): signed raw HTTP for the requests an SDK will not send.
export { raw, RawClient, parseXml, queryString } from './client.ts';
export type { Corruption, Credentials, PayloadMode, RawCaseLike, RawRequest, RawResponse, SignMode } from './client.ts';
export { RawHttpError, describeRaw, expectRawError, expectRawOk, expectRawStatus } from './expect.ts';
export * from './encoding.ts';
export { canonicalizedAmzHeadersV2, canonicalizedResourceV2, presignV2, signatureV2, stringToSignV2, authorizationV2, V2_SUBRESOURCES } from './sigv2.ts';
export type { QueryPairs, V2Signable } from './sigv2.ts';
export { RawSignerV4, amzDate, MAX_PRESIGN_SECONDS, STREAMING_PAYLOAD, STREAMING_UNSIGNED_TRAILER, UNSIGNED_PAYLOAD, EMPTY_SHA256 } from './sigv4.ts';
