// S3 error bodies: parse the XML an endpoint sent with an error status and check it against
// fixtures/schemas/s3-error.schema.json (Code, Message, RequestId required; BucketName, Key,
// Resource where AWS sends them). Used by the suites that judge error answers in depth.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CaseContext } from './case.ts';
import type { ErrorExpectation, S3ErrorLike } from './expect.ts';
import { describeErrors, validator } from './schema.ts';
import { ConformanceError } from './signals.ts';
import type { Exchange } from './types.ts';

export const ERROR_SCHEMA = 's3-error.schema.json';

export interface S3ErrorBody {
  Code: string;
  Message: string;
  RequestId: string;
  HostId?: string;
  Resource?: string;
  BucketName?: string;
  Key?: string;
  [field: string]: unknown;
}

export interface ParsedErrorBody {
  /** Present when the body is well-formed XML with an <Error> root (valid or not). */
  error?: S3ErrorBody;
  /** Empty when the body is a schema-valid S3 error document. */
  problems: string[];
  /** Only an excerpt of a longer body was recorded: nothing can be judged. */
  truncated?: boolean;
}

const parser = new XMLParser({
  ignoreDeclaration: true,
  ignoreAttributes: true,
  // Keep every value a string: a RequestId of digits, a Key such as "007" must not turn into numbers.
  parseTagValue: false,
  trimValues: false,
});

const TRUNCATED = /…\(\d+ bytes\)$/;

/** Parse an error body and validate it; never throws. */
export function parseS3ErrorXml(text: string): ParsedErrorBody {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!body) return { problems: ['the error answer has an empty body (S3 sends an <Error> XML document)'] };
  if (TRUNCATED.test(body)) return { problems: ['the error body is longer than the recorded excerpt; cannot validate it'], truncated: true };
  const wf = XMLValidator.validate(body);
  if (wf !== true) {
    return { problems: [`the error body is not well-formed XML (${wf.err.msg}, line ${wf.err.line}): ${JSON.stringify(body.slice(0, 120))}`] };
  }
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch (e) {
    return { problems: [`the error body could not be parsed as XML: ${(e as Error).message}`] };
  }
  const validate = validator(ERROR_SCHEMA);
  const ok = validate(doc);
  const root = (doc as { Error?: unknown } | undefined)?.Error;
  const error = root && typeof root === 'object' ? (root as S3ErrorBody) : undefined;
  if (ok) return { error, problems: [] };
  return { error, problems: describeErrors(validate.errors) };
}

export interface ErrorBodyExpect {
  /** The Code the body must carry (defaults to none checked). */
  code?: string;
  /** <BucketName> must be present and equal this (AWS sends it e.g. with NoSuchBucket). */
  bucketName?: string;
  /** <Key> must be present and equal this (AWS sends it with NoSuchKey). */
  key?: string;
  /** <Resource> must be present and match. */
  resource?: string | RegExp;
}

/**
 * The last exchange's response body must be a valid S3 error document (and carry the fields
 * asked for). `fullBody` (e.g. from a raw request) replaces the recorded excerpt. A missing
 * exchange or response, or a body only known as a truncated excerpt, is a harness limit (plain
 * Error → verdict error), never a finding about the endpoint.
 */
export function checkS3ErrorBody(ex: Exchange | undefined, want: ErrorBodyExpect = {}, fullBody?: string): S3ErrorBody {
  if (!ex?.response) throw new Error('no recorded response to check the error body of');
  if (ex.request.method === 'HEAD') throw new Error('a HEAD answer has no body: check the status only');
  const status = ex.response.status;
  const { error, problems, truncated } = parseS3ErrorXml(fullBody ?? ex.response.body ?? '');
  if (truncated) throw new Error(`the ${status} error body is longer than the recorded excerpt; its XML could not be validated`);
  if (problems.length) {
    throw new ConformanceError(`the ${status} answer's body is not a valid S3 error document: ${problems.join('; ')}`);
  }
  const e = error as S3ErrorBody;
  if (want.code !== undefined && e.Code !== want.code) {
    throw new ConformanceError(`the error body's <Code> is '${e.Code}', expected '${want.code}'`);
  }
  if (want.bucketName !== undefined && e.BucketName !== want.bucketName) {
    throw new ConformanceError(`the ${e.Code} body must name the bucket in <BucketName>${want.bucketName}</BucketName>; got ${e.BucketName === undefined ? 'no BucketName' : `'${e.BucketName}'`}`);
  }
  if (want.key !== undefined && e.Key !== want.key) {
    throw new ConformanceError(`the ${e.Code} body must name the key in <Key>${want.key}</Key>; got ${e.Key === undefined ? 'no Key' : `'${e.Key}'`}`);
  }
  if (want.resource !== undefined) {
    const r = e.Resource;
    const ok = r !== undefined && (typeof want.resource === 'string' ? r === want.resource : want.resource.test(r));
    if (!ok) throw new ConformanceError(`the ${e.Code} body must carry <Resource> ${String(want.resource)}; got ${r === undefined ? 'none' : `'${r}'`}`);
  }
  return e;
}

/**
 * t.expectError, then the body of that answer must be a valid S3 error document whose Code is
 * the one the endpoint answered with (plus the fields in `want`).
 */
export async function expectErrorXml(
  t: Pick<CaseContext, 'expectError' | 'lastExchange'>,
  call: Promise<unknown>,
  expected: ErrorExpectation | string,
  status?: number,
  want: Omit<ErrorBodyExpect, 'code'> = {},
): Promise<S3ErrorLike & { body: S3ErrorBody }> {
  const got = await t.expectError(call, expected, status);
  // A raw answer carries its whole body; an SDK error only the recorded excerpt.
  const full = (got.raw as { $response?: { body?: unknown } } | undefined)?.$response?.body;
  const body = checkS3ErrorBody(t.lastExchange(), { ...want, code: got.code }, Buffer.isBuffer(full) ? full.toString('utf8') : undefined);
  return { ...got, body };
}
