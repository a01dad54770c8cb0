// A real S3 endpoint that can be made slow on purpose: moto_server on loopback behind a small delaying proxy.
// The proxy holds every request whose body contains a marker string until it is released (or a time limit
// passes), so a test can keep one publish in flight while everything else goes straight through.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { freePort } from './stack.js';

export const hasMoto = () => spawnSync('sh', ['-c', 'command -v moto_server']).status === 0;

/** @returns {Promise<{ endpoint: string, motoUrl: string, bucket: string, env: Record<string,string>,
 *   holdBodiesContaining: (marker: string, maxMs: number) => void, held: () => number, release: () => void, stop: () => Promise<void> }>} */
export async function startSlowS3() {
  const motoPort = await freePort();
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(motoPort)], { stdio: 'ignore' });
  const motoUrl = `http://127.0.0.1:${motoPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try { if ((await fetch(`${motoUrl}/moto-api/`)).ok) break; } catch { /* starting */ }
    if (Date.now() > deadline) { moto.kill(); throw new Error('moto_server did not start'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  const bucket = 'cuecast-slow';
  const made = await fetch(`${motoUrl}/${bucket}`, { method: 'PUT' });
  if (!made.ok) throw new Error(`create bucket: ${made.status}`);

  let marker = null;
  let maxMs = 0;
  const waiting = new Set();
  const proxy = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = () => {
        const out = httpRequest({ host: '127.0.0.1', port: motoPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        });
        out.on('error', () => { res.destroy(); });
        out.end(body);
      };
      if (marker && body.includes(marker)) {
        const entry = { forward, timer: null };
        entry.timer = setTimeout(() => { waiting.delete(entry); forward(); }, maxMs);
        waiting.add(entry);
      } else {
        forward();
      }
    });
  });
  const proxyPort = await freePort();
  await new Promise((r) => proxy.listen(proxyPort, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${proxyPort}`,
    motoUrl,
    bucket,
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
    holdBodiesContaining(m, ms) { marker = Buffer.from(m); maxMs = ms; },
    held: () => waiting.size,
    release() {
      marker = null;
      for (const entry of waiting) { clearTimeout(entry.timer); entry.forward(); }
      waiting.clear();
    },
    async stop() {
      this.release();
      proxy.closeAllConnections?.();
      await new Promise((r) => proxy.close(r));
      moto.kill();
    },
  };
}
