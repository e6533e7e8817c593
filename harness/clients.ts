// S3Client per identity. maxAttempts 1: the endpoint's first answer is the one judged.
// Each client carries two middlewares: one journals resources before they are created, one
// records every exchange (request without credentials, response status/headers/body excerpt)
// into the current case's evidence.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest as SmithyHttpRequest, HttpResponse as SmithyHttpResponse } from '@smithy/types';
import type { Identity, Profile } from './profile.ts';
import type { IdentityName, Journal } from './journal.ts';
import { beginExchange, excerpt, noteNetworkError } from './evidence.ts';
import { redactHeaders, redactUrl } from './redact.ts';

/** Called before every request; throws BudgetExceeded to stop a run that costs too much. */
export type RequestGate = (bytes: number) => void;

export interface ClientSpec {
  profile: Profile;
  /** null: anonymous (unsigned) requests. */
  identity: Identity | null;
  identityName: IdentityName | 'anonymous';
  journal?: Journal;
  gate?: RequestGate;
  /**
   * 'conservative' (default): checksums only where the API requires them, Content-MD5 where the
   * S3 API has always required it. 'sdk-defaults': whatever this @aws-sdk/client-s3 sends today.
   */
  flavour?: 'conservative' | 'sdk-defaults';
  maxAttempts?: number;
  /** Record exchanges as evidence (cleanup clients do not). */
  record?: boolean;
}

// `*.localhost` names (virtual-hosted style against a local target: <bucket>.s3.localhost)
// are loopback by RFC 6761, but this machine's resolver does not know them; answer them here.
const lookup: typeof dns.lookup = ((hostname: string, options: unknown, callback: unknown) => {
  const cb = (typeof options === 'function' ? options : callback) as (...a: unknown[]) => void;
  const opts = (typeof options === 'object' && options !== null ? options : {}) as dns.LookupOptions;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (opts.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, opts as dns.LookupAllOptions, cb as never);
}) as typeof dns.lookup;
/** The same lookup, for other HTTP users (the raw layer). */
export const loopbackLookup = lookup;

const agents = new Map<string, { http: http.Agent; https: https.Agent }>();
function agentsFor(profile: Profile) {
  const key = `${profile.tls?.rejectUnauthorized !== false}|${profile.tls?.caFile ?? ''}`;
  let a = agents.get(key);
  if (!a) {
    a = {
      http: new http.Agent({ keepAlive: true, maxSockets: 64, lookup }),
      https: new https.Agent({
        keepAlive: true,
        lookup,
        maxSockets: 64,
        rejectUnauthorized: profile.tls?.rejectUnauthorized !== false,
        ...(profile.tls?.caFile ? { ca: readFileSync(profile.tls.caFile) } : {}),
      }),
    };
    agents.set(key, a);
  }
  return a;
}

/** Operations whose request body the S3 API has always required a Content-MD5 for. */
const NEEDS_MD5 = new Set(['DeleteObjectsCommand', 'PutBucketCorsCommand', 'PutBucketLifecycleConfigurationCommand', 'PutBucketPolicyCommand', 'PutObjectLockConfigurationCommand']);

const VERSIONING_ON = new Set(['PutBucketVersioningCommand', 'PutObjectLockConfigurationCommand']);

/** A CreateBucket answer that proves this attempt created nothing. */
export function refusedCreate(e: unknown): boolean {
  const x = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const status = x.$metadata?.httpStatusCode ?? 0;
  const code = x.Code ?? x.name;
  return status >= 400 && status < 500 && code !== 'BucketAlreadyOwnedByYou';
}

const OBJECT_CREATORS = new Set(['PutObjectCommand', 'CopyObjectCommand', 'CreateMultipartUploadCommand', 'CompleteMultipartUploadCommand']);

function bodyLength(body: unknown): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
}

function declaredLength(headers: Record<string, string>): number {
  const v = Number(headers['x-amz-decoded-content-length'] ?? headers['content-length'] ?? 0);
  return Number.isFinite(v) && v > 0 ? v : 0;
}

const EXCERPT_SUCCESS_MAX = 16 * 1024;

export function makeClient(spec: ClientSpec): S3Client {
  const { profile } = spec;
  const ag = agentsFor(profile);
  const flavour = spec.flavour ?? 'conservative';
  const config: S3ClientConfig = {
    endpoint: profile.endpoint,
    region: profile.region,
    forcePathStyle: profile.addressing !== 'virtual',
    maxAttempts: spec.maxAttempts ?? 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: ag.http,
      httpsAgent: ag.https,
      // requestTimeout alone only logs a warning in @smithy/node-http-handler 4.x: without
      // throwOnRequestTimeout a hanging endpoint would hang the case until the run timeout.
      // It bounds the time until the answer's headers; socketTimeout bounds a stalled body.
      requestTimeout: profile.budget.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: profile.budget.requestTimeoutMs,
      connectionTimeout: Math.min(profile.budget.requestTimeoutMs, 10_000),
    }),
    credentials: spec.identity
      ? {
          accessKeyId: spec.identity.accessKeyId,
          secretAccessKey: spec.identity.secretAccessKey,
          ...(spec.identity.sessionToken ? { sessionToken: spec.identity.sessionToken } : {}),
        }
      : { accessKeyId: 'anonymous', secretAccessKey: 'anonymous' },
    ...(spec.identity ? {} : { signer: { sign: async (req: SmithyHttpRequest) => req } }),
    ...(flavour === 'conservative'
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  };
  const client = new S3Client(config);
  const journalIdentity: IdentityName = spec.identityName === 'alt' ? 'alt' : 'main';

  if (spec.journal) {
    const journal = spec.journal;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Bucket?: string; Key?: string };
        const cmd = context.commandName ?? '';
        if (cmd === 'CreateBucketCommand' && input.Bucket) {
          journal.write({ t: 'bucket', bucket: input.Bucket, identity: journalIdentity });
          if ((input as { ObjectLockEnabledForBucket?: boolean }).ObjectLockEnabledForBucket) journal.write({ t: 'versioning', bucket: input.Bucket });
        } else if (VERSIONING_ON.has(cmd) && input.Bucket) {
          // Versions outlive plain deletes: cleanup must list and remove them too.
          journal.write({ t: 'versioning', bucket: input.Bucket });
        } else if (OBJECT_CREATORS.has(cmd) && input.Bucket && input.Key !== undefined) {
          journal.write({ t: 'object', bucket: input.Bucket, key: input.Key, identity: journalIdentity });
        }
        let out: Awaited<ReturnType<typeof next>>;
        try {
          out = await next(args);
        } catch (e) {
          // A definitive refusal created nothing; a timeout or 5xx may still land, so it stays.
          if (cmd === 'CreateBucketCommand' && input.Bucket && refusedCreate(e)) journal.write({ t: 'refused', bucket: input.Bucket });
          throw e;
        }
        const uploadId = (out.output as { UploadId?: string }).UploadId;
        if (cmd === 'CreateMultipartUploadCommand' && uploadId && input.Bucket && input.Key !== undefined) {
          journal.write({ t: 'upload', bucket: input.Bucket, key: input.Key, uploadId, identity: journalIdentity });
        }
        return out;
      },
      { step: 'initialize', name: 's3cJournal', priority: 'high' },
    );
  }

  if (flavour === 'conservative') {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const req = args.request as SmithyHttpRequest;
        if (NEEDS_MD5.has(context.commandName ?? '') && req.body !== undefined && !req.headers['content-md5']) {
          const body = req.body as unknown;
          if (typeof body === 'string' || body instanceof Uint8Array) {
            req.headers['content-md5'] = createHash('md5').update(body).digest('base64');
          }
        }
        return next(args);
      },
      { step: 'build', name: 's3cContentMd5', priority: 'low' },
    );
  }

  client.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as SmithyHttpRequest;
      const bytes = bodyLength(req.body);
      // Streamed bodies have no length here; their declared length counts for the budget.
      spec.gate?.(Math.max(bytes, declaredLength(req.headers)));
      if (spec.record === false) return next(args);
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query ?? {})) {
        for (const one of Array.isArray(v) ? v : [v]) query.append(k, one ?? '');
      }
      const qs = query.toString();
      const url = redactUrl(`${req.protocol}//${req.hostname}${req.port ? `:${req.port}` : ''}${req.path}${qs ? `?${qs}` : ''}`);
      const ex = beginExchange({ method: req.method, url, headers: redactHeaders(req.headers), ...(bytes ? { bodyBytes: bytes } : {}) });
      const t0 = performance.now();
      try {
        const out = await next(args);
        const res = out.response as SmithyHttpResponse;
        ex.response = { status: res.statusCode, headers: redactHeaders(res.headers) };
        const len = Number(res.headers['content-length'] ?? NaN);
        // Error bodies are small and are the evidence; small success bodies are kept too so a
        // wrong XML answer can be shown. Large bodies stream through untouched.
        const small = Number.isFinite(len) && len <= EXCERPT_SUCCESS_MAX;
        if (res.body && (res.statusCode >= 300 || small) && req.method !== 'HEAD' && res.body instanceof Readable) {
          const chunks: Buffer[] = [];
          for await (const c of res.body) chunks.push(Buffer.from(c as Uint8Array));
          const buf = Buffer.concat(chunks);
          ex.response.body = excerpt(buf);
          res.body = Readable.from([buf]);
        }
        return out;
      } catch (e) {
        noteNetworkError(ex, e);
        throw e;
      } finally {
        ex.durationMs = Math.round(performance.now() - t0);
      }
    },
    { step: 'deserialize', name: 's3cEvidence', priority: 'low' },
  );
  return client;
}
