import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPlayer } from './player.js';
import { createEventLoop } from '../../sim/events.js';

const T0 = 1_767_225_600_000;
const FRAME_MS = 1000 / 60;

/** A phone `skew` ms off true time, 30 ms each way to a server that serves `server.state`. */
function phone(loop, server, { skew = 0, seat = 3, savedOffset = null, shape } = {}) {
  const now = () => loop.now() + skew;
  const later = (ms, value) => new Promise((resolve) => loop.setTimeout(() => resolve(value()), ms));
  const renders = [];
  const fetch = (url) => later(60, () => {
    const body = url.startsWith('live/')
      ? JSON.stringify({ v: 1, version: server.state.version, state: `states/${server.state.version}.json`, poll_ms: 1000, published_at: T0 })
      : JSON.stringify(server.state);
    return { ok: true, status: 200, headers: { get: () => null }, text: async () => body };
  });
  const player = createPlayer({
    now, fetch, seat, savedOffset, shape,
    fetchTime: () => later(30, () => loop.now()).then((t) => later(30, () => t)),
    setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, AbortController: null,
    requestAnimationFrame: (fn) => {
      let wait = FRAME_MS - ((loop.now() - T0) % FRAME_MS);
      if (wait < 0.01) wait += FRAME_MS; // epoch ms carry ~0.2 µs of precision: never a zero-length frame
      return loop.setTimeout(() => fn(now()), wait);
    },
    random: () => 0.5,
    render: (color, info) => renders.push({ color, at: loop.now(), target: info.target, cue: info.cue }),
  });
  return { player, renders };
}

const solid = (at, color) => ({ effective_at: at, mode: 'solid', color });

test('a phone 5 s slow switches within a frame of effective_at, as the crowd simulator measures it', async () => {
  const loop = createEventLoop(T0);
  const server = { state: { v: 1, version: 1, published_at: T0, cues: [solid(T0 - 1000, '#202020')] } };
  const { player, renders } = phone(loop, server, { skew: -5000 });
  player.start();
  await loop.advance(3000);
  assert.equal(player.clock.ready, true);
  assert.equal(renders.at(-1).color, '#202020');
  server.state = { ...server.state, version: 2, cues: [...server.state.cues, solid(T0 + 6000, '#FF0000')] };
  await loop.advance(5000);
  const sw = renders.find((r) => r.color === '#FF0000');
  assert.ok(Math.abs(sw.at - (T0 + 6000)) <= FRAME_MS / 2 + 1, `switched ${sw.at - T0 - 6000} ms off`);
  assert.equal(sw.target, T0 + 6000);
  assert.equal(sw.cue.color, '#FF0000');
  player.stop();
});

test('a kept offset shows the show before /time answers, and the clock replaces it once it does', async () => {
  const loop = createEventLoop(T0);
  const server = { state: { v: 1, version: 1, published_at: T0, cues: [solid(T0 - 1000, '#00FF00')] } };
  const { player } = phone(loop, server, { skew: 2000, savedOffset: -1990 });
  assert.equal(player.offset(), -1990);
  player.start();
  await loop.advance(3000);
  assert.ok(Math.abs(player.offset() + 2000) < 1, `offset ${player.offset()}`);
  player.stop();
});

test('a cue first heard of after its instant counts as late, and is shown at once', async () => {
  const loop = createEventLoop(T0);
  const server = { state: { v: 1, version: 1, published_at: T0, cues: [solid(T0 - 1000, '#202020')] } };
  const { player, renders } = phone(loop, server);
  player.start();
  await loop.advance(3000);
  server.state = { ...server.state, version: 2, cues: [...server.state.cues, solid(T0 + 3000, '#0000FF')] };
  await loop.advance(2000);
  assert.deepEqual(player.counts(), { late: 1, missed: 0 });
  assert.equal(renders.at(-1).color, '#0000FF');
  player.stop();
});

test('shape runs after the show function and decides what is rendered', async () => {
  const loop = createEventLoop(T0);
  const server = { state: { v: 1, version: 1, published_at: T0, cues: [solid(T0 - 1000, '#FF0000')] } };
  const { player, renders } = phone(loop, server, { shape: (f) => ({ ...f, color: '#000000' }) });
  player.start();
  await loop.advance(3000);
  assert.ok(renders.length > 0 && renders.every((r) => r.color === '#000000'));
  player.stop();
});

test('the test flash lands on a whole server second and then gives the show back', async () => {
  const loop = createEventLoop(T0);
  const server = { state: { v: 1, version: 1, published_at: T0, cues: [solid(T0 - 1000, '#202020')] } };
  const { player, renders } = phone(loop, server, { skew: 777 });
  player.start();
  await loop.advance(2100);
  player.testFlash();
  await loop.advance(2000);
  const flash = renders.find((r) => r.color === '#FFFFFF');
  assert.ok(Math.abs(flash.at - (T0 + 3000)) <= FRAME_MS, `flash at ${flash.at - T0}`);
  assert.equal(renders.at(-1).color, '#202020');
  player.stop();
});

test('a kept state that breaks the contract is dropped, never shown: the phone waits for a valid one (issue 15)', async () => {
  const loop = createEventLoop(T0);
  const server = { state: { v: 1, version: 2, published_at: T0, cues: [solid(T0 - 1000, '#00FF00')] } };
  const renders = [];
  const fetch = (url) => new Promise((resolve) => loop.setTimeout(() => resolve({
    ok: true, status: 200, headers: { get: () => null },
    text: async () => (url.startsWith('live/')
      ? JSON.stringify({ v: 1, version: 2, state: 'states/2.json', poll_ms: 1000, published_at: T0 })
      : JSON.stringify(server.state)),
  }), 30));
  const player = createPlayer({
    now: loop.now, fetch, seat: 3, fetchTime: () => Promise.resolve(loop.now()),
    setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, AbortController: null,
    requestAnimationFrame: (fn) => loop.setTimeout(() => fn(loop.now()), FRAME_MS), random: () => 0.5,
    // a pulse without a colour, as an older app or a hand-edited bucket could have left in localStorage
    state: { v: 1, version: 1, published_at: T0, cues: [{ effective_at: T0 - 5000, mode: 'pulse', period_ms: 1000 }] },
    render: (color) => renders.push(color),
  });
  assert.equal(player.state(), null, 'the broken state is not adopted');
  player.start();
  await loop.advance(3000);
  assert.equal(renders.at(-1), '#00FF00', 'the valid state from the network is shown');
  player.stop();
});
