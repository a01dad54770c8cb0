// Crowd simulator: thousands of phones running the REAL player (pwa/lib/player.js: clock, poller, show, scheduler) on
// simulated time (discrete events, not the wall clock), against network, CDN and origin models.
import { createEventLoop } from './events.js';
import { rng, createPath, createOrigin, createEdge, wifiBursts, WIRE, NETWORK_DEFAULTS } from './model.js';
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
  cuesPerLead: 3,
  showWindow: [140_000, 260_000],
  endMs: 265_000,
  edges: 8,
  skewMs: 5000,
  driftPpm: 100,
});

/**
 * @param {Partial<typeof SCENARIO>} [overrides]
 * @param {Partial<typeof NETWORK_DEFAULTS>} [network]
 * @param {object} [pollerOptions] poller options for every phone (e.g. hedging off, to measure what it buys)
 */
export async function simulate(overrides = {}, network = {}, pollerOptions = {}) {
  const sc = { ...SCENARIO, ...overrides };
  const net = { ...NETWORK_DEFAULTS, ...network };
  const loop = createEventLoop(T0);
  const random = rng(sc.seed);
  const bursts = wifiBursts(random, T0, T0 + sc.endMs, net);
  const origin = createOrigin({ inlineMaxBytes: sc.inlineMaxBytes });
  const upstream = sc.regionalCache ? createEdge(loop, origin) : origin;
  const edges = Array.from({ length: sc.edges }, () => createEdge(loop, upstream));

  // Operator: what was published, and when.
  let version = 0;
  let cuesInState = [{ effective_at: T0 - 60_000, mode: 'solid', color: '#202020' }];
  const cues = []; // { effectiveAt, lead, color, publishedAt }
  const publish = (pollMs) => {
    version += 1;
    const now = loop.now();
    // Keep the cue in force and everything pending, as the publisher prunes.
    const inForce = cuesInState.filter((c) => c.effective_at <= now).at(-1);
    cuesInState = cuesInState.filter((c) => c === inForce || c.effective_at > now);
    origin.publish({ v: 1, version, published_at: Math.round(now), cues: cuesInState }, pollMs, now);
  };
  publish(20_000);
  loop.setTimeout(() => publish(1000), sc.showFromMs);
  let k = 0;
  for (let i = 0; i < sc.cuesPerLead; i++) {
    for (const lead of sc.leadsMs) {
      const at = sc.firstCueMs + k * sc.cueEveryMs;
      const color = COLORS[k % COLORS.length];
      const shape = sc.shapes[k % sc.shapes.length];
      loop.setTimeout(() => {
        const effectiveAt = Math.round(loop.now() + lead);
        cuesInState = [...cuesInState, { effective_at: effectiveAt, ...shape, color }];
        cues.push({ effectiveAt, lead, color, publishedAt: loop.now() });
        publish(1000);
      }, at);
      k += 1;
    }
  }

  // Per-device outcomes.
  const devices = [];
  const byEffectiveAt = new Map();
  const inWindow = (t, [a, b]) => t >= T0 + a && t < T0 + b;

  for (let id = 0; id < sc.devices; id++) {
    const path = createPath(random, bursts, net);
    const skew = (random() * 2 - 1) * sc.skewMs;
    const drift = (random() * 2 - 1) * sc.driftPpm;
    const joinAt = T0 + random() * sc.joinOverMs;
    const framePhase = random() * FRAME_MS;
    const edge = edges[id % edges.length];
    const d = { id, path, skew, drift, joinAt, readyAt: null, held: new Map(), switched: new Map(), bytes: { idle: 0, show: 0 }, requests: 0, player: null };
    devices.push(d);
    const now = () => T0 + (loop.now() - T0) * (1 + drift / 1e6) + skew;
    const count = (n) => {
      const t = loop.now();
      if (inWindow(t, sc.idleWindow)) d.bytes.idle += n;
      else if (inWindow(t, sc.showWindow)) d.bytes.show += n;
    };
    /** One request/response over this device's path; never settles when a packet is lost. */
    const exchange = (serve, requestBytes) => new Promise((resolve) => {
      const t = loop.now();
      d.requests += 1;
      count(requestBytes + WIRE.tcpAckAndFraming);
      if (path.lost(t)) return;
      loop.setTimeout(async () => {
        const r = await serve();
        if (path.lost(loop.now())) return;
        loop.setTimeout(() => {
          count(r.status === 304 ? WIRE.notModified : WIRE.responseHeaders + r.body.length);
          resolve(r);
        }, path.downDelay(loop.now()));
      }, path.upDelay(t));
    });
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
      setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout,
      requestAnimationFrame: (fn) => {
        let at = loop.now() + FRAME_MS - ((loop.now() - T0 - framePhase) % FRAME_MS + FRAME_MS) % FRAME_MS;
        if (at - loop.now() < 0.01) at += FRAME_MS;
        return loop.setTimeout(() => fn(now()), at - loop.now());
      },
      render: (color, info) => {
        if (info.target !== null && byEffectiveAt.has(info.target) && !d.switched.has(info.target)) {
          d.switched.set(info.target, loop.now());
        }
      },
      onState: (s) => {
        for (const c of s.cues) if (!d.held.has(c.effective_at)) d.held.set(c.effective_at, loop.now());
      },
      onClock: () => {
        if (d.readyAt === null && player.clock.ready) d.readyAt = loop.now();
      },
    });
    d.player = player;
    loop.setTimeout(() => player.start(), joinAt - T0);
  }

  // Requests per second at the edges, sampled at the window boundaries.
  const edgeRequests = () => edges.reduce((a, e) => a + e.requests, 0);
  const marks = {};
  for (const [name, [a, b]] of Object.entries({ idle: sc.idleWindow, show: sc.showWindow })) {
    loop.setTimeout(() => { marks[`${name}0`] = { edge: edgeRequests(), origin: origin.requests }; }, a);
    loop.setTimeout(() => { marks[`${name}1`] = { edge: edgeRequests(), origin: origin.requests }; }, b);
  }
  // cues are only known once published: fill the lookup as they appear
  const origPush = cues.push.bind(cues);
  cues.push = (c) => { byEffectiveAt.set(c.effectiveAt, c); return origPush(c); };

  const wallStart = Date.now();
  await loop.runUntil(T0 + sc.endMs);
  const wallMs = Date.now() - wallStart;

  const rate = (name, key) => {
    const [a, b] = sc[`${name}Window`];
    return (marks[`${name}1`][key] - marks[`${name}0`][key]) / ((b - a) / 1000);
  };
  return {
    scenario: sc, network: net, wallMs, events: loop.events(), cues,
    devices: devices.map((d) => ({
      id: d.id, rtt: d.path.rtt, floor: d.path.floor, wifi: d.path.wifi, skew: d.skew, drift: d.drift,
      timeToSync: d.readyAt === null ? null : d.readyAt - d.joinAt,
      held: Object.fromEntries(d.held), switched: Object.fromEntries(d.switched),
      bytesIdle: d.bytes.idle, bytesShow: d.bytes.show,
      flashHeld: d.player.flashGuard().interventions, // changes the phone's flash governor had to hold back
    })),
    rates: {
      edgeIdle: rate('idle', 'edge'), edgeShow: rate('show', 'edge'),
      originIdle: rate('idle', 'origin'), originShow: rate('show', 'origin'),
    },
    bursts: bursts.bursts.map(([a, b]) => [a - T0, b - T0]),
  };
}
