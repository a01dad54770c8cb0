// The service worker lets the app start with no network, and the phone keeps the show it last had.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.js';
import { startStack, ROOT } from './stack.js';
import { publish, toRgb } from './pwa-harness.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
let stack;
let browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack({ extraArgs: ['--pwa-dir', join(ROOT, 'pwa')] });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const screenColor = (page) => page.evaluate(() => getComputedStyle(document.getElementById('screen')).backgroundColor);

test('offline reload: the cached shell starts and the last state keeps showing; the pointer and /time never touch the cache', async () => {
  await publish(stack, { mode: 'solid', color: '#FF8800', lead_ms: 0 });
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.goto(`${stack.url}/?seat=5&debug=1`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null
    || new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', () => r(true))), null, { timeout: 15_000 });
  await page.waitForFunction((c) => getComputedStyle(document.getElementById('screen')).backgroundColor === c, toRgb('#FF8800'), { timeout: 15_000 });
  await page.waitForFunction(() => localStorage.getItem('cuecast.offset') !== null, null, { timeout: 15_000 });

  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const keys = (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)))).flat();
    return { names, keys };
  });
  assert.equal(cached.names.length, 1);
  assert.match(cached.names[0], /^cuecast-show-/, 'the app\'s cache (cuecast-shell-* were the old app\'s, which the retired sw.js deletes)');
  for (const path of ['/index.html', '/app.js', '/lib/clock.js', '/manifest.webmanifest', '/icons/icon-192.png']) {
    assert.ok(cached.keys.includes(path), `${path} cached`);
  }
  assert.ok(!cached.keys.some((k) => k.startsWith('/live/') || k === '/time' || k.startsWith('/states/')), 'live data never cached');

  await browser.context.setOffline(true);
  try {
    await page.reload();
    await page.waitForFunction((c) => getComputedStyle(document.getElementById('screen')).backgroundColor === c, toRgb('#FF8800'), { timeout: 15_000 });
    assert.equal(await page.locator('#go').textContent(), 'Tap to start');
    await page.screenshot({ path: join(ARTIFACTS, 'pwa-offline-reload.png') });
    assert.equal(await screenColor(page), toRgb('#FF8800'));
  } finally {
    await browser.context.setOffline(false);
  }
});

test('manifest is installable: name, start_url, display and 192/512 icons that load', async () => {
  const res = await fetch(`${stack.url}/manifest.webmanifest`);
  assert.equal(res.status, 200);
  const m = await res.json();
  assert.equal(m.start_url, 'show', 'the page its worker serves offline');
  assert.ok(['fullscreen', 'standalone'].includes(m.display));
  for (const size of ['192x192', '512x512']) {
    const icon = m.icons.find((i) => i.sizes === size);
    assert.ok(icon, `${size} icon`);
    const r = await fetch(`${stack.url}/${icon.src}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
  }
});
