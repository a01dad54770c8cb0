import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScheduler } from './scheduler.js';
import { frameAt } from './show.js';
import { createEventLoop } from '../../sim/events.js';

const E = 1_767_225_600_000;

/** A display refreshing every `frameMs` from `phase`, a timer that fires `timerLateMs` late. */
function setup(state, { offset = 0, frameMs = 1000 / 60, phase = 3, timerLateMs = 0, callbackLateMs = 0 } = {}) {
  const loop = createEventLoop(E);
  const renders = [];
  // callbackLateMs: a busy main thread runs each frame's callbacks this long after the frame began.
  const raf = (fn) => {
    let k = Math.floor((loop.now() - E - phase) / frameMs) + 1;
    if (E + phase + k * frameMs - loop.now() < 0.5) k += 1; // the frame being drawn now is gone
    const at = E + phase + k * frameMs;
    loop.setTimeout(() => fn(at - E), at - loop.now() + callbackLateMs);
  };
  const sched = createScheduler({
    serverNow: () => loop.now() + offset,
    compute: (t) => frameAt(state.current, t, 7),
    render: (color) => renders.push({ color, at: loop.now() }),
    setTimeout: (fn, ms) => loop.setTimeout(fn, ms + (typeof timerLateMs === 'function' ? timerLateMs() : timerLateMs)),
    clearTimeout: loop.clearTimeout,
    requestAnimationFrame: raf,
    frameAge: (ts) => loop.now() - E - ts,
  });
  return { loop, renders, sched };
}

test('a change lands on the frame nearest effective_at', async () => {
  for (const phase of [0, 4, 8.3, 12, 16]) {
    const state = { current: { version: 1, cues: [{ effective_at: E + 2000, mode: 'solid', color: '#FF0000' }] } };
    const { loop, renders, sched } = setup(state, { phase });
    sched.start();
    await loop.advance(3000);
    assert.deepEqual(renders.map((r) => r.color), ['#000000', '#FF0000']);
    assert.ok(Math.abs(renders[1].at - (E + 2000)) <= 1000 / 120 + 1e-9, `phase ${phase}: landed ${renders[1].at - E - 2000} ms off`);
  }
});

test('a timer that fires 80 ms late still lands on time, thanks to the early wake-up', async () => {
  const state = { current: { version: 1, cues: [{ effective_at: E + 1500, mode: 'solid', color: '#00FF00' }] } };
  const { loop, renders, sched } = setup(state, { timerLateMs: 80 });
  sched.start();
  await loop.advance(2000);
  assert.ok(Math.abs(renders.at(-1).at - (E + 1500)) <= 8.34);
  assert.equal(sched.stats().late, 0);
});

test('the switch follows the server clock, not the local one', async () => {
  const state = { current: { version: 1, cues: [{ effective_at: E + 5000, mode: 'solid', color: '#0000FF' }] } };
  const { loop, renders, sched } = setup(state, { offset: 1200 }); // server is 1.2 s ahead of us
  sched.start();
  await loop.advance(6000);
  assert.ok(Math.abs(renders.at(-1).at - (E + 3800)) <= 8.34);
});

test('a cue that arrives late applies at once and joins a strobe in phase', async () => {
  const state = { current: null };
  const { loop, renders, sched } = setup(state);
  sched.start();
  await loop.advance(1000);
  state.current = { version: 2, cues: [{ effective_at: E - 10_000, mode: 'strobe', color: '#FFFFFF', period_ms: 1000 }] };
  sched.refresh(); // at E + 1000: 11 s into the strobe, first half of a period: white
  assert.equal(renders.at(-1).color, '#FFFFFF');
  assert.equal(renders.at(-1).at, E + 1000);
  await loop.advance(2100);
  // edges at E+1500 (black), E+2000 (white), E+2500 (black), E+3000 (white)
  const edges = renders.slice(-4).map((r) => Math.round(r.at - E));
  for (const [i, want] of [1500, 2000, 2500, 3000].entries()) assert.ok(Math.abs(edges[i] - want) <= 9, `${edges}`);
});

test('only the cue in force is shown after a long gap: no backlog replay', async () => {
  const state = { current: { version: 1, cues: [{ effective_at: E, mode: 'solid', color: '#111111' }] } };
  const { loop, renders, sched } = setup(state);
  sched.start();
  state.current = { version: 3, cues: [
    { effective_at: E + 100, mode: 'solid', color: '#222222' },
    { effective_at: E + 600, mode: 'solid', color: '#333333' },
    { effective_at: E + 1100, mode: 'solid', color: '#444444' }] };
  await loop.advance(5000); // as if the tab slept: nothing ran
  renders.length = 0;
  sched.refresh();
  assert.deepEqual(renders.map((r) => r.color), ['#444444']);
});

test('timers seen firing 450 ms late make the scheduler wake earlier, so the next change lands on time', async () => {
  // A 4×-throttled CPU or a power-saving mode: every timer fires 450 ms late, more than the usual 300 ms margin.
  const state = { current: { version: 1, cues: [
    { effective_at: E + 1500, mode: 'solid', color: '#00FF00' },
    { effective_at: E + 4000, mode: 'solid', color: '#0000FF' },
    { effective_at: E + 6000, mode: 'solid', color: '#FF0000' }] } };
  const { loop, renders, sched } = setup(state, { timerLateMs: 450 });
  sched.start();
  await loop.advance(7000);
  const at = (color) => renders.find((r) => r.color === color).at - E;
  assert.ok(at('#00FF00') > 1500 + 100, `the first change, before any late timer was seen, is late: ${at('#00FF00')}`);
  assert.ok(Math.abs(at('#0000FF') - 4000) <= 8.34, `second change at ${at('#0000FF')}`);
  assert.ok(Math.abs(at('#FF0000') - 6000) <= 8.34, `third change at ${at('#FF0000')}`);
  assert.ok(sched.earlyMs() <= 2000, 'the margin stays bounded');
});

test('punctual timers keep the usual margin: no extra frames are asked for', async () => {
  const state = { current: { version: 1, cues: [
    { effective_at: E + 1500, mode: 'solid', color: '#00FF00' }, { effective_at: E + 4000, mode: 'solid', color: '#0000FF' }] } };
  const { loop, sched } = setup(state);
  sched.start();
  await loop.advance(5000);
  assert.equal(sched.earlyMs(), 300);
  assert.ok(sched.stats().frames <= 2 * Math.ceil(300 / (1000 / 60)) + 4, `${sched.stats().frames} frames`);
});

test('frame callbacks run 40 ms late (a blocked main thread): the change is made on the callback nearest effective_at', async () => {
  // Such a callback has missed its own frame: what it changes goes out with the next one, not at the frame's timestamp.
  for (const phase of [0, 6, 12]) {
    const state = { current: { version: 1, cues: [{ effective_at: E + 2000, mode: 'solid', color: '#FF0000' }] } };
    const { loop, renders, sched } = setup(state, { phase, callbackLateMs: 40 });
    sched.start();
    await loop.advance(3000);
    const made = renders.at(-1).at - E;
    assert.ok(Math.abs(made - 2000) <= 1000 / 120 + 1e-9, `phase ${phase}: made ${made - 2000} ms off`);
  }
});

test('callbacks a few ms late still go out on their own frame, judged by its timestamp', async () => {
  const state = { current: { version: 1, cues: [{ effective_at: E + 2000, mode: 'solid', color: '#FF0000' }] } };
  const { loop, renders, sched } = setup(state, { phase: 4, callbackLateMs: 6 });
  sched.start();
  await loop.advance(3000);
  // Frames begin at E + 4 + k·16.67: the one nearest E + 2000 begins at E + 2004, its callback runs at E + 2010.
  assert.ok(Math.abs(renders.at(-1).at - E - 2010) < 0.5, `made at ${renders.at(-1).at - E}`);
});
