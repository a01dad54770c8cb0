import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventLoop } from './events.js';
import { createOrigin, createEdge } from './model.js';

const state = (version) => ({ v: 1, version, published_at: 0, cues: [{ effective_at: 0, mode: 'solid', color: '#FF0000' }] });

/** Asks the cache for the pointer at each simulated time; returns [time asked, version served, ms it took]. */
async function ask(loop, cache, times) {
  const seen = [];
  for (const t of times) {
    loop.setTimeout(() => {
      const sent = loop.now();
      cache.get('live/pointer.json').then((r) => seen.push([t, JSON.parse(r.body).version, loop.now() - sent]));
    }, t - loop.now());
  }
  await loop.runUntil(Math.max(...times) + 200);
  return seen.sort((a, b) => a[0] - b[0]);
}

test('an edge serves the pointer fresh for 1 s from when it asked the origin, then stale for one refresh without making anyone wait', async () => {
  const loop = createEventLoop(0);
  const origin = createOrigin();
  const edge = createEdge(loop, origin);
  origin.publish(state(1), 1000, 0);
  loop.setTimeout(() => origin.publish(state(2), 1000, 500), 500);
  const seen = await ask(loop, edge, [0, 600, 990, 1010, 1020, 1040, 1100]);
  assert.deepEqual(seen.map(([t, v]) => [t, v]), [[0, 1], [600, 1], [990, 1], [1010, 1], [1020, 1], [1040, 2], [1100, 2]]);
  assert.equal(seen[0][2], 25, 'the first request waits for the origin');
  assert.ok(seen.slice(1).every(([, , took]) => took === 0), 'stale-while-revalidate: nobody else waits');
  // freshness counts from the request to the origin (t = 0), not from its answer (t = 25): the refresh starts at
  // 1010, so 1040 already has version 2
  assert.equal(origin.requests, 2, 'one origin fetch per expiry (request collapsing)');
});

test('the inline state rides in the pointer only up to the publisher\'s limit', () => {
  const origin = createOrigin({ inlineMaxBytes: 200 });
  origin.publish(state(1), 1000, 0);
  assert.deepEqual(JSON.parse(origin.get('live/pointer.json').body).inline, state(1));
  const big = { ...state(2), cues: Array.from({ length: 10 }, (_, i) => ({ effective_at: i, mode: 'solid', color: '#00FF00' })) };
  origin.publish(big, 1000, 0);
  assert.equal(JSON.parse(origin.get('live/pointer.json').body).inline, undefined);
});

test('behind a regional edge cache a pointer can be up to ~2 s old: the regional copy\'s Age is whole seconds', async () => {
  const loop = createEventLoop(0);
  const origin = createOrigin();
  const regional = createEdge(loop, origin);
  const edge = createEdge(loop, regional);
  origin.publish(state(1), 1000, 0);
  loop.setTimeout(() => origin.publish(state(2), 1000, 100), 100);
  await ask(loop, regional, [0]);                 // the regional cache holds version 1 from t = 0
  const seen = await ask(loop, edge, [900, 1500, 1800, 1950, 2000, 2100]);
  // at 900 the regional copy is 0.9 s old, sent with "Age: 0": the edge keeps it fresh until ~1.9 s
  assert.deepEqual(seen.filter(([t]) => t <= 1800).map(([, v]) => v), [1, 1, 1]);
  assert.equal(seen.at(-1)[1], 2, 'version 2 (published at 0.1 s) reaches phones by 2.1 s');
});
