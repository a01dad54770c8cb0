import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { sample, estimate, createClock, createDiscipline, resyncMsFor, CLOCK_DEFAULTS } from './clock.js';
import { recordAll } from '../../testdata/clock/record.js';
import { createEventLoop } from '../../sim/events.js';
import { rng, logNormal } from '../../sim/model.js';

const T0 = 1_767_225_600_000;

/**
 * A phone whose local clock is `skew` ms off (plus `drift` ppm) and whose /time requests take
 * `up` ms to the server and `down` ms back, plus random extra delay and loss. loop.now() is true time.
 */
function device(loop, { skew = 0, drift = 0, up = 40, down = 40, jitter = () => 0, lost = () => false, seed = 1, options = {} } = {}) {
  const random = rng(seed);
  const dev = {
    skew,
    stepped: 0,
    now: () => T0 + (loop.now() - T0) * (1 + drift / 1e6) + dev.skew + dev.stepped,
    fetchTime: () => new Promise((resolve) => {
      if (lost(random)) return; // never settles, like a dropped packet
      loop.setTimeout(() => {
        const t = loop.now();
        if (lost(random)) return;
        loop.setTimeout(() => resolve(t), down + jitter(random));
      }, up + jitter(random));
    }),
    /** true server − local offset right now */
    truth: () => loop.now() - dev.now(),
  };
  dev.clock = createClock({
    now: dev.now, fetchTime: dev.fetchTime, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, random, options,
  });
  return dev;
}

const jitterOf = (median, sigma) => (random) => logNormal(random, median, sigma);

test('sample: offset is server time minus the midpoint, rtt the round trip', () => {
  assert.deepEqual(sample(1000, 6050, 1100), { offset: 5000, rtt: 100, at: 1100 });
});

test('estimate: the middle of the intersection of every offset ± rtt/2, its half-width the uncertainty', () => {
  const samples = [
    { offset: 500, rtt: 1200, at: 1 },  // slow and lopsided: its interval is wide and constrains nothing
    { offset: 10, rtt: 20, at: 2 },     // [0, 20]
    { offset: 14, rtt: 20, at: 3 },     // [4, 24]
    { offset: 300, rtt: 700, at: 4 },
    { offset: 11, rtt: 21, at: 5 },     // [0.5, 21.5]
  ];
  const e = estimate(samples, { driftPpm: 0 });
  assert.equal(e.offset, 12); // [4, 20]: the quickest uplink and the quickest downlink came from different samples
  assert.equal(e.spread, 16);
  assert.equal(e.uncertainty, 8);
  assert.equal(e.rtt, 20);
  assert.equal(e.count, 5);
  assert.equal(e.used, 5);
  assert.equal(e.lowGap, 3.5);  // runner-up lower edge 0.5
  assert.equal(e.highGap, 1.5); // runner-up upper edge 21.5
  assert.equal(estimate([]), null);
  assert.equal(estimate([{ offset: NaN, rtt: 1, at: 0 }]), null);
});

test('estimate: samples that contradict newer ones belong to a clock that stepped and are dropped', () => {
  const e = estimate([
    { offset: 0, rtt: 10, at: 1 },
    { offset: 1, rtt: 10, at: 2 },
    { offset: 500, rtt: 10, at: 3 }, // the local clock stepped by 500 ms here
    { offset: 502, rtt: 10, at: 4 },
  ], { driftPpm: 0 });
  assert.equal(e.used, 2);
  assert.equal(e.offset, 501);
});

test('estimate: old samples widen by the drift allowance, so they hold the estimate back less', () => {
  const samples = [{ offset: 0, rtt: 10, at: 0 }, { offset: 4, rtt: 10, at: 60_000 }];
  assert.equal(estimate(samples, { driftPpm: 0 }).offset, 2);   // [−5, 5] ∩ [−1, 9] = [−1, 5]
  assert.equal(estimate(samples, { driftPpm: 100 }).offset, 4); // 60 s old: [−11, 11], no longer an edge
});

for (const skew of [5000, -5000]) {
  test(`clock: skew ${skew} ms on a symmetric path is found within 2 ms and ready within 2 s`, async () => {
    const loop = createEventLoop(T0);
    const dev = device(loop, { skew, up: 45, down: 45, jitter: jitterOf(2, 0.8) });
    assert.equal(dev.clock.offset(), null);
    dev.clock.start();
    await loop.advance(2000);
    assert.equal(dev.clock.ready, true);
    assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2, `error ${dev.clock.offset() - dev.truth()}`);
    assert.ok(dev.clock.uncertainty() >= Math.abs(dev.clock.offset() - dev.truth()));
    assert.ok(dev.clock.rtt() >= 90 && dev.clock.rtt() < 100);
    dev.clock.stop();
  });
}

test('clock: an asymmetric path is off by exactly its floor (up − down)/2 and no more', async () => {
  const loop = createEventLoop(T0);
  const dev = device(loop, { skew: 3210, up: 150, down: 30, jitter: jitterOf(3, 1) });
  dev.clock.start();
  await loop.advance(5000);
  const floor = (150 - 30) / 2;
  const err = dev.clock.offset() - dev.truth();
  assert.ok(Math.abs(err - floor) < 4, `error ${err}, floor ${floor}`);
  assert.ok(dev.clock.uncertainty() >= Math.abs(err), 'uncertainty covers the asymmetry');
  dev.clock.stop();
});

test('clock: heavy jitter and 15 % loss, including requests that never settle, still sync within 10 ms', async () => {
  const loop = createEventLoop(T0);
  const dev = device(loop, {
    skew: -4321, drift: 80, up: 60, down: 60, jitter: jitterOf(8, 1.2), lost: (r) => r() < 0.075, seed: 7,
  });
  dev.clock.start();
  await loop.advance(10_000);
  assert.equal(dev.clock.ready, true);
  const errors = [];
  for (let i = 0; i < 60; i++) {
    await loop.advance(1000);
    errors.push(Math.abs(dev.clock.offset() - dev.truth()));
  }
  assert.ok(Math.max(...errors) < 10, `max error ${Math.max(...errors)}`);
  dev.clock.stop();
});

test('clock: with no answers at all it stays unready, offset null, and syncs once the network returns', async () => {
  const loop = createEventLoop(T0);
  let offline = true;
  const dev = device(loop, { skew: 2000, lost: () => offline });
  dev.clock.start();
  await loop.advance(60_000);
  assert.equal(dev.clock.ready, false);
  assert.equal(dev.clock.offset(), null);
  offline = false;
  await loop.advance(15_000);
  assert.equal(dev.clock.ready, true);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2);
  dev.clock.stop();
});

test('clock: a wall-clock step of 2 s is caught by the next re-sync and corrected, not slewed for minutes', async () => {
  const loop = createEventLoop(T0);
  const dev = device(loop, { skew: 100, up: 30, down: 30, jitter: jitterOf(1, 0.5) });
  dev.clock.start();
  await loop.advance(3000);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2);
  dev.stepped = 2000;
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) > 1900, 'the step is visible before a re-sync');
  await loop.advance(11_000 + 2000);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2, `error ${dev.clock.offset() - dev.truth()}`);
  assert.ok(dev.clock.stats().steps >= 2);
  dev.clock.stop();
});

test('clock: resync() after a sleep re-anchors at once', async () => {
  const loop = createEventLoop(T0);
  const dev = device(loop, { skew: 0, up: 30, down: 30 });
  dev.clock.start();
  await loop.advance(3000);
  dev.stepped = -30_000; // performance.now() stood still during 30 s of sleep
  dev.clock.resync();
  await loop.advance(200);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2);
  dev.clock.stop();
});

test('clock: a small correction is slewed at no more than 10 ms per second', async () => {
  const loop = createEventLoop(T0);
  const dev = device(loop, { skew: 0, up: 30, down: 30 });
  dev.clock.start();
  await loop.advance(3000);
  dev.stepped = -40; // 40 ms: below the step threshold (an edge /time server whose clock is a little off)
  let prev = dev.clock.offset();
  let maxMove = 0;
  for (let i = 0; i < 450; i++) {
    await loop.advance(100);
    maxMove = Math.max(maxMove, Math.abs(dev.clock.offset() - prev));
    prev = dev.clock.offset();
  }
  assert.ok(maxMove <= 1.0001, `moved ${maxMove} ms in 100 ms`);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2, 'and it got there once the old samples left the window');
  dev.clock.stop();
});

test('clock: start-up requests are pipelined, so a 400 ms round trip is ready in about one round trip', async () => {
  const loop = createEventLoop(T0);
  let readyAt = null;
  const dev = device(loop, { skew: -2500, up: 250, down: 150, jitter: jitterOf(3, 1) });
  const clock = createClock({
    now: dev.now, fetchTime: dev.fetchTime, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, random: rng(3),
    onChange: () => { if (clock.ready && readyAt === null) readyAt = loop.now() - T0; },
  });
  clock.start();
  await loop.advance(3000);
  assert.ok(readyAt !== null && readyAt < 1000, `ready after ${readyAt} ms`);
  const err = clock.offset() - (loop.now() - dev.now());
  assert.ok(Math.abs(err - 50) < 2.5, `error ${err}, floor 50`);
  clock.stop();
});

test('clock: a congestion burst at start-up holds ready back until the queue drains, then lands within 2.5 ms', async () => {
  const loop = createEventLoop(T0);
  let congested = true;
  const dev = device(loop, { skew: 900, up: 20, down: 20, jitter: (r) => logNormal(r, 3, 1) + (congested ? logNormal(r, 250, 0.8) : 0) });
  dev.clock.start();
  await loop.advance(4000);
  assert.equal(dev.clock.ready, false, 'not ready on a congested path');
  assert.ok(dev.clock.offset() !== null, 'but a provisional offset is in use');
  congested = false;
  await loop.advance(2000);
  assert.equal(dev.clock.ready, true);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2.5, `error ${dev.clock.offset() - dev.truth()}`);
  dev.clock.stop();
});

test('clock: a resyncMs function sets each wait, so an idle phone asks /time a third as often', async () => {
  const loop = createEventLoop(T0);
  let idle = false;
  const dev = device(loop, { skew: 1200, up: 30, down: 30, options: { resyncMs: () => resyncMsFor(idle ? 20_000 : 1_000) } });
  dev.clock.start();
  await loop.advance(5_000);
  const show = dev.clock.stats().resyncs;
  await loop.advance(120_000);
  const inShow = dev.clock.stats().resyncs - show;
  idle = true;
  await loop.advance(11_000); // the wait already begun still uses the show interval
  const idleStart = dev.clock.stats().resyncs;
  await loop.advance(120_000);
  const inIdle = dev.clock.stats().resyncs - idleStart;
  assert.ok(inShow >= 10 && inShow <= 13, `show mode: ${inShow} re-syncs in 120 s`);
  assert.ok(inIdle >= 3 && inIdle <= 5, `idle: ${inIdle} re-syncs in 120 s`);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) < 2, 'still synced');
  dev.clock.stop();
});

test('clock: stop() cancels every timer it set', async () => {
  const loop = createEventLoop(T0);
  const dev = device(loop, { skew: 0, up: 30, down: 30 });
  dev.clock.start();
  await loop.advance(500);
  dev.clock.stop();
  const before = dev.clock.stats().samples;
  await loop.advance(60_000);
  assert.equal(dev.clock.stats().samples, before);
});

test('estimate: the shared vectors (the control API runs the same estimator in Java)', async () => {
  const { cases } = JSON.parse(await readFile(new URL('../../testdata/clock/estimates.json', import.meta.url), 'utf8'));
  for (const c of cases) {
    const e = estimate(c.samples.map((s) => ({ ...s, offset: s.offset ?? NaN })), { driftPpm: c.driftPpm, ...(c.at === undefined ? {} : { at: c.at }) });
    const got = e && { offset: e.offset, spread: e.spread, rtt: e.rtt, count: e.count, used: e.used, low_gap: e.lowGap, high_gap: e.highGap, queue: e.queue };
    assert.deepEqual(JSON.parse(JSON.stringify(got)), c.expected, c.name);
  }
});

test('clock: a steadily noisy path (a queue that never drains) is still ready within 10 s, with an honest uncertainty', async () => {
  const loop = createEventLoop(T0);
  const dev = device(loop, { skew: -700, up: 30, down: 30, jitter: jitterOf(40, 0.6), seed: 5 });
  let readyAt = null;
  for (let t = 0; t < 15_000 && readyAt === null; t += 100) {
    if (t === 0) dev.clock.start();
    await loop.advance(100);
    if (dev.clock.ready) readyAt = t + 100;
  }
  assert.ok(readyAt !== null && readyAt <= 10_000, `ready after ${readyAt} ms`);
  assert.ok(Math.abs(dev.clock.offset() - dev.truth()) <= dev.clock.uncertainty(), 'the truth lies within the uncertainty');
  dev.clock.stop();
});

test('clock: a re-anchor while answers are still on their way never lets more than maxInFlight trickle out', async () => {
  const loop = createEventLoop(T0);
  const random = rng(29);
  let outstanding = 0;
  let most = 0;
  // Slow answers that never agree (every edge a lucky reply): the gate keeps failing and the clock keeps trickling.
  const fetchTime = () => new Promise((resolve) => {
    outstanding += 1;
    loop.setTimeout(() => { outstanding -= 1; resolve(loop.now() + 400 * random()); }, 1500);
  });
  const clock = createClock({ now: loop.now, fetchTime, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, random });
  clock.start();
  await loop.advance(300); // the first burst's 12 requests are all out
  clock.resync();          // and the second's go out before any of them answers
  await loop.advance(2100 - 300);
  for (let t = 2100; t < 5000; t += 10) { // both bursts answered: only the trickle is out now
    await loop.advance(10);
    most = Math.max(most, outstanding);
  }
  assert.ok(most <= CLOCK_DEFAULTS.maxInFlight, `${most} requests out at once`);
  clock.stop();
});

test('defaults: CLOCK_DEFAULTS are testdata/clock/defaults.json (the control API pins its SyncOptions to it too)', async () => {
  const shared = JSON.parse(await readFile(new URL('../../testdata/clock/defaults.json', import.meta.url), 'utf8'));
  assert.deepEqual({ ...CLOCK_DEFAULTS }, shared.clock);
});

const TRACES = new URL('../../testdata/clock/traces/', import.meta.url);

/** Replays one recorded trace on a fresh discipline; returns the first event whose decision differs. */
function replay(trace, tolerance) {
  const d = createDiscipline(trace.options);
  for (const [i, e] of trace.events.entries()) {
    let got;
    if ('anchor' in e) d.anchor(e.anchor);
    else if ('sample' in e) got = d.observe(sample(...e.sample), e.sample[2]);
    else if ('lost' in e) got = d.observe(null, e.lost);
    else if ('check' in e) got = { offset: d.offset(e.check), uncertainty: d.uncertainty(e.check), ready: d.ready };
    if (!e.expect) continue;
    for (const [k, want] of Object.entries(e.expect)) {
      const same = typeof want === 'number' && typeof got[k] === 'number' ? Math.abs(want - got[k]) <= tolerance : want === got[k];
      if (!same) return `event ${i} (${JSON.stringify(e)}): ${k} ${JSON.stringify(got[k])}`;
    }
  }
  return null;
}

test('traces: the discipline makes every decision recorded in testdata/clock/traces (the control API replays them too)', async () => {
  const names = (await readdir(TRACES)).filter((f) => f.endsWith('.json')).sort();
  assert.ok(names.length >= 8, `traces: ${names}`);
  for (const name of names) {
    const trace = JSON.parse(await readFile(new URL(name, TRACES), 'utf8'));
    assert.equal(replay(trace, 1e-6), null, name);
  }
});

test('traces: the recorded files are what clock.js does today (node testdata/clock/record.js rewrites them)', async () => {
  for (const [name, text] of Object.entries(await recordAll())) {
    assert.equal(await readFile(new URL(name, TRACES), 'utf8'), text, `${name} is stale: run node testdata/clock/record.js`);
  }
});
