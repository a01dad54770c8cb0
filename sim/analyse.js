// What one crowd run (sim/crowd.js simulate) says: delivery per lead (and per cohort), switch error raw and beyond
// the floor, time to sync and to the first state, traffic and cost. Shared by sim/report.js and sim/big.js.

export const PRICE_PER_MILLION = 1.0; // $ per million CDN requests (CloudFront HTTPS, first tier, rounded)
export const SPECTATORS = 50_000;

export const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
export const sortNum = (xs) => Float64Array.from(xs).sort();
const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
const dist = (xs) => { const s = sortNum(xs); return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.length ? s[s.length - 1] : NaN }; };

/** $ per show-hour for SPECTATORS phones at a request rate per phone per second. */
export const costHour = (perPhone) => perPhone * SPECTATORS * 3600 / 1e6 * PRICE_PER_MILLION;

/**
 * 95 % upper bound on a rate after `events` in `n` trials: exact for 0 (−ln 0.05 / n ≈ 3 / n), else the
 * Clopper–Pearson bound from a few bisection steps of the binomial tail.
 */
export function upperBound95(events, n) {
  if (n <= 0) return NaN;
  if (events === 0) return -Math.log(0.05) / n;
  if (events >= n) return 1;
  // P(X ≤ events | p) = 0.05, solved by bisection on p with a normal-free log-space binomial sum
  const cdf = (p) => {
    let term = Math.exp(n * Math.log1p(-p)); // P(X = 0)
    let sum = term;
    for (let k = 1; k <= events; k++) { term *= ((n - k + 1) / k) * (p / (1 - p)); sum += term; }
    return sum;
  };
  let lo = events / n, hi = 1;
  for (let i = 0; i < 60; i++) { const mid = (lo + hi) / 2; if (cdf(mid) > 0.05) lo = mid; else hi = mid; }
  return hi;
}

/**
 * @param {Awaited<ReturnType<typeof import('./crowd.js').simulate>>} r
 * A phone counts for a cue when it was in the show when the operator pressed GO (it held a state by then: a phone
 * still opening the app is counted apart, as "joining") and its tab was visible at effective_at (a hidden tab shows
 * nothing; it counts again once resumed).
 */
export function analyse(r) {
  const { T0 } = r;
  const N = r.devices.length;
  const perLead = new Map();
  const joining = new Map();
  const cohorts = new Map();
  const raw = [];
  const beyond = [];
  const a = r.scenario.arrivals;
  const spikeFrom = a ? a.spikeAtMs : Infinity, spikeTo = a ? a.spikeAtMs + a.spikeOverMs + 15_000 : -Infinity;
  const spikeCues = { pairs: 0, held: 0, cues: 0 };
  const cueBytes = { bytes: 0, wireBytes: 0, inlined: true };
  const stateAt = r.devices.map((d) => (d.timeToState === null ? Infinity : T0 + d.joinAt + d.timeToState));
  r.cues.forEach((c, i) => {
    if (c.visibleAt === null) return; // not published before the run ended
    cueBytes.bytes = Math.max(cueBytes.bytes, c.bytes);
    cueBytes.wireBytes = Math.max(cueBytes.wireBytes, c.wireBytes);
    cueBytes.inlined &&= c.inlined;
    const agg = perLead.get(c.lead) ?? { pairs: 0, held: 0, cues: 0, lateBy: [] };
    const join = joining.get(c.lead) ?? { pairs: 0, held: 0 };
    agg.cues += 1;
    const inSpike = c.publishedAt - T0 >= spikeFrom && c.publishedAt - T0 < spikeTo;
    if (inSpike) spikeCues.cues += 1;
    const held = r.heldAt[i], switched = r.switchedAt[i];
    for (let j = 0; j < N; j++) {
      const d = r.devices[j];
      if (T0 + d.joinAt > c.publishedAt) continue;                 // not open yet
      if (d.hidden && T0 + d.hidden[0] <= c.effectiveAt && T0 + d.hidden[1] > c.effectiveAt) continue; // hidden
      const ok = held[j] < c.effectiveAt;
      if (stateAt[j] > c.publishedAt) { join.pairs += 1; if (ok) join.held += 1; continue; } // still joining
      agg.pairs += 1;
      const co = cohorts.get(`${c.lead}/${d.cohort}`) ?? { pairs: 0, held: 0 };
      co.pairs += 1;
      if (inSpike) spikeCues.pairs += 1;
      if (ok) {
        agg.held += 1;
        co.held += 1;
        if (inSpike) spikeCues.held += 1;
        if (!Number.isNaN(switched[j])) {
          raw.push(Math.abs(switched[j] - c.effectiveAt));
          beyond.push(Math.abs(switched[j] - c.effectiveAt - d.floor));
        }
      } else {
        agg.lateBy.push(Number.isNaN(held[j]) ? Infinity : held[j] - c.effectiveAt);
      }
      cohorts.set(`${c.lead}/${d.cohort}`, co);
    }
    perLead.set(c.lead, agg);
    joining.set(c.lead, join);
  });
  const seconds = (w) => (w[1] - w[0]) / 1000;
  const bytesShow = sortNum(r.devices.map((d) => d.bytesShow / seconds(r.scenario.showWindow)));
  const bytesIdle = sortNum(r.devices.map((d) => d.bytesIdle / seconds(r.scenario.idleWindow)));
  const rawSorted = sortNum(raw), beyondSorted = sortNum(beyond);
  const byCohort = (name, f) => r.devices.filter((d) => d.cohort === name).map(f);
  const tts = (name) => byCohort(name, (d) => (d.timeToSync === null ? Infinity : d.timeToSync));
  const ttState = (name) => byCohort(name, (d) => (d.timeToState === null ? Infinity : d.timeToState));
  const q = (xs, p) => { const s = [...xs].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] : NaN; };
  return {
    devices: N,
    seed: r.scenario.seed,
    wallMs: r.wallMs, events: r.events, memory: r.memory,
    cueBytes,
    delivery: [...perLead.entries()].sort((x, y) => x[0] - y[0]).map(([lead, g]) => ({
      lead, cues: g.cues, pairs: g.pairs, held: g.held, misses: g.pairs - g.held, share: g.pairs ? g.held / g.pairs : NaN,
      missUpper95: upperBound95(g.pairs - g.held, g.pairs),
      lateP50: pct(sortNum(g.lateBy.filter(Number.isFinite)), 50), neverHeld: g.lateBy.filter((x) => !Number.isFinite(x)).length,
      joining: joining.get(lead),
      cohorts: Object.fromEntries(['early', 'late', 'spike'].map((co) => [co, cohorts.get(`${lead}/${co}`) ?? { pairs: 0, held: 0 }])),
    })),
    spikeCues,
    switchRaw: { n: rawSorted.length, p50: pct(rawSorted, 50), p95: pct(rawSorted, 95), p99: pct(rawSorted, 99) },
    switchBeyond: { n: beyondSorted.length, p50: pct(beyondSorted, 50), p95: pct(beyondSorted, 95), p99: pct(beyondSorted, 99) },
    rawSorted, beyondSorted,
    ttsSorted: sortNum(r.devices.map((d) => (d.timeToSync === null ? Infinity : d.timeToSync))),
    sync: Object.fromEntries(['early', 'late', 'spike'].map((co) => [co, { sync: dist(tts(co)), firstState: dist(ttState(co)) }])),
    unsyncedAfter10s: r.devices.filter((d) => d.timeToSync === null || d.timeToSync > 10_000).length,
    bytes: { idleMean: mean(bytesIdle), idleP95: pct(bytesIdle, 95), showMean: mean(bytesShow), showP95: pct(bytesShow, 95) },
    rates: r.rates,
    requestsPerPhone: { idle: r.rates.edgeIdle / N, show: r.rates.edgeShow / N },
    wifiRequestRate: r.wifiRequestRate,
    media: r.media,
    mediaLoad: r.mediaLoad.ours.length ? {
      oursP50: q(r.mediaLoad.ours, 0.5), oursP95: q(r.mediaLoad.ours, 0.95), oursMax: Math.max(...r.mediaLoad.ours),
      offeredMax: Math.max(...r.mediaLoad.offered), overloadedSeconds: r.mediaLoad.overloadedShare.filter((x) => x > 0).length,
      overloadedShareMax: Math.max(...r.mediaLoad.overloadedShare),
    } : null,
    flashHeld: r.devices.reduce((n, d) => n + d.flashHeld, 0),
  };
}

/** The analysis without its big arrays (for raw JSON). */
export const strip = ({ rawSorted, beyondSorted, ttsSorted, ...rest }) => rest;
