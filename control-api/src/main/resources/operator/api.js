// The operator page's API client: one place that adds the token, the actor name and an Idempotency-Key,
// reads the API's {"error","message"} shape and reports whether the server answered at all. No DOM here.

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
 * @param {{ fetch: typeof fetch, token: () => string, actor: () => string|null,
 *           onConnection?: (ok: boolean) => void, onUnauthorized?: (message: string) => void }} deps
 */
export function createApi({ fetch, token, actor, onConnection = () => {}, onUnauthorized = () => {} }) {
  async function request(method, path, body, { idempotencyKey, retries = 1 } = {}) {
    const headers = { Authorization: `Bearer ${token() ?? ''}` };
    const name = actor();
    // header values are Latin-1: the server takes the name percent-encoded as UTF-8 (any Unicode, up to 64 characters)
    if (name) headers['X-Cuecast-Actor'] = encodeURIComponent(name.trim());
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const init = { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) };
    let res;
    for (let attempt = 0; ; attempt++) {
      try {
        res = await fetch(path, init);
        break;
      } catch {
        // A POST retried with its Idempotency-Key counts once even if the first one did arrive.
        if (attempt >= retries || (method !== 'GET' && !idempotencyKey)) {
          onConnection(false);
          throw new ApiError(0, 'offline', 'cannot reach the server: check the network and that it is running');
        }
      }
    }
    onConnection(true);
    const text = await res.text();
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
    history: (limit = 200) => request('GET', `/api/history?limit=${limit}`),
    /** The exact state GO would publish now, or the same refusal: publishes nothing. */
    dryRun: (body) => request('POST', '/api/cues?dry_run=true', body, { retries: 0 }),
    dryRunTimeline: (cues) => request('POST', '/api/timeline?dry_run=true', { cues }, { retries: 0 }),
    cue: (body, key) => request('POST', '/api/cues', body, { idempotencyKey: key }),
    timeline: (cues, key) => request('POST', '/api/timeline', { cues }, { idempotencyKey: key }),
    /** Back to what {@code version} showed; every pending cue dropped. */
    dryRunUndo: (version) => request('POST', '/api/undo?dry_run=true', { version }, { retries: 0 }),
    undo: (version, key) => request('POST', '/api/undo', { version }, { idempotencyKey: key }),
    blackout: (key) => request('POST', '/api/blackout', undefined, { idempotencyKey: key, retries: 2 }),
    settings: (pollMs, key) => request('POST', '/api/settings', { poll_ms: pollMs }, { idempotencyKey: key }),
    draw: (seats, count, key) => request('POST', '/api/draws', { seats, count }, { idempotencyKey: key }),
    checkSeat: (draw, seat) => request('GET', `/api/draws/${encodeURIComponent(draw)}/seats/${encodeURIComponent(seat)}`),
  };
}
