// Runs s3rver in its own process for the embedded target, so that a crash of the fake server
// (it has unguarded streams) cannot take the run down with it: the run's cases then end as
// `error` with the connection evidence, and the run still reports and cleans up.
// Usage: node s3rver-child.mjs <directory> <serviceEndpoint>; prints {"port":N} once listening.
import S3rver from 's3rver';

const [dir, serviceEndpoint] = process.argv.slice(2);
// s3rver reads upload parts through unguarded streams: a CompleteMultipartUpload naming a part
// that was never uploaded emits an unhandled ENOENT. Errors on files under its own directory
// are logged and dropped (that request then times out: verdict error); anything else ends it.
process.on('uncaughtException', (e) => {
  const file = e && typeof e === 'object' ? e.path : undefined;
  if (typeof file === 'string' && file.startsWith(dir)) {
    process.stderr.write(`[s3rver] ${e.message}\n`);
    return;
  }
  process.stderr.write(`[s3rver] crashed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(70);
});
const server = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true, serviceEndpoint });
const addr = await server.run();
process.stdout.write(`${JSON.stringify({ port: addr.port })}\n`);
// A terminal's Ctrl-C reaches the whole process group; the CLI decides when the server stops
// (after its cleanup), so the signals are left to it.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
// The parent closes stdin when it stops (or dies): then so do we.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
