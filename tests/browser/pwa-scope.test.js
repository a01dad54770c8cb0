// The spectator app's service worker never controls the operator console (issue 22, item 8), in real Chromium against
// the real server: the app is the page /show and its worker's scope is that page alone; / and /?seat=N (printed QR
// codes) lead there; the console and the QR sheet run under no worker, even in a browser that installed the old app
// (worker /sw.js, scope /), which the retired /sw.js and the console itself remove.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './chromium.js';
import { startStack, ROOT } from './stack.js';
import { publish, toRgb } from './pwa-harness.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const LEGACY_WORKER = join(ROOT, 'tests', 'browser', 'fixtures', 'legacy-sw.js');
let stack;
let pwaDir;

/** The server reads --pwa-dir on each request: a test can put the old app's worker in place, and take it away. */
const withLegacyWorker = () => copyFileSync(LEGACY_WORKER, join(pwaDir, 'sw.js'));
const withCurrentWorker = () => copyFileSync(join(ROOT, 'pwa', 'sw.js'), join(pwaDir, 'sw.js'));

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  pwaDir = mkdtempSync(join(tmpdir(), 'cuecast-pwa-'));
  cpSync(join(ROOT, 'pwa'), pwaDir, { recursive: true });
  stack = await startStack({ extraArgs: ['--pwa-dir', pwaDir] });
});

after(async () => {
  await stack?.stop();
  rmSync(pwaDir, { recursive: true, force: true });
});

const controller = (page) => page.evaluate(() => navigator.serviceWorker?.controller?.scriptURL ?? null);
const scopes = (page) => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope).sort());
const cacheNames = (page) => page.evaluate(() => caches.keys());
const screenColor = (page) => page.evaluate(() => getComputedStyle(document.getElementById('screen')).backgroundColor);

async function eventually(fn, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => null); // a page that is reloading answers nothing
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The spectator app from a printed QR code, until its worker controls the page. */
async function installApp(page, query = '?seat=12&debug=1') {
  await page.goto(`${stack.url}/${query}`);
  await eventually(async () => (await controller(page)) !== null, 'the app\'s worker to control the page');
}

test('a printed QR code (/?seat=12) reaches the app at /show with seat 12; its worker is active for /show alone', async () => {
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    await installApp(page);
    assert.equal(page.url(), `${stack.url}/show?seat=12&debug=1`, 'the query came along');
    assert.equal(await controller(page), `${stack.url}/show-sw.js`);
    assert.deepEqual(await scopes(page), [`${stack.url}/show`]);
    assert.equal(await page.evaluate(() => localStorage.getItem('cuecast.seat')), '12');
    assert.equal(await page.locator('#seat-row').isHidden(), true, 'the seat came from the code: not asked again');
    await page.locator('#debug', { hasText: /seat\s+12\b/ }).waitFor();
    assert.deepEqual(await cacheNames(page), [(await cacheNames(page)).find((n) => /^cuecast-show-[0-9a-f]{16}$/.test(n))]);
    await page.screenshot({ path: join(ARTIFACTS, 'pwa-scope-app.png') });
  } finally {
    await browser.close();
  }
});

test('after the app was installed, /operator and the QR sheet run under no service worker', async () => {
  const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  try {
    const app = browser.context.pages()[0] ?? await browser.context.newPage();
    await installApp(app);

    const operator = await browser.context.newPage();
    await operator.goto(`${stack.url}/operator#token=${stack.token}`);
    await operator.locator('#conn', { hasText: 'Connected' }).waitFor();
    assert.equal(await controller(operator), null, '/operator is controlled by no worker');
    assert.deepEqual(await scopes(operator), [`${stack.url}/show`], 'the app\'s registration is there, and does not cover it');
    await operator.reload();
    await operator.locator('#conn', { hasText: 'Connected' }).waitFor();
    assert.equal(await controller(operator), null, 'nor after a reload');
    await operator.screenshot({ path: join(ARTIFACTS, 'pwa-scope-operator.png') });

    await operator.fill('#qr-form input[name=from]', '10');
    await operator.fill('#qr-form input[name=to]', '13');
    const [sheet] = await Promise.all([browser.context.waitForEvent('page'), operator.click('#qr-form button[type=submit]')]);
    await sheet.locator('figure svg').first().waitFor();
    assert.equal(await controller(sheet), null, 'the QR sheet is controlled by no worker');
    assert.match(await sheet.content(), new RegExp(`${stack.url}/\\?seat=12`), 'the codes still link to /?seat=N');
    await sheet.screenshot({ path: join(ARTIFACTS, 'pwa-scope-qr.png') });

    // the console's own assets and the API never come from a worker
    const fromWorker = [];
    browser.context.on('response', (r) => { if (r.fromServiceWorker()) fromWorker.push(new URL(r.url()).pathname); });
    await operator.reload();
    await operator.locator('#conn', { hasText: 'Connected' }).waitFor();
    assert.deepEqual(fromWorker, []);
  } finally {
    await browser.close();
  }
});

test('offline after install: the app starts from its cache, and a re-scanned code still leads to it', async () => {
  await publish(stack, { mode: 'solid', color: '#2080FF', lead_ms: 0 });
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    await installApp(page, '?seat=12');
    await page.waitForFunction((c) => getComputedStyle(document.getElementById('screen')).backgroundColor === c, toRgb('#2080FF'), { timeout: 15_000 });
    await page.waitForFunction(() => localStorage.getItem('cuecast.state') !== null, null, { timeout: 15_000 });

    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.locator('#go', { hasText: 'Tap to start' }).waitFor();
      assert.equal(await screenColor(page), toRgb('#2080FF'), 'the last show keeps showing');
      // the phone kept the redirect (private, a week): the printed code opens the cached app with no network
      await page.goto(`${stack.url}/?seat=12`);
      assert.equal(page.url(), `${stack.url}/show?seat=12`);
      await page.locator('#go', { hasText: 'Tap to start' }).waitFor();
      assert.equal(await screenColor(page), toRgb('#2080FF'));
      await page.screenshot({ path: join(ARTIFACTS, 'pwa-scope-offline.png') });
    } finally {
      await browser.context.setOffline(false);
    }
  } finally {
    await browser.close();
  }
});

test('the app\'s worker registered with any other scope (a bug) never installs', async () => {
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    await installApp(page);
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.register('/show-sw.js', { scope: '/' });
      const worker = registration.installing ?? registration.waiting ?? registration.active;
      const redundant = new Promise((r) => worker.addEventListener('statechange', () => worker.state === 'redundant' && r()));
      if (worker.state !== 'redundant') await Promise.race([redundant, new Promise((r) => setTimeout(r, 10_000))]);
      return worker.state;
    });
    assert.equal(state, 'redundant');
    assert.deepEqual(await scopes(page), [`${stack.url}/show`]);
    const operator = await browser.context.newPage();
    await operator.goto(`${stack.url}/operator`);
    assert.equal(await controller(operator), null);
  } finally {
    await browser.close();
  }
});

/** A browser with the old app: its worker (the fixture) registered with scope "/", controlling its page. */
async function legacyBrowser() {
  withLegacyWorker();
  const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.goto(`${stack.url}/health`); // any page of the origin that does not run today's app
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js', { scope: '/' }));
  await eventually(async () => (await controller(page)) === `${stack.url}/sw.js`, 'the old worker to control the page');
  assert.deepEqual(await scopes(page), [`${stack.url}/`]);
  assert.ok((await cacheNames(page)).some((n) => n.startsWith('cuecast-shell-')), 'the old app cached its shell');
  return { browser, page };
}

test('a browser with the old app (worker of scope /): the retired /sw.js removes it and its caches at the next update', async () => {
  const { browser, page } = await legacyBrowser();
  try {
    withCurrentWorker(); // the deploy: /sw.js is now the retired worker
    await page.reload(); // a navigation checks the worker for an update
    await eventually(async () => (await scopes(page)).length === 0 && (await controller(page)) === null,
      'the old registration gone and the page reloaded under no worker');
    assert.deepEqual(await cacheNames(page), [], 'the old app\'s caches are deleted');

    // the printed code now leads to the app at /show, with its own worker
    await installApp(page, '?seat=7');
    assert.equal(page.url(), `${stack.url}/show?seat=7`);
    assert.deepEqual(await scopes(page), [`${stack.url}/show`]);
    const operator = await browser.context.newPage();
    await operator.goto(`${stack.url}/operator`);
    assert.equal(await controller(operator), null);
  } finally {
    withCurrentWorker();
    await browser.close();
  }
});

test('a browser with the old app opening the console: the console unregisters the worker and loads again without it', async () => {
  const { browser } = await legacyBrowser(); // the old worker stays what /sw.js serves: no update comes to help
  try {
    const operator = await browser.context.newPage();
    await operator.goto(`${stack.url}/operator#token=${stack.token}`);
    await eventually(async () => (await controller(operator)) === null && (await scopes(operator)).length === 0,
      'the console to unregister the old worker and reload under none');
    await operator.locator('#conn', { hasText: 'Connected' }).waitFor();
    assert.equal(await controller(operator), null);
    assert.equal(await operator.evaluate(() => sessionStorage.getItem('cuecast.noWorkerReload')), null, 'one reload, then done');
  } finally {
    withCurrentWorker();
    await browser.close();
  }
});
