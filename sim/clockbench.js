// Clock-sync bench: our clock and the best open-source peers as rows of one run, on the same simulated
// phones and the same packet draws. Every device has its own network stream (seeded by seed and device
// id) from which request k always draws the same numbers, whichever algorithm sends it; the Wi-Fi
// congestion schedule is drawn once per seed. Peers run unmodified from npm: their timers and
// Math.random are pointed at the simulated clock and a seeded stream while they run.
import { createRequire } from 'node:module';
import { createEventLoop } from './events.js';
import { rng } from './model.js';
import { createClock as createOurs } from '../pwa/lib/clock.js';

const require = createRequire(import.meta.url);
const T0 = 1_767_225_600_000;

/** Bytes per /time exchange: request and response headers (≥ 150 B each, as a phone's browser sends them) + body. */
export const WIRE = Object.freeze({ requestHeaders: 180, responseHeaders: 160, timeBody: 21, rpcRequestBody: 62, rpcResponseBody: 52 });
export const PRICE_PER_MILLION_REQUESTS = 1.0; // CDN requests, USD (CloudFront HTTPS, most regions)

export const MODELS = Object.freeze({
  lte: {
    name: 'LTE',
    describe: 'one way 20–150 ms (log-uniform), uplink 1–2× the downlink, log-normal jitter per direction (median 5 ms, σ 1), 1 % spikes (+100–900 ms one way), 2 % loss',
    downMin: 20, downMax: 150, upRatio: [1, 2], jitterMedian: 5, jitterSigma: 1, spike: 0.01, spikeMs: [100, 900], loss: 0.02,
    bursts: null,
  },
  wifi: {
    name: 'congested Wi-Fi',
    describe: 'one way 4–40 ms (log-uniform), uplink 1–1.5× the downlink, jitter per direction median 6 ms σ 1.1, 2 % spikes (+100–900 ms one way), 5 % loss',
    downMin: 4, downMax: 40, upRatio: [1, 1.5], jitterMedian: 6, jitterSigma: 1.1, spike: 0.02, spikeMs: [100, 900], loss: 0.05,
    bursts: null,
  },
  wifiBursts: {
    name: 'congested Wi-Fi with shared bursts (stress)',
    describe: 'the Wi-Fi model plus congestion bursts shared by every phone, as in the crowd bench: 2–8 s every 20–60 s, +250 ms median per direction (σ 0.8), 15 % loss (about 11 % of the time)',
    downMin: 4, downMax: 40, upRatio: [1, 1.5], jitterMedian: 6, jitterSigma: 1.1, spike: 0.02, spikeMs: [100, 900], loss: 0.05,
    bursts: { everyMs: [20_000, 60_000], lengthMs: [2_000, 8_000], delayMedian: 250, delaySigma: 0.8, loss: 0.15 },
  },
});

export const BENCH_DEFAULTS = Object.freeze({ devices: 1000, joinOverMs: 30_000, runMs: 90_000, skewMs: 5000, driftPpm: 100, sampleEveryMs: 1000 });

function burstSchedule(random, model, endMs) {
  const b = model.bursts;
  if (!b) return () => null;
  const list = [];
  for (let t = b.everyMs[0] * random(); t < endMs;) {
    const len = b.lengthMs[0] + random() * (b.lengthMs[1] - b.lengthMs[0]);
    list.push([T0 + t, T0 + t + len]);
    t += len + b.everyMs[0] + random() * (b.everyMs[1] - b.everyMs[0]);
  }
  return (t) => (list.some(([a, z]) => t >= a && t < z) ? b : null);
}

const logNormalOf = (u, v, median, sigma) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(Math.max(1e-12, u))) * Math.cos(2 * Math.PI * v));

/** A device's path: base delays fixed, request k's draws fixed by (seed, id, k). */
function createDevice(seed, id, model, congested, o) {
  const r = rng((seed * 1_000_003 + id * 7919) | 0);
  const down = Math.exp(Math.log(model.downMin) + r() * (Math.log(model.downMax) - Math.log(model.downMin)));
  const up = down * (model.upRatio[0] + r() * (model.upRatio[1] - model.upRatio[0]));
  const skew = (r() * 2 - 1) * o.skewMs;
  const drift = (r() * 2 - 1) * o.driftPpm;
  const joinAt = T0 + r() * o.joinOverMs;
  const net = rng((seed * 31 + id * 104_729 + 17) | 0);
  return {
    id, up, down, skew, drift, joinAt,
    floor: (up - down) / 2, // offset error no request/reply estimator can see
    /** Draws for the next request: always the same count of numbers, whatever happens to it. */
    draw() {
      return Array.from({ length: 16 }, () => net());
    },
    /** one-way delay (or null: lost) for a leg starting at t, from the request's draws */
    leg(u, dir, t) {
      const k = dir === 'up' ? 0 : 8;
      const b = congested(t);
      const loss = b ? b.loss : model.loss;
      if (u[k] < 1 - Math.sqrt(1 - loss)) return null;
      let d = (dir === 'up' ? up : down) + logNormalOf(u[k + 1], u[k + 2], model.jitterMedian, model.jitterSigma);
      if (u[k + 3] < model.spike / 2) d += model.spikeMs[0] + u[k + 4] * (model.spikeMs[1] - model.spikeMs[0]);
      if (b) d += logNormalOf(u[k + 5], u[k + 6], b.delayMedian, b.delaySigma);
      return d;
    },
  };
}

/** Runs `fn` with the global timers and Math.random pointed at the simulated loop (peers call them directly). */
async function withSimulatedGlobals(loop, random, fn) {
  const saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval, random: Math.random };
  const intervals = new Map();
  let nextInterval = 1e9;
  globalThis.setTimeout = (f, ms, ...args) => loop.setTimeout(() => f(...args), ms);
  globalThis.clearTimeout = (id) => loop.clearTimeout(id);
  globalThis.setInterval = (f, ms) => {
    const id = nextInterval++;
    const tick = () => { intervals.set(id, loop.setTimeout(tick, ms)); f(); };
    intervals.set(id, loop.setTimeout(tick, ms));
    return id;
  };
  globalThis.clearInterval = (id) => { loop.clearTimeout(intervals.get(id)); intervals.delete(id); };
  Math.random = random;
  try { return await fn(); } finally {
    Object.assign(globalThis, { setTimeout: saved.setTimeout, clearTimeout: saved.clearTimeout, setInterval: saved.setInterval, clearInterval: saved.clearInterval });
    Math.random = saved.random;
  }
}

/**
 * Algorithms: each gets a device harness and returns { start(), serverNow() → ms | null, synced() → boolean }.
 * h: { now(), exchange(bodyBytes) → Promise<server ms> (never settles when lost), loop, random, onSynced() }
 */
export const ALGORITHMS = {
  ours: {
    label: 'Cuecast `pwa/lib/clock.js`',
    create: (h, clockModule = { createClock: createOurs }) => {
      const clock = clockModule.createClock({
        now: h.now, fetchTime: () => h.exchange(WIRE.timeBody), random: h.random,
        setTimeout: h.loop.setTimeout, clearTimeout: h.loop.clearTimeout,
        onChange: () => { if (clock.ready) h.onSynced(); },
      });
      return {
        start: () => clock.start(),
        stop: () => clock.stop(),
        serverNow: () => { const off = clock.offset(); return off === null ? null : h.now() + off; },
        // A clock without onChange (the one before this issue) is watched instead.
        watch: () => clock.ready,
      };
    },
  },
  bestOfN: {
    label: 'best-of-10 min-RTT (sequential, 1 s timeout, re-sync every 10 s)',
    create: (h) => {
      let offset = null;
      let stopped = false;
      async function round(n) {
        const got = [];
        for (let i = 0; i < n && !stopped; i++) {
          const t0 = h.now();
          const t = await Promise.race([h.exchange(WIRE.timeBody), new Promise((res) => h.loop.setTimeout(() => res(null), 1000))]);
          if (t !== null) { const t1 = h.now(); got.push({ offset: t - (t0 + t1) / 2, rtt: t1 - t0 }); }
        }
        return got.sort((a, b) => a.rtt - b.rtt)[0] ?? null;
      }
      async function run() {
        while (!stopped) {
          const b = await round(10);
          if (b) { offset = b.offset; h.onSynced(); }
          await new Promise((res) => h.loop.setTimeout(res, 10_000));
        }
      }
      return { start: run, stop: () => { stopped = true; }, serverNow: () => (offset === null ? null : h.now() + offset) };
    },
  },
  timesync: {
    label: '`timesync` 1.0.11 (npm), defaults: 5 requests 1 s apart, mean of those under median + σ RTT',
    options: {},
  },
  timesyncTuned: {
    label: '`timesync` 1.0.11, its README\'s tuning: `delay: 200`, `interval: 5000`',
    options: { delay: 200, interval: 5000 },
  },
  ircam: {
    label: '`@ircam/sync` 2.1.0 (npm), defaults: series of 10 pings 250 ms apart, every 10–20 s',
    options: {},
  },
  ircamTuned: {
    label: '`@ircam/sync` 2.1.0, documented options for a quick start: `pingSeriesPeriod: 0.05`, `pingSeriesDelay: {min: 2, max: 4}`',
    options: { pingSeriesPeriod: 0.05, pingSeriesDelay: { min: 2, max: 4 } },
  },
};

let timesyncModule = null;
function loadTimesync() {
  // Its node build requires an undeclared 'promise' package unless it finds a browser's window.Promise:
  // load it as a browser does.
  if (!timesyncModule) {
    const hadWindow = 'window' in globalThis;
    if (!hadWindow) globalThis.window = { Promise };
    try { timesyncModule = require('timesync'); } finally { if (!hadWindow) delete globalThis.window; }
  }
  return timesyncModule;
}

function createTimesync(h, options) {
  const { create } = loadTimesync();
  const ts = create({ server: 'time', interval: 3_600_000, now: h.now, ...options });
  // Their documented transport hook: send() resolves once the reply has been handed to receive().
  ts.send = (to, data, timeout) => new Promise((resolve, reject) => {
    let done = false;
    h.loop.setTimeout(() => { if (!done) { done = true; reject(new Error('timeout')); } }, timeout);
    h.exchange(WIRE.rpcRequestBody + WIRE.rpcResponseBody).then((t) => {
      if (done) return;
      done = true;
      ts.receive(to, { jsonrpc: '2.0', id: data.id, result: t });
      resolve();
    });
  });
  let syncs = 0;
  ts.on('sync', (phase) => { if (phase === 'end' && ++syncs === 1) h.onSynced(); });
  ts.on('error', () => {});
  return { start: () => {}, stop: () => ts.destroy(), serverNow: () => ts.now() };
}

function createIrcam(h, options) {
  const SyncClient = require('@ircam/sync/client/index.js').default;
  const client = new SyncClient(() => h.now() / 1000, options);
  let synced = false;
  let receiver = null;
  return {
    start: () => client.start(
      (pingId, clientPingTime) => {
        h.exchange(WIRE.timeBody + 20).then((t) => receiver?.(pingId, clientPingTime, t / 1000, t / 1000));
      },
      (cb) => { receiver = cb; },
      (report) => {
        if (!synced && (report.status === 'training' || report.status === 'sync')) { synced = true; h.onSynced(); }
      },
    ),
    stop: () => client.stop(),
    serverNow: () => (synced ? client.getSyncTime() * 1000 : null),
  };
}

/**
 * @param {keyof typeof ALGORITHMS} algorithm
 * @param {keyof typeof MODELS} modelName
 * @param {number} seed
 * @param {Partial<typeof BENCH_DEFAULTS>} [overrides]
 * @param {object} [clockModule] another build of our clock (e.g. the one before a change), same contract
 */
export async function runClockBench(algorithm, modelName, seed, overrides = {}, clockModule) {
  const o = { ...BENCH_DEFAULTS, ...overrides };
  const model = MODELS[modelName];
  const loop = createEventLoop(T0);
  const congested = burstSchedule(rng(seed * 97 + 5), model, o.runMs + 10_000);
  const algoRandom = rng(seed * 13 + 1);
  const results = [];
  await withSimulatedGlobals(loop, algoRandom, async () => {
    for (let id = 0; id < o.devices; id++) {
      const dev = createDevice(seed, id, model, congested, o);
      const rec = { id, floor: dev.floor, rtt: dev.up + dev.down, joinAt: dev.joinAt, activeMs: T0 + o.runMs - dev.joinAt, syncedAt: null, errAtSync: null, errors: [], requests: 0, bytes: 0, requests10s: 0 };
      results.push(rec);
      const now = () => T0 + (loop.now() - T0) * (1 + dev.drift / 1e6) + dev.skew;
      const exchange = (bodyBytes) => new Promise((resolve) => {
        const t = loop.now();
        const u = dev.draw();
        rec.requests += 1;
        if (t - dev.joinAt <= 10_000) rec.requests10s += 1;
        rec.bytes += WIRE.requestHeaders + WIRE.responseHeaders + bodyBytes;
        const upMs = dev.leg(u, 'up', t);
        if (upMs === null) return;
        loop.setTimeout(() => {
          const serverT = loop.now();
          const downMs = dev.leg(u, 'down', serverT);
          if (downMs === null) return;
          loop.setTimeout(() => resolve(serverT), downMs);
        }, upMs);
      });
      let algo;
      const h = {
        now, exchange, loop, random: algoRandom,
        onSynced() {
          if (rec.syncedAt !== null) return;
          const est = algo?.serverNow();
          if (est === null || est === undefined) return;
          rec.syncedAt = loop.now();
          rec.errAtSync = est - loop.now() - dev.floor;
        },
      };
      const spec = ALGORITHMS[algorithm];
      if (algorithm === 'timesync' || algorithm === 'timesyncTuned') algo = null;
      loop.setTimeout(() => {
        if (algorithm.startsWith('timesync')) algo = createTimesync(h, spec.options);
        else if (algorithm.startsWith('ircam')) algo = createIrcam(h, spec.options);
        else if (algorithm === 'ours') algo = spec.create(h, clockModule);
        else algo = spec.create(h);
        algo.start();
        // Error after sync: sampled every second (what a switch at a random instant would see).
        const watch = () => {
          if (algo.watch()) h.onSynced();
          else loop.setTimeout(watch, 20);
        };
        if (algo.watch) watch();
        const probe = () => {
          if (rec.syncedAt !== null) {
            const est = algo.serverNow();
            if (est !== null) rec.errors.push(est - loop.now() - dev.floor);
          }
          if (loop.now() < T0 + o.runMs) loop.setTimeout(probe, o.sampleEveryMs);
          else algo.stop();
        };
        loop.setTimeout(probe, o.sampleEveryMs);
      }, dev.joinAt - T0);
    }
    await loop.runUntil(T0 + o.runMs + 1);
  });
  return results;
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);

/** Per-run figures: error at sync and after (|beyond the floor|), time to synced, unsynced after 10 s, traffic. */
export function summarize(results) {
  const sorted = (xs) => Float64Array.from(xs).sort();
  const atSync = sorted(results.filter((r) => r.errAtSync !== null).map((r) => Math.abs(r.errAtSync)));
  const after = sorted(results.flatMap((r) => r.errors.map(Math.abs)));
  const tts = sorted(results.map((r) => (r.syncedAt === null ? Infinity : (r.syncedAt - r.joinAt) / 1000)));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    atSync: { p95: pct(atSync, 95), p99: pct(atSync, 99), max: atSync[atSync.length - 1] ?? NaN },
    after: { p95: pct(after, 95), p99: pct(after, 99), max: after[after.length - 1] ?? NaN },
    tts: { p50: pct(tts, 50), p95: pct(tts, 95) },
    unsynced10s: results.filter((r) => r.syncedAt === null || r.syncedAt - r.joinAt > 10_000).length,
    devices: results.length,
    requests10s: mean(results.map((r) => r.requests10s)),
    // From opening the app to the end of the run: start-up bursts and periodic re-syncs alike.
    bytesPerMinute: mean(results.map((r) => r.bytes / (r.activeMs / 60_000))),
    requestsPerMinute: mean(results.map((r) => r.requests / (r.activeMs / 60_000))),
  };
}
