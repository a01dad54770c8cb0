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
  hedgeBaseline: 2,      // ...and never later than this × the path's baseline (its p25 over the last 64 requests)
  showModeMs: 2000,      // poll_ms at or below this is show mode: one failure is retried at once, not backed off
  pipeline: 4,           // show mode: a poll goes out every poll_ms even while up to this many are unanswered
});

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * When to send a hedge: the 95th percentile of the last 32 request times ("The Tail at Scale", Dean and
 * Barroso): a few percent more requests, and a lost packet costs one p95 instead of a timeout. But never later
 * than hedgeBaseline × the path's baseline (the p25 of the last 64): inside a congestion burst every request is
 * slow, the recent p95 inflates to seconds and hedges would fire after the cue is due; the baseline barely moves,
 * so a burst is met with copies at once, which is when they pay.
 * @param {number[]} recent request times (ms), newest last (up to 64)
 */
export function hedgeDelay(recent, { hedgeMinMs, hedgeFirstMs, hedgeBaseline = Infinity } = POLLER_DEFAULTS) {
  if (recent.length === 0) return hedgeFirstMs;
  if (recent.length < 5) return Math.max(hedgeMinMs, 2 * Math.max(...recent)); // too few for a percentile
  const p95 = quantile([...recent.slice(-32)].sort((a, b) => a - b), 0.95);
  const baseline = quantile([...recent].sort((a, b) => a - b), 0.25);
  return Math.max(hedgeMinMs, Math.min(p95, hedgeBaseline * baseline));
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
  const inFlight = new Set(); // polls under way (more than one only while pipelining in show mode)
  let pendingState = null;    // { key, promise }: one fetch per state, whichever poll asked first
  let lastSentAt = null;
  let etag = null;          // of the pointer whose state we hold: a 304 then means "nothing new"
  let version = -1;
  let epoch = null;         // versions only grow within an epoch; a store rebuilt from scratch starts a new one
  const leftEpochs = new Set();
  let pollMs = o.pollMs;
  let failures = 0;
  let srtt = null;          // smoothed request time: a lost request is given up after 4 × srtt, not seconds
  const recent = [];        // the last request times, for the hedge delay
  const stats = { polls: 0, errors: 0, notModified: 0, states: 0, rollbacks: 0, requests: 0, hedges: 0, late: 0, inlineRefused: 0 };

  const requestTimeout = () => (srtt === null ? o.timeoutMs : Math.min(o.timeoutMs, Math.max(o.minTimeoutMs, 4 * srtt)));

  function measured(took) {
    srtt = srtt === null ? took : srtt + (took - srtt) / 8;
    recent.push(took);
    if (recent.length > 64) recent.shift();
  }

  /**
   * Fetch with hedges and our own timeout: a copy still unanswered after the hedge delay is joined by another
   * (the first answer wins, the rest are aborted); a request that hangs past the timeout counts as a failure.
   * With onLate, the copies are not abandoned at the timeout: an answer that comes after it (up to
   * options.timeoutMs after the first copy) is handed to onLate. Inside a congestion burst a round trip can outlast
   * the timeout that the calm path set, and a pointer that arrives late is still the news a phone is waiting for.
   * patient: wait up to options.timeoutMs before failing (a state in show mode: pipelined polls wait on it too).
   */
  function get(url, headers, { cache = 'no-store', onLate = null, patient = false } = {}) {
    return new Promise((resolve, reject) => {
      const timers = [];
      const ctrls = [];
      let settled = false;  // the caller has its answer or its failure
      let closed = false;   // no copy is listened to any more
      let sent = 0;
      let failed = 0;
      let lastError = null;
      const close = () => {
        if (closed) return;
        closed = true;
        for (const t of timers) clearTimeout(t);
        for (const c of ctrls) c?.abort();
      };
      const settle = (fn) => {
        if (settled) return;
        settled = true;
        fn();
      };
      const send = () => {
        if (closed || settled) return;
        const ctrl = AbortController ? new AbortController() : null;
        ctrls.push(ctrl);
        const startedAt = now?.();
        sent += 1;
        stats.requests += 1;
        if (sent > 1) stats.hedges += 1;
        Promise.resolve()
          .then(() => fetch(url, { cache, headers, signal: ctrl?.signal }))
          .then(async (res) => ({ status: res.status, etag: res.headers.get('etag'), body: res.status === 304 ? '' : await res.text() }))
          .then((r) => {
            if (closed) return;
            close();
            if (now) measured(now() - startedAt);
            if (settled) {
              stats.late += 1;
              onLate?.(r);
            } else settle(() => resolve(r));
          }, (e) => {
            failed += 1;
            lastError = e;
            // Every copy failed outright (offline, refused) and no more are coming: fail now, not at the timeout.
            if (failed === sent && sent > o.hedges) {
              close();
              settle(() => reject(lastError));
            }
          });
      };
      send();
      const delay = hedgeDelay(recent, o);
      for (let i = 1; i <= o.hedges; i++) timers.push(setTimeout(() => send(), delay * i));
      timers.push(setTimeout(() => {
        if (onLate === null) close();
        settle(() => {
          if (srtt !== null) srtt = Math.min(o.timeoutMs, srtt * 2); // congested: be more patient next time
          reject(lastError ?? new Error('timeout'));
        });
      }, Math.max(patient ? o.timeoutMs : requestTimeout(), delay * o.hedges + o.hedgeMinMs)));
      if (onLate !== null) timers.push(setTimeout(close, Math.max(o.timeoutMs, delay * o.hedges + o.hedgeMinMs)));
    });
  }

  /** The state a pointer names: inlined in it when the publisher put it there (checked like a fetched one), else fetched. */
  async function stateFor(pointer) {
    // A small state may come inlined in the pointer: one round trip instead of two when a cue is due. An invalid
    // inline state is ignored and the state fetched, exactly as if the pointer had carried none.
    if (pointer.inline !== undefined) {
      const inline = readState(JSON.stringify(pointer.inline), pointer.version);
      if (inline.state) return inline.state;
      stats.inlineRefused += 1;
    }
    if (pendingState?.key !== pointer.state) {
      const key = pointer.state;
      const promise = (async () => {
        // States are immutable, so the browser cache may keep them: default cache mode, not no-store.
        const st = await get(tagged(key, phoneId, -1, pointer.epoch), {}, { cache: 'default', patient: pollMs <= o.showModeMs });
        if (st.status !== 200) throw new Error(`state HTTP ${st.status}`);
        const read = readState(st.body, pointer.version);
        if (!read.state) throw new Error(`state malformed: ${read.problem}`);
        return read.state;
      })();
      pendingState = { key, promise };
      promise.then(() => {}, () => {}).finally(() => { if (pendingState?.promise === promise) pendingState = null; });
    }
    return pendingState.promise;
  }

  /** Is this pointer newer than what we hold? 'rollback' for an older copy an edge still serves. */
  function judge(pointer) {
    const newEpoch = typeof pointer.epoch === 'string' && pointer.epoch !== epoch;
    if (newEpoch && leftEpochs.has(pointer.epoch)) return 'rollback'; // an edge copy from before
    if (!newEpoch && pointer.version < version) return 'rollback';     // a stale edge copy: never go back
    if (!newEpoch && pointer.version === version) return 'same';
    return 'newer';
  }

  async function pollOnce() {
    stats.polls += 1;
    // While pipelining in show mode an answer after the timeout is still read (the poll already counted as failed).
    const onLate = o.pipeline > 1 && pollMs <= o.showModeMs ? (r) => readPointer(r).then(() => { failures = 0; }, () => {}) : null;
    await readPointer(await get(tagged(o.pointerUrl, phoneId, version, epoch), etag ? { 'If-None-Match': etag } : {}, { onLate }));
  }

  async function readPointer(res) {
    if (res.status === 304) { stats.notModified += 1; return; }
    if (res.status !== 200) throw new Error(`pointer HTTP ${res.status}`);
    const pointer = parsePointer(res.body);
    if (!pointer) throw new Error('pointer malformed');
    pollMs = Math.min(o.maxPollMs, Math.max(o.minPollMs, pointer.poll_ms));
    const verdict = judge(pointer);
    if (verdict === 'rollback') { stats.rollbacks += 1; return; }
    if (verdict === 'same') { etag = res.etag; return; }
    const state = await stateFor(pointer);
    if (judge(pointer) !== 'newer') return; // another poll of the pipeline got there first
    if (typeof pointer.epoch === 'string' && pointer.epoch !== epoch) {
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

  const jittered = () => pollMs * (0.9 + 0.2 * random());
  // Show mode pipelines polls: the next one goes out poll_ms after the last was sent, answered or not, so a
  // round trip stretched to seconds by a congested network does not stretch the polling period with it. Only
  // once a pointer has been answered (and says show mode), and while at most one poll in a row failed: from the
  // second failure on, polls go one at a time with backoff, as the network or the CDN is down, not just slow.
  const pipelining = () => o.pipeline > 1 && now !== null && version >= 0 && pollMs <= o.showModeMs && failures <= 1;

  async function tick() {
    timer = null;
    if (!running || inFlight.size >= (pipelining() ? o.pipeline : 1)) return;
    const poll = pollOnce();
    inFlight.add(poll);
    lastSentAt = now?.() ?? null;
    const pipelined = pipelining();
    if (pipelined) schedule(jittered()); // kept unless this poll ends first and decides otherwise
    let nextMs;
    let ok = true;
    try {
      await poll;
      failures = 0;
      nextMs = jittered(); // after the poll: it may have changed poll_ms
      onPoll({ ok: true, nextMs });
    } catch (e) {
      ok = false;
      failures += 1;
      stats.errors += 1;
      if (failures === 1 && pollMs <= o.showModeMs) {
        // In show mode one loss is a lost packet, not an overloaded server: a cue may be due in seconds.
        nextMs = o.minBackoffMs * (1 + 0.5 * random()); // 250-375 ms: jittered, never below the floor
      } else {
        // Exponential backoff with full jitter: a crowd that failed together must not retry together.
        // A short cap even when idle: the CDN absorbs the retries, while a phone that failed at 20 s idle
        // polling and then waited 20 s would miss the switch to show mode and the first cues.
        const ceiling = Math.min(pollMs * 2 ** (failures - 1), o.maxBackoffMs);
        nextMs = Math.max(o.minBackoffMs, random() * ceiling);
      }
      onPoll({ ok: false, error: String(e?.message ?? e), nextMs });
    } finally {
      inFlight.delete(poll);
    }
    if (!running) return;
    if (!ok || !pipelining() || !pipelined) schedule(nextMs); // (a poll that started the show mode starts the pipeline)
    else if (timer === null) schedule(Math.max(0, lastSentAt + nextMs - now())); // the pipeline was full: resume it
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
      if (running && inFlight.size === 0) schedule(0);
    },
    version: () => version,
    pollMs: () => pollMs,
    failures: () => failures,
    stats: () => ({ ...stats }),
  };
}
