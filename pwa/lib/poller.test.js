import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPoller, parsePointer, parseState, hedgeDelay, POLLER_DEFAULTS } from './poller.js';
import { createEventLoop } from '../../sim/events.js';
import { rng } from '../../sim/model.js';

const E = 1_767_225_600_000;
const pointerOf = (v, poll = 1000) => JSON.stringify({ v: 1, version: v, state: `states/${v}.json`, poll_ms: poll, published_at: E });
const stateOf = (v, color = '#FF0000') => JSON.stringify({ v: 1, version: v, published_at: E,
  cues: [{ effective_at: E + v, mode: 'solid', color }] });

/**
 * A fake origin: `routes[url]` returns { status, body, etag } or 'hang' / 'offline'; every request is
 * logged with the simulated time it was made.
 */
function fakeNetwork(loop, latency = 20) {
  const net = { routes: {}, log: [], offline: false };
  net.fetch = (url, init) => new Promise((resolve, reject) => {
    net.log.push({ url, at: loop.now(), init });
    if (net.offline) { loop.setTimeout(() => reject(new TypeError('Failed to fetch')), latency); return; }
    const r = typeof net.routes[url] === 'function' ? net.routes[url](init) : net.routes[url];
    if (r === 'hang') return;
    const res = r ?? { status: 404, body: 'not found' };
    init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
    loop.setTimeout(() => resolve({
      ok: res.status < 300, status: res.status,
      headers: { get: (h) => (h.toLowerCase() === 'etag' ? res.etag ?? null : null) },
      text: async () => res.body,
    }), res.latency ?? latency);
  });
  return net;
}

function setup({ random = () => 0.5, options } = {}) {
  const loop = createEventLoop(E);
  const net = fakeNetwork(loop);
  const seen = [];
  const polls = [];
  const poller = createPoller({
    fetch: net.fetch, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, random, now: loop.now,
    onState: (s) => seen.push(s.version), onPoll: (p) => polls.push({ ...p, at: loop.now() }), options,
  });
  return { loop, net, seen, polls, poller };
}

const pointerPolls = (net) => net.log.filter((r) => r.url === 'live/pointer.json');

test('fetches a state once per new version and polls the pointer every poll_ms ±10 % with no-store', async () => {
  const { loop, net, seen, poller } = setup({ random: rng(3) });
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1), etag: '"p1"' };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(30_000);
  assert.deepEqual(seen, [1]);
  assert.equal(net.log.filter((r) => r.url === 'states/1.json').length, 1);
  const polls = pointerPolls(net);
  assert.ok(polls.length >= 26 && polls.length <= 33, `${polls.length} polls in 30 s`);
  for (let i = 1; i < polls.length; i++) {
    const gap = polls[i].at - polls[i - 1].at;
    assert.ok(gap >= 900 && gap <= 1100 + 1, `gap ${gap}`); // show mode: from send to send, whatever the answer took
  }
  assert.ok(polls.every((r) => r.init.cache === 'no-store'));
  assert.equal(net.log.find((r) => r.url === 'states/1.json').init.cache, 'default', 'immutable states may come from the browser cache');
  assert.equal(polls[1].init.headers['If-None-Match'], '"p1"', 'conditional GET once a state is held');
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(2), etag: '"p2"' };
  net.routes['states/2.json'] = { status: 200, body: stateOf(2) };
  await loop.advance(1200);
  assert.deepEqual(seen, [1, 2]);
});

test('a failure while idle (poll 20 s) is retried within 4 s, not after another 20 s', async () => {
  const { loop, net, polls, poller } = setup({ random: () => 0.99 });
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1, 20_000) };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(1000);
  net.routes['live/pointer.json'] = { status: 503, body: '' };
  await loop.advance(25_000);
  const failed = polls.filter((p) => !p.ok);
  assert.ok(failed.length >= 1);
  assert.ok(failed.every((p) => p.nextMs <= 4000), `retries in ${failed.map((p) => Math.round(p.nextMs))} ms`);
});

test('follows the pointer poll_ms (idle 20 s) within the allowed bounds', async () => {
  const { loop, net, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1, 20_000) };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(60_500);
  assert.equal(pointerPolls(net).length, 4); // t = 0, 20 s, 40 s, 60 s
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1, 5) };
  await loop.advance(20_000);
  // The publisher never writes poll_ms outside 500..60000: such a pointer is refused like any malformed one
  // (backoff of at most 4 s), never obeyed.
  assert.equal(poller.pollMs(), 20_000, 'a pointer with poll_ms 5 is refused, not followed');
  assert.ok(poller.stats().errors >= 1);
});

test('a 304 means nothing new and fetches no state', async () => {
  const { loop, net, seen, poller } = setup();
  net.routes['live/pointer.json'] = (init) => (init.headers['If-None-Match'] === '"p1"'
    ? { status: 304, body: '' } : { status: 200, body: pointerOf(1), etag: '"p1"' });
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(5000);
  assert.deepEqual(seen, [1]);
  assert.ok(poller.stats().notModified >= 3);
});

test('rollback, malformed pointer, malformed state, 404 and 5xx all keep the last good state', async () => {
  const { loop, net, seen, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(5), etag: '"p5"' };
  net.routes['states/5.json'] = { status: 200, body: stateOf(5) };
  poller.start();
  await loop.advance(500);
  assert.deepEqual(seen, [5]);
  const bad = [
    { status: 200, body: pointerOf(4), etag: '"p4"' },                 // rollback (stale edge copy)
    { status: 200, body: '{"v":1,"version":' },                        // truncated JSON
    { status: 200, body: '{"v":1,"version":"6","state":"states/6.json"}' }, // wrong type
    { status: 200, body: '{"v":1,"version":6,"state":"../etc/passwd"}' },   // not a state key
    { status: 404, body: 'Not Found' },
    { status: 503, body: '<html>busy</html>' },
    { status: 200, body: pointerOf(6), etag: '"p6"' },                 // state 6 missing (404)
    { status: 200, body: pointerOf(7), etag: '"p7"' },                 // state 7 malformed
  ];
  net.routes['states/7.json'] = { status: 200, body: '{"v":1,"version":7,"cues":[{"mode":"solid"}]}' };
  for (const r of bad) {
    net.routes['live/pointer.json'] = r;
    await loop.advance(20_000);
    assert.deepEqual(seen, [5], `after ${r.body}`);
    assert.equal(poller.version(), 5);
  }
  assert.ok(poller.stats().rollbacks >= 1);
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(8), etag: '"p8"' };
  net.routes['states/8.json'] = { status: 200, body: stateOf(8) };
  await loop.advance(16_000);
  assert.deepEqual(seen, [5, 8]);
});

test('a request that never answers times out after 4 smoothed round trips (at least 800 ms) and counts as an error', async () => {
  const { loop, net, seen, polls, poller } = setup();
  net.routes['live/pointer.json'] = 'hang';
  poller.start();
  await loop.advance(3_999);
  assert.equal(polls.length, 0, 'before any round trip is measured the ceiling applies');
  await loop.advance(2);
  assert.equal(polls.length, 1);
  assert.equal(polls[0].ok, false);
  assert.match(polls[0].error, /timeout/);
  // Once requests have answered in 20 ms, a lost one is given up after 800 ms.
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1) };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  await loop.advance(3000);
  net.routes['live/pointer.json'] = 'hang';
  const before = polls.length;
  const hungAt = loop.now();
  while (polls.length === before) await loop.advance(10);
  assert.equal(polls.at(-1).ok, false);
  assert.ok(loop.now() - hungAt <= 1100 + 800 + 10, `gave up after ${loop.now() - hungAt} ms`);
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1) };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  await loop.advance(20_000);
  assert.deepEqual(seen, [1]);
});

test('offline for 60 s: last good state kept, backoff grows but stays bounded, recovery on the next poll', async () => {
  const draws = [0.99, 0.5, 0.01, 0.75];
  let i = 0;
  const { loop, net, seen, polls, poller } = setup({ random: () => draws[i++ % draws.length] });
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1) };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(3000);
  net.offline = true;
  const offlineAt = loop.now();
  await loop.advance(60_000);
  assert.deepEqual(seen, [1]);
  const failed = polls.filter((p) => !p.ok);
  assert.ok(failed.length >= 5, `${failed.length} attempts while offline`);
  assert.ok(failed.length <= 60 * 4, 'no hammering');
  assert.ok(failed.every((p) => p.nextMs >= 250 && p.nextMs <= 4000), 'backoff within [250 ms, 4 s]');
  assert.ok(failed.slice(-4).some((p) => p.nextMs > 2000), 'backoff grew beyond the first retries');
  assert.ok(failed.length <= 60, 'about one attempt per 2 s on average, not a hammering');
  net.offline = false;
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(2) };
  net.routes['states/2.json'] = { status: 200, body: stateOf(2, '#00FF00') };
  const nextPollAt = polls[polls.length - 1].at + polls[polls.length - 1].nextMs;
  await loop.runUntil(nextPollAt + 100);
  assert.deepEqual(seen, [1, 2], 'the first poll after the network returns recovers');
  assert.ok(loop.now() - offlineAt < 60_000 + 4000 + 200);
  assert.equal(poller.failures(), 0);
});

test('pollNow() polls at once and stop() ends polling', async () => {
  const { loop, net, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1, 20_000) };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(1000);
  poller.pollNow();
  await loop.advance(100);
  assert.equal(pointerPolls(net).length, 2);
  poller.stop();
  await loop.advance(60_000);
  assert.equal(pointerPolls(net).length, 2);
});

test('parsers accept the wire examples and refuse the rest', () => {
  assert.equal(parsePointer('{"v":1,"version":42,"state":"states/42.json","poll_ms":1000,"published_at":1767225600123}').version, 42);
  assert.equal(parsePointer('null'), null);
  assert.equal(parsePointer('{"version":-1,"state":"states/1.json"}'), null);
  const good = '{"v":1,"version":42,"published_at":1,"cues":[{"effective_at":1,"mode":"solid","color":"#102040"},'
    + '{"effective_at":2,"mode":"strobe","color":"#FFFFFF","period_ms":600,"winners":{"draw":"d7","seats":8,"bits":"AQ","color":"#00FF00"}}]}';
  assert.equal(parseState(good, 42).cues.length, 2);
  assert.equal(parseState(good, 43), null, 'a state must be the version the pointer named');
  assert.equal(parseState('{"v":1,"version":1,"cues":[{"effective_at":2,"mode":"off"},{"effective_at":1,"mode":"off"}]}', 1), null);
  assert.equal(parseState('{"v":1,"version":1,"cues":[{"effective_at":2,"mode":"solid","color":"red"}]}', 1), null);
});

test('fuzz: random and mutated pointers and states never replace the last good state unless valid (600 cases)', async () => {
  const { default: fc } = await import('fast-check');
  const { stateProblem } = await import('./validate.js');
  const body = fc.oneof(
    fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.constantFrom('', 'null', '{', '{"v":1}', '[]', '\u0000', 'x'.repeat(10_000)),
    // the good body, with one field replaced
    fc.tuple(fc.constantFrom('v', 'version', 'published_at', 'cues', 'state', 'poll_ms'), fc.jsonValue())
      .map(([k, v]) => JSON.stringify({ ...JSON.parse(stateOf(2)), ...JSON.parse(pointerOf(2)), [k]: v })),
    // a cue with one field replaced (a pulse without colour, a zone of four numbers, ...)
    fc.tuple(fc.constantFrom('mode', 'color', 'period_ms', 'zone', 'steps', 'winners', 'effective_at'), fc.jsonValue())
      .map(([k, v]) => JSON.stringify({ v: 1, version: 2, published_at: E, cues: [{ effective_at: E + 2, mode: 'pulse', color: '#00FF00', period_ms: 1000, [k]: v }] })),
  );
  const status = fc.constantFrom(200, 200, 200, 304, 404, 500, 503);
  await fc.assert(fc.asyncProperty(body, body, status, async (pointerBody, stateBody, code) => {
    const loop = createEventLoop(E);
    const net = fakeNetwork(loop);
    const accepted = [];
    const poller = createPoller({ fetch: net.fetch, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout,
      random: () => 0.5, now: loop.now, onState: (s) => accepted.push(s) });
    net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1) };
    net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
    poller.start();
    await loop.advance(1500);
    net.routes['live/pointer.json'] = { status: code, body: pointerBody };
    net.routes['states/2.json'] = { status: 200, body: stateBody };
    await loop.advance(5000);
    poller.stop();
    assert.equal(accepted[0].version, 1);
    for (const s of accepted) assert.equal(stateProblem(s), null, 'only valid states replace the last good one');
    assert.ok(accepted.every((s, i) => i === 0 || s.version > accepted[i - 1].version), 'never back to an older version');
    assert.ok(poller.version() >= 1);
  }), { numRuns: 600, endOnFailure: true });
});

test('a new epoch resets version memory: a rebuilt store counting from 1 is followed, a stale copy of the old epoch is not', async () => {
  const { loop, net, seen, poller } = setup();
  const withEpoch = (v, epoch, at = E) => JSON.stringify({ ...JSON.parse(pointerOf(v)), published_at: at, epoch });
  net.routes['live/pointer.json'] = { status: 200, body: withEpoch(40, 'oldEpoch'), etag: '"a40"' };
  net.routes['states/40.json'] = { status: 200, body: stateOf(40) };
  poller.start();
  await loop.advance(2_000);
  assert.deepEqual(seen, [40]);

  net.routes['live/pointer.json'] = { status: 200, body: withEpoch(3, 'oldEpoch'), etag: '"a3"' };
  await loop.advance(3_000);
  assert.deepEqual(seen, [40], 'a lower version in the same epoch is a rollback');

  net.routes['live/pointer.json'] = { status: 200, body: withEpoch(1, 'newEpoch', E + 60_000), etag: '"b1"' };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1, '#00FF00') };
  await loop.advance(3_000);
  assert.deepEqual(seen, [40, 1], 'version 1 of a new epoch is taken');
  assert.equal(poller.version(), 1);

  net.routes['live/pointer.json'] = { status: 200, body: withEpoch(41, 'oldEpoch'), etag: '"a41"' };
  await loop.advance(3_000);
  assert.deepEqual(seen, [40, 1], 'an edge still serving the old epoch is not followed back');
  net.routes['live/pointer.json'] = { status: 200, body: withEpoch(2, 'newEpoch', E + 65_000), etag: '"b2"' };
  net.routes['states/2.json'] = { status: 200, body: stateOf(2) };
  await loop.advance(3_000);
  assert.deepEqual(seen, [40, 1, 2]);
});

test('with a phone id, pointer polls carry ?p=<id>&h=<version held> and state fetches ?p=<id>', async () => {
  const loop = createEventLoop(E);
  const net = fakeNetwork(loop);
  const seen = [];
  const id = '0123456789abcdef';
  const poller = createPoller({
    fetch: net.fetch, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, random: () => 0.5, now: loop.now,
    onState: (s) => seen.push(s.version), phoneId: id,
  });
  const pointer = { status: 200, body: pointerOf(7), etag: '"p7"' };
  net.routes[`live/pointer.json?p=${id}`] = pointer;
  net.routes[`live/pointer.json?p=${id}&h=7`] = pointer;
  net.routes[`states/7.json?p=${id}`] = { status: 200, body: stateOf(7) };
  poller.start();
  await loop.advance(2500);
  assert.deepEqual(seen, [7]);
  assert.deepEqual(net.log.map((r) => r.url).slice(0, 3),
    [`live/pointer.json?p=${id}`, `states/7.json?p=${id}`, `live/pointer.json?p=${id}&h=7`]);
  poller.stop();
});

test('with a phone id and store epochs, polls carry &e=<epoch of the version held> and state fetches the epoch fetched', async () => {
  const loop = createEventLoop(E);
  const net = fakeNetwork(loop);
  const seen = [];
  const id = '0123456789abcdef';
  const withEpoch = (v, epoch, at = E) => JSON.stringify({ ...JSON.parse(pointerOf(v)), published_at: at, epoch });
  const poller = createPoller({
    fetch: net.fetch, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, random: () => 0.5, now: loop.now,
    onState: (s) => seen.push(s.version), phoneId: id,
  });
  const old = { status: 200, body: withEpoch(57, 'epochA'), etag: '"a57"' };
  net.routes[`live/pointer.json?p=${id}`] = old;
  net.routes[`states/57.json?p=${id}&e=epochA`] = { status: 200, body: stateOf(57) };
  net.routes[`live/pointer.json?p=${id}&h=57&e=epochA`] = old;
  poller.start();
  await loop.advance(2500);
  assert.deepEqual(seen, [57]);
  // The store is rebuilt: epoch B restarts at version 3.
  const fresh = { status: 200, body: withEpoch(3, 'epochB', E + 60_000), etag: '"b3"' };
  net.routes[`live/pointer.json?p=${id}&h=57&e=epochA`] = fresh;
  net.routes[`states/3.json?p=${id}&e=epochB`] = { status: 200, body: stateOf(3) };
  net.routes[`live/pointer.json?p=${id}&h=3&e=epochB`] = fresh;
  await loop.advance(3000);
  assert.deepEqual(seen, [57, 3]);
  const urls = net.log.map((r) => r.url);
  assert.deepEqual(urls.slice(0, 3), [`live/pointer.json?p=${id}`, `states/57.json?p=${id}&e=epochA`, `live/pointer.json?p=${id}&h=57&e=epochA`]);
  assert.ok(urls.includes(`states/3.json?p=${id}&e=epochB`) && urls.at(-1) === `live/pointer.json?p=${id}&h=3&e=epochB`, urls.join(' '));
  poller.stop();
});

test('a lost pointer request is hedged after the p95 request time and the first answer wins, without a timeout', async () => {
  const { loop, net, seen, polls, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1), etag: '"p1"' };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(10_000); // request times measured: 20 ms each
  let dropped = 0;
  net.routes['live/pointer.json'] = () => (dropped++ === 0 ? 'hang' : { status: 200, body: pointerOf(2), etag: '"p2"' });
  net.routes['states/2.json'] = { status: 200, body: stateOf(2) };
  const since = net.log.length;
  await loop.advance(1500);
  assert.deepEqual(seen, [1, 2]);
  const copies = net.log.slice(since).filter((r) => r.url === 'live/pointer.json');
  assert.equal(copies[1].at - copies[0].at, 120, 'hedged after max(p95 = 20 ms, 120 ms floor)');
  assert.ok(polls.every((p) => p.ok), 'a hedged loss is no failure');
  assert.ok(poller.stats().hedges >= 1);
});

test('in show mode one failure is retried at once, and only a second one backs off', async () => {
  const { loop, net, polls, poller } = setup({ random: () => 0.99 });
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1) };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(3000);
  net.routes['live/pointer.json'] = { status: 503, body: '' };
  await loop.advance(3000);
  const failed = polls.filter((p) => !p.ok);
  assert.ok(failed[0].nextMs <= 375, `first retry after ${failed[0].nextMs} ms`);
  assert.ok(failed[1].nextMs > 375, `second retry after ${failed[1].nextMs} ms: backed off`);
});

test('hedge delay: the recent p95, but never later than twice the baseline (p25 of the last 64) when a burst inflates it', () => {
  const calm = Array(60).fill(100);
  assert.equal(hedgeDelay(calm, POLLER_DEFAULTS), 120, 'a quick steady path: the floor');
  const jittery = Array.from({ length: 60 }, (_, i) => 100 + (i % 20) * 5); // 100..195 ms
  assert.equal(hedgeDelay(jittery, POLLER_DEFAULTS), 195, 'calm: the p95 of the last 32, as before');
  const burst = [...calm, 900, 1400, 1800, 2500];
  assert.equal(hedgeDelay(burst, POLLER_DEFAULTS), 200, 'in a burst: 2 × the 100 ms baseline, not the 1.8 s p95');
  assert.equal(hedgeDelay(burst, { ...POLLER_DEFAULTS, hedgeBaseline: Infinity }), 1800, 'the p95 alone would wait 1.8 s');
  const slowPath = Array(60).fill(700);
  assert.equal(hedgeDelay(slowPath, POLLER_DEFAULTS), 700, 'a path that is always slow is hedged at its own p95');
});

test('inside a congestion burst the hedge goes out at twice the baseline round trip, not at the inflated p95', async () => {
  const { loop, net, seen, poller } = setup();
  let latency = 100;
  net.routes['live/pointer.json'] = () => ({ status: 200, body: pointerOf(1), etag: '"p1"', latency });
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(40_000); // 40 calm polls: baseline 100 ms
  latency = 1500;             // the burst: every copy takes 1.5 s
  await loop.advance(6_000);
  latency = 2000;
  net.routes['live/pointer.json'] = () => ({ status: 200, body: pointerOf(2), etag: '"p2"', latency });
  net.routes['states/2.json'] = { status: 200, body: stateOf(2) };
  const since = net.log.length;
  await loop.advance(2500);
  const copies = net.log.slice(since).filter((r) => r.url === 'live/pointer.json');
  assert.ok(copies.length >= 3);
  assert.equal(copies[1].at - copies[0].at, 200, 'hedged at 2 × 100 ms, although the recent p95 is 1.5 s');
  assert.equal(copies[2].at - copies[0].at, 400);
  assert.deepEqual(seen, [1, 2]);
});

test('show mode pipelines polls: the next goes out poll_ms after the last was sent, while that one is unanswered', async () => {
  const { loop, net, seen, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1), etag: '"p1"' };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(10_000);
  // Every copy now takes 2.5 s: with one poll at a time the period would stretch to 3.5 s.
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1), etag: '"p1"', latency: 2500 };
  const since = net.log.length;
  const from = loop.now();
  await loop.advance(10_000);
  const firsts = net.log.slice(since).filter((r) => r.url === 'live/pointer.json' && r.init.headers['If-None-Match'] === '"p1"');
  const sends = new Set(firsts.map((r) => Math.floor((r.at - from) / 1000)));
  assert.ok(sends.size >= 9, `a poll went out in ${sends.size} of 10 seconds`);
  assert.deepEqual(seen, [1]);
});

test('in show mode an answer after the timeout is still read: a slow pointer naming a new version is adopted', async () => {
  const { loop, net, seen, polls, poller } = setup({ options: { hedges: 0 } });
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1), etag: '"p1"' };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(10_000); // srtt 20 ms: a poll times out after 800 ms
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(2), etag: '"p2"', latency: 1500 };
  net.routes['states/2.json'] = { status: 200, body: stateOf(2) };
  const from = loop.now();
  while (seen.length < 2 && loop.now() - from < 5000) await loop.advance(10);
  assert.deepEqual(seen, [1, 2]);
  assert.ok(polls.some((p) => !p.ok && /timeout/.test(p.error)), 'the poll itself timed out');
  assert.ok(loop.now() - from <= 1100 + 1500 + 20 + 10, `adopted ${loop.now() - from} ms after the change`);
  assert.ok(poller.stats().late >= 1);
});

test('idle mode (poll 20 s) still polls one at a time', async () => {
  const { loop, net, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body: pointerOf(1, 20_000), etag: '"p1"', latency: 3000 };
  net.routes['states/1.json'] = { status: 200, body: stateOf(1) };
  poller.start();
  await loop.advance(65_000);
  const polls = pointerPolls(net).filter((r, i, a) => i === 0 || r.at - a[i - 1].at > 1000); // first copies only
  assert.ok(polls.length <= 4, `${polls.length} polls in 65 s`);
});

const inlinePointer = (v, state) => JSON.stringify({ ...JSON.parse(pointerOf(v)), inline: JSON.parse(state) });

test('a state inlined in the pointer is checked and adopted without fetching the state', async () => {
  const { loop, net, seen, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body: inlinePointer(3, stateOf(3, '#00FF00')), etag: '"p3"' };
  poller.start();
  await loop.advance(3000);
  assert.deepEqual(seen, [3]);
  assert.equal(net.log.filter((r) => r.url.startsWith('states/')).length, 0, 'no state request');
});

test('an invalid inline state is ignored and the state is fetched instead', async () => {
  const bad = [
    JSON.stringify({ v: 1, version: 3, published_at: E, cues: [{ effective_at: E, mode: 'solid', color: 'red' }] }), // bad colour
    stateOf(2),                                                                                                 // another version
    '"not a state"',
  ];
  for (const inline of bad) {
    const { loop, net, seen, poller } = setup();
    net.routes['live/pointer.json'] = { status: 200, body: inlinePointer(3, inline), etag: '"p3"' };
    net.routes['states/3.json'] = { status: 200, body: stateOf(3) };
    poller.start();
    await loop.advance(3000);
    assert.deepEqual(seen, [3], inline);
    assert.equal(net.log.filter((r) => r.url === 'states/3.json').length, 1, `state fetched when inline is ${inline}`);
    assert.equal(poller.stats().inlineRefused, 1);
    poller.stop();
  }
});

test('the publisher\'s canonical pointer with an inline state (shared vector) is adopted with no state request', async () => {
  const { readFileSync } = await import('node:fs');
  const body = readFileSync(new URL('../../testdata/canonical/pointer-inline.json', import.meta.url), 'utf8');
  const { loop, net, seen, poller } = setup();
  net.routes['live/pointer.json'] = { status: 200, body, etag: '"p42"' };
  poller.start();
  await loop.advance(3000);
  assert.deepEqual(seen, [42]);
  assert.deepEqual(net.log.filter((r) => !r.url.startsWith('live/')), [], 'nothing but pointer polls');
});

// --- issue 20: epochs and states tied to the pointer that named them -------------------------------------

/** A pointer as the publisher writes it now (canonical key order; optional fields only when given). */
const pointerWith = ({ v, epoch, at, id, blackout, inline, poll = 1000 }) => JSON.stringify({
  v: 1, version: v, state: `states/${v}.json`, poll_ms: poll, published_at: at,
  ...(epoch === undefined ? {} : { epoch }), ...(id === undefined ? {} : { publish_id: id }),
  ...(blackout === undefined ? {} : { blackout }), ...(inline === undefined ? {} : { inline: JSON.parse(inline) }),
});
/** A state over 1 KiB (never inlined), tagged with its publish id; its colour says which store wrote it. */
const bigStateOf = (v, id, color, at = E) => JSON.stringify({ v: 1, version: v, published_at: at, publish_id: id,
  cues: Array.from({ length: 24 }, (_, i) => ({ effective_at: E - 100_000 + i * 1000, mode: 'solid', color })) });
const blackoutStateOf = (v, id, at) => JSON.stringify({ v: 1, version: v, published_at: at, publish_id: id,
  cues: [{ effective_at: at, mode: 'off' }] });

function setupStates({ options } = {}) {
  const loop = createEventLoop(E);
  const net = fakeNetwork(loop);
  const held = [];
  const poller = createPoller({
    fetch: net.fetch, setTimeout: loop.setTimeout, clearTimeout: loop.clearTimeout, random: () => 0.5, now: loop.now,
    onState: (s, p) => held.push({ version: s.version, epoch: p.epoch ?? null, id: s.publish_id ?? null, mode: s.cues.at(-1).mode, color: s.cues.at(-1).color ?? null }),
    options,
  });
  return { loop, net, held, poller };
}

test('issue 20 item 9: a phone that saw epoch B first and then a stale copy of epoch A still adopts every later B pointer, BLACKOUT included', async () => {
  const { loop, net, held, poller } = setupStates();
  const B0 = E + 600_000; // the store was rebuilt ten minutes after epoch A's last write
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 2, epoch: 'epochB', at: B0, id: 'b2' }), etag: '"b2"' };
  net.routes['states/2.json'] = { status: 200, body: bigStateOf(2, 'b2', '#00FF00', B0) };
  poller.start();
  await loop.advance(2_000);
  assert.deepEqual(held.map((h) => `${h.epoch}/${h.version}`), ['epochB/2']);
  // A stale copy of the old store's pointer (stale-if-error at another edge, a late pipelined answer): epoch A,
  // version 40, published before epoch B existed.
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 40, epoch: 'epochA', at: E, id: 'a40' }), etag: '"a40"' };
  net.routes['states/40.json'] = { status: 200, body: bigStateOf(40, 'a40', '#FF0000', E) };
  await loop.advance(1_000);
  // Then the live store goes on: a cue, then a BLACKOUT.
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 3, epoch: 'epochB', at: B0 + 5_000, id: 'b3' }), etag: '"b3"' };
  net.routes['states/3.json'] = { status: 200, body: bigStateOf(3, 'b3', '#0000FF', B0 + 5_000) };
  await loop.advance(3_000);
  const off = blackoutStateOf(4, 'b4', B0 + 9_000);
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 4, epoch: 'epochB', at: B0 + 9_000, id: 'b4', blackout: 4, inline: off }), etag: '"b4"' };
  net.routes['states/4.json'] = { status: 200, body: off };
  await loop.advance(3_000);
  poller.stop();
  assert.deepEqual(held.map((h) => `${h.epoch}/${h.version}`), ['epochB/2', 'epochB/3', 'epochB/4'], 'never the older epoch, and every B pointer after it');
  assert.equal(held.at(-1).mode, 'off', 'the BLACKOUT is in force');
});

test('issue 20 item 10: after the store is rebuilt, the CDN\'s cached states/1.json of the old epoch is never adopted', async () => {
  const { loop, net, held, poller } = setupStates();
  // Epoch A reached version 7; the CDN still holds A's states/1.json (immutable, cached for a year).
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 7, epoch: 'epochA', at: E, id: 'a7' }), etag: '"a7"' };
  net.routes['states/7.json'] = { status: 200, body: bigStateOf(7, 'a7', '#FF0000') };
  poller.start();
  await loop.advance(2_000);
  assert.deepEqual(held.map((h) => h.id), ['a7']);
  // The store is rebuilt: epoch B restarts at version 1, a state over 1 KiB (not inlined). The CDN's cache key is
  // the path, so states/1.json is answered from A's cached copy.
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 1, epoch: 'epochB', at: E + 60_000, id: 'b1' }), etag: '"b1"' };
  net.routes['states/1.json'] = { status: 200, body: bigStateOf(1, 'a1', '#FFFF00') };
  await loop.advance(10_000);
  assert.deepEqual(held.map((h) => h.id), ['a7'], 'A\'s states/1.json is not the state the pointer names: the last good state stays');
  assert.equal(poller.version(), 7);
  assert.ok(poller.stats().stateMismatches >= 1, 'counted');
  // Once the CDN serves B's own states/1.json (invalidated), the phone takes it.
  net.routes['states/1.json'] = { status: 200, body: bigStateOf(1, 'b1', '#00FFFF') };
  await loop.advance(20_000);
  poller.stop();
  assert.deepEqual(held.map((h) => h.id), ['a7', 'b1']);
});

test('issue 20 item 10: an inline state must be the one the pointer names (publish_id), or it is ignored and the state fetched', async () => {
  const { loop, net, held, poller } = setupStates();
  const inline = blackoutStateOf(5, 'other', E);
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 5, epoch: 'epochA', at: E, id: 'p5', inline }), etag: '"p5"' };
  net.routes['states/5.json'] = { status: 200, body: bigStateOf(5, 'p5', '#00FF00') };
  poller.start();
  await loop.advance(3_000);
  poller.stop();
  assert.deepEqual(held.map((h) => h.id), ['p5']);
  assert.equal(poller.stats().inlineRefused, 1);
});

test('issue 20 item 10: a pointer with a publish_id refuses a state that carries none', async () => {
  const { loop, net, held, poller } = setupStates();
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 5, epoch: 'epochA', at: E, id: 'p5' }), etag: '"p5"' };
  net.routes['states/5.json'] = { status: 200, body: stateOf(5) };
  poller.start();
  await loop.advance(5_000);
  poller.stop();
  assert.deepEqual(held, []);
  assert.equal(poller.version(), -1);
});

test('issue 20 item 9, skewed writer clocks: a phone that took a stale epoch-A copy stamped ahead of epoch B is back on B once only B is served, never stuck', async () => {
  const { loop, net, held, poller } = setupStates();
  const B0 = E + 600_000;
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 2, epoch: 'epochB', at: B0, id: 'b2' }), etag: '"b2"' };
  net.routes['states/2.json'] = { status: 200, body: bigStateOf(2, 'b2', '#00FF00', B0) };
  poller.start();
  await loop.advance(2_000);
  // Epoch A's writer ran 20 minutes fast: its last pointer is stamped after B's first ones. Published_at alone cannot
  // tell this copy is stale; the edge serves it for a while (stale-if-error), then only B.
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 40, epoch: 'epochA', at: B0 + 600_000, id: 'a40' }), etag: '"a40"' };
  net.routes['states/40.json'] = { status: 200, body: bigStateOf(40, 'a40', '#FF0000', E) };
  await loop.advance(5_000);
  const off = blackoutStateOf(3, 'b3', B0 + 8_000);
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 3, epoch: 'epochB', at: B0 + 8_000, id: 'b3', blackout: 3, inline: off }), etag: '"b3"' };
  await loop.advance(90_000);
  poller.stop();
  assert.equal(`${held.at(-1).epoch}/${held.at(-1).version}`, 'epochB/3', `held ${held.map((h) => `${h.epoch}/${h.version}`)}`);
  assert.equal(held.at(-1).mode, 'off');
});

test('the publisher\'s canonical BLACKOUT pointer (shared vector) is adopted from its inline state, with no state request', async () => {
  const { readFileSync } = await import('node:fs');
  const body = readFileSync(new URL('../../testdata/canonical/pointer-blackout.json', import.meta.url), 'utf8');
  const { loop, net, held, poller } = setupStates();
  net.routes['live/pointer.json'] = { status: 200, body, etag: '"p43"' };
  poller.start();
  await loop.advance(3000);
  poller.stop();
  assert.deepEqual(held.map((h) => `${h.version}/${h.id}/${h.mode}`), ['43/q9Zx-2/off']);
  assert.deepEqual(net.log.filter((r) => !r.url.startsWith('live/')), [], 'nothing but pointer polls');
});

test('an epoch this phone left is not taken back from a copy stamped later (a writer with a fast clock), until it alone is answered for epochSettleMs', async () => {
  const { loop, net, held, poller } = setupStates();
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 9, epoch: 'epochA', at: E, id: 'a9' }), etag: '"a9"' };
  net.routes['states/9.json'] = { status: 200, body: bigStateOf(9, 'a9', '#FF0000') };
  poller.start();
  await loop.advance(2_000);
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 1, epoch: 'epochB', at: E + 60_000, id: 'b1' }), etag: '"b1"' };
  net.routes['states/1.json'] = { status: 200, body: bigStateOf(1, 'b1', '#00FF00') };
  await loop.advance(2_000);
  assert.deepEqual(held.map((h) => h.id), ['a9', 'b1']);
  // Epoch A again, stamped after B (its writer's clock is fast), alternating with B at two edges: never taken.
  const a10 = { status: 200, body: pointerWith({ v: 10, epoch: 'epochA', at: E + 120_000, id: 'a10' }), etag: '"a10"' };
  const b1 = net.routes['live/pointer.json'];
  let n = 0;
  net.routes['live/pointer.json'] = () => (n++ % 2 === 0 ? a10 : b1);
  net.routes['states/10.json'] = { status: 200, body: bigStateOf(10, 'a10', '#FF0000') };
  await loop.advance(120_000);
  assert.deepEqual(held.map((h) => h.id), ['a9', 'b1'], 'a left epoch is not taken while the other is still answered');
  assert.ok(poller.stats().staleEpochs >= 50);
  // Only A is answered from now on (the origin was switched back to the old store): taken after epochSettleMs.
  net.routes['live/pointer.json'] = a10;
  const from = loop.now();
  while (held.length < 3 && loop.now() - from < 60_000) await loop.advance(100);
  poller.stop();
  assert.deepEqual(held.map((h) => h.id), ['a9', 'b1', 'a10']);
  const took = loop.now() - from;
  assert.ok(took >= POLLER_DEFAULTS.epochSettleMs && took <= POLLER_DEFAULTS.epochSettleMs + 2_000, `taken after ${took} ms`);
  assert.equal(poller.stats().settledEpochs, 1);
});

test('another epoch\'s stale pointer is not followed in anything: its poll_ms is ignored too', async () => {
  const { loop, net, held, poller } = setupStates();
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 2, epoch: 'epochB', at: E + 60_000, id: 'b2' }), etag: '"b2"' };
  net.routes['states/2.json'] = { status: 200, body: bigStateOf(2, 'b2', '#00FF00') };
  poller.start();
  await loop.advance(2_000);
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 40, epoch: 'epochA', at: E, id: 'a40', poll: 20_000 }), etag: '"a40"' };
  await loop.advance(3_000);
  poller.stop();
  assert.equal(poller.pollMs(), 1000);
  assert.deepEqual(held.map((h) => h.id), ['b2']);
});

test('a state that is not the one its pointer names is asked for again after 1, 2, 4, then every 8 polls, past the browser cache', async () => {
  const { loop, net, held, poller } = setupStates();
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 1, epoch: 'epochB', at: E, id: 'b1' }), etag: '"b1"' };
  net.routes['states/1.json'] = { status: 200, body: bigStateOf(1, 'a1', '#FF0000') };
  poller.start();
  await loop.advance(40_500);
  const fetches = net.log.filter((r) => r.url === 'states/1.json');
  const polls = pointerPolls(net);
  const pollIndex = fetches.map((f) => polls.filter((p) => p.at <= f.at).length);
  assert.deepEqual(pollIndex.slice(0, 6), [1, 3, 6, 11, 20, 29], 'polls at which states/1.json was asked for');
  assert.equal(fetches[0].init.cache, 'default');
  assert.ok(fetches.slice(1).every((f) => f.init.cache === 'no-cache'), 'retries revalidate past the browser cache');
  assert.deepEqual(held, []);
  assert.equal(poller.stats().stateMismatches, fetches.length);
  assert.equal(poller.stats().errors, 0, 'the pointer was fine: polling is not backed off');
  // A new version that is the one named is taken at once.
  net.routes['live/pointer.json'] = { status: 200, body: pointerWith({ v: 2, epoch: 'epochB', at: E + 5_000, id: 'b2' }), etag: '"b2"' };
  net.routes['states/2.json'] = { status: 200, body: bigStateOf(2, 'b2', '#00FF00') };
  await loop.advance(1_500);
  poller.stop();
  assert.deepEqual(held.map((h) => h.id), ['b2']);
});
