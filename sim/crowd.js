// Crowd simulator: thousands of phones running the REAL player (pwa/lib/player.js: clock, poller, show, scheduler) on
// simulated time (discrete events, not the wall clock), against network, CDN and origin models. The network is the
// independent one of sim/model.js or one of sim/network.js's models that fight back (network.model); the crowd may
// arrive late or all at once, background its tabs and see a publish take as long as bench/publish.md measured.
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventLoop } from './events.js';
import { rng, createPath, createOrigin, createEdge, wifiBursts, WIRE, NETWORK_DEFAULTS } from './model.js';
import { createNetwork, packetsFor } from './network.js';
import { cueOf } from './kinds.js';
import { publishLatency } from './publish-latency.js';
import { createPlayer } from '../pwa/lib/player.js';
import { LIMITS } from '../pwa/lib/validate.js';

const T0 = 1_767_225_600_000;
const FRAME_MS = 1000 / 60;
const COLORS = ['#FF0000', '#00FF00', '#0000FF', '#FFFF00', '#FF00FF', '#00FFFF'];

export const SCENARIO = Object.freeze({
  devices: 10_000,
  seed: 42,
  joinOverMs: 10_000,          // devices open the app over the first 10 s
  inlineMaxBytes: LIMITS.pointerInlineMaxBytes, // states up to this size ride inside the pointer, as the publisher writes them (0: never)
  regionalCache: false,        // a CloudFront regional edge cache between the edges and the origin (a second 1 s TTL)
  idleWindow: [40_000, 120_000], // bytes measured here: idle polling (poll_ms 20 s)
  showFromMs: 120_000,         // operator switches to show mode (poll_ms 1 s)
  firstCueMs: 140_000,
  cueEveryMs: 8_000,
  leadsMs: [1000, 2000, 3000, 4000, 5000],
  // What the operator sends, in turn (colour from COLORS): solid only by default, as the crowd bench measures.
  shapes: [{ mode: 'solid' }],
  // ...or every measured cue of one kind of sim/kinds.js ('solid', 'winners', 'sequence', 'timeline'); overrides shapes
  kind: null,
  cuesPerLead: 3,
  showWindow: [140_000, 260_000],
  endMs: 265_000,
  edges: 8,
  skewMs: 5000,
  driftPpm: 100,
  // Who opens the app when. null: everyone over joinOverMs. Otherwise lateShare of the crowd opens it at a uniform
  // time between showFromMs and the last cue, spikeShare within spikeOverMs of spikeAtMs (a QR code on the big
  // screen), the rest over joinOverMs.
  arrivals: null,              // { lateShare, spikeShare, spikeAtMs, spikeOverMs }
  // Tabs backgrounded once during the show and resumed. null: none. frozenShare of them are frozen while hidden (no
  // timer, no callback: iOS Safari suspends a background page); the rest run timers at most once a second, aligned
  // (Chrome's background timer alignment); neither draws frames.
  background: null,            // { share, hiddenMs: [min, max], frozenShare }
  publishLatency: false,       // true: a publish takes a latency drawn from bench/publish.md's s3proxy samples
  appShell: false,             // true: a phone first loads the app (HTML + JS, gzip) over its path before it starts
  // Each phone draws from streams of its own (seeded by the seed and its id) instead of one shared stream: the same
  // phone whatever else is simulated, which sharding needs.
  perPhoneRandom: false,
  // Simulate only the phones with id % count === index (their own edges, access points and cells): phones interact
  // only through those, so shards run apart (sim/big.js runs one per core) and merge into the whole crowd.
  shard: null,                 // { index, count }
});

/** A seed for phone `id`'s stream `k` of crowd `seed` (splitmix-style mixing). */
const phoneSeed = (seed, id, k) => {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(id + 1, 0xc2b2ae35) ^ Math.imul(k + 7, 0x27d4eb2f)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
};

/** The app shell a phone loads on first opening the app: every file of pwa/ it imports, gzip-compressed. */
let shell = null;
export function appShell() {
  if (shell === null) {
    const pwa = join(dirname(fileURLToPath(import.meta.url)), '..', 'pwa');
    const files = [...['index.html', 'app.js', 'sw.js', 'manifest.webmanifest'].map((f) => join(pwa, f)),
      ...readdirSync(join(pwa, 'lib')).filter((f) => f.endsWith('.js') && !f.includes('.test.')).map((f) => join(pwa, 'lib', f))];
    const gz = files.map((f) => gzipSync(readFileSync(f)).length);
    shell = { files: files.length, gzipBytes: gz.reduce((a, b) => a + b, 0) };
  }
  return shell;
}

/** Bytes a body takes on the wire: CloudFront compresses objects from 1,000 B (gzip size measured once per body). */
const wireSizes = new Map();
function wireBytes(body) {
  if (body.length < 1000) return body.length;
  let n = wireSizes.get(body);
  if (n === undefined) {
    n = gzipSync(body).length;
    if (wireSizes.size > 256) wireSizes.clear();
    wireSizes.set(body, n);
  }
  return n;
}

/**
 * @param {Partial<typeof SCENARIO>} [overrides]
 * @param {Partial<typeof NETWORK_DEFAULTS> & { model?: string }} [network] sim/model.js NETWORK_DEFAULTS, plus a model
 *   of sim/network.js MODELS (spread in) for a network that fights back
 * @param {object} [pollerOptions] poller options for every phone (e.g. hedging off, to measure what it buys)
 */
export async function simulate(overrides = {}, network = {}, pollerOptions = {}) {
  const sc = { ...SCENARIO, ...overrides };
  const net = { ...NETWORK_DEFAULTS, model: 'independent', ...network };
  const independent = net.model === 'independent';
  const loop = createEventLoop(T0);
  const shared = rng(sc.seed);
  // The new models' draws come from streams of their own, so a crowd (skews, joins, RTTs) is the same whatever the model.
  const netRandom = rng((sc.seed * 2654435761) >>> 0);
  const crowdRandom = rng((sc.seed * 40503 + 17) >>> 0);
  const bursts = wifiBursts(shared, T0, T0 + sc.endMs, net);
  const fighting = independent ? null : createNetwork(net, bursts);
  const origin = createOrigin({ inlineMaxBytes: sc.inlineMaxBytes });
  const upstream = sc.regionalCache ? createEdge(loop, origin) : origin;
  const edges = Array.from({ length: sc.edges }, () => createEdge(loop, upstream));
  const publishDelay = sc.publishLatency ? publishLatency(sc.perPhoneRandom ? rng(phoneSeed(sc.seed, -1, 9)) : crowdRandom) : () => 0;
  const perPhone = sc.perPhoneRandom || sc.shard !== null;
  const inShard = (id) => sc.shard === null || id % sc.shard.count === sc.shard.index;

  // Operator: what was published, and when. A publish is seen at the origin publishDelay() after the operator's GO.
  let version = 0;
  let cuesInState = [{ effective_at: T0 - 60_000, mode: 'solid', color: '#202020' }];
  /** @type {{ effectiveAt: number, lead: number, color: string, kind: string, publishedAt: number, visibleAt: number, bytes: number, wireBytes: number, inlined: boolean }[]} */
  const cues = [];
  const cueIndex = new Map(); // effective_at → index in cues
  const publish = (pollMs) => {
    version += 1;
    const now = loop.now();
    // Keep the cue in force and everything pending, as the publisher prunes.
    const inForce = cuesInState.filter((c) => c.effective_at <= now).at(-1);
    cuesInState = cuesInState.filter((c) => c === inForce || c.effective_at > now);
    const state = { v: 1, version, published_at: Math.round(now), cues: cuesInState };
    origin.publish(state, pollMs, now);
    const body = JSON.stringify(state);
    return { bytes: body.length, wireBytes: wireBytes(body), inlined: body.length <= sc.inlineMaxBytes };
  };
  publish(20_000);
  loop.setTimeout(() => publish(1000), sc.showFromMs);
  let k = 0;
  const schedule = [];
  for (let i = 0; i < sc.cuesPerLead; i++) {
    for (const lead of sc.leadsMs) {
      const at = sc.firstCueMs + k * sc.cueEveryMs;
      const color = COLORS[k % COLORS.length];
      const n = k;
      schedule.push(at);
      loop.setTimeout(() => {
        const sentAt = loop.now();
        const effectiveAt = Math.round(sentAt + lead); // stamped when the operator's request arrives
        const made = sc.kind ? cueOf(sc.kind, n, effectiveAt, color)
          : { cues: [{ effective_at: effectiveAt, ...sc.shapes[n % sc.shapes.length], color }], replacePending: false };
        const cue = { effectiveAt, lead, color, kind: sc.kind ?? sc.shapes[n % sc.shapes.length].mode, publishedAt: sentAt, visibleAt: null, bytes: 0, wireBytes: 0, inlined: false };
        cueIndex.set(effectiveAt, cues.length);
        cues.push(cue);
        const done = () => {
          const now = loop.now();
          const kept = made.replacePending ? cuesInState.filter((c) => c.effective_at <= now) : cuesInState;
          cuesInState = [...kept, ...made.cues].sort((a, b) => a.effective_at - b.effective_at);
          Object.assign(cue, { visibleAt: now }, publish(1000));
        };
        if (sc.publishLatency) loop.setTimeout(done, publishDelay()); else done();
      }, at);
      k += 1;
    }
  }
  const cueCount = k;
  const lastCueMs = sc.firstCueMs + (cueCount - 1) * sc.cueEveryMs;
  const N = sc.devices;
  // Per cue, per phone: when the phone first held it, and when it switched to it (NaN: never). Compact: 16 B a pair.
  const heldAt = Array.from({ length: cueCount }, () => new Float64Array(N).fill(NaN));
  const switchedAt = Array.from({ length: cueCount }, () => new Float64Array(N).fill(NaN));

  // Per-device outcomes.
  const devices = [];
  const inWindow = (t, [a, b]) => t >= T0 + a && t < T0 + b;
  const shellBytes = sc.appShell ? appShell().gzipBytes : 0;
  const wifiRequests = { burst: 0, calm: 0 };

  for (let id = 0; id < N; id++) {
    if (!inShard(id)) continue;
    // One shared stream: the same draws, in the same order, as the shipped model (one crowd per seed). Per phone:
    // the phone's own streams for who it is, for its network and for its player.
    const random = perPhone ? rng(phoneSeed(sc.seed, id, 0)) : shared;
    const phoneNet = perPhone ? rng(phoneSeed(sc.seed, id, 1)) : netRandom;
    const phoneCrowd = perPhone ? random : crowdRandom;
    const path = independent ? createPath(random, bursts, net) : fighting.path(random, phoneNet);
    const skew = (random() * 2 - 1) * sc.skewMs;
    const drift = (random() * 2 - 1) * sc.driftPpm;
    let joinAt = T0 + random() * sc.joinOverMs;
    const framePhase = random() * FRAME_MS;
    let cohort = 'early';
    if (sc.arrivals) {
      const a = sc.arrivals;
      const u = phoneCrowd();
      if (u < a.spikeShare) { cohort = 'spike'; joinAt = T0 + a.spikeAtMs + phoneCrowd() * a.spikeOverMs; }
      else if (u < a.spikeShare + a.lateShare) { cohort = 'late'; joinAt = T0 + sc.showFromMs + phoneCrowd() * (lastCueMs - sc.showFromMs); }
    }
    let hidden = null; // [from, to] simulated ms while the tab is in the background
    let frozen = false;
    if (sc.background && phoneCrowd() < sc.background.share) {
      const [lo, hi] = sc.background.hiddenMs;
      const len = lo + phoneCrowd() * (hi - lo);
      const from = Math.max(joinAt + 5000, T0 + sc.showFromMs + phoneCrowd() * (lastCueMs - sc.showFromMs));
      hidden = [from, from + len];
      frozen = phoneCrowd() < sc.background.frozenShare;
    }
    const edge = edges[(sc.shard === null ? id : Math.floor(id / sc.shard.count)) % edges.length];
    const d = { id, path, skew, drift, joinAt, cohort, hidden, frozen, readyAt: null, firstStateAt: null, bytes: { idle: 0, show: 0 }, player: null };
    devices.push(d);
    const now = () => T0 + (loop.now() - T0) * (1 + drift / 1e6) + skew;
    const count = (n) => {
      const t = loop.now();
      if (inWindow(t, sc.idleWindow)) d.bytes.idle += n;
      else if (inWindow(t, sc.showWindow)) d.bytes.show += n;
    };

    // The page's event loop: while the tab is hidden timers are throttled (or, frozen, nothing runs) and no frame is
    // drawn; what could not run waits for the page to come back. Phones that never hide use the loop directly.
    let page = null;
    if (hidden !== null) {
      page = { visible: true, queue: [] };
      loop.setTimeout(() => { page.visible = false; }, hidden[0] - T0);
      loop.setTimeout(() => {
        page.visible = true;
        const waiting = page.queue;
        page.queue = [];
        for (const fn of waiting) loop.setTimeout(fn, 0);
        loop.setTimeout(() => d.player?.resume(), 0); // visibilitychange → player.resume(), as app.js does
      }, hidden[1] - T0);
    }
    /** Runs fn as a page task now, or when the page may run it. */
    const task = (fn, isTimer) => {
      if (page === null || page.visible) return fn();
      if (frozen) { page.queue.push(fn); return undefined; }
      if (!isTimer) return fn(); // network callbacks are not throttled, only timers
      const t = loop.now();
      const aligned = Math.ceil(t / 1000) * 1000; // background timers run on whole-second ticks
      if (aligned > t) { loop.setTimeout(() => task(fn, true), aligned - t); return undefined; }
      return fn();
    };
    const pageSetTimeout = page === null ? loop.setTimeout : (fn, ms) => {
      const h = { cancelled: false, id: null };
      h.id = loop.setTimeout(() => task(() => { if (!h.cancelled) fn(); }, true), ms);
      return h;
    };
    const pageClearTimeout = page === null ? loop.clearTimeout : (h) => {
      if (h == null) return;
      h.cancelled = true;
      loop.clearTimeout(h.id);
    };

    /** One request/response over this device's path; never settles when a packet is lost for good. */
    let exchange;
    if (independent) {
      exchange = (serve, requestBytes) => new Promise((resolve) => {
        const t = loop.now();
        if (path.wifi && inWindow(t, sc.showWindow)) wifiRequests[bursts.active(t) ? 'burst' : 'calm'] += 1;
        count(requestBytes + WIRE.tcpAckAndFraming);
        if (path.lost(t)) return;
        loop.setTimeout(async () => {
          const r = await serve();
          if (path.lost(loop.now())) return;
          loop.setTimeout(() => {
            count(r.status === 304 ? WIRE.notModified : WIRE.responseHeaders + wireBytes(r.body));
            task(() => resolve(r), false);
          }, path.downDelay(loop.now()));
        }, path.upDelay(t));
      });
    } else {
      exchange = (serve, requestBytes) => new Promise((resolve) => {
        const t = loop.now();
        if (path.wifi && inWindow(t, sc.showWindow)) wifiRequests[bursts.active(t) ? 'burst' : 'calm'] += 1;
        count(requestBytes + WIRE.tcpAckAndFraming);
        const upAt = path.sendUp(t, requestBytes);
        if (upAt === null) return;
        loop.setTimeout(async () => {
          const r = await serve();
          const t2 = loop.now();
          const bytes = r.status === 304 ? WIRE.notModified : WIRE.responseHeaders + wireBytes(r.body);
          const downAt = path.sendDown(t2, bytes);
          if (downAt === null) return;
          loop.setTimeout(() => {
            count(bytes);
            task(() => resolve(r), false);
          }, downAt - t2);
        }, upAt - t);
      });
    }
    // /time is answered by the edge function: no origin hop, but a CDN request all the same (and billed as one).
    const fetchTime = () => exchange(() => {
      edge.requests += 1;
      return { status: 200, body: JSON.stringify({ t: loop.now() }) };
    }, WIRE.request)
      .then((r) => JSON.parse(r.body).t);
    const fetch = (url, init) => {
      const inm = init?.headers?.['If-None-Match'];
      return exchange(() => edge.get(url, inm), WIRE.request + (inm ? inm.length + 15 : 0)).then((r) => ({
        ok: r.status < 300, status: r.status,
        headers: { get: (h) => (h.toLowerCase() === 'etag' ? r.etag ?? null : null) },
        text: async () => r.body,
      }));
    };

    const player = createPlayer({
      now, fetch, fetchTime, random, seat: id, AbortController: null, pollerOptions,
      setTimeout: pageSetTimeout, clearTimeout: pageClearTimeout,
      requestAnimationFrame: (fn) => {
        let at = loop.now() + FRAME_MS - ((loop.now() - T0 - framePhase) % FRAME_MS + FRAME_MS) % FRAME_MS;
        if (at - loop.now() < 0.01) at += FRAME_MS;
        const frame = () => fn(now());
        if (page === null) return loop.setTimeout(frame, at - loop.now());
        // no frames while hidden: the callback waits for the page to come back
        const h = { cancelled: false, id: null };
        const run = () => {
          if (h.cancelled) return;
          if (page.visible) frame(); else page.queue.push(run);
        };
        h.id = loop.setTimeout(run, at - loop.now());
        return h;
      },
      render: (color, info) => {
        const c = info.target === null ? undefined : cueIndex.get(info.target);
        if (c !== undefined && Number.isNaN(switchedAt[c][id])) switchedAt[c][id] = loop.now();
      },
      onState: (s) => {
        if (d.firstStateAt === null) d.firstStateAt = loop.now();
        for (const c of s.cues) {
          const i = cueIndex.get(c.effective_at);
          if (i !== undefined && Number.isNaN(heldAt[i][id])) heldAt[i][id] = loop.now();
        }
      },
      onClock: () => {
        if (d.readyAt === null && player.clock.ready) d.readyAt = loop.now();
      },
    });
    d.player = player;

    // Opening the app: (hard model) a connection, then the app shell, then the player starts.
    const start = () => player.start();
    const open = () => {
      // One message up, then (when it has arrived) one down; `lost` when either never arrives.
      const roundTrip = (upBytes, downBytes, done, lost) => {
        const t = loop.now();
        const upAt = path.sendUp(t, upBytes);
        if (upAt === null) return lost();
        loop.setTimeout(() => {
          const t2 = loop.now();
          const downAt = path.sendDown(t2, downBytes);
          if (downAt === null) return lost();
          loop.setTimeout(done, downAt - t2);
        }, upAt - t);
      };
      const setUp = (roundTrips, then) => {
        if (roundTrips <= 0) return then();
        roundTrip(100, 100, () => setUp(roundTrips - 1, then), () => loop.setTimeout(() => setUp(roundTrips, then), 1000)); // SYN retry
      };
      const loadShell = (tries) => roundTrip(WIRE.request * appShell().files, shellBytes + WIRE.responseHeaders * appShell().files,
        () => loop.setTimeout(start, 150), // + parsing and running the scripts on a phone
        () => { if (tries < 5) loop.setTimeout(() => loadShell(tries + 1), 3000); }); // the spectator reloads
      setUp(independent ? 0 : path.handshakeRoundTrips, () => (sc.appShell && !independent ? loadShell(0) : start()));
    };
    loop.setTimeout(open, joinAt - T0);
  }

  // Requests per second at the edges, sampled at the window boundaries.
  const edgeRequests = () => edges.reduce((a, e) => a + e.requests, 0);
  const marks = {};
  for (const [name, [a, b]] of Object.entries({ idle: sc.idleWindow, show: sc.showWindow })) {
    loop.setTimeout(() => { marks[`${name}0`] = { edge: edgeRequests(), origin: origin.requests }; }, a);
    loop.setTimeout(() => { marks[`${name}1`] = { edge: edgeRequests(), origin: origin.requests }; }, b);
  }
  // Once a second: our share and the offered load of every medium; Wi-Fi phone-seconds in and out of bursts; memory.
  const mediaLoad = { ours: [], offered: [], overloadedShare: [] };
  const wifiSeconds = { burst: 0, calm: 0 };
  let peakRss = 0, peakHeap = 0;
  for (let s = 0; s * 1000 < sc.endMs; s++) {
    loop.setTimeout(() => {
      const t = loop.now();
      if (s % 10 === 0) {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }
      if (!inWindow(t, sc.showWindow)) return;
      const joinedWifi = devices.reduce((n, d) => n + (d.path.wifi && d.joinAt <= t ? 1 : 0), 0);
      wifiSeconds[bursts.active(t) ? 'burst' : 'calm'] += joinedWifi;
      if (fighting && fighting.media.length > 0) {
        let ours = 0, offered = 0, over = 0;
        for (const m of fighting.media) {
          const o = m.medium.ours(t);
          ours = Math.max(ours, o);
          const f = m.medium.offered(t);
          offered = Math.max(offered, f);
          if (f > 1) over += 1;
        }
        mediaLoad.ours.push(ours);
        mediaLoad.offered.push(offered);
        mediaLoad.overloadedShare.push(over / fighting.media.length);
      }
    }, s * 1000);
  }

  const wallStart = Date.now();
  await loop.runUntil(T0 + sc.endMs, { maxEvents: Math.max(50_000_000, N * 20_000) });
  const wallMs = Date.now() - wallStart;
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);

  const rate = (name, key) => {
    const [a, b] = sc[`${name}Window`];
    return (marks[`${name}1`][key] - marks[`${name}0`][key]) / ((b - a) / 1000);
  };
  const mediaCount = fighting ? fighting.media.length : 0;
  return {
    scenario: sc, network: net, wallMs, events: loop.events(), cues, heldAt, switchedAt,
    memory: { peakRss, peakHeap },
    devices: devices.map((d) => ({
      id: d.id, rtt: d.path.rtt, floor: d.path.floor, wifi: d.path.wifi, skew: d.skew, drift: d.drift,
      joinAt: d.joinAt - T0, cohort: d.cohort, hidden: d.hidden && [d.hidden[0] - T0, d.hidden[1] - T0], frozen: d.frozen,
      timeToSync: d.readyAt === null ? null : d.readyAt - d.joinAt,
      timeToState: d.firstStateAt === null ? null : d.firstStateAt - d.joinAt,
      bytesIdle: d.bytes.idle, bytesShow: d.bytes.show,
      flashHeld: d.player.flashGuard().interventions, // changes the phone's flash governor had to hold back
      poller: d.player.poller.stats(),
    })),
    rates: {
      edgeIdle: rate('idle', 'edge'), edgeShow: rate('show', 'edge'),
      originIdle: rate('idle', 'origin'), originShow: rate('show', 'origin'),
    },
    // requests a Wi-Fi phone sends per second in the show, inside venue-wide bursts and outside them
    wifiCounts: { requests: wifiRequests, seconds: wifiSeconds },
    wifiRequestRate: {
      burst: wifiSeconds.burst ? wifiRequests.burst / wifiSeconds.burst : null,
      calm: wifiSeconds.calm ? wifiRequests.calm / wifiSeconds.calm : null,
    },
    mediaLoad, mediaCount,
    media: fighting ? { wifi: fighting.media.filter((x) => x.kind === 'wifi').length, lte: fighting.media.filter((x) => x.kind === 'lte').length } : null,
    bursts: bursts.bursts.map(([a, b]) => [a - T0, b - T0]),
    T0,
  };
}
