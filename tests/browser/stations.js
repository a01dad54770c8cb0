// Operator stations as real processes on one data directory: the main control API and its hot standby
// (java -jar cuecast-server.jar [--standby]), for the failover drill test and `scripts/bench failover`.
// The store is read straight from the directory, never through a station, so "visible" means what phones would get.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, SERVER_JAR } from './stack.js';

/**
 * Starts one station on {@code dataDir}; resolves once /health answers.
 * @param {{ dataDir: string, token: string, standby?: boolean, name?: string, readyTimeoutMs?: number }} opts
 */
export async function startStation({ dataDir, token, standby = false, name, readyTimeoutMs = 30_000 }) {
  if (!existsSync(SERVER_JAR)) throw new Error(`${SERVER_JAR} is missing: build it first (mvn -q -DskipTests package)`);
  const port = await freePort();
  const args = ['-jar', SERVER_JAR, '--port', String(port), '--data', dataDir];
  if (standby) args.push('--standby');
  if (name) args.push('--station', name);
  let log = '';
  const child = spawn('java', args, { env: { ...process.env, CUECAST_OPERATOR_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`station exited early (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`station not healthy in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, port, pid: child.pid, output: () => log,
    /** kill -9: no shutdown hook, no answer to what is in flight, a write possibly half done. */
    kill9() {
      if (child.exitCode === null) child.kill('SIGKILL');
      return exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const newToken = () => 'drill-token-' + randomBytes(12).toString('hex');

/** POST with the token; resolves to { status, body } or { status: 0, error } when there was no answer. */
export async function post(station, path, body, { token, actor, signal } = {}) {
  try {
    const res = await fetch(`${station.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(actor ? { 'X-Cuecast-Actor': actor } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  } catch (e) {
    return { status: 0, error: e.message };
  }
}

/** The pointer as the store holds it (the directory's own file), or null before the first publish. */
export function storePointer(dataDir) {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'live', 'pointer.json'), 'utf8'));
  } catch {
    return null;
  }
}

export function storeState(dataDir, version) {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'states', `${version}.json`), 'utf8'));
  } catch {
    return null;
  }
}

export function storeHistory(dataDir, version) {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'private', 'history', `${String(version).padStart(19, '0')}.json`), 'utf8'));
  } catch {
    return null;
  }
}

/** Every version that was live, newest first: the pointer's state, then each state's base (the pointer it replaced). */
export function liveVersions(dataDir) {
  const out = [];
  for (let v = storePointer(dataDir)?.version ?? 0; v > 0 && out.length < 100_000;) {
    out.push(v);
    v = storeState(dataDir, v)?.base ?? 0;
  }
  return out;
}
