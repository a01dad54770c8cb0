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
  // An epoch that published_at cannot vouch for (one this phone left, or stamped no later than the newest pointer it
  // adopted) is taken once it alone has been answered for this long: longer than any stale copy can live (CloudFront:
  // max-age 1 s + stale-if-error 30 s, one more second through a regional cache; a late answer: timeoutMs at most).
  epochSettleMs: 45_000,
  epochSettleAnswers: 3,
  maxStateRetryPolls: 8, // a state that is not the one its pointer names is asked for again after 1, 2, 4, then 8 polls
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
 * @typedef {{ v: number, version: number, state: string, poll_ms: number, published_at: number, epoch?: string,
 *   publish_id?: string, blackout?: number, inline?: object }} Pointer
 *   publish_id: the publish_id of the state it names (a state is adopted only when it carries the same);
 *   blackout: the version of the newest BLACKOUT; inline: the state itself, when the publisher inlines a small one
 *   (the state key still names it)
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
 * Is `state` the one `pointer` names? States are keyed by version only, and the CDN keys its cache by path, so after a
 * store is rebuilt (a new epoch, versions from 1 again) `states/3.json` can be the old epoch's copy, immutable and
 * cached for a year. A pointer that carries a publish_id names exactly one state: the one carrying the same publish_id.
 * (Pointers written before publish_id existed name their state by version alone.)
 */
export const namedBy = (state, pointer) => typeof pointer.publish_id !== 'string' || state.publish_id === pointer.publish_id;

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
  let newestAt = -Infinity; // published_at of the newest pointer adopted (or seen again unchanged): see judge()
  const heldEpochs = new Set(); // every epoch this phone has held, the one it holds included
  let other = null;         // { epoch, since, answers }: the answers since the last one of our epoch, all of one other epoch
  let mismatch = null;      // { url, publishId, wait, skip }: the state last refused as not the one its pointer names
  let pollMs = o.pollMs;
  let failures = 0;
  let srtt = null;          // smoothed request time: a lost request is given up after 4 × srtt, not seconds
  const recent = [];        // the last request times, for the hedge delay
  const stats = { polls: 0, errors: 0, notModified: 0, states: 0, rollbacks: 0, staleEpochs: 0, settledEpochs: 0,
    requests: 0, hedges: 0, late: 0, inlineRefused: 0, stateMismatches: 0 };

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

  /**
   * The state a pointer names: inlined in it when the publisher put it there (checked like a fetched one), else
   * fetched. null when the state at hand is not the one the pointer names (namedBy): nothing is adopted, the last good
   * state stays, and the state is asked for again a few polls later (after 1, 2, 4, then every 8 polls, the CDN may
   * have been invalidated by then), bypassing the browser's cached copy, which the old epoch's bytes may hold too.
   */
  async function stateFor(pointer) {
    // A small state may come inlined in the pointer: one round trip instead of two when a cue is due. An invalid
    // inline state is ignored and the state fetched, exactly as if the pointer had carried none.
    if (pointer.inline !== undefined) {
      const inline = readState(JSON.stringify(pointer.inline), pointer.version);
      if (inline.state && namedBy(inline.state, pointer)) return inline.state;
      stats.inlineRefused += 1;
    }
    const url = tagged(pointer.state, phoneId, -1, pointer.epoch);
    const again = mismatch !== null && mismatch.url === url && mismatch.publishId === pointer.publish_id;
    if (again && mismatch.skip > 0) {
      mismatch.skip -= 1;
      return null;
    }
    const cache = again ? 'no-cache' : 'default';
    if (pendingState?.key !== `${cache} ${url}`) {
      const key = `${cache} ${url}`;
      const promise = (async () => {
        // States are immutable, so the browser cache may keep them: default cache mode, not no-store.
        const st = await get(url, {}, { cache, patient: pollMs <= o.showModeMs });
        if (st.status !== 200) throw new Error(`state HTTP ${st.status}`);
        const read = readState(st.body, pointer.version);
        if (!read.state) throw new Error(`state malformed: ${read.problem}`);
        return read.state;
      })();
      pendingState = { key, promise };
      promise.then(() => {}, () => {}).finally(() => { if (pendingState?.promise === promise) pendingState = null; });
    }
    // Shared by every poll that asked for this URL: each checks the state against its own pointer.
    const state = await pendingState.promise;
    if (namedBy(state, pointer)) {
      if (mismatch?.url === url) mismatch = null;
      return state;
    }
    stats.stateMismatches += 1;
    const wait = again ? Math.min(o.maxStateRetryPolls, 2 * mismatch.wait) : 1;
    mismatch = { url, publishId: pointer.publish_id, wait, skip: wait };
    return null;
  }

  /**
   * Is this pointer newer than what we hold? 'rollback' for an older copy of our epoch an edge still serves,
   * 'stale-epoch' for another epoch's pointer that is not shown to be newer.
   *
   * Within an epoch, versions order pointers: a lower version is never adopted. Across epochs there are no versions to
   * compare (a rebuilt store counts from 1 again), and copies of the old epoch keep coming for a while: an edge's
   * stale-while-revalidate or stale-if-error copy, another edge that has not refreshed, a late pipelined answer. So
   * another epoch is adopted only when its pointer was published after the newest pointer this phone adopted, which
   * every copy of an epoch that came before is not, and never when it is an epoch this phone left.
   *
   * published_at is stamped by the writer, so this compares two writers' clocks. While their skew is smaller than the
   * pause between the old epoch's last write and the new epoch's first (rebuilding a store takes far longer than the
   * control APIs' skew on the /time base), the order is right and skew costs nothing. A larger skew costs liveness, and
   * can cost a stale copy stamped ahead taking a phone back to the older epoch for a while; it never strands a phone: a
   * phone whose newest pointer was stamped ahead refuses the next epoch until one of its pointers is stamped later, and
   * either way, once the other epoch is all the CDN answers for epochSettleMs (no stale copy lives that long), the
   * phone takes it whatever its stamp, left epoch or not. No phone stays on an old epoch while the CDN serves a new one
   * (sim/protocol-phones.js checks both regimes, --skew-ms for the second).
   */
  function judge(pointer) {
    if (typeof pointer.epoch !== 'string' || pointer.epoch === epoch) { // (a pointer without one: as our epoch)
      if (pointer.version < version) return 'rollback';
      return pointer.version === version ? 'same' : 'newer';
    }
    if (!heldEpochs.has(pointer.epoch) && pointer.published_at > newestAt) return 'newer';
    return settled(pointer.epoch) ? 'settled' : 'stale-epoch';
  }

  /** Has `e` been the only epoch answered for epochSettleMs? (Without a clock, answers × poll_ms stand for it.) */
  function settled(e) {
    if (other?.epoch !== e || other.answers < o.epochSettleAnswers) return false;
    return (now ? now() - other.since : other.answers * pollMs) >= o.epochSettleMs;
  }

  /** Every valid answer counts towards (or breaks) a run of answers naming one other epoch. */
  function answered(e) {
    if (typeof e !== 'string' || e === epoch) { other = null; return; }
    if (other?.epoch !== e) other = { epoch: e, since: now?.() ?? 0, answers: 0 };
    other.answers += 1;
  }

  async function pollOnce() {
    stats.polls += 1;
    // While pipelining in show mode an answer after the timeout is still read (the poll already counted as failed).
    const onLate = o.pipeline > 1 && pollMs <= o.showModeMs ? (r) => readPointer(r).then(() => { failures = 0; }, () => {}) : null;
    await readPointer(await get(tagged(o.pointerUrl, phoneId, version, epoch), etag ? { 'If-None-Match': etag } : {}, { onLate }));
  }

  async function readPointer(res) {
    if (res.status === 304) { stats.notModified += 1; answered(epoch); return; }
    if (res.status !== 200) throw new Error(`pointer HTTP ${res.status}`);
    const pointer = parsePointer(res.body);
    if (!pointer) throw new Error('pointer malformed');
    answered(pointer.epoch);
    const verdict = judge(pointer);
    if (verdict === 'rollback') { stats.rollbacks += 1; return; }
    if (verdict === 'stale-epoch') { stats.staleEpochs += 1; return; }
    pollMs = Math.min(o.maxPollMs, Math.max(o.minPollMs, pointer.poll_ms)); // a stale copy's poll_ms is not followed
    if (verdict === 'same') {
      etag = res.etag;
      newestAt = Math.max(newestAt, pointer.published_at); // the same version rewritten later (a fence)
      return;
    }
    const state = await stateFor(pointer);
    if (state === null) return; // not the state this pointer names: the last good one stays
    const still = judge(pointer); // another poll of the pipeline may have got there first
    if (still !== 'newer' && still !== 'settled') return;
    if (typeof pointer.epoch === 'string' && pointer.epoch !== epoch) {
      epoch = pointer.epoch;
      heldEpochs.add(epoch);
      other = null;
    }
    if (still === 'settled') {
      stats.settledEpochs += 1;
      newestAt = pointer.published_at; // the stamp that held it back came from a skewed clock
    } else newestAt = Math.max(newestAt, pointer.published_at);
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
