// Polls the pointer and fetches a state only when its version grows. Whatever the network does
// (malformed JSON, rollbacks, 404/5xx, timeouts, offline), the last good state stays in force.
import { pointerProblem, stateProblem } from './validate.js';
import { tagged } from './phone-id.js';

export const POLLER_DEFAULTS = Object.freeze({
  pointerUrl: 'live/pointer.json',
  pollMs: 1000,          // until the pointer says otherwise
  minPollMs: 500,        // bounds the design allows for the pointer's poll_ms
  maxPollMs: 60_000,
  timeoutMs: 4000,       // per request at most, and until a round trip has been measured
  minTimeoutMs: 800,     // per request at least: 4 × the smoothed round trip, as TCP's retransmission timer
  maxBackoffMs: 4000,    // backoff cap, idle or not: a phone is back within 4 s of a hiccup
  minBackoffMs: 250,     // full jitter may draw ~0: never hammer
  hedges: 2,             // extra copies of a request still unanswered after hedgeAfter(), 2 × hedgeAfter(), ...
  hedgeMinMs: 120,       // never hedge sooner than this (a quick path's p95 is noise)
  hedgeFirstMs: 1000,    // hedge delay until enough round trips have been measured
  showModeMs: 2000,      // poll_ms at or below this is show mode: one failure is retried at once, not backed off
});

/**
 * When to send a hedge: the 95th percentile of recent request times ("The Tail at Scale", Dean and Barroso):
 * a few percent more requests, and a lost packet costs one p95 instead of a timeout.
 * @param {number[]} recent request times (ms), newest last
 */
export function hedgeDelay(recent, { hedgeMinMs, hedgeFirstMs } = POLLER_DEFAULTS) {
  if (recent.length === 0) return hedgeFirstMs;
  if (recent.length < 5) return Math.max(hedgeMinMs, 2 * Math.max(...recent)); // too few for a percentile
  const sorted = [...recent].sort((a, b) => a - b);
  return Math.max(hedgeMinMs, sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]);
}

/**
 * @typedef {{ v: number, version: number, state: string, poll_ms: number, published_at?: number, epoch?: string, inline?: object }} Pointer
 *   inline: the state itself, when the publisher inlines a small one (the state key still names it)
 * @typedef {import('./show.js').State} State
 * @typedef {{ ok: boolean, status: number, headers: { get(name: string): string | null }, text(): Promise<string> }} ResponseLike
 */

/** @returns {Pointer | null} a pointer exactly as the contract describes it, or null */
export function parsePointer(text) {
  let p;
  try { p = JSON.parse(text); } catch { return null; }
  return pointerProblem(p) === null ? p : null;
}

/**
 * @returns {State | null} the state the pointer named, if every cue in it is one this app can show; null
 * otherwise, so the caller keeps its last good state (and never stores this one)
 */
export function parseState(text, expectedVersion) {
  return readState(text, expectedVersion).state;
}

/** Like parseState, with what was wrong: {state} or {state: null, problem}. */
export function readState(text, expectedVersion) {
  let s;
  try { s = JSON.parse(text); } catch (e) { return { state: null, problem: `not JSON (${e.message})` }; }
  const problem = stateProblem(s);
  if (problem !== null) return { state: null, problem };
  if (s.version !== expectedVersion) return { state: null, problem: `version: ${s.version}, expected ${expectedVersion}` };
  return { state: s, problem: null };
}

/**
 * @param {{
 *   fetch: (url: string, init: object) => Promise<ResponseLike>,
 *   setTimeout: (fn: () => void, ms: number) => any,
 *   clearTimeout: (id: any) => void,
 *   random?: () => number,
 *   onState: (state: State, pointer: Pointer) => void,
 *   onPoll?: (event: { ok: boolean, status?: number, error?: string, nextMs: number }) => void,
 *   now?: () => number,    // local ms, to time requests; without it every request gets options.timeoutMs
 *   AbortController?: typeof AbortController,
 *   phoneId?: string | null, // sent as ?p=<id> (&h=<version held>, &e=<its epoch>) for coverage; see phone-id.js
 *   options?: Partial<typeof POLLER_DEFAULTS>,
 * }} deps
 */
export function createPoller({ fetch, setTimeout, clearTimeout, random = Math.random, onState, onPoll = () => {},
  now = null, AbortController = globalThis.AbortController, phoneId = null, options = {} }) {
  const o = { ...POLLER_DEFAULTS, ...options };
  let running = false;
  let timer = null;
  let inFlight = null;
  let etag = null;          // of the pointer whose state we hold: a 304 then means "nothing new"
  let version = -1;
  let epoch = null;         // versions only grow within an epoch; a store rebuilt from scratch starts a new one
  const leftEpochs = new Set();
  let pollMs = o.pollMs;
  let failures = 0;
  let srtt = null;          // smoothed request time: a lost request is given up after 4 × srtt, not seconds
  const recent = [];        // the last request times, for the hedge delay
  const stats = { polls: 0, errors: 0, notModified: 0, states: 0, rollbacks: 0, requests: 0, hedges: 0 };

  const requestTimeout = () => (srtt === null ? o.timeoutMs : Math.min(o.timeoutMs, Math.max(o.minTimeoutMs, 4 * srtt)));

  function measured(took) {
    srtt = srtt === null ? took : srtt + (took - srtt) / 8;
    recent.push(took);
    if (recent.length > 32) recent.shift();
  }

  /**
   * Fetch with hedges and our own timeout: a copy still unanswered after the hedge delay is joined by another
   * (the first answer wins, the rest are aborted); a request that hangs past the timeout counts as a failure.
   */
  function get(url, headers, cache = 'no-store') {
    return new Promise((resolve, reject) => {
      const timers = [];
      const ctrls = [];
      let done = false;
      let sent = 0;
      let failed = 0;
      let lastError = null;
      const end = (fn) => {
        if (done) return;
        done = true;
        for (const t of timers) clearTimeout(t);
        for (const c of ctrls) c?.abort();
        fn();
      };
      const send = () => {
        if (done) return;
        const ctrl = AbortController ? new AbortController() : null;
        ctrls.push(ctrl);
        const startedAt = now?.();
        sent += 1;
        stats.requests += 1;
        if (sent > 1) stats.hedges += 1;
        Promise.resolve()
          .then(() => fetch(url, { cache, headers, signal: ctrl?.signal }))
          .then(async (res) => ({ status: res.status, etag: res.headers.get('etag'), body: res.status === 304 ? '' : await res.text() }))
          .then((r) => end(() => {
            if (now) measured(now() - startedAt);
            resolve(r);
          }), (e) => {
            failed += 1;
            lastError = e;
            // Every copy failed outright (offline, refused) and no more are coming: fail now, not at the timeout.
            if (failed === sent && sent > o.hedges) end(() => reject(lastError));
          });
      };
      send();
      const delay = hedgeDelay(recent, o);
      for (let i = 1; i <= o.hedges; i++) timers.push(setTimeout(() => send(), delay * i));
      timers.push(setTimeout(() => end(() => {
        if (srtt !== null) srtt = Math.min(o.timeoutMs, srtt * 2); // congested: be more patient next time
        reject(lastError ?? new Error('timeout'));
      }), Math.max(requestTimeout(), delay * o.hedges + o.hedgeMinMs)));
    });
  }

  async function pollOnce() {
    stats.polls += 1;
    const res = await get(tagged(o.pointerUrl, phoneId, version, epoch), etag ? { 'If-None-Match': etag } : {});
    if (res.status === 304) { stats.notModified += 1; return; }
    if (res.status !== 200) throw new Error(`pointer HTTP ${res.status}`);
    const pointer = parsePointer(res.body);
    if (!pointer) throw new Error('pointer malformed');
    pollMs = Math.min(o.maxPollMs, Math.max(o.minPollMs, pointer.poll_ms));
    const newEpoch = typeof pointer.epoch === 'string' && pointer.epoch !== epoch;
    if (newEpoch && leftEpochs.has(pointer.epoch)) { stats.rollbacks += 1; return; } // an edge copy from before
    if (!newEpoch && pointer.version < version) { stats.rollbacks += 1; return; } // a stale edge copy: never go back
    if (!newEpoch && pointer.version === version) { etag = res.etag; return; }
    // A small state may come inlined in the pointer: one round trip instead of two when a cue is due. It is
    // checked like a fetched one; an invalid inline state falls back to the fetch.
    let state = pointer.inline === undefined ? null : parseState(JSON.stringify(pointer.inline), pointer.version);
    if (!state) {
      // States are immutable, so the browser cache may keep them: default cache mode, not no-store.
      const st = await get(tagged(pointer.state, phoneId, -1, pointer.epoch), {}, 'default');
      if (st.status !== 200) throw new Error(`state HTTP ${st.status}`);
      const read = readState(st.body, pointer.version);
      if (!read.state) throw new Error(`state malformed: ${read.problem}`);
      state = read.state;
    }
    if (newEpoch) {
      if (epoch !== null) leftEpochs.add(epoch);
      epoch = pointer.epoch;
    }
    version = pointer.version;
    etag = res.etag;
    stats.states += 1;
    onState(state, pointer);
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = running ? setTimeout(tick, ms) : null;
  }

  async function tick() {
    timer = null;
    if (!running || inFlight) return;
    let nextMs;
    const poll = inFlight = pollOnce();
    try {
      await poll;
      failures = 0;
      nextMs = pollMs * (0.9 + 0.2 * random());
      onPoll({ ok: true, nextMs });
    } catch (e) {
      failures += 1;
      stats.errors += 1;
      if (failures === 1 && pollMs <= o.showModeMs) {
        // In show mode one loss is a lost packet, not an overloaded server: a cue may be due in seconds.
        nextMs = o.minBackoffMs * (0.5 + random());
      } else {
        // Exponential backoff with full jitter: a crowd that failed together must not retry together.
        // A short cap even when idle: the CDN absorbs the retries, while a phone that failed at 20 s idle
        // polling and then waited 20 s would miss the switch to show mode and the first cues.
        const ceiling = Math.min(pollMs * 2 ** (failures - 1), o.maxBackoffMs);
        nextMs = Math.max(o.minBackoffMs, random() * ceiling);
      }
      onPoll({ ok: false, error: String(e?.message ?? e), nextMs });
    } finally {
      inFlight = null;
    }
    schedule(nextMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    stop() {
      running = false;
      clearTimeout(timer);
      timer = null;
    },
    /** Poll now (page resumed, back online); a poll already under way is not doubled. */
    pollNow() {
      if (running && !inFlight) schedule(0);
    },
    version: () => version,
    pollMs: () => pollMs,
    failures: () => failures,
    stats: () => ({ ...stats }),
  };
}
