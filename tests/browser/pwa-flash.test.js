// The flash limit in real Chromium, measured from outside the app: an observer the app does not write to
// reads the screen's computed colour on every animation frame, and the shared WCAG definition counts the
// flashes in every sliding second. Two pages, one inside a zone and one outside, for 10 s of the worst
// sequence the server accepts; then a hostile state (served in place of the real one) to the governor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { launchChromium } from './chromium.js';
import { waitReady, sleep } from './pwa-harness.js';
import { transitions, worstWindow, MAX_TRANSITIONS, WINDOW_MS } from '../../pwa/lib/flash.js';

const ZONE = [[0, 99]];
const RECORD_MS = 10_000;
let stack;
const browsers = [];

/**
 * Runs in the page before its scripts: every frame, the colour actually on screen, stamped with the frame's
 * time (the rAF timestamp) on the page's clock. It may read a change one frame late (callback order).
 */
function observeScreen() {
  window.__seen = [];
  const loop = (ts) => {
    const el = document.getElementById('screen');
    if (el) {
      const c = getComputedStyle(el).backgroundColor;
      const last = window.__seen[window.__seen.length - 1];
      if (!last || last.c !== c) window.__seen.push({ t: performance.timeOrigin + ts, c });
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

const hex = (rgb) => {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  return m ? `#${[m[1], m[2], m[3]].map((v) => Number(v).toString(16).padStart(2, '0')).join('').toUpperCase()}` : '#000000';
};

async function openPage(seat, routeState) {
  const browser = await launchChromium();
  browsers.push(browser);
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.addInitScript(observeScreen);
  if (routeState) {
    await page.route(/\/states\/\d+\.json/, routeState);
    // The publisher inlines a small state in the pointer: drop it, so the page fetches the state routed above. The
    // routed state is not the one the pointer's publish_id names, so drop that too (a pointer as older publishers
    // wrote it): the phone then takes the state as named by version alone.
    await page.route(/\/live\/pointer\.json/, async (route) => {
      const res = await route.fetch();
      const text = await res.text();
      let body = text;
      try { const p = JSON.parse(text); delete p.inline; delete p.publish_id; body = JSON.stringify(p); } catch { /* not JSON: pass it on */ }
      await route.fulfill({ response: res, body });
    });
  }
  await page.goto(`${stack.url}/?seat=${seat}&debug=1`);
  await waitReady(page);
  return page;
}

async function post(path, body) {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const serverNow = async () => (await (await fetch(`${stack.url}/time`)).json()).t;

/** What an outside observer saw on a page between from and to (page clock): changes and flash load. */
async function seen(page, from, to) {
  const raw = await page.evaluate(() => window.__seen);
  const before = raw.filter((x) => x.t < from).at(-1);
  const changes = [...(before ? [{ t: from, color: hex(before.c) }] : []),
    ...raw.filter((x) => x.t >= from && x.t < to).map((x) => ({ t: x.t, color: hex(x.c) }))];
  const trans = transitions(changes);
  return { changes, trans, worst: worstWindow(trans, WINDOW_MS), held: await held(page) };
}

const held = (page) => page.evaluate(() => Number(/flash\s+(\d+)/.exec(document.getElementById('debug').textContent)?.[1] ?? NaN));

before(async () => {
  stack = await startStack({ extraArgs: ['--pwa-dir', join(ROOT, 'pwa')] });
  assert.equal((await post('/api/cues', { mode: 'solid', color: '#202020', lead_ms: 0 })).status, 201);
});

after(async () => {
  for (const b of browsers) await b.close();
  await stack?.stop();
});

test('the worst sequence the server accepts shows at most 3 flashes in any second, inside and outside a zone', async (t) => {
  const inside = await openPage(50);
  const outside = await openPage(500);
  // Greedy worst case: a strobe at the fastest period everywhere, then every 60 ms try to flip the zone and
  // the whole crowd between white and black; the server keeps what it can accept.
  // 10 s ahead: a loaded machine answers slowly, and every try must be in before its effective_at.
  const start = Math.ceil((await serverNow()) / 100) * 100 + 10_000;
  const tries = [{ mode: 'strobe', color: '#FFFFFF', period_ms: 600, effective_at: start }];
  for (let at = start + 60, i = 0; at < start + RECORD_MS - 1000; at += 60, i++) {
    const zone = i % 3 !== 2 ? { zone: { seats: ZONE } } : {};
    tries.push(i % 2 === 0 ? { mode: 'solid', color: '#FFFFFF', effective_at: at, ...zone } : { mode: 'off', effective_at: at, ...zone });
  }
  let accepted = 0;
  let refused = 0;
  for (const cue of tries) {
    if (cue.effective_at < (await serverNow()) + 300) break; // publishing fell behind: stop trying
    const r = await post('/api/cues', cue);
    if (r.status === 201) accepted += 1;
    else {
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.body.error, 'flash_limit');
      assert.ok(r.body.earliest_effective_at > cue.effective_at);
      refused += 1;
    }
  }
  t.diagnostic(`${accepted} cues accepted, ${refused} refused with flash_limit`);
  assert.ok(accepted >= 10 && refused >= 5, `${accepted} accepted, ${refused} refused`);
  await sleep(start + RECORD_MS - (await serverNow()) + 500);

  // Page clocks and the server's run on the same machine clock here; the window is the recorded 10 s.
  for (const [name, page] of [['inside the zone', inside], ['outside the zone', outside]]) {
    const from = start - 500;
    const s = await seen(page, from, from + RECORD_MS);
    t.diagnostic(`${name}: ${s.changes.length - 1} colour changes, ${s.trans.length} transitions, worst load ${s.worst.count} in 1 s, governor held ${s.held}`);
    assert.ok(s.changes.length >= 8, `${name}: only ${s.changes.length} changes observed`);
    assert.ok(s.worst.count <= MAX_TRANSITIONS, `${name}: ${s.worst.count} transitions in the second from ${s.worst.at}`);
  }
});

test('a hostile state flashing 10 times a second is held to 3 flashes a second by the phone itself', async (t) => {
  const start = Math.ceil((await serverNow()) / 100) * 100 + 4000;
  const hostile = (version) => JSON.stringify({ v: 1, version, published_at: start - 4000,
    cues: Array.from({ length: 100 }, (_, i) => (i % 2 === 0
      ? { effective_at: start + i * 50, mode: 'solid', color: '#FFFFFF' }
      : { effective_at: start + i * 50, mode: 'off' })) });
  const page = await openPage(7, (route) => {
    const version = Number(/states\/(\d+)\.json/.exec(route.request().url())[1]);
    return route.fulfill({ status: 200, contentType: 'application/json', body: hostile(version) });
  });
  // A new version makes the page fetch the (hostile) state.
  assert.equal((await post('/api/cues', { mode: 'solid', color: '#101010', lead_ms: 0 })).status, 201);
  await sleep(start + 5500 - (await serverNow()));
  const s = await seen(page, start - 500, start + 5000);
  t.diagnostic(`hostile: ${s.changes.length - 1} colour changes, worst load ${s.worst.count} in 1 s, governor held ${s.held}`);
  assert.ok(s.changes.length >= 10, `only ${s.changes.length} changes observed`);
  assert.ok(s.worst.count <= MAX_TRANSITIONS, `${s.worst.count} transitions in the second from ${s.worst.at}`);
  assert.ok(s.held > 0, 'the governor never stepped in');
});
