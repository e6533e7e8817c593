// A loopback HTTP proxy in front of an S3 endpoint that counts every request and can answer
// like a faulty endpoint: hang (accept, never answer), reset the connection, answer an S3 error
// (500 InternalError, 503 SlowDown), answer late, or answer 200 with garbage instead of XML.
// Used by the fault and budget runs. Being an HTTP server itself it normalises some framing
// (it answers `Expect: 100-continue` itself, reframes a body without Content-Length): cases about
// those see the proxy, not the endpoint. For measuring, startCountingProxy (TCP) changes nothing.
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export type Fault =
  /** Read the request, never answer (the client's request timeout must fire). */
  | { kind: 'hang' }
  /** Read the request, then reset the TCP connection (RST). */
  | { kind: 'reset' }
  /** Answer this S3 error without forwarding. */
  | { kind: 'error'; status: number; code: string; message?: string }
  /** Forward, then hold the upstream's answer this long before sending it. */
  | { kind: 'slow'; delayMs: number }
  /** Answer 200 with a body that is not XML, without forwarding. */
  | { kind: 'garbage' };

export interface ProxiedRequest {
  seq: number;
  method: string;
  url: string;
  host: string;
  /** From `amz-sdk-request: attempt=N; max=M` (SDK clients only). */
  attempt?: number;
  maxAttempts?: number;
  invocationId?: string;
  fault?: Fault['kind'];
  at: number;
  /** Until the answer was sent completely (undefined: never answered). */
  durationMs?: number;
  status?: number;
}

export interface FaultRule {
  fault: Fault;
  /** Which requests get the fault (default: all). */
  match?: (r: ProxiedRequest) => boolean;
  /** Only every n-th matching request (1 = all). */
  every?: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  /** Every request seen, in arrival order. */
  readonly requests: ProxiedRequest[];
  setRule(rule: FaultRule | undefined): void;
  close(): Promise<void>;
}

export interface CountingProxy {
  readonly url: string;
  readonly port: number;
  /** Every request seen on the wire, in arrival order (no durations: bytes are not interpreted). */
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A TCP pass-through that counts the HTTP/1.1 requests going through it without touching a
 * byte, for measuring (bench/run.ts). Unlike the HTTP proxy above it keeps every quirk of the
 * exchange the cases judge: a request without Content-Length, `Expect: 100-continue` answered by
 * the server itself, malformed framing. It follows the request framing (Content-Length, chunked)
 * only to find where the next request starts.
 */
export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const up = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  // Half-open both ways: a client that ends its side (a body shorter than its Content-Length)
  // still gets the endpoint's answer.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const server = net.connect({ host: up.hostname, port: Number(up.port || 80), allowHalfOpen: true });
    sockets.add(client).add(server);
    for (const s of [client, server]) s.on('close', () => sockets.delete(s));
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
    client.pipe(server);
    server.pipe(client);
    // The framing of the client's byte stream: headers, then a body of known length or chunks.
    let buf: Buffer = Buffer.alloc(0);
    let state: 'headers' | 'body' | 'chunk-size' | 'chunk-data' | 'trailers' | 'lost' = 'headers';
    let remaining = 0;
    client.on('data', (chunk: Buffer) => {
      if (state === 'lost') return;
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (state === 'body' || state === 'chunk-data') {
          const n = Math.min(remaining, buf.length);
          buf = buf.subarray(n);
          remaining -= n;
          if (remaining > 0) return;
          state = state === 'body' ? 'headers' : 'chunk-size';
          continue;
        }
        const eol = buf.indexOf(state === 'headers' ? '\r\n\r\n' : '\r\n');
        if (eol < 0) {
          if (buf.length > 256 * 1024) state = 'lost'; // not HTTP we can follow: keep relaying
          return;
        }
        const head = buf.subarray(0, eol).toString('latin1');
        buf = buf.subarray(eol + (state === 'headers' ? 4 : 2));
        if (state === 'headers') {
          const [line, ...fields] = head.split('\r\n');
          const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(line ?? '');
          if (!m) continue; // stray bytes between messages (e.g. a body the server did not expect)
          const h = new Map(fields.map((f) => [f.slice(0, f.indexOf(':')).trim().toLowerCase(), f.slice(f.indexOf(':') + 1).trim()]));
          const sdk = /attempt=(\d+);\s*max=(\d+)/.exec(h.get('amz-sdk-request') ?? '');
          requests.push({
            seq: requests.length + 1,
            method: m[1],
            url: m[2],
            host: h.get('host') ?? '',
            ...(sdk ? { attempt: Number(sdk[1]), maxAttempts: Number(sdk[2]) } : {}),
            ...(h.get('amz-sdk-invocation-id') ? { invocationId: h.get('amz-sdk-invocation-id') } : {}),
            at: Date.now(),
          });
          if (/chunked/i.test(h.get('transfer-encoding') ?? '')) state = 'chunk-size';
          else if (Number(h.get('content-length') ?? 0) > 0) {
            state = 'body';
            remaining = Number(h.get('content-length'));
          }
        } else if (state === 'chunk-size') {
          const size = parseInt(head, 16);
          if (!Number.isFinite(size)) state = 'lost';
          else if (size === 0) state = 'trailers';
          else {
            state = 'chunk-data';
            remaining = size + 2; // the data and its CRLF
          }
        } else if (state === 'trailers' && head === '') state = 'headers';
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const S3_ERROR = {
  internal: { kind: 'error', status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  slowDown: { kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
} as const satisfies Record<string, Fault>;

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;
}

export async function startFaultProxy(upstream: string, rule?: FaultRule): Promise<FaultProxy> {
  const up = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  let current = rule;
  let matched = 0;

  const server = http.createServer((req, res) => {
    const sdk = /attempt=(\d+);\s*max=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''));
    const r: ProxiedRequest = {
      seq: requests.length + 1,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      host: String(req.headers.host ?? ''),
      ...(sdk ? { attempt: Number(sdk[1]), maxAttempts: Number(sdk[2]) } : {}),
      ...(req.headers['amz-sdk-invocation-id'] ? { invocationId: String(req.headers['amz-sdk-invocation-id']) } : {}),
      at: Date.now(),
    };
    requests.push(r);
    res.on('finish', () => {
      r.durationMs = Date.now() - r.at;
      r.status = res.statusCode;
    });
    let fault: Fault | undefined;
    if (current && (!current.match || current.match(r))) {
      matched += 1;
      if ((matched - 1) % (current.every ?? 1) === 0) fault = current.fault;
    }
    if (fault) r.fault = fault.kind;

    if (fault && fault.kind !== 'slow') {
      // Read the whole request first, so the client is waiting for an answer, not writing.
      req.resume();
      req.on('end', () => {
        switch (fault.kind) {
          case 'hang':
            return; // the socket stays open until the client gives up or the proxy closes
          case 'reset':
            req.socket.resetAndDestroy();
            return;
          case 'error': {
            const body = errorXml(fault.code, fault.message ?? fault.code);
            res.writeHead(fault.status, { 'content-type': 'application/xml', 'x-amz-request-id': 'fault-proxy', ...(req.method === 'HEAD' ? {} : { 'content-length': Buffer.byteLength(body) }) });
            res.end(req.method === 'HEAD' ? undefined : body);
            return;
          }
          case 'garbage': {
            const body = '<<<this is not XML at all & <Unclosed attr="';
            res.writeHead(200, { 'content-type': 'application/xml', 'x-amz-request-id': 'fault-proxy', 'content-length': Buffer.byteLength(body) });
            res.end(req.method === 'HEAD' ? undefined : body);
            return;
          }
        }
      });
      return;
    }

    const upReq = http.request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers, agent },
      (upRes) => {
        const send = () => {
          res.writeHead(upRes.statusCode ?? 502, upRes.rawHeaders);
          upRes.pipe(res);
        };
        if (fault?.kind === 'slow') setTimeout(send, fault.delayMs).unref();
        else send();
      },
    );
    upReq.on('error', () => req.socket.destroy());
    req.pipe(upReq);
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setRule(r) {
      current = r;
      matched = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
