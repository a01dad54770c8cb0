// The spectator app's side of the operator console: a timeline keeps playing with the network cut, the
// winner screen, and a service worker that stays out of everything that is not the spectator app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.js';
import { startStack, ROOT } from './stack.js';
import { publish, toRgb, sleep } from './pwa-harness.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
let stack;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack({ extraArgs: ['--pwa-dir', join(ROOT, 'pwa')] });
});

after(async () => {
  await stack?.stop();
});

async function api(method, path, body) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Records every colour change with this process's clock (Chromium and node share the OS clock). */
function recordRenders() {
  window.__renders = [];
  addEventListener('cuecast:render', (e) => {
    const at = e.detail.frameTs != null ? performance.timeOrigin + e.detail.frameTs : performance.timeOrigin + performance.now();
    window.__renders.push({ color: e.detail.color, at });
  });
}

async function openApp(browser, seat) {
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.addInitScript(recordRenders);
  await page.goto(`${stack.url}/?seat=${seat}&debug=1`);
  await page.click('#go');
  await page.waitForFunction(() => document.getElementById('debug')?.textContent.includes('ready'), null, { timeout: 30_000 });
  return page;
}

const screenColor = (page) => page.evaluate(() => getComputedStyle(document.getElementById('screen')).backgroundColor);

test('a timeline loaded in one publish keeps playing for 60 s on a phone whose network is cut', async () => {
  const browser = await launchChromium();
  try {
    await publish(stack, { mode: 'solid', color: '#000000', lead_ms: 0 });
    const page = await openApp(browser, 12);
    const start = Date.now() + 6_000;
    const colors = ['#FF0000', '#00FF00', '#0000FF', '#FFFF00', '#FF00FF', '#00FFFF', '#FFFFFF'];
    const cues = colors.map((color, i) => ({ mode: 'solid', color, effective_at: start + i * 10_000 }));
    const ack = await api('POST', '/api/timeline', { cues });
    await page.waitForFunction((v) => JSON.parse(localStorage.getItem('cuecast.state') ?? 'null')?.version >= v, ack.version, { timeout: 15_000 });

    await browser.context.setOffline(true);
    const cutAt = Date.now();
    let failedRequests = 0;
    page.on('requestfailed', () => { failedRequests += 1; });
    await sleep(start + 60_000 + 1_500 - Date.now());
    assert.ok(Date.now() - cutAt >= 60_000, 'the network stayed cut for at least 60 s');
    await page.screenshot({ path: join(ARTIFACTS, 'pwa-timeline-offline-60s.png') });
    const renders = await page.evaluate(() => window.__renders);
    for (const cue of cues) {
      const hit = renders.find((r) => r.color === cue.color && r.at >= cue.effective_at - 1_000);
      assert.ok(hit, `${cue.color} was shown with the network cut`);
      assert.ok(Math.abs(hit.at - cue.effective_at) < 500, `${cue.color} switched ${Math.round(hit.at - cue.effective_at)} ms off its time`);
    }
    assert.equal(await screenColor(page), toRgb('#FFFFFF'), 'the last timeline cue stays on');
    assert.ok(failedRequests > 0, 'the phone kept trying (and failing) to poll while cut off');
  } finally {
    await browser.context.setOffline(false).catch(() => {});
    await browser.close();
  }
});

test('a winning seat shows "Winner" with its seat and draw id until the next cue; other seats only the colour', async () => {
  const winnerBrowser = await launchChromium();
  const loserBrowser = await launchChromium();
  try {
    const draw = await api('POST', '/api/draws', { seats: 20, count: 20 });
    const winner = await openApp(winnerBrowser, 7);
    const loser = await openApp(loserBrowser, 25); // beyond the draw's seats: never a winner
    await publish(stack, { mode: 'solid', color: '#101010', lead_ms: 1_000, winners: { draw: draw.draw, color: '#00FF00' } });
    await winner.locator('#winner').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await winner.textContent('#winner-seat'), 'Seat 7');
    assert.equal(await winner.textContent('#winner-draw'), `Draw ${draw.draw}`);
    assert.equal(await screenColor(winner), toRgb('#00FF00'));
    const size = await winner.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#winner .big')).fontSize));
    assert.ok(size >= 60, `"Winner" is large (${size}px)`);
    // What the spectator sees: the debug overlay (opened to wait for sync) closed, nothing on top of "Winner".
    await winner.click('#calib-close');
    const covering = await winner.evaluate(() => {
      const w = document.querySelector('#winner .big').getBoundingClientRect();
      return [...document.body.children].filter((el) => {
        if (['winner', 'screen'].includes(el.id) || el.tagName === 'SCRIPT') return false;
        const r = el.getBoundingClientRect();
        const shown = getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden';
        return shown && r.width > 0 && r.height > 0
          && r.left < w.right && w.left < r.right && r.top < w.bottom && w.top < r.bottom;
      }).map((el) => el.id || el.tagName);
    });
    assert.deepEqual(covering, [], '"Winner" is not covered by another element');
    await winner.screenshot({ path: join(ARTIFACTS, 'pwa-winner.png') });
    await loser.waitForFunction((c) => getComputedStyle(document.getElementById('screen')).backgroundColor === c, toRgb('#101010'));
    assert.equal(await loser.isVisible('#winner'), false);
    // staff check the claim shown on the screen
    assert.equal((await api('GET', `/api/draws/${draw.draw}/seats/7`)).winner, true);

    await publish(stack, { mode: 'solid', color: '#3040FF', lead_ms: 1_000 });
    await winner.locator('#winner').waitFor({ state: 'hidden', timeout: 15_000 });
    assert.equal(await screenColor(winner), toRgb('#3040FF'));
  } finally {
    await winnerBrowser.close();
    await loserBrowser.close();
  }
});

test('the service worker serves the spectator app only: never the operator page, the API, metrics or the QR sheet', async () => {
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    await page.goto(`${stack.url}/?seat=3`);
    // polled: the worker claims the page on activation
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000, polling: 100 });

    const fromWorker = [];
    browser.context.on('response', (r) => { if (r.fromServiceWorker()) fromWorker.push(new URL(r.url()).pathname); });
    const operator = await browser.context.newPage();
    await operator.goto(`${stack.url}/operator`);
    await operator.locator('#login').waitFor({ state: 'visible' });
    for (const path of ['/api/state', '/metrics', '/operator/qr', '/health']) {
      await operator.evaluate((p) => fetch(p).catch(() => null), path);
    }
    assert.deepEqual(fromWorker.filter((p) => !['/', '/index.html'].includes(p) && !/\.(js|png|svg|webmanifest)$/.test(p) && p !== '/'), [],
      'nothing outside the app shell came from the service worker');
    assert.ok(!fromWorker.some((p) => p.startsWith('/operator') || p.startsWith('/api') || p === '/metrics'), fromWorker.join(', '));

    // With the server unreachable the operator sees that, not the spectator app's "Tap to start".
    await browser.context.setOffline(true);
    const offline = await operator.goto(`${stack.url}/operator`).then(() => 'loaded', (e) => e.message);
    assert.match(offline, /ERR_INTERNET_DISCONNECTED|ERR_FAILED/, 'the operator page is not served from the app cache');
    const qr = await operator.goto(`${stack.url}/operator/qr`).then(() => 'loaded', (e) => e.message);
    assert.notEqual(qr, 'loaded');
    // ...while the spectator app still starts from its cache
    await page.reload();
    assert.equal(await page.locator('#go').textContent(), 'Tap to start');
    await page.screenshot({ path: join(ARTIFACTS, 'pwa-offline-app-still-starts.png') });
  } finally {
    await browser.context.setOffline(false).catch(() => {});
    await browser.close();
  }
});
