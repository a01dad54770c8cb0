// Starts the real local stack (the control-api jar that scripts/run starts) on a free loopback port
// with a fresh data directory, and stops it afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The server jar under test; CUECAST_SERVER_JAR runs the same tests against another build (e.g. an older commit's). */
export const SERVER_JAR = process.env.CUECAST_SERVER_JAR || join(ROOT, 'control-api', 'target', 'cuecast-server.jar');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ token?: string, extraArgs?: string[], readyTimeoutMs?: number, env?: Record<string, string> }} [opts]
 *   env: extra environment for the JVM, e.g. libfaketime's LD_PRELOAD and FAKETIME for a skewed host clock
 * @returns {Promise<{ url: string, port: number, token: string, dataDir: string, stop: () => Promise<void>, output: () => string }>}
 */
export async function startStack(opts = {}) {
  if (!existsSync(SERVER_JAR)) {
    throw new Error(`${SERVER_JAR} is missing: build it first (mvn -q -DskipTests package)`);
  }
  const port = await freePort();
  const token = opts.token ?? 'test-token-' + randomBytes(12).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'cuecast-data-'));
  let log = '';
  // a store named in extraArgs (--bucket) replaces the temporary directory: the server takes one store, like the CLI
  const store = (opts.extraArgs ?? []).includes('--bucket') ? [] : ['--data', dataDir];
  const child = spawn('java', ['-jar', SERVER_JAR, '--port', String(port), ...store, ...(opts.extraArgs ?? [])], {
    env: { ...process.env, ...(opts.env ?? {}), CUECAST_OPERATOR_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy within timeout:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, port, token, dataDir,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
