// Starts scripts/edge (the local nginx CDN edge) and a stand-in origin for tests and the benchmark.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort } from '../browser/stack.js';

export const POINTER_CACHE_CONTROL = 'public, max-age=1, s-maxage=1, stale-while-revalidate=2, stale-if-error=30';

/**
 * An origin serving the design's keys and headers: any /live/<name>.json as a pointer (version from
 * `versions`, default 1), /states/<v>.json immutable, /time no-store, /index.html no-cache,
 * /private/* readable (so only the edge can refuse it). Counts requests per path; a delay per path
 * slows answers down so concurrent misses overlap; a failure per path makes the origin answer 5xx.
 */
export async function startOrigin() {
  const counts = new Map();
  const versions = new Map();
  const delayMs = new Map();
  const failWith = new Map();
  const cacheControlOf = new Map();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const answer = () => {
      if (failWith.get(path) === 'down') { // as if the origin process were gone: the connection drops, no answer
        req.socket.destroy();
        return;
      }
      if (failWith.has(path)) {
        res.writeHead(failWith.get(path), { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
        return;
      }
      let body, cacheControl;
      if (path.startsWith('/live/')) {
        const version = versions.get(path) ?? 1;
        body = JSON.stringify({ v: 1, version, state: `states/${version}.json`, poll_ms: 1000, published_at: Date.now() });
        cacheControl = cacheControlOf.get(path) ?? POINTER_CACHE_CONTROL;
      } else if (path.startsWith('/states/')) {
        body = JSON.stringify({ v: 1, version: Number(path.match(/(\d+)/)?.[1] ?? 0), cues: [] });
        cacheControl = 'public, max-age=31536000, immutable';
      } else if (path === '/time') {
        body = JSON.stringify({ t: Date.now() + (performance.now() % 1) });
        cacheControl = 'no-store';
      } else if (path === '/index.html' || path.startsWith('/private/')) {
        body = '{}';
        cacheControl = 'no-cache';
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': cacheControl }).end(body);
    };
    const delay = delayMs.get(path) ?? 0;
    if (delay > 0) setTimeout(answer, delay); else answer();
  });
  server.keepAliveTimeout = 60_000;
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    count: (path) => counts.get(path) ?? 0,
    setVersion: (path, v) => versions.set(path, v),
    setDelay: (path, ms) => delayMs.set(path, ms),
    /** The pointer's Cache-Control for `path` (default POINTER_CACHE_CONTROL). */
    setCacheControl: (path, value) => cacheControlOf.set(path, value),
    /** Answer `status` (e.g. 503, or 'down': drop the connection) for `path` from now on; null heals it. */
    setFailure: (path, status) => (status ? failWith.set(path, status) : failWith.delete(path)),
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/**
 * Runs scripts/edge in front of `origin` until stop(); resolves once nginx listens. `prefix` (default: a new
 * temp dir) is where its logs go; `args` are extra scripts/edge flags (e.g. --log-sampling 10).
 */
export async function startEdge(origin, { readyTimeoutMs = 15_000, prefix = mkdtempSync(join(tmpdir(), 'cuecast-edge-test-')), args = [] } = {}) {
  const port = await freePort();
  const child = spawn(join(ROOT, 'scripts', 'edge'), ['--port', String(port), '--origin', origin, '--prefix', prefix, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + readyTimeoutMs;
  while (!output.includes('edge: http://')) {
    if (child.exitCode !== null) throw new Error(`scripts/edge exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`scripts/edge not ready:\n${output}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = (name) => {
    const file = join(prefix, 'logs', name);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    prefix,
    output: () => output,
    accessLog: () => log('access.log'),
    coverageLog: () => log('coverage.log'),
    originLog: () => log('origin.log'),
    /** Ctrl-C: resolves with the script's exit status. */
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const status = await exited;
        clearTimeout(timer);
        return status;
      }
      return exited;
    },
    remove: () => rmSync(prefix, { recursive: true, force: true }),
  };
}
