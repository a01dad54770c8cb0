// One time base, end to end: the control API runs with its host clock 5 s slow (libfaketime), phones run the
// real player (pwa/lib/player.js, as app.js does) on this machine's true clock, and every phone must switch at
// true now + lead. Measured from outside the app: the true time at which each player renders the new colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import vm from 'node:vm';
import { startStack, ROOT } from '../browser/stack.js';
import { createPlayer } from '../../pwa/lib/player.js';

// libfaketime preloaded into the JVM itself (the `faketime` command would fork it, and a signal to the wrapper
// would leave the JVM running): its host clock runs 5 s slow.
const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1'].find(existsSync);
const SLOW_5S = { LD_PRELOAD: LIBFAKETIME, FAKETIME: '-5s' };
const LEAD_MS = 3000;
const FRAME_MS = 1000 / 60;
const trueNow = () => performance.timeOrigin + performance.now();

// CI installs faketime (.ci/run); elsewhere a missing library skips rather than fails.
const skipUnlessFaketime = LIBFAKETIME || process.env.CI ? false : 'faketime (libfaketime) is not installed';

/** The edge's /time: the CloudFront Function itself, answering from this machine's true clock. */
async function startEdgeTime() {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(`${ROOT}/infra/edge/time.js`, 'utf8'), context);
  const server = createServer((req, res) => {
    const r = context.handler({ request: { method: req.method, uri: req.url } });
    res.writeHead(r.statusCode, Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v.value])));
    res.end(r.body.data);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/time`, close: () => new Promise((r) => server.close(r)) };
}

/** A phone: the app's player on this process's clock skewed by `skewMs`, origin and /time over real HTTP. */
function phone(origin, timeUrl, skewMs, seat) {
  const switches = [];
  const player = createPlayer({
    now: () => trueNow() + skewMs,
    fetch: (url, init) => fetch(new URL(url, `${origin}/`), { headers: init?.headers, signal: init?.signal }),
    fetchTime: async () => {
      const res = await fetch(timeUrl);
      if (!res.ok) throw new Error(`time HTTP ${res.status}`);
      return (await res.json()).t;
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
    requestAnimationFrame: (fn) => setTimeout(() => fn(performance.now()), FRAME_MS - (performance.now() % FRAME_MS)),
    frameAge: (ts) => performance.now() - ts,
    seat,
    render: (color, info) => switches.push({ color, at: trueNow(), target: info.target }),
  });
  return { player, switches };
}

async function until(what, fn, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function api(stack, path, body) {
  const res = await fetch(`${stack.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${stack.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Show mode with a first (dim) cue, as before a show: phones have long been open and polling when it starts. */
async function openShow(stack) {
  const settings = await api(stack, '/api/settings', { poll_ms: 1000 });
  assert.equal(settings.status, 201, JSON.stringify(settings.body));
}

/** Publishes a red cue with LEAD_MS and checks every phone switched at true now + lead (the POST's window). */
async function cueLandsAtTrueNowPlusLead(stack, phones) {
  await until('every phone synced and holding the show', () => phones.every((p) => p.player.clock.ready && p.player.state() !== null));
  await new Promise((r) => setTimeout(r, 1500));
  const before = trueNow();
  const res = await api(stack, '/api/cues', { mode: 'solid', color: '#FF0000', lead_ms: LEAD_MS });
  const after = trueNow();
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await until('every phone switched to red', () => phones.every((p) => p.switches.some((s) => s.color === '#FF0000')), LEAD_MS + 10_000);
  // One frame of landing, a few ms of estimate and timer slop on a shared machine.
  const slack = 2 * FRAME_MS + 10;
  for (const p of phones) {
    const at = p.switches.find((s) => s.color === '#FF0000').at;
    assert.ok(at >= before + LEAD_MS - slack && at <= after + LEAD_MS + slack,
      `switched at true now + ${(at - before).toFixed(1)} ms (POST took ${(after - before).toFixed(1)} ms), wanted + ${LEAD_MS}`);
  }
  return { res, before, after };
}

test('the control API 5 s slow under faketime still has phones switch at true now + lead (its own /time)', { skip: skipUnlessFaketime, timeout: 120_000 }, async () => {
  const stack = await startStack({ env: SLOW_5S });
  const phones = [];
  try {
    // faketime really moved the JVM's clock: its /time is 5 s behind ours.
    const t0 = trueNow();
    const { t } = await (await fetch(`${stack.url}/time`)).json();
    assert.ok(Math.abs(t - t0 + 5000) < 300, `control API /time is ${(t - t0).toFixed(0)} ms from true time`);
    // Phones sync to that /time, so cues stamped on it still land at true now + lead.
    await openShow(stack);
    for (const [i, skew] of [[0, 4000], [1, -3000], [2, 0]]) phones.push(phone(stack.url, `${stack.url}/time`, skew, i));
    for (const p of phones) p.player.start();
    await cueLandsAtTrueNowPlusLead(stack, phones);
  } finally {
    for (const p of phones) p.player.stop();
    await stack.stop();
  }
});

test('with --time-url the edge\'s /time, a control API 5 s slow stamps effective_at on the edge clock', { skip: skipUnlessFaketime, timeout: 120_000 }, async () => {
  const edge = await startEdgeTime();
  const stack = await startStack({ env: SLOW_5S, extraArgs: ['--time-url', edge.url] });
  const phones = [];
  try {
    const t0 = trueNow();
    const { t } = await (await fetch(`${stack.url}/time`)).json();
    assert.ok(Math.abs(t - t0 + 5000) < 300, `control API host clock is ${(t - t0).toFixed(0)} ms from true time`);
    const clock = await until('the control API synced to the edge', async () => {
      const r = await api(stack, '/api/clock');
      return r.body.synced ? r.body : null;
    });
    assert.equal(clock.source, edge.url);
    assert.ok(Math.abs(clock.offset_ms - 5000) < clock.uncertainty_ms + 300, `offset ${clock.offset_ms} ± ${clock.uncertainty_ms}`);
    await openShow(stack);
    for (const [i, skew] of [[0, -4500], [1, 2500], [2, 0]]) phones.push(phone(stack.url, edge.url, skew, i));
    for (const p of phones) p.player.start();
    const { res, before, after } = await cueLandsAtTrueNowPlusLead(stack, phones);
    const eff = res.body.effective_at;
    assert.ok(eff >= before + LEAD_MS - 5 && eff <= after + LEAD_MS + 5, `effective_at is true now + ${(eff - before).toFixed(1)} ms`);
  } finally {
    for (const p of phones) p.player.stop();
    await stack.stop();
    await edge.close();
  }
});

test('a control API that cannot reach its time source refuses cues with 503 clock_unsynced, and BLACKOUT still lands', { timeout: 60_000 }, async () => {
  const stack = await startStack({ extraArgs: ['--time-url', 'http://127.0.0.1:9/time'] });
  try {
    const cue = await api(stack, '/api/cues', { mode: 'solid', color: '#FF0000', lead_ms: LEAD_MS });
    assert.equal(cue.status, 503);
    assert.equal(cue.body.error, 'clock_unsynced');
    assert.match(cue.body.message, /127\.0\.0\.1:9\/time/);
    const blackout = await api(stack, '/api/blackout', {});
    assert.equal(blackout.status, 201, JSON.stringify(blackout.body));
  } finally {
    await stack.stop();
  }
});
