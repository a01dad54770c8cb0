// Exposure: wrong tokens typed into the operator page's login are throttled (429 with Retry-After), and the
// page says so; the QR sheet needs the token. Runs on its own server: the throttle is per client address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
let stack;
let browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack();
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('ten wrong tokens in a minute: the next login, even the right one, is told to wait (429 + Retry-After)', async () => {
  const page = await browser.context.newPage();
  const statuses = [];
  page.on('response', (r) => { if (r.url().endsWith('/api/state')) statuses.push(r.status()); });
  await page.goto(`${stack.url}/operator`);
  await page.locator('#login').waitFor({ state: 'visible' });
  for (let i = 0; i < 10; i++) {
    await page.fill('#login-token', `guess-number-${i}-is-wrong`);
    // wait for this guess's own answer: the error text of the previous guess is already on the page
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/state')),
      page.click('#login-submit'),
    ]);
    await page.locator('#login-error', { hasText: /token|operator/i }).waitFor();
  }
  assert.ok(statuses.filter((s) => s === 401).length >= 10, `401s: ${statuses}`);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/state')),
    (async () => { await page.fill('#login-token', stack.token); await page.click('#login-submit'); })(),
  ]);
  assert.equal(res.status(), 429);
  assert.ok(Number(res.headers()['retry-after']) > 0, 'Retry-After in seconds');
  await page.locator('#login-error', { hasText: 'too many failed logins' }).waitFor();
  assert.ok(await page.locator('#login').isVisible(), 'still logged out');
  await page.screenshot({ path: join(ARTIFACTS, 'operator-login-throttled.png') });
  await page.close();
});
