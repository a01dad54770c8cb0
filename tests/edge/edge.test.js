// The local CDN edge (scripts/edge + infra/local-edge/nginx.conf) behaves like the CloudFront
// behaviours: the crowd's polling is answered from cache, the origin sees about one request per
// pointer lifetime, /time and private/ are never cached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, startEdge, POINTER_CACHE_CONTROL } from './edge-harness.js';

let origin;
let edge;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  origin = await startOrigin();
  edge = await startEdge(origin.url);
});

after(async () => {
  await edge?.stop();
  edge?.remove();
  await origin?.stop();
});

async function get(path) {
  const res = await fetch(edge.url + path);
  return { status: res.status, cache: res.headers.get('x-cache'), cacheControl: res.headers.get('cache-control'), body: await res.text() };
}

test('a pointer is fetched once and then answered from the edge within its max-age', { timeout: 10_000 }, async () => {
  const first = await get('/live/hit.json');
  assert.equal(first.status, 200);
  assert.equal(first.cache, 'MISS');
  const second = await get('/live/hit.json?cachebuster=123');
  assert.equal(second.cache, 'HIT', 'a query string is not part of the cache key');
  assert.equal(second.body, first.body);
  assert.equal(second.cacheControl, first.cacheControl, "the origin's Cache-Control reaches the phone");
  assert.equal(origin.count('/live/hit.json'), 1);
});

test('fifty concurrent misses for one pointer make at most one origin request (cache lock)', { timeout: 15_000 }, async () => {
  origin.setDelay('/live/lock.json', 300);
  const answers = await Promise.all(Array.from({ length: 50 }, () => get('/live/lock.json')));
  assert.ok(answers.every((a) => a.status === 200));
  assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'everyone gets the same pointer');
  assert.ok(origin.count('/live/lock.json') <= 1, `origin saw ${origin.count('/live/lock.json')} requests`);
});

test('an expired pointer is served stale while one background request refreshes it', { timeout: 20_000 }, async () => {
  const path = '/live/swr.json';
  // A window longer than the slow refresh below: this test is about the one background fetch, not the window's
  // length (the edge honours the header's number, see the stale-if-error test).
  origin.setCacheControl(path, 'public, max-age=1, s-maxage=1, stale-while-revalidate=20, stale-if-error=30');
  origin.setVersion(path, 1);
  assert.equal(JSON.parse((await get(path)).body).version, 1);
  await sleep(2_200); // past max-age=1 (nginx keeps expiry to the second), inside stale-while-revalidate
  origin.setVersion(path, 2);
  origin.setDelay(path, 3_000); // longer than fifty requests take, even on a busy machine
  const answers = await Promise.all(Array.from({ length: 50 }, () => get(path)));
  assert.ok(answers.every((a) => a.status === 200));
  assert.ok(answers.every((a) => JSON.parse(a.body).version === 1), 'the stale pointer is served while the origin is slow');
  assert.ok(answers.every((a) => ['STALE', 'UPDATING'].includes(a.cache)), answers.map((a) => a.cache).join(','));
  assert.equal(origin.count(path), 2, 'one initial fetch + one background refresh for fifty requests');

  let fresh;
  for (let i = 0; i < 80 && fresh !== 2; i++) {
    await sleep(100);
    fresh = JSON.parse((await get(path)).body).version;
  }
  assert.equal(fresh, 2, 'the refreshed pointer replaces the stale one');
  const after = await Promise.all(Array.from({ length: 20 }, () => get(path)));
  assert.deepEqual([...new Set(after.map((a) => JSON.parse(a.body).version))], [2], 'no request falls back to the old file');
  assert.equal(origin.count(path), 2);
});

test('while the origin fails, phones keep getting the last good pointer (stale-if-error)', { timeout: 15_000 }, async () => {
  const path = '/live/sie.json';
  origin.setVersion(path, 3);
  assert.equal(JSON.parse((await get(path)).body).version, 3);
  origin.setFailure(path, 503);
  await sleep(2_200);
  for (let i = 0; i < 5; i++) {
    const answer = await get(path);
    assert.equal(answer.status, 200, 'a failing origin is not passed on to the crowd');
    assert.equal(JSON.parse(answer.body).version, 3);
    await sleep(100);
  }
  assert.ok(origin.count(path) >= 2, 'the edge kept trying the origin');
  origin.setFailure(path, null);
});

test('while the origin is down the pointer is served stale for stale-if-error seconds past expiry, then the error (issue 15)', { timeout: 40_000 }, async () => {
  // The origin's own header says 30 s; 4 s here keeps the test short, the edge reads the number from the header.
  assert.match(POINTER_CACHE_CONTROL, /stale-while-revalidate=2, stale-if-error=30$/);
  const path = '/live/sie-bounded.json';
  origin.setCacheControl(path, 'public, max-age=1, s-maxage=1, stale-while-revalidate=1, stale-if-error=4');
  origin.setVersion(path, 5);
  const fetchedAt = Date.now();
  assert.equal(JSON.parse((await get(path)).body).version, 5);
  origin.setFailure(path, 'down');
  const seen = [];
  while (Date.now() - fetchedAt < 12_000) {
    const answer = await get(path);
    seen.push({ at: Date.now() - fetchedAt, status: answer.status, body: answer.body });
    if (answer.status !== 200) break;
    await sleep(200);
  }
  const stale = seen.filter((a) => a.status === 200);
  assert.ok(stale.every((a) => JSON.parse(a.body).version === 5));
  assert.ok(stale.some((a) => a.at >= 3_000), `served stale past expiry while the origin was down: ${JSON.stringify(seen.map((a) => [a.at, a.status]))}`);
  const error = seen.find((a) => a.status !== 200);
  assert.ok(error, 'the stale pointer is not served for ever');
  assert.ok(error.status >= 500, `the error goes through: ${error.status}`);
  // expiry at 1 s (nginx counts whole seconds) + 4 s of stale-if-error, ±1 s of rounding and a busy machine
  assert.ok(error.at >= 3_500 && error.at <= 9_000, `first error ${error.at} ms after the fetch`);
  origin.setFailure(path, null);
  let healed;
  for (let i = 0; i < 30 && healed?.status !== 200; i++) { await sleep(200); healed = await get(path); }
  assert.equal(healed.status, 200, 'back once the origin is');
});

test('under /api the edge answers an oversized or chunked body and a dead control API with the JSON error shape', { timeout: 20_000 }, async () => {
  const big = 'x'.repeat(2 * 1024 * 1024);
  const chunked = new ReadableStream({ start(c) { for (let i = 0; i < big.length; i += 65_536) c.enqueue(new TextEncoder().encode(big.slice(i, i + 65_536))); c.close(); } });
  for (const body of [big, chunked]) {
    const res = await fetch(`${edge.url}/api/cues`, { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(await res.text()).error, 'payload_too_large');
  }
  assert.equal(origin.count('/api/cues'), 0, 'refused at the edge');
  origin.setFailure('/api/state', 'down');
  const down = await fetch(`${edge.url}/api/state`);
  assert.equal(down.status, 502);
  assert.match(down.headers.get('content-type'), /^application\/json/);
  assert.equal(JSON.parse(await down.text()).error, 'origin_unavailable');
  origin.setFailure('/api/state', null);
});

test('an expired pointer is refreshed from the origin, not kept beyond its max-age', { timeout: 15_000 }, async () => {
  const path = '/live/expiry.json';
  origin.setVersion(path, 7);
  await get(path);
  origin.setVersion(path, 8);
  let version = 7;
  const start = Date.now();
  while (version !== 8 && Date.now() - start < 5_000) {
    await sleep(50);
    version = JSON.parse((await get(path)).body).version;
  }
  assert.equal(version, 8);
  const staleness = Date.now() - start;
  assert.ok(staleness <= 3_000, `new pointer visible after ${staleness} ms`);
});

test('immutable states are fetched from the origin once', { timeout: 10_000 }, async () => {
  assert.equal((await get('/states/5.json')).cache, 'MISS');
  assert.equal((await get('/states/5.json')).cache, 'HIT');
  assert.equal(origin.count('/states/5.json'), 1);
});

test('/time goes to the origin on every request and is never cached', { timeout: 10_000 }, async () => {
  const before = origin.count('/time');
  const times = [];
  for (let i = 0; i < 3; i++) {
    const answer = await get('/time');
    assert.equal(answer.status, 200);
    assert.equal(answer.cacheControl, 'no-store');
    assert.notEqual(answer.cache, 'HIT');
    times.push(JSON.parse(answer.body).t);
    await sleep(5);
  }
  assert.equal(origin.count('/time') - before, 3);
  assert.ok(times[2] > times[0], 'each answer is the current time');
});

test('private/ is refused at the edge without asking the origin', { timeout: 10_000 }, async () => {
  const answer = await get('/private/history/0000000000000000001.json');
  assert.equal(answer.status, 403);
  assert.equal(JSON.parse(answer.body).error, 'forbidden');
  assert.equal(origin.count('/private/history/0000000000000000001.json'), 0);
});

test('a hundred phones with their own ids and epochs share one cached pointer, and each id reaches the log', { timeout: 15_000 }, async () => {
  const path = '/live/ids.json';
  const ids = Array.from({ length: 100 }, (_, i) => (0xc0ffee00 + i).toString(16).padStart(16, '0'));
  // Phones on two store epochs (the rebuilt one restarting its versions) and none (an app from before epochs).
  const query = (id, i) => `p=${id}&h=3${['', '&e=epochA', '&e=epochB-2'][i % 3]}`;
  const answers = [];
  for (const [i, id] of ids.entries()) answers.push(await get(`${path}?${query(id, i)}`));
  assert.ok(answers.every((a) => a.status === 200));
  assert.deepEqual([...new Set(answers.map((a) => a.cache))].sort(), ['HIT', 'MISS'], 'one miss, then hits');
  assert.equal(origin.count(path), 1, 'neither the phone id nor the epoch is part of the cache key');
  await sleep(1_500); // the coverage log is flushed every 250 ms, the access log every second
  const logged = edge.coverageLog().trim().split('\n').map((l) => l.split(' ')).filter((f) => f[2] === path);
  // Each nginx worker buffers its own lines, so the file is not in request order.
  assert.deepEqual(logged.map((f) => f[7]).sort(), ids.map(query).sort(), 'the query string is the last field');
});

test('Ctrl-C stops the edge cleanly and its logs show each cache status and every origin request', { timeout: 20_000 }, async () => {
  const status = await edge.stop('SIGINT');
  assert.deepEqual(status, { code: 0, signal: null });
  await assert.rejects(fetch(edge.url + '/live/hit.json'), 'nothing listens any more');

  const access = edge.accessLog().trim().split('\n').map((line) => line.split(' '));
  const hits = access.filter(([, , uri]) => uri === '/live/hit.json').map((fields) => fields[4]);
  assert.deepEqual(hits, ['MISS', 'HIT']);
  const originRequests = edge.originLog().trim().split('\n').filter((line) => line.includes(' /live/hit.json '));
  assert.equal(originRequests.length, 1);
});
