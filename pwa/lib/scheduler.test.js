import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScheduler } from './scheduler.js';
import { frameAt } from './show.js';
import { createEventLoop } from '../../sim/events.js';

const E = 1_767_225_600_000;

/** A display refreshing every `frameMs` from `phase`, a timer that fires `timerLateMs` late. */
function setup(state, { offset = 0, frameMs = 1000 / 60, phase = 3, timerLateMs = 0 } = {}) {
  const loop = createEventLoop(E);
  const renders = [];
  const raf = (fn) => {
    let k = Math.floor((loop.now() - E - phase) / frameMs) + 1;
    if (E + phase + k * frameMs - loop.now() < 0.5) k += 1; // the frame being drawn now is gone
    const at = E + phase + k * frameMs;
    loop.setTimeout(() => fn(at - E), at - loop.now());
  };
  const sched = createScheduler({
    serverNow: () => loop.now() + offset,
    compute: (t) => frameAt(state.current, t, 7),
    render: (color) => renders.push({ color, at: loop.now() }),
    setTimeout: (fn, ms) => loop.setTimeout(fn, ms + timerLateMs),
    clearTimeout: loop.clearTimeout,
    requestAnimationFrame: raf,
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
