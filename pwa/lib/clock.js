// Server-clock estimate from NTP-style samples against /time. Pure: time, transport, timers and
// randomness are all injected, so the app, the unit tests and the crowd simulator drive it the same way.

/**
 * @typedef {{ offset: number, rtt: number, at: number }} Sample  offset = server − local (ms), at = local receive time
 * @typedef {{ offset: number, rtt: number, spread: number, uncertainty: number, count: number }} Estimate
 */

/**
 * One request/reply: local send t0, server time t, local receive t1.
 * @returns {Sample}
 */
export function sample(t0, t, t1) {
  return { offset: t - (t0 + t1) / 2, rtt: t1 - t0, at: t1 };
}

/**
 * Lowest-RTT subset, then the median of its offsets: the quickest replies carry the least queueing
 * delay, and the median ignores the one whose delay happened to be lopsided.
 * @param {Sample[]} samples
 * @param {number} [keepFraction]
 * @returns {Estimate | null}
 */
export function estimate(samples, keepFraction = 0.5) {
  const valid = samples.filter((s) => s && Number.isFinite(s.offset) && Number.isFinite(s.rtt) && s.rtt >= 0);
  if (valid.length === 0) return null;
  const byRtt = [...valid].sort((a, b) => a.rtt - b.rtt);
  const keep = Math.max(Math.min(3, byRtt.length), Math.ceil(byRtt.length * keepFraction));
  const kept = byRtt.slice(0, keep);
  const offsets = kept.map((s) => s.offset).sort((a, b) => a - b);
  const mid = offsets.length >> 1;
  const offset = offsets.length % 2 ? offsets[mid] : (offsets[mid - 1] + offsets[mid]) / 2;
  const spread = offsets[offsets.length - 1] - offsets[0];
  const rtt = kept[0].rtt;
  // No request/reply estimator can see path asymmetry: the truth lies within ± rtt/2 of a sample.
  return { offset, rtt, spread, uncertainty: rtt / 2 + spread / 2, count: valid.length };
}

/**
 * Re-sync interval for a polling hint: idle polling (poll_ms 10 s and more) means nothing is about to
 * switch, so a third as many /time requests, which are most of an idle hour's CDN cost.
 * @param {number} pollMs
 */
export const resyncMsFor = (pollMs) => (pollMs >= 10_000 ? 30_000 : 10_000);

export const CLOCK_DEFAULTS = Object.freeze({
  burstSamples: 10,     // samples wanted by a start-up / re-sync burst
  burstMaxAttempts: 20, // attempts before a burst gives up (loss, timeouts)
  minSamples: 5,        // quality gate: answered samples
  gateSpreadMs: 30,     // quality gate: kept offsets must agree within this
  timeoutMs: 2000,      // a fetchTime that has not settled by then counts as lost
  gapMs: 25,            // pause between samples of a burst
  failGapMs: 400,       // pause after a lost sample (offline: do not spin)
  retryMs: 3000,        // pause before a burst that failed the gate is repeated
  resyncMs: 10_000,     // periodic re-sync interval (±10 % jitter); a function is asked before each wait
  resyncSamples: 3,     // samples per periodic re-sync
  windowMs: 40_000,     // samples older than this leave the window (drift of ±100 ppm adds 4 ms)
  stepMs: 100,          // a disagreement above this is a clock step: re-burst and jump
  slewPerSecond: 10,    // smaller corrections are slewed at this many ms per second
  driftPpm: 100,        // assumed worst-case oscillator drift, added to uncertainty as samples age
});

/**
 * @param {{
 *   now: () => number,
 *   fetchTime: () => Promise<number>,
 *   setTimeout: (fn: () => void, ms: number) => any,
 *   clearTimeout: (id: any) => void,
 *   random?: () => number,
 *   onChange?: () => void, // the offset, its target or readiness changed: re-plan what depends on it
 *   options?: Partial<Omit<typeof CLOCK_DEFAULTS, 'resyncMs'>> & { resyncMs?: number | (() => number) },
 * }} deps
 */
export function createClock({ now, fetchTime, setTimeout, clearTimeout, random = Math.random, onChange = () => {}, options = {} }) {
  const o = { ...CLOCK_DEFAULTS, ...options };
  let running = false;
  let generation = 0;     // bumped by stop()/resync() so stale async loops end
  let ready = false;
  let best = null;        // latest accepted Estimate
  let bestAt = 0;         // local time of that estimate
  let applied = null;     // offset in effect at appliedAt
  let appliedAt = 0;
  let target = null;      // offset being slewed towards
  /** @type {Sample[]} */
  let window = [];
  const timers = new Set();
  const stats = { samples: 0, lost: 0, bursts: 0, steps: 0, resyncs: 0 };

  const sleep = (ms) => new Promise((resolve) => {
    const id = setTimeout(() => { timers.delete(id); resolve(); }, ms);
    timers.add(id);
  });

  function currentOffset(at = now()) {
    if (applied === null) return null;
    const maxMove = (o.slewPerSecond / 1000) * Math.max(0, at - appliedAt);
    const d = target - applied;
    return applied + Math.max(-maxMove, Math.min(maxMove, d));
  }

  function jumpTo(offset) {
    applied = target = offset;
    appliedAt = now();
    onChange();
  }

  function slewTo(offset) {
    const t = now();
    applied = currentOffset(t);
    appliedAt = t;
    target = offset;
    onChange();
  }

  function passesGate(e) {
    return e !== null && e.count >= o.minSamples && e.spread <= o.gateSpreadMs;
  }

  /** @returns {Promise<Sample | null>} null when lost, failed or timed out */
  function takeSample() {
    const t0 = now();
    // Until the first answer the timeout is the ceiling; afterwards a few RTTs is plenty.
    const timeout = best ? Math.min(o.timeoutMs, Math.max(500, 4 * best.rtt)) : o.timeoutMs;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (s) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        timers.delete(timer);
        stats.samples += 1;
        if (!s) stats.lost += 1;
        resolve(s);
      };
      const timer = setTimeout(() => finish(null), timeout);
      timers.add(timer);
      let p;
      try { p = Promise.resolve(fetchTime()); } catch { p = Promise.reject(new Error('fetchTime threw')); }
      p.then((t) => {
        const t1 = now();
        finish(Number.isFinite(t) && t1 >= t0 ? sample(t0, t, t1) : null);
      }, () => finish(null));
    });
  }

  /** Collects up to `wanted` samples; adopts a first rough offset at once when there is none or a step shows. */
  async function collect(gen, wanted, maxAttempts) {
    const got = [];
    for (let attempt = 0; attempt < maxAttempts && got.length < wanted; attempt++) {
      const s = await takeSample();
      if (gen !== generation) return null;
      if (s) {
        got.push(s);
        const cur = currentOffset();
        if (cur === null || Math.abs(s.offset - cur) > s.rtt / 2 + o.stepMs) {
          // Something to show with before the burst ends (or after a sleep/step): one sample is
          // within rtt/2 of the truth, far better than a clock that is known to be wrong.
          jumpTo(s.offset);
          stats.steps += 1;
        }
      }
      if (got.length < wanted) await sleep(s ? o.gapMs : o.failGapMs);
      if (gen !== generation) return null;
    }
    return got;
  }

  function accept(e, samples, { step }) {
    best = e;
    bestAt = now();
    window = samples;
    if (step || applied === null) jumpTo(e.offset); else slewTo(e.offset);
  }

  async function run(gen) {
    stats.bursts += 1;
    // Start-up or re-anchor burst: repeated until it passes the quality gate.
    for (;;) {
      const got = await collect(gen, o.burstSamples, o.burstMaxAttempts);
      if (got === null) return;
      const e = estimate(got);
      if (passesGate(e)) {
        ready = true;
        accept(e, got, { step: true });
        break;
      }
      if (e && e.count >= o.minSamples && (!best || e.uncertainty < best.uncertainty * 4)) {
        // Not good enough to call ready, but better than nothing while we retry.
        best = e; bestAt = now(); jumpTo(e.offset);
      }
      await sleep(o.retryMs * (0.5 + random()));
      if (gen !== generation) return;
    }
    // Periodic re-sync: a few samples, folded into a sliding window, slewed towards.
    for (;;) {
      // A function lets the app re-sync less often while idle: /time requests are most of an idle hour's cost.
      const every = typeof o.resyncMs === 'function' ? o.resyncMs() : o.resyncMs;
      await sleep(every * (0.9 + 0.2 * random()));
      if (gen !== generation) return;
      const got = await collect(gen, o.resyncSamples, o.resyncSamples * 2);
      if (got === null) return;
      stats.resyncs += 1;
      const fresh = estimate(got);
      if (fresh && Math.abs(fresh.offset - best.offset) > fresh.rtt / 2 + o.stepMs) {
        // The local clock stepped (or slept): the old window is worthless; re-anchor.
        resync();
        return;
      }
      const t = now();
      // Fresh samples that agree with each other, on a path as quick as before, yet disagree with the
      // window mean the clock or the path changed: the old samples would only hold the estimate back.
      const moved = fresh && fresh.count >= 2 && fresh.spread <= o.gateSpreadMs
        && fresh.rtt <= best.rtt * 1.5 + 10 && Math.abs(fresh.offset - best.offset) > o.gateSpreadMs;
      const merged = moved ? got : [...window.filter((s) => t - s.at <= o.windowMs), ...got];
      const e = estimate(merged);
      if (e && e.count >= Math.min(o.minSamples, merged.length) && e.spread <= o.gateSpreadMs * 2) {
        accept(e, merged, { step: false });
      } else {
        window = merged;
      }
    }
  }

  function clearTimers() {
    for (const id of timers) clearTimeout(id);
    timers.clear();
  }

  /** Starts a fresh burst now (resume, detected wall-clock step); the current offset stays in use meanwhile. */
  function resync() {
    if (!running) return;
    generation += 1;
    clearTimers();
    window = [];
    run(generation);
  }

  return {
    start() {
      if (running) return;
      running = true;
      generation += 1;
      run(generation);
    },
    stop() {
      running = false;
      generation += 1;
      clearTimers();
    },
    resync,
    /** server − local in ms, null before the first sample */
    offset: () => currentOffset(),
    /** ± ms around offset() that the truth lies within (asymmetry bound, spread, drift since the estimate) */
    uncertainty() {
      if (best === null) return null;
      const t = now();
      const slewLeft = Math.abs(target - currentOffset(t));
      return best.uncertainty + slewLeft + (o.driftPpm / 1e6) * Math.max(0, t - bestAt);
    },
    rtt: () => (best ? best.rtt : null),
    get ready() { return ready; },
    stats: () => ({ ...stats }),
  };
}
