// A network that fights back (issue 21), beside sim/model.js's independent one: per-phone delay with memory
// (an AR(1) process per direction), bursty loss (Gilbert–Elliott), one connection per phone whose requests share
// its stalls (in-order delivery, retransmission after a timeout), and access points / LTE cells whose queueing
// delay grows with the offered load of every phone on them (so hedges and pipelined polls have a price).
// Every figure and where it comes from: sim/NETWORK.md. Everything runs on simulated time (sim/events.js) and
// draws from an injected seeded random, so a seed gives the same crowd.
import { logNormal } from './model.js';

/** One standard normal draw (Box–Muller). */
export function gaussian(random) {
  const u = Math.max(1e-12, random()), v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A standard normal latent with memory: an Ornstein–Uhlenbeck process sampled at the times asked, i.e. AR(1)
 * between consecutive samples with coefficient exp(−Δt / tauMs). tauMs 0: a fresh draw every time (no memory).
 * Every sample is N(0, 1), so a delay built from it has the same distribution (and mean) with or without memory;
 * only consecutive requests are correlated. Times must not go backwards (simulated time never does).
 */
export function ar1(random, tauMs) {
  let z = null;
  let at = -Infinity;
  const next = (t) => {
    if (z === null || !(tauMs > 0)) return gaussian(random);
    if (t <= at) return z;
    const rho = Math.exp(-(t - at) / tauMs);
    return rho * z + Math.sqrt(1 - rho * rho) * gaussian(random);
  };
  return {
    at(t) {
      z = next(t);
      at = Math.max(at, t);
      return z;
    },
    /** A draw at a later time t that leaves the process where it is (a retransmission seconds ahead must not
     * drag the phone's present forward). */
    peek: (t) => next(t),
  };
}

/**
 * Gilbert–Elliott loss in continuous time: a Good and a Bad state with exponential sojourns (means goodMs, badMs),
 * losing each packet with lossGood / lossBad. params(t) may change the sojourns over time (a congestion burst makes
 * Bad states more frequent): the next sojourn is drawn with the parameters in force when it starts.
 * @param {(t: number) => { goodMs: number, badMs: number, lossGood: number, lossBad: number }} params
 */
export function gilbertElliott(random, params) {
  let bad = null;
  let until = 0;
  let drawnWith = null; // the parameters the current sojourn was drawn with
  const exp = (mean) => -mean * Math.log(Math.max(1e-12, random()));
  function advance(t) {
    const now = params(t);
    if (bad === null || t - until > 50 * (now.goodMs + now.badMs)) {
      // first use, or a long silence: start from the stationary distribution
      bad = random() < now.badMs / (now.goodMs + now.badMs);
      until = t + exp(bad ? now.badMs : now.goodMs);
      drawnWith = now;
      return;
    }
    for (let i = 0; i < 10_000 && until <= t; i++) { // bounded: the silence check above keeps this short
      bad = !bad;
      drawnWith = params(until);
      until += exp(bad ? drawnWith.badMs : drawnWith.goodMs);
    }
    if (now !== drawnWith) {
      // the rates changed (a burst began or ended): sojourns are memoryless, so what is left of this one is an
      // exponential draw at the new rate
      drawnWith = now;
      until = t + exp(bad ? now.badMs : now.goodMs);
    }
  }
  const chain = {
    /** Is the channel in its Bad state at t? */
    bad(t) { advance(t); return bad; },
    /** Is a packet sent at t lost? */
    lost(t) {
      advance(t);
      const p = params(t);
      return random() < (bad ? p.lossBad : p.lossGood);
    },
    /** A copy of the chain as it is now, to play one message's retransmissions forward without moving this one. */
    fork() {
      const copy = gilbertElliott(random, params);
      copy.restore(bad, until, drawnWith);
      return copy;
    },
    restore(b, u, d) { bad = b; until = u; drawnWith = d; },
  };
  return chain;
}

/**
 * Gilbert–Elliott sojourns giving a mean loss `mean` with Bad states of mean length badMs that lose lossBad of
 * their packets (Good loses none): the Bad share π = mean / lossBad, goodMs = badMs (1 − π) / π.
 */
export function geFor(mean, badMs, lossBad) {
  const pi = Math.min(0.999, mean / lossBad);
  return Object.freeze({ goodMs: (badMs * (1 - pi)) / pi, badMs, lossGood: 0, lossBad });
}

/**
 * An access point's contention domain, or an LTE cell: a shared queue. Its utilisation is the background traffic
 * of everyone else (background(t), 0..1, which rises in venue-wide bursts) plus the airtime our phones offer
 * (an exponentially weighted rate over tauMs of what offer() was given). The mean queueing delay is that of an
 * M/M/1 queue, serviceMs × ρ / (1 − ρ), capped at ρ = rhoCap; each packet's delay is that mean times a log-normal
 * factor (mean 1) driven by one AR(1) latent shared by every phone on the medium (a queue is the same queue for
 * all of them). Offered load above capacity is dropped (drop(t) = 1 − 1/ρ): what a full buffer does.
 */
export function createMedium(random, { serviceMs, background, sigma = 0.8, memoryMs = 1000, tauMs = 500, rhoCap = 0.98 }) {
  let load = 0;   // airtime-ms offered, decaying with tauMs: load / tauMs is our utilisation
  let at = 0;
  const z = ar1(random, memoryMs);
  const decay = (t) => {
    if (t > at) { load *= Math.exp(-(t - at) / tauMs); at = t; }
  };
  // An offer stamped before the latest one (events are in time order, so only by a little) counts as decayed since.
  const weight = (t) => (t >= at ? 1 : Math.exp(-(at - t) / tauMs));
  const m = {
    /** Our phones' share of the medium's capacity now. */
    ours(t) { decay(t); return load / tauMs; },
    /** Offered utilisation now (may exceed 1). */
    offered(t) { return background(t) + m.ours(t); },
    /** Airtime (ms) a packet takes from the medium, sent at t. */
    offer(t, airtimeMs) { decay(t); load += airtimeMs * weight(t); },
    /** Mean queueing delay at t (ms), before the shared log-normal factor. */
    meanDelay(t) {
      const rho = Math.min(rhoCap, m.offered(t));
      return (serviceMs * rho) / (1 - rho);
    },
    /** One packet's queueing delay at t (ms). */
    delay(t) { return m.meanDelay(t) * Math.exp(sigma * z.at(t) - (sigma * sigma) / 2); },
    /** Share of packets dropped at t because the offered load exceeds capacity. */
    drop(t) { const rho = m.offered(t); return rho > 1 ? 1 - 1 / rho : 0; },
  };
  return m;
}

/**
 * One direction of one phone's connection. send(t, packets) returns when the message arrives, or null when it never
 * does. With inOrder (TCP, HTTP/2): nothing overtakes what was sent before it on the connection, so a copy of a
 * request (a hedge, a pipelined poll) sent behind a stalled one waits for it: it gains nothing from fresh luck.
 * With retransmit: a lost packet (only that packet) is sent again after rtoMs, doubling per try (TCP's exponential
 * backoff), each try drawing loss afresh at its own time from a fork of the loss chain (a Bad state lasting several
 * tries costs several timeouts); given up after maxTries (the browser's request then hangs until the page's own
 * timeout). A retry's airtime is charged to the medium when the message is sent, and its queueing delay is the
 * medium's then.
 * @param {{
 *   baseMs: number,                          // propagation + fixed processing, this direction
 *   jitter: (t: number, peek?: boolean) => number, // per-phone variable delay (ms); peek: a later time, no state change
 *   medium?: ReturnType<typeof createMedium> | null,
 *   airtimeMs?: number,                      // medium airtime per packet
 *   loss: { lost: (t: number) => boolean, fork?: () => { lost: (t: number) => boolean } }, // the phone's own radio
 *   inOrder?: boolean,
 *   retransmit?: { rtoMs: number, maxTries: number } | null,
 *   random: () => number,
 * }} o
 */
export function createPipe({ baseMs, jitter, medium = null, airtimeMs = 0, loss, inOrder = false, retransmit = null, random }) {
  let last = -Infinity; // arrival of the last message on this direction
  const dropped = (chain, at, now) => chain.lost(at) || (medium !== null && random() < medium.drop(now));
  const pipe = {
    sent: 0, lost: 0, retransmits: 0,
    /** @returns {number | null} arrival time; extraMs: a wait before the radio may send (an LTE promotion) */
    send(t, packets = 1, extraMs = 0) {
      pipe.sent += 1;
      if (medium !== null) medium.offer(t, airtimeMs * packets);
      // Each packet of the message is sent at t (+ extraMs); a lost one alone is sent again after the timeout,
      // doubling per try (TCP retransmits segments, not messages). The message is complete when its last packet is.
      let done = t + extraMs;
      let chain = null;
      for (let i = 0; i < packets; i++) {
        let at = t + extraMs;
        if (!dropped(loss, at, t)) continue;
        if (retransmit === null) { pipe.lost += 1; return null; }
        chain ??= loss.fork ? loss.fork() : loss;
        for (let tries = 1; ; tries++) {
          if (tries >= retransmit.maxTries) { pipe.lost += 1; return null; }
          at += retransmit.rtoMs * 2 ** (tries - 1);
          pipe.retransmits += 1;
          if (medium !== null) medium.offer(t, airtimeMs);
          if (!dropped(chain, at, t)) break;
        }
        done = Math.max(done, at);
      }
      let arrive = done + baseMs + jitter(done, done > t) + (medium === null ? 0 : medium.delay(t) + airtimeMs * (packets - 1));
      if (inOrder) {
        arrive = Math.max(arrive, last);
        last = arrive;
      }
      return arrive;
    },
  };
  return pipe;
}

/** Packets a message of `bytes` takes (MSS 1,400 B). */
export const packetsFor = (bytes) => Math.max(1, Math.ceil(bytes / 1400));

/**
 * The hard model's parameters, each explained with its source in sim/NETWORK.md. Fixed before the first delivery
 * result was seen; any later change is recorded there with its reason.
 */
export const HARD_DEFAULTS = Object.freeze({
  memoryMs: 1000,                 // AR(1) time constant of a phone's own delay (both directions)
  badMs: 300,                     // Gilbert–Elliott: mean length of a Bad state
  lossBad: 0.5,                   // ...and the share of packets it loses
  // mean loss per direction: calm as the independent model (2 % a request), in a venue-wide burst 7.5 % (15 % a request)
  wifi: {
    phonesPerMedium: 45,          // our phones sharing one contention domain (3 co-channel APs × 15)
    airtimeMs: 0.6,               // airtime one small packet takes, its 802.11 ACK and the TCP ACK included
    serviceMs: 40,                // M/M/1 scale: mean queueing delay = serviceMs × ρ / (1 − ρ)
    background: [0.2, 0.4],       // everyone else's utilisation, per domain, calm
    surge: [0.45, 0.55],          // added in a venue-wide burst (a goal, a kick-off: everyone posts)
  },
  lte: {
    phonesPerMedium: 150,         // our phones on one LTE cell (sector)
    airtimeMs: 0.25,              // scheduling + resource blocks one small packet takes
    serviceMs: 30,
    background: [0.35, 0.6],
    surge: [0.2, 0.3],
    rrcIdleMs: 10_000,            // RRC inactivity timer: idle longer, and the next uplink waits for a promotion
    promotionMs: 260,             // RRC_IDLE → CONNECTED
  },
  mediumSigma: 0.8,               // log-normal spread of the shared queue's delay (as the independent model's bursts)
  mediumMemoryMs: 1000,           // AR(1) time constant of the shared queue
  loadTauMs: 500,                 // window over which a medium's offered load is measured
  rtoMinMs: 200,                  // TCP retransmission timeout floor (Linux, Apple)
  maxTries: 6,                    // a packet sent 6 times is given up (≥ 12.6 s of backoff)
  handshakeRoundTrips: 2,         // TCP + TLS 1.3 before a phone's first request (HTTP/2)
  lteBursts: true,                // venue-wide bursts reach LTE cells too (false: Wi-Fi only, as the independent model)
});

/**
 * The network presets the crowd bench compares. Each keeps the independent model's means except `hard`, which adds
 * everything at once.
 */
export const MODELS = Object.freeze({
  independent: Object.freeze({ model: 'independent' }),
  'memory-1s': Object.freeze({ model: 'memory', memoryMs: 1000 }),
  'memory-3s': Object.freeze({ model: 'memory', memoryMs: 3000 }),
  gilbert: Object.freeze({ model: 'memory', memoryMs: 1000, gilbert: true }),
  hard: Object.freeze({ model: 'hard', ...HARD_DEFAULTS }),
});

const uniform = (random, [a, b]) => a + random() * (b - a);

/**
 * Builds the phones' paths for one crowd under a model of MODELS (and the independent model's means from
 * sim/model.js NETWORK_DEFAULTS in `net`). bursts: the venue-wide congestion schedule (sim/model.js wifiBursts).
 * @returns {{ path(random: () => number, phoneRandom: () => number): object, media: object[] }}
 */
export function createNetwork(net, bursts) {
  const media = [];
  const byKind = { wifi: [], lte: [] };
  const counts = { wifi: 0, lte: 0 };
  // Phones fill media in turn, phonesPerMedium each: the same density on every medium whatever the crowd's size.
  const mediumFor = (random, kind) => {
    const o = net[kind];
    const i = Math.floor(counts[kind]++ / o.phonesPerMedium);
    const list = byKind[kind];
    if (i < list.length) return list[i].medium;
    const base = uniform(random, o.background);
    const surge = uniform(random, o.surge);
    const medium = createMedium(random, {
      serviceMs: o.serviceMs, sigma: net.mediumSigma, memoryMs: net.mediumMemoryMs, tauMs: net.loadTauMs,
      background: kind === 'lte' && net.lteBursts === false ? () => base : (t) => base + (bursts.active(t) ? surge : 0),
    });
    const entry = { kind, index: list.length, medium, base, surge };
    list.push(entry);
    media.push(entry);
    return medium;
  };
  const calmLoss = 1 - Math.sqrt(1 - net.loss); // per direction, as sim/model.js
  const burstLoss = net.burstLoss / 2;

  return {
    media,
    /**
     * One phone's path. `random` draws the phone (RTT, share, Wi-Fi or not: the same draws, in the same order, as
     * sim/model.js createPath); `netRandom` drives its delays and losses during the show.
     */
    path(random, netRandom) {
      const rtt = Math.exp(Math.log(net.rttMin) + random() * (Math.log(net.rttMax) - Math.log(net.rttMin)));
      const upShare = net.upShareMin + random() * (net.upShareMax - net.upShareMin);
      const wifi = random() < net.wifiShare;
      const congested = (t) => wifi && bursts.active(t);
      const hard = net.model === 'hard';
      const medium = hard ? mediumFor(netRandom, wifi ? 'wifi' : 'lte') : null;
      const kindNet = hard ? net[wifi ? 'wifi' : 'lte'] : null;
      const direction = () => {
        const jit = ar1(netRandom, net.memoryMs);
        const burst = ar1(netRandom, net.memoryMs);
        // the independent model's log-normal jitter and burst delay, each from a latent with memory; in the hard
        // model the burst delay is the medium's queue instead
        const z = (latent, t, peek) => (peek ? latent.peek(t) : latent.at(t));
        const own = (t, peek) => net.jitterMedian * Math.exp(net.jitterSigma * z(jit, t, peek));
        const jitter = hard ? own
          : (t, peek) => own(t, peek) + (congested(t) ? net.burstDelayMedian * Math.exp(net.burstDelaySigma * z(burst, t, peek)) : 0);
        let loss;
        if (net.gilbert) {
          // in the hard model every phone's medium surges in a venue-wide burst; before, only Wi-Fi
          const inBurst = hard && (wifi || net.lteBursts !== false) ? (t) => bursts.active(t) : congested;
          const calm = geFor(calmLoss, net.badMs ?? HARD_DEFAULTS.badMs, net.lossBad ?? HARD_DEFAULTS.lossBad);
          const hot = geFor(burstLoss, net.badMs ?? HARD_DEFAULTS.badMs, net.lossBad ?? HARD_DEFAULTS.lossBad);
          loss = gilbertElliott(netRandom, (t) => (inBurst(t) ? hot : calm));
        } else {
          loss = { lost: (t) => netRandom() < (congested(t) ? burstLoss : calmLoss) };
        }
        return { jitter, loss };
      };
      const u = direction(), d = direction();
      const upBase = rtt * upShare, downBase = rtt * (1 - upShare);
      const retransmit = hard ? { rtoMs: Math.max(net.rtoMinMs, 2 * rtt), maxTries: net.maxTries } : null;
      const up = createPipe({ baseMs: upBase, jitter: u.jitter, loss: u.loss, medium, airtimeMs: kindNet?.airtimeMs ?? 0,
        inOrder: hard, retransmit, random: netRandom });
      const down = createPipe({ baseMs: downBase, jitter: d.jitter, loss: d.loss, medium, airtimeMs: kindNet?.airtimeMs ?? 0,
        inOrder: hard, retransmit, random: netRandom });
      let lastActive = -Infinity;
      return {
        rtt, wifi, up: upBase, down: downBase,
        floor: (downBase - upBase) / 2,
        medium,
        /** Round trips before the first request (connection set-up): 0 outside the hard model. */
        handshakeRoundTrips: hard ? net.handshakeRoundTrips : 0,
        /** @returns {number | null} arrival at the edge */
        sendUp(t, bytes) {
          const promotion = hard && !wifi && t - lastActive > kindNet.rrcIdleMs ? kindNet.promotionMs : 0;
          lastActive = t;
          return up.send(t, packetsFor(bytes), promotion);
        },
        /** @returns {number | null} arrival at the phone */
        sendDown(t, bytes) {
          lastActive = t;
          return down.send(t, packetsFor(bytes));
        },
        pipes: { up, down },
      };
    },
  };
}

export { logNormal };
