// The bench's counting pass-through: it counts requests on kept-alive connections across
// Content-Length and chunked bodies, and leaves `Expect: 100-continue` to the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startCountingProxy, type CountingProxy } from '../support/fault-proxy.ts';

let upstream: http.Server;
let proxy: CountingProxy;
const seen: string[] = [];

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${n}`);
      res.end(`got ${n}`);
    });
  });
  // A server that refuses on the headers: the client must not be invited to send its body.
  upstream.on('checkContinue', (req, res) => {
    seen.push(`${req.method} ${req.url} refused`);
    res.writeHead(413, { connection: 'close' });
    res.end();
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  proxy = await startCountingProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => upstream.close(r));
});

/** Raw bytes over one connection; resolves with everything the server sent back. */
function exchange(bytes: string, waitMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(proxy.port, '127.0.0.1', () => s.write(bytes));
    let got = '';
    s.on('data', (d) => (got += d));
    setTimeout(() => {
      s.destroy();
      resolve(got);
    }, waitMs);
  });
}

describe('startCountingProxy', () => {
  it('counts pipelined requests with Content-Length and chunked bodies, forwarding them unchanged', async () => {
    const before = proxy.requests.length;
    const got = await exchange(
      'PUT /b/k1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\namz-sdk-request: attempt=1; max=1\r\n\r\nhello' +
        'POST /b?delete HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n' +
        'GET /b/k1 HTTP/1.1\r\nHost: x\r\namz-sdk-request: attempt=2; max=3\r\n\r\n',
    );
    const mine = proxy.requests.slice(before);
    expect(mine.map((q) => `${q.method} ${q.url}`)).toEqual(['PUT /b/k1', 'POST /b?delete', 'GET /b/k1']);
    expect(mine.map((q) => q.maxAttempts)).toEqual([1, undefined, 3]);
    expect(seen.slice(-3)).toEqual(['PUT /b/k1 5', 'POST /b?delete 5', 'GET /b/k1 0']);
    expect((got.match(/HTTP\/1\.1 200/g) ?? []).length).toBe(3);
  });

  it('leaves Expect: 100-continue to the server (no 100 Continue of its own)', async () => {
    const got = await exchange('PUT /b/big HTTP/1.1\r\nHost: x\r\nContent-Length: 6000000000\r\nExpect: 100-continue\r\n\r\n');
    expect(got).toMatch(/^HTTP\/1\.1 413/);
    expect(got).not.toMatch(/100 Continue/);
    expect(proxy.requests.at(-1)?.url).toBe('/b/big');
  });
});
