// Records the shared clock traces (testdata/clock/traces/*.json) by running pwa/lib/clock.js, the reference, on
// simulated phones: every input its discipline was given (a burst began, an answer came, a request was lost) and
// what it decided. pwa/lib/clock.test.js and the control API's ClockTracesTest replay them; see README.md.
//
//   node testdata/clock/record.js      rewrites the traces (then commit them with the change that moved them)
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClock } from '../../pwa/lib/clock.js';
import { createEventLoop } from '../../sim/events.js';
import { rng, logNormal } from '../../sim/model.js';

const T0 = 1_767_225_600_000; // 2026-01-01: epoch-sized numbers, as on a phone
const jitterOf = (median, sigma) => (random) => logNormal(random, median, sigma);

/**
 * What happens to one simulated phone. The network: each direction takes `up` / `down` ms plus `jitter`, and
 * `lost` drops a request or its answer (a lost one never settles: the clock's timeout decides). The local clock
 * runs `skew` ms and `drift` ppm off the server's. `marks` happen at true (server) ms since the start: the local
 * clock steps to `stepped` ms off its course, and with `resync` the app calls clock.resync() (a resume).
 */
export const SCENARIOS = [
  {
    name: 'start-clean',
    about: 'a phone 5 s behind on a quiet symmetric path: the first burst passes the gate and jumps; re-syncs then slew by fractions of a ms',
    skew: 5000, up: 45, down: 45, jitter: jitterOf(2, 0.8), seed: 1, durationMs: 35_000,
  },
  {
    name: 'start-asymmetric',
    about: 'uplink 150 ms, downlink 30 ms: the estimate lands (150 − 30)/2 = 60 ms off, the floor no round trip can see, and its uncertainty covers it',
    skew: 3210, up: 150, down: 30, jitter: jitterOf(3, 1), seed: 2, durationMs: 15_000,
  },
  {
    name: 'congested-start',
    about: 'a congestion burst for the first 4 s: the gate fails (queue) and provisional estimates jump while it does; it passes once the queue drains',
    skew: 900, up: 20, down: 20, seed: 3, durationMs: 12_000,
    jitter: (random, t) => logNormal(random, 3, 1) + (t < T0 + 4000 ? logNormal(random, 250, 0.8) : 0),
  },
  {
    name: 'noisy-path-relaxes',
    about: 'a queue that never drains: after relaxAfterMs the gate tolerances double every relaxEveryMs until it passes',
    skew: -700, up: 30, down: 30, jitter: jitterOf(40, 0.6), seed: 5, durationMs: 15_000,
  },
  {
    name: 'lossy',
    about: 'heavy jitter, 80 ppm drift and 15 % loss (requests and answers that never arrive): lost requests time out and count for nothing',
    skew: -4321, drift: 80, up: 60, down: 60, jitter: jitterOf(8, 1.2), lost: (r) => r() < 0.075, seed: 7, durationMs: 40_000,
  },
  {
    name: 'offline-then-online',
    about: 'no answers for 6 s (every request times out, the trickle keeps asking), then the network returns and the gate passes',
    skew: 2000, up: 40, down: 40, jitter: jitterOf(2, 0.5), seed: 11, durationMs: 14_000,
    lost: (r, t) => t < T0 + 6000,
  },
  {
    name: 'wall-clock-step',
    about: 'the local clock steps +2 s at 3 s: the next periodic re-sync sees a correction above stepMs, re-anchors with a fresh burst and jumps',
    skew: 100, up: 30, down: 30, jitter: jitterOf(1, 0.5), seed: 13, durationMs: 20_000,
    marks: [{ at: 3000, stepped: 2000, note: 'the local clock steps +2000 ms' }],
  },
  {
    name: 'wall-clock-step-back',
    about: 'the local clock steps −350 ms at 5 s: re-anchored the same way, in the other direction',
    skew: -1500, up: 35, down: 25, jitter: jitterOf(2, 0.7), seed: 17, durationMs: 20_000,
    marks: [{ at: 5000, stepped: -350, note: 'the local clock steps -350 ms' }],
  },
  {
    name: 'sleep-resume',
    about: 'the phone sleeps 30 s (its monotonic clock stood still) and the app calls resync() on resume: a fresh burst, at once',
    skew: 0, up: 30, down: 30, jitter: jitterOf(1, 0.5), seed: 19, durationMs: 6_000,
    marks: [{ at: 3000, stepped: -30_000, resync: true, note: 'asleep 30 s (the local clock stood still), then resync() on resume' }],
  },
  {
    name: 'resync-while-answering',
    about: 'resync() while the first burst is still on its way on a slow, noisy path: its late answers are ignored and do not count against maxInFlight, so the trickle keeps at most maxInFlight requests out',
    skew: 250, up: 400, down: 350, jitter: jitterOf(60, 0.8), seed: 31, durationMs: 12_000,
    marks: [{ at: 300, stepped: 0, resync: true, note: 'resync() with the first burst unanswered' }],
  },
  {
    name: 'slew',
    about: 'the time source moves 40 ms (below stepMs): slewed at slewPerSecond, never jumped, and there once the old samples leave the window',
    skew: 0, up: 30, down: 30, jitter: jitterOf(1, 0.5), seed: 23, durationMs: 50_000, checkEveryMs: 1000,
    marks: [{ at: 3000, stepped: -40, note: 'server − local moves by +40 ms' }],
  },
];

function run(scenario) {
  const { skew = 0, drift = 0, up, down, jitter = () => 0, lost = () => false, seed, options = {} } = scenario;
  const loop = createEventLoop(T0);
  const random = rng(seed);
  const events = [];
  const network = []; // every fetchTime: [sent, answered or null, server t], true times: the shell replay's script
  const draws = [];   // every random() the clock took, in order
  const dev = {
    stepped: 0,
    now: () => T0 + (loop.now() - T0) * (1 + drift / 1e6) + skew + dev.stepped,
    fetchTime: () => new Promise((resolve) => {
      const call = [loop.now(), null, null];
      network.push(call);
      if (lost(random, loop.now())) return; // never settles, like a dropped packet
      loop.setTimeout(() => {
        const t = loop.now();
        call[2] = t;
        if (lost(random, t)) return;
        loop.setTimeout(() => { call[1] = loop.now(); resolve(t); }, down + jitter(random, t));
      }, up + jitter(random, loop.now()));
    }),
  };
  const clock = createClock({
    now: dev.now, fetchTime: dev.fetchTime, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, options,
    random: () => { const r = random(); draws.push(r); return r; },
    trace: (event, expect) => events.push(expect ? { ...event, expect } : event),
  });
  return (async () => {
    clock.start();
    const marks = [...(scenario.marks ?? [])];
    const every = scenario.checkEveryMs ?? Infinity; // (⌊t/∞⌋ + 1) × ∞ = ∞: no checks
    for (let t = 0; t < scenario.durationMs;) {
      const next = Math.min(scenario.durationMs, marks.length ? marks[0].at : Infinity, (Math.floor(t / every) + 1) * every);
      await loop.runUntil(T0 + next);
      t = next;
      if (marks.length && marks[0].at === t) {
        const mark = marks.shift();
        dev.stepped = mark.stepped;
        if (mark.resync) clock.resync();
        events.push({ note: mark.note, at: dev.now() });
      }
      if (Number.isFinite(every) && t % every === 0) {
        events.push({ check: dev.now(), expect: { offset: clock.offset(), uncertainty: clock.uncertainty(), ready: clock.ready } });
      }
    }
    clock.stop();
    return { events, network: network.map(([sent, answered, t]) => [sent, answered, answered === null ? null : t]), draws };
  })();
}

/** One JSON value a line: a change to clock.js shows as a readable diff. */
const lines = (values) => `[\n${values.map((v) => `  ${JSON.stringify(v)}`).join(',\n')}\n ]`;

/** The trace files, name → text. */
export async function recordAll() {
  const files = {};
  for (const s of SCENARIOS) {
    const { events, network, draws } = await run(s);
    const head = {
      name: s.name, about: s.about, options: s.options ?? {}, start: T0, durationMs: s.durationMs,
      checkEveryMs: s.checkEveryMs ?? null, device: { skew: s.skew ?? 0, drift: s.drift ?? 0 }, marks: s.marks ?? [],
    };
    const fields = Object.entries(head).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    fields.push(` "events": ${lines(events)}`, ` "network": ${lines(network)}`, ` "random": ${JSON.stringify(draws)}`);
    files[`${s.name}.json`] = `{\n${fields.join(',\n')}\n}\n`;
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('./traces/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(await recordAll())) writeFileSync(new URL(name, dir), text);
  console.log(`wrote ${SCENARIOS.length} traces to testdata/clock/traces/`);
}
