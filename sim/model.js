// Network, CDN and origin models for the crowd simulator. Everything runs on the simulated clock of
// sim/events.js; loop.now() is true (server) time.
import { LIMITS } from '../pwa/lib/validate.js';

/** Seeded PRNG (mulberry32): the same seed gives the same crowd. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function logNormal(random, median, sigma) {
  const u = Math.max(1e-12, random()), v = random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/**
 * Bytes on the wire per exchange. Header overhead as a phone's browser and CloudFront really send it (user
 * agent, accept, sec-fetch-*, cookies none; via, x-cache, x-amz-cf-pop/id, age, date on the way back): at least
 * 150 B each way, as on a cold HTTP/2 connection or HTTP/1.1, not HPACK's best case.
 */
export const WIRE = Object.freeze({
  request: 180,         // a GET's headers (+ If-None-Match when conditional)
  responseHeaders: 250, // :status, content-type, cache-control, etag, age, date, via, x-cache, x-amz-cf-pop, x-amz-cf-id
  notModified: 170,     // a 304: status, etag, date, age, via, x-cache, x-amz-cf-*
  tcpAckAndFraming: 40, // TLS record + TCP/IP overhead, amortised per exchange
});

export const NETWORK_DEFAULTS = Object.freeze({
  rttMin: 40, rttMax: 300,           // LTE-like base RTT, log-uniform
  upShareMin: 0.35, upShareMax: 0.75, // share of the RTT spent on the uplink: paths are asymmetric
  jitterMedian: 3, jitterSigma: 1.0,  // per direction, log-normal
  loss: 0.02,                         // per request (split across both directions)
  wifiShare: 0.3,                     // devices on stadium Wi-Fi
  burstEveryMs: [20_000, 60_000],     // Wi-Fi congestion bursts...
  burstLengthMs: [2_000, 8_000],      // ...lasting this long
  burstDelayMedian: 250, burstDelaySigma: 0.8, burstLoss: 0.15,
});

/**
 * The Wi-Fi congestion schedule shared by every Wi-Fi device.
 * @returns {(t: number) => boolean}
 */
export function wifiBursts(random, start, end, o = NETWORK_DEFAULTS) {
  const bursts = [];
  for (let t = start + o.burstEveryMs[0] * random(); t < end;) {
    const len = o.burstLengthMs[0] + random() * (o.burstLengthMs[1] - o.burstLengthMs[0]);
    bursts.push([t, t + len]);
    t += len + o.burstEveryMs[0] + random() * (o.burstEveryMs[1] - o.burstEveryMs[0]);
  }
  return { bursts, active: (t) => bursts.some(([a, b]) => t >= a && t < b) };
}

/** One device's path to its CDN edge. */
export function createPath(random, bursts, o = NETWORK_DEFAULTS) {
  const rtt = Math.exp(Math.log(o.rttMin) + random() * (Math.log(o.rttMax) - Math.log(o.rttMin)));
  const upShare = o.upShareMin + random() * (o.upShareMax - o.upShareMin);
  const wifi = random() < o.wifiShare;
  const perDirectionLoss = 1 - Math.sqrt(1 - o.loss);
  const congested = (t) => wifi && bursts.active(t);
  const leg = (base, t) => base + logNormal(random, o.jitterMedian, o.jitterSigma)
    + (congested(t) ? logNormal(random, o.burstDelayMedian, o.burstDelaySigma) : 0);
  const lost = (t) => random() < (congested(t) ? o.burstLoss / 2 : perDirectionLoss);
  return {
    rtt, wifi,
    up: rtt * upShare,
    down: rtt * (1 - upShare),
    /** switch-error floor (down − up)/2: what no request/reply estimator can see */
    floor: (rtt * (1 - upShare) - rtt * upShare) / 2,
    upDelay: (t) => leg(rtt * upShare, t),
    downDelay: (t) => leg(rtt * (1 - upShare), t),
    lost,
  };
}

/**
 * The origin (object store behind the CDN): versioned states and the pointer, as the publisher writes them: a state
 * whose bytes fit in inlineMaxBytes also rides inside the pointer (publisher: Pointer.inlining; 0: never).
 */
export function createOrigin({ inlineMaxBytes = LIMITS.pointerInlineMaxBytes } = {}) {
  const states = new Map();
  let pointer = null;
  const o = {
    requests: 0,
    publish(state, pollMs, at) {
      const body = JSON.stringify(state);
      states.set(`states/${state.version}.json`, body);
      const p = JSON.stringify({ v: 1, version: state.version, state: `states/${state.version}.json`, poll_ms: pollMs, published_at: Math.round(at),
        ...(body.length <= inlineMaxBytes ? { inline: state } : {}) });
      pointer = { body: p, etag: `"p${state.version}-${pollMs}"` };
    },
    get(key) {
      o.requests += 1;
      if (key === 'live/pointer.json') return pointer ? { status: 200, ...pointer } : { status: 404, body: '' };
      const body = states.get(key);
      return body ? { status: 200, body, etag: `"${key}"` } : { status: 404, body: '' };
    },
  };
  return o;
}

/**
 * One CloudFront cache (an edge location, or the regional edge cache behind it) in front of `upstream` (the origin,
 * or another cache): the pointer kept for ttlMs (max-age=1) and served stale for swrMs more while one refresh runs
 * behind it (stale-while-revalidate=2: the request that finds it stale gets the old copy, not a wait); concurrent
 * misses collapsed into one upstream fetch; states kept forever once fetched.
 * Freshness as RFC 9111 4.2.3 counts it: from when the upstream request was sent, minus the Age the upstream
 * reported, which is whole seconds (a regional copy 0.9 s old arrives with "Age: 0" and is fresh for a whole second more).
 * @param {{ get(key: string): any }} upstream an origin (answers synchronously) or another cache (a Promise)
 */
export function createEdge(loop, upstream, { ttlMs = 1000, swrMs = 2000, upstreamMs = 25 } = {}) {
  let pointer = null;          // { status, body, etag, at (local freshness start) }
  let refreshing = null;       // Promise while an upstream fetch is under way
  const states = new Map();
  const viaUpstream = (key) => new Promise((resolve) => {
    const sentAt = loop.now();
    loop.setTimeout(async () => {
      const r = await upstream.get(key);
      loop.setTimeout(() => resolve({ ...r, at: sentAt - Math.floor((r.age ?? 0) / 1000) * 1000 }), 0);
    }, upstreamMs / 2);
  }).then((r) => new Promise((resolve) => loop.setTimeout(() => resolve(r), upstreamMs / 2)));

  function fetchPointer() {
    if (!refreshing) {
      refreshing = viaUpstream('live/pointer.json').then((r) => {
        pointer = r;
        refreshing = null;
        return pointer;
      });
    }
    return refreshing;
  }

  const answer = (r) => ({ status: r.status, body: r.body, etag: r.etag, age: r.at === undefined ? 0 : loop.now() - r.at });

  return {
    requests: 0,
    /** @returns {Promise<{ status: number, body: string, etag?: string, age: number }>} */
    async get(key, ifNoneMatch) {
      this.requests += 1;
      let r;
      if (key === 'live/pointer.json') {
        const age = pointer ? loop.now() - pointer.at : Infinity;
        if (age < ttlMs) r = pointer;
        else if (age < ttlMs + swrMs) { fetchPointer(); r = pointer; } // serve stale, refresh behind
        else r = await fetchPointer();
      } else if (key.startsWith('states/')) {
        r = states.get(key);
        if (!r) {
          r = await viaUpstream(key);
          if (r.status === 200) states.set(key, r);
        }
      } else {
        r = { status: 404, body: '' };
      }
      if (r.status === 200 && ifNoneMatch && r.etag === ifNoneMatch) return { status: 304, body: '', etag: r.etag, age: 0 };
      return answer(r);
    },
  };
}
