// What WebKit on iPhones does to a page, which the desktop engines in tests/browser cannot show, played on the real
// player with injected timers, frames and clocks:
// - a 30 Hz display (Low Power Mode, or ProMotion idling): strobe edges must come from synced time, never frame counts;
// - the page asleep in the background (timers and frames suspended, and on a device sleep performance.now() stops
//   too while the wall clock goes on): on return it must re-sync and re-poll at once, whichever event says it is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScheduler } from './scheduler.js';
import { createPlayer } from './player.js';
import { watchResume } from './lifecycle.js';
import { frameAt } from './show.js';
import { createEventLoop } from '../../sim/events.js';

const E = 1_767_225_600_000;
const HZ30 = 1000 / 30;

/** A display refreshing every frameMs from `phase`, except in the stalls given as [from, to) ms after E. */
function display(loop, { frameMs = HZ30, phase = 5, stalls = [] } = {}) {
  return (fn) => {
    let k = Math.floor((loop.now() - E - phase) / frameMs) + 1;
    if (E + phase + k * frameMs - loop.now() < 0.5) k += 1;
    let at = E + phase + k * frameMs;
    for (const [from, to] of stalls) {
      if (at - E >= from && at - E < to) at = E + phase + Math.ceil((to - phase) / frameMs) * frameMs;
    }
    loop.setTimeout(() => fn(at - E), at - loop.now());
  };
}

test('30 Hz: every strobe edge of a minute lands within half a frame of its synced instant, with no drift', async () => {
  for (const phase of [0, 11, 29]) {
    const loop = createEventLoop(E);
    const state = { version: 1, cues: [{ effective_at: E + 1000, mode: 'strobe', color: '#FFFFFF', period_ms: 600 }] };
    const renders = [];
    const sched = createScheduler({
      serverNow: () => loop.now(), compute: (t) => frameAt(state, t, 1), render: (color) => renders.push({ color, at: loop.now() }),
      setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, requestAnimationFrame: display(loop, { phase }),
      frameAge: (ts) => loop.now() - E - ts,
    });
    sched.start();
    await loop.advance(61_000);
    sched.stop();
    assert.ok(Math.abs(sched.frameMs() - HZ30) < 0.5, `the scheduler sees a 30 Hz display: ${sched.frameMs()}`);
    const edges = renders.filter((r) => r.at >= E + 1000 - HZ30 && r.at < E + 60_900);
    assert.equal(edges.length, 200, 'every edge of 60 s at 300 ms per half period');
    const errs = edges.map((r, k) => r.at - (E + 1000 + k * 300));
    for (const [k, r] of edges.entries()) assert.equal(r.color, k % 2 === 0 ? '#FFFFFF' : '#000000');
    assert.ok(errs.every((x) => Math.abs(x) <= HZ30 / 2 + 1e-6), `phase ${phase}: worst ${Math.max(...errs.map(Math.abs)).toFixed(2)} ms`);
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean(errs.slice(-20)) - mean(errs.slice(0, 20))) < 2, 'the last edges are as close as the first: no drift');
  }
});

test('30 Hz with frames dropped and a 1.1 s stall: the strobe comes back in phase, not behind by the frames missed', async () => {
  const loop = createEventLoop(E);
  const state = { version: 1, cues: [{ effective_at: E + 1000, mode: 'strobe', color: '#FF0000', period_ms: 600 }] };
  const renders = [];
  const sched = createScheduler({
    serverNow: () => loop.now(), compute: (t) => frameAt(state, t, 1), render: (color) => renders.push({ color, at: loop.now() }),
    setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout,
    // short drops (2-3 frames) now and then, and one long stall: a busy main thread on an old iPhone
    requestAnimationFrame: display(loop, { stalls: [[3000, 3090], [5000, 5070], [7000, 8100], [9500, 9600]] }),
    frameAge: (ts) => loop.now() - E - ts,
  });
  sched.start();
  await loop.advance(12_000);
  sched.stop();
  // Every colour shown is what the synced time says at the moment it was shown: what a frame counter cannot do.
  for (const r of renders.filter((x) => x.at > E + 1000)) {
    assert.equal(r.color, frameAt(state, r.at, 1).color, `shown at +${r.at - E} ms`);
  }
  // Edges after the stall land where they should, within half a frame.
  const after = renders.filter((r) => r.at > E + 8200 && r.at < E + 9400);
  assert.ok(after.length >= 3);
  for (const r of after) {
    const since = r.at - E - 1000;
    const off = since - Math.round(since / 300) * 300;
    assert.ok(Math.abs(off) <= HZ30 / 2 + 1e-6, `edge at +${r.at - E} is ${off.toFixed(1)} ms from its instant`);
  }
});

/**
 * A phone whose page the test can put to sleep as iOS does. Nothing of the page runs while it sleeps (timers, frames,
 * network callbacks). Timers count on the monotonic clock: after an app switch (the device awake) the ones that came
 * due run at once on return; in a device sleep the monotonic clock stops too (performance.now() does not count a device
 * sleep on iOS), so the local clock comes back behind the wall clock by the time slept and pending timers resume where
 * they were: a periodic re-sync due in 7 s is still 7 s away.
 * @param {{ resume?: boolean }} opts resume: false leaves the lifecycle unwired (the control: what the app would do without it)
 */
function sleepyPhone(loop, server, { resume = true } = {}) {
  let asleep = false;
  let paused = 0;       // monotonic ms lost to device sleeps
  let sleptAt = null;
  let deviceSleep = false;
  const now = () => (sleptAt !== null && deviceSleep ? sleptAt : loop.now()) - paused; // the page's monotonic clock
  const timers = new Map(); // id → { due (monotonic), fn, loopId }
  let nextId = 0;
  const arm = (id) => {
    const t = timers.get(id);
    t.loopId = loop.setTimeout(() => { timers.delete(id); t.fn(); }, Math.max(0, t.due - now()));
  };
  const setT = (fn, ms) => {
    const id = ++nextId;
    timers.set(id, { due: now() + Math.max(0, ms), fn });
    if (!asleep) arm(id);
    return id;
  };
  const clearT = (id) => { const t = timers.get(id); if (t) { loop.clearTimeout(t.loopId); timers.delete(id); } };
  const later = (ms, value) => new Promise((resolve) => setT(() => resolve(value()), ms));
  const counts = { time: 0, pointer: 0, state: 0 };
  const renders = [];
  const fetch = (url) => {
    counts[url.startsWith('live/') ? 'pointer' : 'state'] += 1;
    return later(40, () => {
      const body = url.startsWith('live/')
        ? JSON.stringify({ v: 1, version: server.state.version, state: `states/${server.state.version}.json`, poll_ms: 1000, published_at: E })
        : JSON.stringify(server.state);
      return { ok: true, status: 200, headers: { get: () => null }, text: async () => body };
    });
  };
  const player = createPlayer({
    now, fetch,
    fetchTime: () => { counts.time += 1; return later(20, () => loop.now()).then((t) => later(20, () => t)); },
    setTimeout: setT, clearTimeout: clearT, AbortController: null, random: () => 0.5, seat: 1,
    requestAnimationFrame: (fn) => { // 30 Hz, on the wall clock's frame grid
      let wait = HZ30 - ((loop.now() - E) % HZ30);
      if (wait < 0.01) wait += HZ30; // epoch ms carry ~0.2 µs of precision: never a zero-length frame
      return setT(() => fn(now()), wait);
    },
    frameAge: () => 0,
    render: (color) => renders.push({ color, at: loop.now() }),
  });
  const document = new EventTarget();
  document.visibilityState = 'visible';
  const window = new EventTarget();
  const lifecycle = watchResume({
    document, window, wallNow: () => loop.now(),
    setInterval: (fn, ms) => { const tick = () => { fn(); setT(tick, ms); }; return setT(tick, ms); },
    clearInterval: () => {},
    onResume: () => { if (resume) player.resume(); },
  });
  return {
    player, counts, renders, lifecycle, now,
    /** events: what the system tells the page (visibilitychange; none when it freezes the page without a word) */
    sleep({ device = false, events = ['visibilitychange'] } = {}) {
      if (events.includes('visibilitychange')) {
        document.visibilityState = 'hidden';
        document.dispatchEvent(new Event('visibilitychange'));
      }
      asleep = true;
      deviceSleep = device;
      sleptAt = loop.now();
      for (const t of timers.values()) loop.clearTimeout(t.loopId);
    },
    /** events: which of visibilitychange / pageshow the system sends on waking (none: only the page's own tick). */
    wake({ events = ['visibilitychange'] } = {}) {
      if (deviceSleep) paused += loop.now() - sleptAt;
      sleptAt = null;
      asleep = false;
      document.visibilityState = 'visible';
      for (const e of events) {
        if (e === 'visibilitychange') document.dispatchEvent(new Event('visibilitychange'));
        if (e === 'pageshow') window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
      }
      for (const id of [...timers.keys()]) arm(id);
    },
  };
}

/** Phone asleep from +5 s to +65 s; cues published meanwhile: red in force when it wakes, green 1.5 s after. */
async function sleepThrough(loop, phone, server, { device, sleepEvents, wakeEvents, settleMs = 1000 }) {
  phone.player.start();
  await loop.advance(5000);
  assert.equal(phone.player.clock.ready, true);
  assert.ok(Math.abs(phone.player.offset()) < 1, `offset ${phone.player.offset()}`);
  phone.sleep({ device, events: sleepEvents });
  await loop.advance(30_000);
  server.state = { ...server.state, version: 2, cues: [...server.state.cues,
    { effective_at: E + 40_000, mode: 'solid', color: '#FF0000' }, { effective_at: E + 66_500, mode: 'solid', color: '#00FF00' }] };
  await loop.advance(30_000);
  const before = { ...phone.counts };
  const wokeAt = loop.now();
  phone.wake({ events: wakeEvents });
  await loop.advance(settleMs);
  return { before, wokeAt };
}

const newServer = () => ({ state: { v: 1, version: 1, published_at: E, cues: [{ effective_at: E - 1000, mode: 'solid', color: '#202020' }] } });

// Without an event the page's own tick (every second, on the monotonic clock) finds the sleep: up to a second later.
for (const [how, sleepEvents, wakeEvents, withinMs] of [
  ['visibilitychange', ['visibilitychange'], ['visibilitychange'], 1000],
  ['pageshow alone (back-forward cache)', ['visibilitychange'], ['pageshow'], 1000],
  ['no event at all (the page\'s own late tick)', [], [], 2000],
]) {
  test(`a device asleep 60 s, woken with ${how}: it re-syncs and re-polls at once and shows the cue in force`, async () => {
    const loop = createEventLoop(E);
    const server = newServer();
    const phone = sleepyPhone(loop, server);
    const { before, wokeAt } = await sleepThrough(loop, phone, server, { device: true, sleepEvents, wakeEvents, settleMs: withinMs });
    assert.ok(phone.counts.pointer - before.pointer >= 1, 'the pointer was polled on waking');
    assert.ok(phone.counts.time - before.time >= 5, `a full /time burst on waking (${phone.counts.time - before.time} requests)`);
    // The local monotonic clock lost the 60 s the device slept; the re-sync finds them.
    assert.ok(Math.abs(phone.player.offset() - 60_000) < 5, `offset ${phone.player.offset()}`);
    const red = phone.renders.find((r) => r.color === '#FF0000');
    assert.ok(red && red.at - wokeAt < withinMs, `the cue in force shows within ${withinMs} ms of waking: ${red && red.at - wokeAt} ms`);
    await loop.advance(8000);
    const green = phone.renders.find((r) => r.color === '#00FF00');
    assert.ok(green && Math.abs(green.at - (E + 66_500)) <= HZ30, `the next cue lands on time: ${green && green.at - E - 66_500} ms`);
    const stats = phone.lifecycle.stats();
    assert.equal(stats.visible + stats.pageshow + stats['timers slept'], 1, JSON.stringify(stats));
    phone.player.stop();
  });
}

test('the control: without the resume, a phone back from a device sleep shows a show a minute old until its periodic re-sync', async () => {
  const loop = createEventLoop(E);
  const server = newServer();
  const phone = sleepyPhone(loop, server, { resume: false });
  const { wokeAt } = await sleepThrough(loop, phone, server, { device: true, sleepEvents: ['visibilitychange'], wakeEvents: ['visibilitychange'] });
  assert.ok(Math.abs(phone.player.offset()) < 1, 'the clock still believes no time passed');
  assert.equal(phone.renders.at(-1).color, '#202020', 'the cue in force (red) is not shown: the show is a minute behind');
  await loop.advance(12_000);
  const caught = phone.renders.find((r) => r.at > wokeAt && r.color !== '#202020');
  assert.ok(caught && caught.at - wokeAt > 2000, `it catches up only at its periodic re-sync, seconds later: ${caught && caught.at - wokeAt} ms`);
  assert.ok(caught.at - (E + 66_500) > 1000, 'by then the next cue was due: it lands late');
  phone.player.stop();
});

test('an app switch of 20 s (device awake): timers that came due run on return, and the resume re-syncs at once', async () => {
  const loop = createEventLoop(E);
  const server = newServer();
  const phone = sleepyPhone(loop, server);
  phone.player.start();
  await loop.advance(5000);
  phone.sleep({ device: false });
  server.state = { ...server.state, version: 2, cues: [...server.state.cues, { effective_at: E + 15_000, mode: 'solid', color: '#0000FF' }] };
  await loop.advance(20_000);
  const before = { ...phone.counts };
  const wokeAt = loop.now();
  phone.wake();
  await loop.advance(500);
  assert.ok(phone.counts.time - before.time >= 5, 'a full /time burst');
  assert.ok(Math.abs(phone.player.offset()) < 5, `the clock stayed right: ${phone.player.offset()}`);
  const blue = phone.renders.find((r) => r.color === '#0000FF');
  assert.ok(blue && blue.at - wokeAt < 500, `blue shown ${blue && blue.at - wokeAt} ms after return`);
  phone.player.stop();
});
