// The operator page's API client: one place that adds the token, the actor name and an Idempotency-Key,
// reads the API's {"error","message"} shape and reports whether the server answered at all. No DOM here.
import { DROPPED_BY_BLACKOUT } from './inflight.js';

export class ApiError extends Error {
  /** @param {number} status 0 when the server could not be reached */
  constructor(status, code, message, body = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/**
 * How long the page waits for BLACKOUT's answer before it says FAILED (no answer) and lets the operator press again:
 * the blackout budget issue 20 asks of the server (about 2 s) plus the way there and back. (PublisherConfig.defaults()
 * still gives the server 10 s: past 3 s the page stops waiting, the server may still land it, and the live view shows it.) The request is not resent by itself; a press within
 * 5 s reuses its key (blackout.js), so a blackout that did land counts once.
 */
export const BLACKOUT_ANSWER_MS = 3_000;

/**
 * @param {{ fetch: typeof fetch, token: () => string, actor: () => string|null,
 *           onConnection?: (ok: boolean) => void, onUnauthorized?: (message: string) => void,
 *           timers?: { set: typeof setTimeout, clear: typeof clearTimeout } }} deps
 */
export function createApi({ fetch, token, actor, onConnection = () => {}, onUnauthorized = () => {},
  timers = { set: (f, ms) => setTimeout(f, ms), clear: (t) => clearTimeout(t) } }) {
  /**
   * {@code signal}: aborts the request (BLACKOUT pressed): it fails with code dropped_by_blackout, never retried.
   * {@code timeoutMs}: no answer by then fails it with code no_answer (status 0: it may have landed).
   */
  async function request(method, path, body, { idempotencyKey, retries = 1, signal, timeoutMs } = {}) {
    if (!timeoutMs) return send(method, path, body, { idempotencyKey, retries, signal });
    const controller = new AbortController();
    let timedOut = false;
    const timer = timers.set(() => { timedOut = true; controller.abort('no_answer'); }, timeoutMs);
    signal?.addEventListener('abort', () => controller.abort(signal.reason));
    try {
      return await send(method, path, body, { idempotencyKey, retries, signal: controller.signal });
    } catch (e) {
      if (timedOut) {
        throw new ApiError(0, 'no_answer', `no answer within ${timeoutMs / 1000} s: it may have landed (see the live view); press again to send it again`);
      }
      throw e;
    } finally {
      timers.clear(timer);
    }
  }

  async function send(method, path, body, { idempotencyKey, retries, signal }) {
    const headers = { Authorization: `Bearer ${token() ?? ''}` };
    const name = actor();
    // header values are Latin-1: the server takes the name percent-encoded as UTF-8 (any Unicode, up to 64 characters)
    if (name) headers['X-Cuecast-Actor'] = encodeURIComponent(name.trim());
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const init = { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body), signal };
    const dropped = () => new ApiError(0, DROPPED_BY_BLACKOUT,
      'dropped by BLACKOUT: aborted on its way, and the server refuses it if it still arrives (it was built on a version older than the blackout)');
    let res;
    for (let attempt = 0; ; attempt++) {
      try {
        res = await fetch(path, init);
        break;
      } catch {
        if (signal?.aborted) throw dropped();
        // A POST retried with its Idempotency-Key counts once even if the first one did arrive.
        if (attempt >= retries || (method !== 'GET' && !idempotencyKey)) {
          onConnection(false);
          throw new ApiError(0, 'offline', 'cannot reach the server: check the network and that it is running');
        }
      }
    }
    onConnection(true);
    let text;
    try {
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw dropped();
      throw new ApiError(0, 'offline', `the answer was cut off: ${e?.message ?? e}; look at the live view before sending again`);
    }
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* reported below */ }
    if (!res.ok) {
      const message = json?.message ?? `HTTP ${res.status}`;
      if (res.status === 401) onUnauthorized('The token was refused: log in again.');
      if (res.status === 429) onUnauthorized(`Too many failed logins: ${message}`);
      throw new ApiError(res.status, json?.error ?? `http_${res.status}`, message, json);
    }
    return json;
  }

  return {
    request,
    state: () => request('GET', '/api/state'),
    /** Which operator station this server is: {name, role: 'main'|'standby'}. */
    station: () => request('GET', '/api/station'),
    history: (limit = 200) => request('GET', `/api/history?limit=${limit}`),
    /** The exact state GO would publish now, or the same refusal: publishes nothing. */
    dryRun: (body) => request('POST', '/api/cues?dry_run=true', body, { retries: 0 }),
    dryRunTimeline: (cues) => request('POST', '/api/timeline?dry_run=true', { cues }, { retries: 0 }),
    /** GO: {@code baseVersion} is the live version the armed preview was built on; {@code signal} aborts it (BLACKOUT). */
    cue: (body, key, { baseVersion, signal } = {}) =>
      request('POST', '/api/cues', { ...body, base_version: baseVersion }, { idempotencyKey: key, signal }),
    timeline: (cues, key, { baseVersion, signal } = {}) =>
      request('POST', '/api/timeline', { cues, base_version: baseVersion }, { idempotencyKey: key, signal }),
    /** Back to what {@code version} showed; every pending cue dropped. */
    dryRunUndo: (version) => request('POST', '/api/undo?dry_run=true', { version }, { retries: 0 }),
    undo: (version, key, { baseVersion, signal } = {}) =>
      request('POST', '/api/undo', { version, base_version: baseVersion }, { idempotencyKey: key, signal }),
    blackout: (key) => request('POST', '/api/blackout', undefined, { idempotencyKey: key, retries: 2, timeoutMs: BLACKOUT_ANSWER_MS }),
    settings: (pollMs, key) => request('POST', '/api/settings', { poll_ms: pollMs }, { idempotencyKey: key }),
    draw: (seats, count, key) => request('POST', '/api/draws', { seats, count }, { idempotencyKey: key }),
    checkSeat: (draw, seat) => request('GET', `/api/draws/${encodeURIComponent(draw)}/seats/${encodeURIComponent(seat)}`),
  };
}
