// The phone half of issue 20's deterministic protocol simulation: phones running the REAL pwa/lib/player.js (poller,
// clock, show function, scheduler, flash governor) on simulated time, reading a store history through simulated
// caching CDN edges that serve stale, late, out-of-order, dropped and broken answers. One seed draws everything (the
// history when generated, the fault mix, the network), so a seed replays exactly: a failing one prints itself.
//
// A store history is what landed in the object store, in order (JSON, the format the Java writers' simulation
// writes into target/sim-histories/*.json):
//   { "seed": 17,                        informational: the seed that produced it
//     "t0": 0,                           optional, added to every t (default 0)
//     "epochs": ["eA", "eB"],            the store's epochs in the order they were created (optional: else the order
//                                        in which pointer writes first name them)
//     "events": [                        in the order they landed; t never decreases
//       { "t": 1767225600000, "key": "states/1.json", "body": "<the object's exact bytes>" },
//       { "t": 1767225600012, "key": "live/pointer.json", "body": "{\"v\":1,\"version\":1,...}" },
//       { "t": 1767225609000, "key": "states/1.json", "body": null },     a delete (a wiped store)
//       { "t": 1767225612000, "invalidate": "states/*" }                  a CDN invalidation ("key" or "prefix/*")
//     ] }
// t is the simulated instant in epoch ms on the true clock (the one /time serves and phones sync to). A body may also
// be given as a JSON value instead of a string (it is then serialised with JSON.stringify).
//
// Checked at every adoption and every frame a phone shows (the only steps at which they can break):
//   epoch-order   a phone adopts a pointer of an epoch created before the one it holds, or a lower version of its own
//   not-named     a phone adopts a state that is not the one its pointer names (the state whose publish_id the
//                 pointer carries; without one, what the pointer's key held when the pointer was written), or a
//                 pointer no writer wrote
//   flash         a phone's screen shows more than 3 flashes in a second (pwa/lib/flash.js: worstWindow over 1 s
//                 of the transitions of what it rendered, at the instants it rendered them)
//   blank         a phone that held a valid state holds none, or an invalid one
//   liveness      once the history has ended and faults have healed, a phone does not hold the newest pointer
//                 (unless every way to its state is blocked: an edge still caches another epoch's bytes under its
//                 key and no invalidation came; counted as "blocked", which is the writer side's to prevent)
import { createEventLoop } from './events.js';
import { rng } from './model.js';
import { createPlayer as realPlayer } from '../pwa/lib/player.js';
import { POLLER_DEFAULTS } from '../pwa/lib/poller.js';
import { stateProblem } from '../pwa/lib/validate.js';
import { createDetector, MAX_TRANSITIONS, WINDOW_MS } from '../pwa/lib/flash.js';

export const T0 = 1_767_225_600_000;
export const POINTER_KEY = 'live/pointer.json';
/** CloudFront / infra/local-edge/nginx.conf: the pointer's Cache-Control. */
export const EDGE = Object.freeze({ maxAgeMs: 1000, swrMs: 2000, sieMs: 30_000 });
/** How old a stale copy a "stale" fault may replay: max-age + stale-if-error, and a regional tier's second. */
export const STALE_MAX_MS = EDGE.maxAgeMs + EDGE.sieMs + 2000;
export const FAULT_KINDS = Object.freeze(['drop', 'late', 'error', 'garbage', 'stale', 'offline', 'originOutage', 'timeDrop']);
const INLINE_MAX = 1024;

// --- histories -----------------------------------------------------------------------------------------------

/**
 * A PRNG for one use of a seed: mulberry32's first draws from nearby seeds are alike (seeds 1 to 6 all start above
 * 0.5), so the seed and the stream are hashed first (murmur3's finaliser).
 */
export function seeded(seed, stream) {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return rng((h ^ (h >>> 16)) | 0);
}

const ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const randomId = (r, n) => Array.from({ length: n }, () => ID[Math.floor(r() * ID.length)]).join('');
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const between = (r, a, b) => a + r() * (b - a);
const int = (r, a, b) => Math.floor(between(r, a, b + 1));

/** Canonical bytes, in the publisher's key order. */
export function stateBody({ version, publishedAt, publishId, base, cues }) {
  return JSON.stringify({ v: 1, version, published_at: publishedAt, ...(publishId ? { publish_id: publishId } : {}),
    ...(base ? { base } : {}), cues });
}
export function pointerBody({ version, pollMs, publishedAt, epoch, publishId, blackout, inline }) {
  return `{"v":1,"version":${version},"state":"states/${version}.json","poll_ms":${pollMs},"published_at":${publishedAt}`
    + `${epoch ? `,"epoch":${JSON.stringify(epoch)}` : ''}${publishId ? `,"publish_id":${JSON.stringify(publishId)}` : ''}`
    + `${blackout ? `,"blackout":${blackout}` : ''}${inline ? `,"inline":${inline}` : ''}}`;
}

const COLORS = ['#FF0000', '#00FF00', '#0000FF', '#FFFFFF', '#FFFF00', '#C80000', '#E0E0E0', '#202020'];

/**
 * An adversarial store history: one to three epochs (a store rebuilt from scratch restarts at version 1 and its old
 * objects are deleted; one rebuilt after losing only its pointer continues above its states), cues of every mode,
 * bursts of rapid alternating cues (the server's flash guard does not see across versions yet: issue 20 item 11),
 * BLACKOUTs, settings, large states that are never inlined, fenced pointers (the same version rewritten later),
 * orphan states (a publish that lost its pointer write), two writers per epoch whose clocks differ, and CDN
 * invalidations after some rebuilds.
 * Writers' clocks are off by less than half the pause before and after their epoch, so published_at orders epochs as
 * they were created; with skewMs every writer is off by up to that, whatever the pauses (see poller.js judge(): a
 * phone may then follow a stale copy of an older epoch for a while, and must never stay there).
 */
export function generateHistory(seed, { skewMs = null } = {}) {
  const r = seeded(seed, 1);
  const events = [];
  const epochs = [];
  let t = T0 + int(r, 0, 3000);
  const write = (key, body) => { events.push({ t: Math.round(t), key, body }); };
  const nEpochs = r() < 0.25 ? 1 : r() < 0.7 ? 2 : 3;
  const pauses = Array.from({ length: nEpochs + 1 }, (_, e) => (e === 0 || e === nEpochs ? Infinity : between(r, 1500, 12_000)));
  const later = []; // CDN invalidations, merged in by time at the end
  let keys = new Set();
  let lastVersion = 0;
  for (let e = 0; e < nEpochs; e++) {
    const epoch = randomId(r, int(r, 6, 16));
    epochs.push(epoch);
    const wiped = e > 0 && r() < 0.7;
    // The store is rebuilt some seconds after its last write.
    const pause = e === 0 ? 0 : pauses[e];
    const bound = skewMs ?? Math.min(3000, 0.45 * pauses[e], 0.45 * pauses[e + 1]);
    const skews = [0, 1].map(() => (r() * 2 - 1) * bound);
    if (e > 0) {
      t += pause;
      if (wiped) {
        for (const k of [...keys].sort()) write(k, null);
        keys = new Set();
      } else write(POINTER_KEY, null); // only the pointer was lost: versions go on above the states kept
      if (r() < 0.5) later.push({ t: Math.round(t + between(r, 0, 15_000)), invalidate: r() < 0.8 ? 'states/*' : POINTER_KEY });
    }
    let version = e === 0 ? int(r, 1, 60) : wiped ? 1 : lastVersion + 1;
    let cues = [{ effective_at: Math.round(t) - 60_000, mode: 'solid', color: '#102040' }];
    let blackout = 0;
    let lastPointer = null;
    let pollMs = r() < 0.05 ? 20_000 : 1000;
    const publishes = int(r, 2, 12);
    for (let i = 0; i < publishes; i++) {
      const rapid = r() < 0.3;
      t += rapid ? between(r, 40, 250) : between(r, 150, 2500);
      const now = Math.round(t);
      // Most shows end calm (a solid colour or a BLACKOUT): a pulse left running costs a frame per step for the
      // whole heal period and checks nothing new.
      const last = e === nEpochs - 1 && i === publishes - 1;
      const kind = last && r() < 0.8 ? pick(r, ['calm', 'blackout'])
        : pick(r, ['cue', 'cue', 'cue', 'burst', 'blackout', 'timeline', 'settings', 'winners', 'fence', 'orphan']);
      const lead = pick(r, [0, 200, 800, 1500, 3000]);
      const add = (c) => {
        const inForce = cues.filter((x) => x.effective_at <= now).at(-1);
        cues = [...cues.filter((x) => x === inForce || x.effective_at > now), c].sort((a, b) => a.effective_at - b.effective_at);
      };
      if (kind === 'fence' && lastPointer !== null) {
        // The same news with a new ETag: a writer fencing the pointer (publisher Publisher.putPointer) stamps it later.
        const p = JSON.parse(lastPointer);
        p.published_at += int(r, 1, 2000);
        write(POINTER_KEY, lastPointer = JSON.stringify(p));
        continue;
      }
      if (kind === 'blackout') cues = [{ effective_at: now, mode: 'off' }];
      else if (kind === 'calm') add({ effective_at: now + lead, mode: 'solid', color: pick(r, COLORS) });
      else if (kind === 'settings') pollMs = pick(r, [500, 1000, 1000, 1000, 2000, 20_000]);
      else if (kind === 'timeline') {
        let at = now + lead;
        for (let k = 0; k < int(r, 15, 40); k++) add({ effective_at: (at += int(r, 400, 2500)), mode: 'solid', color: pick(r, COLORS) });
      } else if (kind === 'winners') {
        const bytes = Array.from({ length: 1250 }, () => String.fromCharCode(int(r, 0, 255)));
        add({ effective_at: now + lead, mode: 'solid', color: pick(r, COLORS),
          winners: { draw: `d${int(r, 1, 99)}`, seats: 10_000, bits: Buffer.from(bytes.join(''), 'latin1').toString('base64url'), color: '#00FF00' } });
      } else if (kind === 'burst') {
        const [a, b] = pick(r, [['#FFFFFF', '#000000'], ['#FF0000', '#C80000'], ['#FFFFFF', '#E0E0E0']]);
        const every = int(r, 40, 300);
        for (let k = 0; k < int(r, 3, 10); k++) add({ effective_at: now + lead + k * every, mode: 'solid', color: k % 2 ? b : a });
      } else {
        const mode = pick(r, ['solid', 'solid', 'strobe', 'pulse', 'wave', 'sequence', 'off']);
        const c = { effective_at: now + lead, mode };
        if (mode !== 'off' && mode !== 'sequence') c.color = pick(r, COLORS);
        if (['strobe', 'pulse', 'wave'].includes(mode)) c.period_ms = pick(r, [600, 700, 1000, 2000]);
        if (mode === 'wave') c.span = int(r, 1, 8);
        if (mode === 'sequence') {
          let offset = 0;
          c.steps = Array.from({ length: int(r, 2, 6) }, (_, k) => ({ offset_ms: (offset += k === 0 ? 0 : int(r, 334, 900)), color: pick(r, COLORS) }));
        }
        if (r() < 0.2) c.zone = { seats: [[0, int(r, 0, 3)]] };
        add(c);
      }
      const writer = int(r, 0, 1);
      const publishedAt = now + Math.round(skews[writer]);
      const publishId = randomId(r, int(r, 8, 22));
      const body = stateBody({ version, publishedAt, publishId, base: version > 1 ? version - 1 : 0, cues });
      const key = `states/${version}.json`;
      write(key, body);
      keys.add(key);
      if (kind === 'blackout') blackout = version;
      if (kind !== 'orphan') {
        t += between(r, 1, 60);
        write(POINTER_KEY, lastPointer = pointerBody({ version, pollMs, publishedAt, epoch, publishId, blackout,
          inline: body.length <= INLINE_MAX ? body : null }));
        keys.add(POINTER_KEY);
      }
      lastVersion = version;
      version += r() < 0.1 ? int(r, 2, 4) : 1; // gaps are allowed
    }
  }
  for (const x of later) {
    const i = events.findIndex((y) => y.t > x.t);
    events.splice(i < 0 ? events.length : i, 0, x);
  }
  return { seed, epochs, events };
}

/** A history read from JSON: bodies as strings, t shifted by t0, epochs known. */
export function normalizeHistory(h) {
  const t0 = Number(h.t0 ?? 0);
  const events = h.events.map((e) => (e.invalidate !== undefined ? { t: t0 + e.t, invalidate: e.invalidate }
    : { t: t0 + e.t, key: e.key, body: e.body === null || typeof e.body === 'string' ? e.body : JSON.stringify(e.body) }));
  for (let i = 1; i < events.length; i++) {
    if (!(events[i].t >= events[i - 1].t)) throw new Error(`event ${i}: t ${events[i].t} before ${events[i - 1].t}`);
  }
  let epochs = Array.isArray(h.epochs) ? [...h.epochs] : [];
  for (const e of events) {
    if (e.key !== POINTER_KEY || e.body === null) continue;
    try {
      const ep = JSON.parse(e.body).epoch;
      if (typeof ep === 'string' && !epochs.includes(ep)) epochs.push(ep);
    } catch { /* a broken pointer write: phones must refuse it */ }
  }
  return { seed: h.seed ?? null, epochs, events };
}

// --- the store, the edges, the network ------------------------------------------------------------------------

const fnv = (s) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
};
const canon = (text) => { try { return JSON.stringify(JSON.parse(text)); } catch { return null; } };

/** What the phones' checkers compare against: every pointer written, and the state each one names. */
function groundTruth(history) {
  const objects = new Map();
  const statesById = new Map(); // publish_id → canonical state text
  const named = new Map();      // canonical pointer text → canonical state text it names (or null)
  for (const e of history.events) {
    if (e.key === undefined) continue;
    if (e.body === null) { objects.delete(e.key); continue; }
    objects.set(e.key, e.body);
    if (e.key.startsWith('states/')) {
      try { const s = JSON.parse(e.body); if (typeof s.publish_id === 'string') statesById.set(s.publish_id, canon(e.body)); } catch { /* refused by phones */ }
    }
  }
  const at = new Map();
  for (const e of history.events) {
    if (e.key === undefined) continue;
    if (e.body === null) at.delete(e.key); else at.set(e.key, e.body);
    if (e.key !== POINTER_KEY || e.body === null) continue;
    let p;
    try { p = JSON.parse(e.body); } catch { continue; }
    const byId = typeof p.publish_id === 'string' ? statesById.get(p.publish_id) : undefined;
    const there = at.get(`states/${p.version}.json`);
    named.set(canon(e.body), byId ?? (there === undefined ? null : canon(there)));
  }
  const final = objects.get(POINTER_KEY) ?? null;
  let maxPollMs = 1000;
  for (const p of named.keys()) maxPollMs = Math.max(maxPollMs, JSON.parse(p).poll_ms ?? 0);
  return { named, maxPollMs, final: final === null ? null : JSON.parse(final) };
}

/** The origin: the history's objects as they stand at loop.now(); in an outage every request fails. */
function createOrigin(loop) {
  const objects = new Map(); // key → { body, etag }
  const pointers = [];       // [t, entry] every pointer write, for stale replays
  let outageUntil = -Infinity;
  return {
    apply(e) {
      if (e.body === null) objects.delete(e.key);
      else objects.set(e.key, { body: e.body, etag: `"${fnv(e.body)}"` });
      if (e.key === POINTER_KEY) pointers.push([loop.now(), objects.get(POINTER_KEY) ?? null]);
    },
    outage(ms) { outageUntil = Math.max(outageUntil, loop.now() + ms); },
    heal() { outageUntil = -Infinity; },
    healthy: () => loop.now() >= outageUntil,
    get(key) {
      if (loop.now() < outageUntil) return { status: 503, body: 'SlowDown' };
      const o = objects.get(key);
      return o ? { status: 200, ...o } : { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
    },
    /** The pointer as it stood at time `at` (null: none then). */
    pointerAt(at) {
      let found = null;
      for (const [t, entry] of pointers) { if (t <= at) found = entry; else break; }
      return found;
    },
  };
}

/**
 * One CDN edge as infra/local-edge/nginx.conf and CloudFront behave: the pointer fresh for max-age 1 s from when the
 * edge asked for it, then served stale for 2 s while one refresh runs behind it (stale-while-revalidate), past that
 * fetched before answering, and served stale for 30 s past expiry when the origin fails (stale-if-error); concurrent
 * misses collapsed; a 404 kept 1 s; states kept for ever once fetched (immutable), keyed by path only.
 */
function createEdge(loop, origin, random, upstreamMs) {
  let pointer = null; // { status, body, etag, at }
  let refreshing = null;
  const states = new Map();
  const pendingStates = new Map();
  const fetchUpstream = (key) => new Promise((resolve) => {
    const sentAt = loop.now();
    loop.setTimeout(() => {
      const r = origin.get(key);
      loop.setTimeout(() => resolve({ ...r, at: sentAt }), upstreamMs * (0.5 + random()));
    }, upstreamMs * (0.5 + random()));
  });
  const refresh = () => {
    if (!refreshing) {
      refreshing = fetchUpstream(POINTER_KEY).then((r) => {
        refreshing = null;
        if (r.status === 200 || r.status === 404) pointer = r; // a 5xx never replaces the copy stale-if-error serves
        return r;
      });
    }
    return refreshing;
  };
  return {
    /** @returns {Promise<{ status: number, body: string, etag?: string }>} */
    async get(key) {
      if (key === POINTER_KEY) {
        const age = pointer ? loop.now() - pointer.at : Infinity;
        if (age < EDGE.maxAgeMs) return pointer;
        if (age < EDGE.maxAgeMs + EDGE.swrMs && pointer.status === 200) { refresh(); return pointer; }
        const r = await refresh();
        if (r.status === 200 || r.status === 404) return r;
        if (pointer && pointer.status === 200 && loop.now() - pointer.at < EDGE.maxAgeMs + EDGE.sieMs) return pointer;
        return { status: 502, body: '<html>502 Bad Gateway</html>' };
      }
      const kept = states.get(key);
      if (kept) return kept;
      if (!pendingStates.has(key)) {
        pendingStates.set(key, fetchUpstream(key).then((r) => {
          pendingStates.delete(key);
          if (r.status === 200) states.set(key, r);
          return r;
        }));
      }
      const r = await pendingStates.get(key);
      return r.status === 200 || r.status === 404 ? r : { status: 502, body: '<html>502 Bad Gateway</html>' };
    },
    invalidate(pattern) {
      const match = pattern.endsWith('*') ? (k) => k.startsWith(pattern.slice(0, -1)) : (k) => k === pattern;
      if (match(POINTER_KEY)) pointer = null;
      for (const k of [...states.keys()]) if (match(k)) states.delete(k);
    },
    cachedState: (key) => states.get(key) ?? null,
  };
}

/** Bodies a broken path or a hand-edited bucket could hand a phone: never a valid pointer or state no writer wrote. */
function garbage(r, body) {
  const k = int(r, 0, 6);
  if (k === 0) return '';
  if (k === 1) return '<html><body>Service Unavailable</body></html>';
  if (k === 2) return 'null';
  if (k === 3 && body) return body.slice(0, int(r, 1, Math.max(1, body.length - 1))); // a truncated object: never JSON
  if (k === 4) return '{"v":1,"version":"7","state":"states/7.json","poll_ms":1000,"published_at":1}';
  if (k === 5) return '{"v":1,"version":3,"published_at":1,"cues":[{"effective_at":1,"mode":"pulse"}]}';
  return '{"v":2}';
}

// --- phones ------------------------------------------------------------------------------------------------------

/** Sliding check of flash.js's definition (worstWindow over WINDOW_MS) on what the screen showed, one change at a time. */
export function flashMeter(initial) {
  const detector = createDetector(initial);
  const recent = { luminance: [], red: [] };
  let worst = 0;
  return {
    show(t, color) {
      let load = 0;
      for (const x of detector.show(color)) {
        const w = recent[x.channel];
        w.push(t);
        while (w.length > 0 && w[0] <= t - WINDOW_MS) w.shift();
        load = Math.max(load, w.length + (x.dir === 'up' ? 1 : 0));
      }
      worst = Math.max(worst, load);
      return load;
    },
    worst: () => worst,
  };
}

/**
 * Runs phones over one history. Returns { steps, frames, faults, violations, blocked, adopted, worstFlash, flashHeld,
 * regressions, convergedMs }.
 * @param {{ seed: number, phones?: number, healMs?: number, faults?: object, trace?: (line: string) => void,
 *   createPlayer?: typeof realPlayer, skewed?: boolean }} options  createPlayer: another phone (an older pwa/lib, a
 *   checker's self-test); skewed: writers' clocks may be off by more than the pause between epochs, so a phone going
 *   back to an older epoch is counted (regressions) rather than a violation, and the heal period lasts until no stale
 *   copy is left and the poller's epochSettleMs has passed: liveness must hold all the same
 */
export async function runHistory(rawHistory, { seed, phones: nPhones = 3, healMs = null, faults: forced = null, trace = null,
  createPlayer = realPlayer, skewed = false } = {}) {
  const history = normalizeHistory(rawHistory);
  const r = seeded(seed, 2);
  const startT = history.events[0]?.t ?? T0;
  const endT = history.events.at(-1)?.t ?? T0;
  const loop = createEventLoop(startT - 5000);
  const truth = groundTruth(history);
  const epochIndex = new Map(history.epochs.map((e, i) => [e, i]));
  const log = trace; // log?.(...) builds no string when nobody traces

  // Swarm testing: the seed picks which faults this run has, and how often.
  const on = (p) => (r() < p ? 1 : 0);
  const f = forced ?? {
    drop: on(0.6) * between(r, 0, 0.25), late: on(0.5) * between(r, 0, 0.2), error: on(0.5) * between(r, 0, 0.2),
    garbage: on(0.4) * between(r, 0, 0.1), stale: on(0.6) * between(r, 0, 0.3), offline: on(0.3) * int(r, 1, 3),
    originOutage: on(0.4) * int(r, 1, 2), timeDrop: on(0.3) * between(r, 0, 0.3),
  };
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
  let healed = false;
  const fault = (kind) => !healed && f[kind] > 0 && r() < f[kind] && ++counts[kind] > 0;

  const origin = createOrigin(loop);
  const edges = Array.from({ length: int(r, 1, 4) }, () => createEdge(loop, origin, r, between(r, 10, 200)));
  const violations = [];
  const violation = (kind, phone, detail) => {
    violations.push({ kind, phone, at: loop.now(), detail });
    log?.(`VIOLATION ${kind} phone ${phone}: ${detail}`);
  };

  // The history lands; the crowd we do not simulate keeps every edge's pointer warm and fetches each new state
  // through every edge (which is how an old epoch's states come to be cached at all of them).
  for (const e of history.events) {
    loop.setTimeout(() => {
      if (e.invalidate !== undefined) { for (const edge of edges) edge.invalidate(e.invalidate); log?.(`invalidate ${e.invalidate}`); return; }
      origin.apply(e);
      log?.(`write ${e.key} ${e.body === null ? '(deleted)' : e.body.slice(0, 120)}`);
      if (e.key === POINTER_KEY && e.body !== null) {
        let key = null;
        try { key = JSON.parse(e.body).state; } catch { /* none */ }
        for (const edge of edges) {
          if (r() < 0.8 && typeof key === 'string') loop.setTimeout(() => { edge.get(POINTER_KEY); edge.get(key); }, between(r, 20, 1500));
        }
      }
    }, e.t - loop.now());
  }
  const crowd = () => {
    if (loop.now() > endT + 2000) return;
    for (const edge of edges) if (r() < 0.5) edge.get(POINTER_KEY);
    loop.setTimeout(crowd, between(r, 300, 1500));
  };
  loop.setTimeout(crowd, between(r, 0, 500));
  for (let i = 0; i < (f.originOutage || 0); i++) {
    loop.setTimeout(() => { if (!healed) { origin.outage(between(r, 1000, 20_000)); counts.originOutage += 1; } }, between(r, startT, endT) - loop.now());
  }

  const phones = [];
  let frames = 0;
  let regressions = 0;
  for (let id = 0; id < nPhones; id++) {
    const skew = (r() * 2 - 1) * 5000;
    const drift = (r() * 2 - 1) * 100e-6;
    const base = loop.now();
    const now = () => base + (loop.now() - base) * (1 + drift) + skew;
    const frameMs = pick(r, [1000 / 30, 1000 / 30, 1000 / 60]); // 30 fps: Low Power Mode, and half the steps
    const framePhase = r() * frameMs;
    const path = { up: between(r, 5, 80), down: between(r, 5, 120) };
    let offlineUntil = -Infinity;
    const ph = {
      id, joinAt: between(r, startT - 3000, endT + 2000), player: null, meter: flashMeter('#000000'),
      held: null, pointer: null, adopted: 0, adoptedAt: null, unexplained: null, // what it adopted, as the checkers saw it
      heal: () => { offlineUntil = -Infinity; },
    };
    phones.push(ph);
    for (let i = 0; i < (f.offline || 0); i++) {
      loop.setTimeout(() => { if (!healed) { offlineUntil = loop.now() + between(r, 500, 10_000); counts.offline += 1; } }, between(r, startT, endT) - loop.now());
    }

    /** One exchange with a random edge: delays, drops, late answers, errors, broken bodies, stale copies. */
    const fetch = (url) => new Promise((resolve, reject) => {
      const key = url.split('?')[0];
      if (loop.now() < offlineUntil) { loop.setTimeout(() => reject(new TypeError('Failed to fetch')), 5); return; }
      const edge = pick(r, edges);
      loop.setTimeout(async () => {
        let res = await edge.get(key);
        if (key === POINTER_KEY && fault('stale')) {
          const old = origin.pointerAt(loop.now() - between(r, 0, STALE_MAX_MS));
          if (old) res = { status: 200, ...old };
        }
        if (fault('error')) res = { status: pick(r, [500, 502, 503, 504]), body: '<html>error</html>' };
        else if (fault('garbage')) res = { status: 200, body: garbage(r, res.body), etag: null };
        if (fault('drop')) return;
        const late = fault('late') ? between(r, 1000, 6000) : 0;
        loop.setTimeout(() => resolve({
          ok: res.status < 300, status: res.status,
          headers: { get: (h) => (h.toLowerCase() === 'etag' ? res.etag ?? null : null) },
          text: async () => res.body,
        }), path.down * (0.7 + 0.6 * r()) + late);
      }, path.up * (0.7 + 0.6 * r()));
    });
    const fetchTime = () => new Promise((resolve) => {
      if (loop.now() < offlineUntil || fault('timeDrop')) return; // the clock applies its own timeouts
      loop.setTimeout(() => { const t = loop.now(); loop.setTimeout(() => resolve(t), path.down); }, path.up);
    });
    const conditional = (url, init) => {
      // The poller's If-None-Match: an edge answers 304 when its copy has that ETag.
      const inm = init?.headers?.['If-None-Match'];
      if (!inm) return fetch(url, init);
      return fetch(url, init).then((res) => (res.status === 200 && res.headers.get('etag') === inm
        ? { ok: false, status: 304, headers: res.headers, text: async () => '' } : res));
    };

    const check = (state, pointer) => {
      if (stateProblem(state) !== null) violation('blank', id, `adopted an invalid state: ${stateProblem(state)}`);
      const p = canon(JSON.stringify(pointer));
      if (!truth.named.has(p)) { violation('not-named', id, `adopted a pointer no writer wrote: ${p.slice(0, 160)}`); return; }
      const want = truth.named.get(p);
      const got = JSON.stringify(state);
      if (want !== got) {
        violation('not-named', id, `pointer ${pointer.epoch ?? '-'}/${pointer.version} (${pointer.publish_id ?? 'no publish_id'}) names `
          + `${want === null ? 'no state' : `publish_id ${JSON.parse(want).publish_id ?? '-'}`}, adopted publish_id ${state.publish_id ?? '-'}`);
      }
      const held = ph.pointer;
      if (held !== null && typeof pointer.epoch === 'string' && typeof held.epoch === 'string') {
        const [a, b] = [epochIndex.get(held.epoch), epochIndex.get(pointer.epoch)];
        if (b < a && skewed) regressions += 1;
        else if (b < a) violation('epoch-order', id, `held ${held.epoch}/${held.version} (epoch #${a}), adopted ${pointer.epoch}/${pointer.version} (epoch #${b})`);
        if (a === b && pointer.version <= held.version) violation('epoch-order', id, `held ${held.epoch}/${held.version}, adopted version ${pointer.version}`);
      }
    };

    loop.setTimeout(() => {
      log?.(`phone ${id} joins (skew ${Math.round(skew)} ms, ${Math.round(1000 / frameMs)} fps)`);
      const player = createPlayer({
        now, fetch: conditional, fetchTime, random: r, seat: int(r, 0, 5), AbortController: null,
        setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout,
        requestAnimationFrame: (fn) => {
          frames += 1;
          const since = loop.now() - base - framePhase;
          let at = loop.now() + frameMs - ((since % frameMs) + frameMs) % frameMs;
          if (at - loop.now() < 0.01) at += frameMs;
          return loop.setTimeout(() => fn(now()), at - loop.now());
        },
        render: (color) => {
          // Every state is checked when it is adopted; here, that nothing else replaced it (a bad answer included). The
          // player renders a new state once before it reports it: that one must be the next adopted.
          if (ph.held !== null) {
            const s = player.state();
            if (s === null || ph.unexplained !== null) violation('blank', id, `held ${ph.pointer.epoch ?? '-'}/${ph.pointer.version}, shows ${s === null ? 'nothing' : 'a state never adopted'}`);
            ph.unexplained = s !== ph.held ? s : null;
          }
          const load = ph.meter.show(loop.now(), color);
          if (load > MAX_TRANSITIONS) violation('flash', id, `load ${load} in ${WINDOW_MS} ms (more than 3 flashes) at ${color}`);
        },
        onPoll: (e) => log?.(`phone ${id} poll ${e.ok ? 'ok' : `failed (${e.error})`}, next in ${Math.round(e.nextMs)} ms`),
        onState: (state, pointer) => {
          log?.(`phone ${id} adopts ${pointer.epoch ?? '-'}/${pointer.version} ${pointer.publish_id ?? ''}`);
          check(state, pointer);
          if (ph.unexplained !== null && ph.unexplained !== state) violation('blank', id, 'showed a state it did not adopt');
          ph.unexplained = null;
          ph.held = state;
          ph.pointer = pointer;
          ph.adopted += 1;
          ph.adoptedAt = loop.now();
        },
      });
      ph.player = player;
      player.start();
    }, ph.joinAt - loop.now());
  }

  // The history ends; faults heal (no drops, errors, stale replays or outages); phones must reach the newest pointer.
  // Long enough for a phone that polls at the slowest poll_ms of the history (+10 % jitter) to poll twice, plus a
  // backoff, the edges' last stale copies and the state retries after a refused state.
  const heal = healMs ?? 10_000 + 2.2 * truth.maxPollMs + (skewed ? STALE_MAX_MS + POLLER_DEFAULTS.epochSettleMs : 0);
  loop.setTimeout(() => {
    healed = true;
    origin.heal();
    for (const ph of phones) ph.heal();
    log?.('faults healed');
  }, endT + 2000 - loop.now());
  await loop.runUntil(endT + 2000 + heal, { maxEvents: 2_000_000 });
  for (const ph of phones) ph.player?.stop();

  let blocked = 0;
  let converged = -Infinity; // the last phone to reach the newest pointer: ms after faults healed (negative: before)
  const final = truth.final;
  if (final !== null && truth.named.get(canon(JSON.stringify(final))) !== null) {
    const finalState = truth.named.get(canon(JSON.stringify(final)));
    const inline = final.inline !== undefined && JSON.stringify(final.inline) === finalState;
    const poisoned = !inline && edges.some((e) => {
      const c = e.cachedState(final.state);
      return c !== null && canon(c.body) !== finalState;
    });
    for (const ph of phones) {
      const p = ph.pointer;
      if (p !== null && p.version === final.version && p.epoch === final.epoch && p.publish_id === final.publish_id) {
        converged = Math.max(converged, ph.adoptedAt - (endT + 2000));
        continue;
      }
      if (poisoned) { blocked += 1; continue; }
      violation('liveness', ph.id, `holds ${p ? `${p.epoch ?? '-'}/${p.version}` : 'nothing'} ${heal} ms after faults healed; newest is `
        + `${final.epoch ?? '-'}/${final.version} (stats ${JSON.stringify(ph.player?.poller.stats())})`);
    }
  }
  return {
    steps: loop.events(), frames, faults: counts, violations, blocked, convergedMs: converged, regressions,
    adopted: phones.reduce((a, p) => a + p.adopted, 0),
    worstFlash: Math.max(0, ...phones.map((p) => p.meter.worst())),
    flashHeld: phones.reduce((a, p) => a + (p.player?.flashGuard?.().interventions ?? 0), 0),
    epochs: history.epochs.length,
  };
}

/** One seed: a generated history, phones and faults all from it (skewMs: writers' clocks off by up to that). */
export const runSeed = (seed, { skewMs = null, ...options } = {}) =>
  runHistory(generateHistory(seed, { skewMs }), { seed, skewed: skewMs !== null, ...options });

/** Runs seeds [from, from + count) with up to `concurrency` interleaved (each on its own event loop). */
export async function runSeeds({ from = 1, count = 100, concurrency = 4, run = runSeed, onResult = () => {} } = {}) {
  const total = { seeds: 0, steps: 0, adopted: 0, blocked: 0, flashHeld: 0, worstFlash: 0, regressions: 0, faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])), violations: [], failed: [] };
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const seed = next++;
      const res = await run(seed);
      total.seeds += 1;
      total.steps += res.steps;
      total.adopted += res.adopted;
      total.blocked += res.blocked;
      total.regressions += res.regressions;
      total.flashHeld += res.flashHeld;
      total.worstFlash = Math.max(total.worstFlash, res.worstFlash);
      for (const k of FAULT_KINDS) total.faults[k] += res.faults[k];
      if (res.violations.length > 0) {
        total.failed.push(seed);
        total.violations.push(...res.violations.map((v) => ({ seed, ...v })));
      }
      onResult(seed, res);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  total.failed.sort((a, b) => a - b);
  return total;
}

export const replayHint = (seed) => `replay: node sim/protocol-phones.js --seed ${seed} --trace   (or SIM_SEED=${seed} node --test sim/protocol-phones.test.js)`;

// --- command line ------------------------------------------------------------------------------------------------

const USAGE = `node sim/protocol-phones.js [options]
  --seeds N            generated histories to run (default 1000), seeds --from (default 1) on
  --concurrency K      seeds interleaved in this process (default 4)
  --json               one line of JSON: the summary and the first 20 violations (for the test)
  --seed N [--trace]   one seed, exactly as in a run; --trace prints every write, adoption, poll and violation
  --histories DIR      run every DIR/*.json store history (a missing directory is skipped), --seeds phone seeds
                       (fault mixes, networks, join times) each, default 20
  --write-histories DIR  write the generated histories of --seeds/--from to DIR (the JSON format above)
  --skew-ms N          writers' clocks off by up to N ms whatever the pause between epochs: a phone going back to an
                       older epoch is counted, not a violation; liveness is checked after the epoch settle time
  --pwa DIR            run the phones of another pwa/ (e.g. an older commit: git archive <c> pwa | tar -x -C /tmp/old)`;

/** Histories in DIR (null when DIR does not exist). */
export async function readHistories(dir) {
  const { readdirSync, readFileSync, existsSync, statSync } = await import('node:fs');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((file) => ({ file, history: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) }));
}

function summary(total, wallS) {
  const byKind = {};
  for (const v of total.violations) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
  return {
    seeds: total.seeds, steps: total.steps, wall_s: Math.round(wallS * 10) / 10, seeds_per_s: Math.round(total.seeds / wallS),
    faults: total.faults, states_adopted: total.adopted, flash_governor_holds: total.flashHeld, worst_flash_load: total.worstFlash,
    blocked_by_cdn_cache: total.blocked, epoch_regressions_under_skew: total.regressions, violations: total.violations.length, violations_by_kind: byKind,
    failed_seeds: total.failed.slice(0, 50),
  };
}

async function main(argv) {
  const arg = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i < 0 ? dflt : argv[i + 1]; };
  if (argv.includes('--help')) { console.log(USAGE); return 0; }
  const pwa = arg('pwa', null);
  const createPlayer = pwa === null ? realPlayer
    : (await import(new URL(`file://${(await import('node:path')).resolve(pwa, 'lib/player.js')}`))).createPlayer;
  const count = Number(arg('seeds', argv.includes('--histories') ? 20 : 1000));
  const from = Number(arg('from', 1));
  const concurrency = Number(arg('concurrency', 4));
  const skewMs = arg('skew-ms', null) === null ? null : Number(arg('skew-ms', null));
  const seed = arg('seed', null);
  if (seed !== null) {
    const res = await runSeed(Number(seed), { createPlayer, skewMs, trace: argv.includes('--trace') ? (l) => console.log(l) : null });
    console.log(JSON.stringify({ seed: Number(seed), ...res }, null, 1));
    return res.violations.length === 0 ? 0 : 1;
  }
  const out = arg('write-histories', null);
  if (out !== null) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    for (let s = from; s < from + count; s++) writeFileSync(`${out}/seed-${s}.json`, `${JSON.stringify(generateHistory(s, { skewMs }), null, 1)}\n`);
    console.log(`${count} histories in ${out}`);
    return 0;
  }
  const started = performance.now();
  const dir = arg('histories', null);
  if (dir !== null) {
    const histories = await readHistories(dir);
    if (histories === null) { console.log(`${dir}: no such directory, nothing to run`); return 0; }
    let bad = 0;
    for (const { file, history } of histories) {
      const t = performance.now();
      const total = await runSeeds({ from, count, concurrency, run: (s) => runHistory(history, { seed: s, createPlayer }) });
      console.log(`${file}: ${JSON.stringify(summary(total, (performance.now() - t) / 1000))}`);
      for (const v of total.violations.slice(0, 5)) console.log(`  phone seed ${v.seed}: ${v.kind} phone ${v.phone}: ${v.detail}`);
      bad += total.violations.length;
    }
    return bad === 0 ? 0 : 1;
  }
  let done = 0;
  const total = await runSeeds({ from, count, concurrency, run: (s) => runSeed(s, { createPlayer, skewMs }), onResult: () => {
    done += 1;
    if (done % 10_000 === 0) console.error(`${done} seeds, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } });
  const report = { from, ...(skewMs === null ? {} : { skew_ms: skewMs }), ...summary(total, (performance.now() - started) / 1000) };
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ ...report, first_violations: total.violations.slice(0, 20) }));
    return total.violations.length === 0 ? 0 : 1;
  }
  console.log(JSON.stringify(report, null, 1));
  for (const v of total.violations.slice(0, 10)) console.log(`seed ${v.seed}: ${v.kind} phone ${v.phone}: ${v.detail}\n  ${replayHint(v.seed)}`);
  return total.violations.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 2; });
}
