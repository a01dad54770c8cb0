// Server-clock estimate from NTP-style samples against /time. Pure: time, transport, timers and
// randomness are all injected, so the app, the unit tests and the crowd simulator drive it the same way.
//
// Each sample bounds the offset: the server stamped `t` somewhere between our send and our receive, so
// server − local lies in [t − t1, t − t0], i.e. offset ± rtt/2. The estimate is the middle of the
// intersection of every sample's interval (widened by the drift the oscillator may have gathered since):
// its lower edge comes from the sample whose downlink was quickest, its upper edge from the one whose
// uplink was quickest. Those need not be the same sample, which is why this beats taking the lowest-RTT
// sample (or a median of the lowest half): the error beyond the asymmetry floor is half the difference of
// the two directions' smallest queueing delays, each a minimum over every sample. The half-width is a
// true bound, not a guess: the truth lies inside whatever the path does. An empty intersection means the
// model broke (the local clock stepped or slept): the oldest samples are dropped until it holds again.

/**
 * @typedef {{ offset: number, rtt: number, at: number }} Sample  offset = server − local (ms), at = local receive time
 * @typedef {{ offset: number, rtt: number, spread: number, uncertainty: number, count: number, used: number,
 *   lowGap: number, highGap: number, queue: number }} Estimate
 *   rtt: the quickest round trip; spread: width of the intersection; uncertainty: half of it (± ms);
 *   count: valid samples given; used: samples consistent with the newest (oldest dropped on a step);
 *   lowGap / highGap: how far the runner-up lower / upper edge is from the winning one (small: the edge is
 *   confirmed by a second sample, not one lucky reply); queue: how much slower the median round trip is than
 *   the quickest edges (large while a queue is building: congestion)
 */

/**
 * One request/reply: local send t0, server time t, local receive t1.
 * @returns {Sample}
 */
export function sample(t0, t, t1) {
  return { offset: t - (t0 + t1) / 2, rtt: t1 - t0, at: t1 };
}

/**
 * Intersection of the samples' offset intervals, newest first, widened by driftPpm × age.
 * @param {Sample[]} samples
 * @param {{ at?: number, driftPpm?: number }} [opts] at: local time the estimate is for (default: newest sample)
 * @returns {Estimate | null}
 */
export function estimate(samples, { at, driftPpm = 100 } = {}) {
  const valid = samples.filter((s) => s && Number.isFinite(s.offset) && Number.isFinite(s.rtt) && s.rtt >= 0 && Number.isFinite(s.at));
  if (valid.length === 0) return null;
  const byAge = [...valid].sort((a, b) => b.at - a.at);
  const ref = at ?? byAge[0].at;
  let lo = -Infinity, lo2 = -Infinity, hi = Infinity, hi2 = Infinity, rtt = Infinity, used = 0;
  const rtts = [];
  for (const s of byAge) {
    const half = s.rtt / 2 + (driftPpm / 1e6) * Math.abs(ref - s.at);
    const l = s.offset - half, h = s.offset + half;
    // A sample that contradicts every newer one belongs to a clock that has since stepped.
    if (l > hi || h < lo) break;
    if (l > lo) { lo2 = lo; lo = l; } else if (l > lo2) lo2 = l;
    if (h < hi) { hi2 = hi; hi = h; } else if (h < hi2) hi2 = h;
    rtt = Math.min(rtt, s.rtt);
    rtts.push(s.rtt);
    used += 1;
  }
  const spread = hi - lo;
  rtts.sort((a, b) => a - b);
  const medianRtt = rtts[(rtts.length - 1) >> 1];
  return {
    offset: (lo + hi) / 2, rtt, spread, uncertainty: spread / 2, count: valid.length, used,
    lowGap: lo - lo2, highGap: hi2 - hi, queue: medianRtt - spread,
  };
}

/**
 * Re-sync interval for a polling hint: idle polling (poll_ms 10 s and more) means nothing is about to
 * switch, so a third as many /time requests, which are most of an idle hour's CDN cost.
 * @param {number} pollMs
 */
export const resyncMsFor = (pollMs) => (pollMs >= 10_000 ? 30_000 : 10_000);

export const CLOCK_DEFAULTS = Object.freeze({
  startupRequests: 12,  // requests of a start-up (or re-anchor) burst, sent without waiting for replies
  pipelineGapMs: 25,    // between the requests of a burst: replies come back spread out, not in one queue
  minSamples: 8,        // quality gate: answered samples
  gateGapMs: 2,         // quality gate: each edge of the intersection confirmed by a second sample this close
  gateQueueMs: 50,      // quality gate: the median round trip at most this much above the edges (no congestion)
  relaxAfterMs: 5000,   // a path noisy for longer than a congestion burst: both gate tolerances then double...
  relaxEveryMs: 2500,   // ...this often, so a phone on a steadily bad path is ready with the precision it can get
  trickleMs: 150,       // after the burst, until the gate passes: one more request this often...
  maxInFlight: 4,       // ...while fewer than this are unanswered
  timeoutMs: 2000,      // a fetchTime that has not settled by then counts as lost
  resyncMs: 10_000,     // periodic re-sync interval (±10 % jitter); a function is asked before each wait
  resyncSamples: 3,     // requests per periodic re-sync, pipelined like the burst
  maxSamples: 48,       // newest samples kept
  windowMs: 30_000,     // samples older than this leave the window (their drift allowance has grown wide anyway)
  stepMs: 100,          // a correction above this is a clock step: jump, do not slew
  slewPerSecond: 10,    // smaller corrections are slewed at this many ms per second
  driftPpm: 100,        // assumed worst-case oscillator drift: widens old samples' intervals and the uncertainty
});

/**
 * @typedef {{ gate: 'pass' | 'fail' | null, action: 'jump' | 'slew' | 'reanchor' | 'none', step: boolean,
 *   offset: number | null, target: number | null, ready: boolean, used: number | null, uncertainty: number | null }} Decision
 *   gate: whether a re-anchoring estimate passed the quality gate (null when none was judged); action: what the
 *   sample did to the offset in use (reanchor: it showed the local clock stepped, so a fresh burst must begin);
 *   step: the correction was above stepMs (a jump, not a slew); offset, target, uncertainty: after the decision
 */

/**
 * The clock discipline (NTP's word): what each answer does to the offset in use. It keeps the sliding window of
 * samples, judges a re-anchoring burst by the quality gate, jumps to a first or stepped estimate and slews small
 * corrections. Pure and synchronous: time comes in as arguments, so the recorded traces in testdata/clock/traces
 * replay it exactly, here and in the control API's port (dev.cuecast.timebase.Discipline).
 * @param {Partial<typeof CLOCK_DEFAULTS>} [options]
 */
export function createDiscipline(options = {}) {
  const DEAD_BAND_MS = 0.05; // a correction this close to the offset in use is no correction: no jump, no re-plan
  const o = { ...CLOCK_DEFAULTS, ...options };
  let ready = false;
  let anchoring = false;  // a burst is under way and its gate has not passed yet
  let best = null;        // latest accepted Estimate
  let bestAt = 0;         // local time of that estimate
  let applied = null;     // offset in effect at appliedAt
  let appliedAt = 0;
  let target = null;      // offset being slewed towards
  let anchorSamples = 0;  // answered since the current burst began
  let anchorStartedAt = 0;
  /** @type {Sample[]} */
  let window = [];

  function offset(t) {
    if (applied === null) return null;
    const maxMove = (o.slewPerSecond / 1000) * Math.max(0, t - appliedAt);
    const d = target - applied;
    return applied + Math.max(-maxMove, Math.min(maxMove, d));
  }

  function uncertainty(t) {
    if (best === null) return null;
    const slewLeft = Math.abs(target - offset(t));
    return best.uncertainty + slewLeft + (o.driftPpm / 1e6) * Math.max(0, t - bestAt);
  }

  function jumpTo(value, t) {
    applied = target = value;
    appliedAt = t;
  }

  function slewTo(value, t) {
    applied = offset(t);
    appliedAt = t;
    target = value;
  }

  /** Both edges of the intersection are backed by a second sample close by (one lucky reply is not enough)
   * and no queue is building (congestion makes every edge a lucky reply). */
  function passesGate(e, t) {
    if (e === null || e.used < o.minSamples) return false;
    const relax = 2 ** Math.max(0, (t - anchorStartedAt - o.relaxAfterMs) / o.relaxEveryMs);
    return e.lowGap <= o.gateGapMs * relax && e.highGap <= o.gateGapMs * relax && e.queue <= o.gateQueueMs * relax;
  }

  /** @returns {Decision} */
  function decided(t, e, gate, action, step) {
    return { gate, action, step, offset: offset(t), target, ready, used: e ? e.used : null, uncertainty: uncertainty(t) };
  }

  /** A correction this large is a step of the local clock: jump (or re-anchor), never slew. */
  const isStep = (e, t) => applied === null || Math.abs(e.offset - offset(t)) > o.stepMs;

  return {
    /** A burst begins (start, resume, a detected step): forget the old samples and judge the new ones by the gate. */
    anchor(t) {
      window = [];
      anchoring = true;
      anchorSamples = 0;
      anchorStartedAt = t;
    },
    /**
     * One request settled at local time t: its sample, or null when it was lost (no answer in time, a bad answer).
     * @param {Sample | null} s
     * @returns {Decision}
     */
    observe(s, t) {
      if (s) {
        window = [...window.filter((w) => t - w.at <= o.windowMs), s].slice(-o.maxSamples);
        if (anchoring) anchorSamples += 1;
      }
      const e = s ? estimate(window, { at: t, driftPpm: o.driftPpm }) : null;
      if (e && e.used < window.length) window = window.slice(window.length - e.used); // a step: forget the old clock
      if (anchoring) {
        if (e && anchorSamples >= o.minSamples && passesGate(e, t)) {
          const step = isStep(e, t);
          anchoring = false;
          ready = true;
          best = e; bestAt = t;
          jumpTo(e.offset, t);
          return decided(t, e, 'pass', 'jump', step);
        }
        // Something to show with before the gate passes: already within its uncertainty of the truth,
        // far better than a clock known to be seconds off.
        if (e && (applied === null || !ready || isStep(e, t))) {
          const step = isStep(e, t);
          if (!ready) { best = e; bestAt = t; }
          const moved = applied === null || Math.abs(e.offset - applied) > DEAD_BAND_MS;
          if (moved) jumpTo(e.offset, t);
          return decided(t, e, 'fail', moved ? 'jump' : 'none', step);
        }
        return decided(t, e, e ? 'fail' : null, 'none', false);
      }
      if (!e) return decided(t, e, null, 'none', false);
      // The local clock stepped (or slept): re-anchor on fresh samples, which will jump.
      if (Math.abs(e.offset - offset(t)) > o.stepMs) return decided(t, e, null, 'reanchor', true);
      best = e; bestAt = t;
      const moved = Math.abs(e.offset - target) > DEAD_BAND_MS;
      if (moved) slewTo(e.offset, t);
      return decided(t, e, null, moved ? 'slew' : 'none', false);
    },
    /** server − local in ms in effect at local time t (slewing towards the target), null before the first sample */
    offset,
    /** ± ms around offset(t) that the truth lies within (intersection half-width, slew left, drift since) */
    uncertainty,
    get ready() { return ready; },
    get anchoring() { return anchoring; },
    rtt: () => (best ? best.rtt : null),
  };
}

/**
 * The transport and timers around the discipline: a pipelined burst at start and on every re-anchor, a trickle
 * until the gate passes, periodic re-syncs, and a timeout that counts an unanswered request as lost.
 * @param {{
 *   now: () => number,
 *   fetchTime: () => Promise<number>,
 *   setTimeout: (fn: () => void, ms: number) => any,
 *   clearTimeout: (id: any) => void,
 *   random?: () => number,
 *   onChange?: () => void, // the offset, its target or readiness changed: re-plan what depends on it
 *   trace?: (event: object, decision?: Decision) => void, // what the discipline was given and decided (testdata/clock/record.js)
 *   options?: Partial<Omit<typeof CLOCK_DEFAULTS, 'resyncMs'>> & { resyncMs?: number | (() => number) },
 * }} deps
 */
export function createClock({ now, fetchTime, setTimeout, clearTimeout, random = Math.random, onChange = () => {}, trace = () => {}, options = {} }) {
  const o = { ...CLOCK_DEFAULTS, ...options };
  const discipline = createDiscipline(o);
  let running = false;
  let generation = 0;     // bumped by stop()/resync() so stale callbacks are ignored
  let inFlight = 0;       // unanswered requests of this generation
  let unsent = 0;         // requests of a burst still waiting for their slot
  const timers = new Set();
  const stats = { samples: 0, lost: 0, bursts: 0, steps: 0, resyncs: 0 };

  function later(ms, fn) {
    const id = setTimeout(() => { timers.delete(id); fn(); }, ms);
    timers.add(id);
  }

  /** One request; its reply (if any, in time) goes to onReply as [t0, server t, t1]. */
  function request(gen) {
    const t0 = now();
    inFlight += 1;
    // Until the first answer the timeout is the ceiling; afterwards a few RTTs is plenty.
    const rtt = discipline.rtt();
    const timeout = rtt !== null ? Math.min(o.timeoutMs, Math.max(500, 4 * rtt)) : o.timeoutMs;
    let settled = false;
    const finish = (reply) => {
      if (settled) return;
      settled = true;
      // A request of an earlier generation was already forgotten (begin() zeroed the count): it must not
      // decrement the new one, or more than maxInFlight would be sent after a re-anchor.
      if (gen !== generation) return;
      inFlight -= 1;
      stats.samples += 1;
      if (!reply) stats.lost += 1;
      onReply(gen, reply);
    };
    later(timeout, () => finish(null));
    let p;
    try { p = Promise.resolve(fetchTime()); } catch { p = Promise.reject(new Error('fetchTime threw')); }
    p.then((t) => {
      const t1 = now();
      finish(Number.isFinite(t) && t1 >= t0 ? [t0, t, t1] : null);
    }, () => finish(null));
  }

  /** Sends `count` requests `pipelineGapMs` apart, without waiting for their replies. */
  function burst(gen, count) {
    unsent += count;
    for (let i = 0; i < count; i++) {
      later(i * o.pipelineGapMs, () => {
        if (gen !== generation) return;
        unsent -= 1;
        request(gen);
      });
    }
  }

  function onReply(gen, reply) {
    const t = now();
    const decision = discipline.observe(reply && sample(...reply), t);
    trace(reply ? { sample: reply } : { lost: t }, decision);
    if (decision.step) stats.steps += 1;
    if (decision.action === 'reanchor') {
      resync('step');
      return;
    }
    if (decision.action !== 'none') onChange();
    if (decision.gate === 'pass') schedulePeriodic(gen);
    // Past the burst and still not good enough: keep asking, a few requests at a time.
    if (discipline.anchoring && unsent === 0 && inFlight < o.maxInFlight) later(o.trickleMs * (0.75 + 0.5 * random()), () => {
      if (gen === generation && discipline.anchoring && inFlight < o.maxInFlight) request(gen);
    });
  }

  function schedulePeriodic(gen) {
    // A function lets the app re-sync less often while idle: /time requests are most of an idle hour's cost.
    const every = typeof o.resyncMs === 'function' ? o.resyncMs() : o.resyncMs;
    later(every * (0.9 + 0.2 * random()), () => {
      if (gen !== generation) return;
      stats.resyncs += 1;
      burst(gen, o.resyncSamples);
      schedulePeriodic(gen);
    });
  }

  function clearTimers() {
    for (const id of timers) clearTimeout(id);
    timers.clear();
  }

  function begin(why) {
    generation += 1;
    clearTimers();
    inFlight = 0;
    unsent = 0;
    const t = now();
    discipline.anchor(t);
    trace({ anchor: t, why });
    stats.bursts += 1;
    burst(generation, o.startupRequests);
  }

  /** Starts a fresh burst now (resume, detected wall-clock step); the current offset stays in use meanwhile. */
  function resync(why = 'resync') {
    if (!running) return;
    begin(why);
  }

  return {
    start() {
      if (running) return;
      running = true;
      begin('start');
    },
    stop() {
      running = false;
      generation += 1;
      clearTimers();
    },
    resync: () => resync(),
    /** server − local in ms, null before the first sample */
    offset: () => discipline.offset(now()),
    /** ± ms around offset() that the truth lies within (intersection half-width, slew left, drift since) */
    uncertainty: () => discipline.uncertainty(now()),
    rtt: () => discipline.rtt(),
    get ready() { return discipline.ready; },
    stats: () => ({ ...stats }),
  };
}
