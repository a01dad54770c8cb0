// Exposure: wrong tokens typed into the operator page's login are throttled (429 with Retry-After), and the
// page says so, while the right token always gets in; the QR sheet needs the token. Runs on its own server: the
// throttle is per client address.
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

test('ten wrong tokens in a minute: the next wrong one is told to wait (429 + Retry-After), the right one still gets in', async () => {
  const page = await browser.context.newPage();
  const statuses = [];
  page.on('response', (r) => { if (r.url().endsWith('/api/state')) statuses.push(r.status()); });
  await page.goto(`${stack.url}/operator`);
  await page.locator('#login').waitFor({ state: 'visible' });
  const guess = async (token) => {
    await page.fill('#login-token', token);
    // wait for this guess's own answer: the error text of the previous guess is already on the page
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/state')),
      page.click('#login-submit'),
    ]);
    return res;
  };
  for (let i = 0; i < 10; i++) {
    await guess(`guess-number-${i}-is-wrong`);
    await page.locator('#login-error', { hasText: /token|operator/i }).waitFor();
  }
  assert.ok(statuses.filter((s) => s === 401).length >= 10, `401s: ${statuses}`);
  const throttled = await guess('guess-number-10-is-wrong');
  assert.equal(throttled.status(), 429);
  assert.ok(Number(throttled.headers()['retry-after']) > 0, 'Retry-After in seconds');
  await page.locator('#login-error', { hasText: 'too many wrong tokens' }).waitFor();
  assert.ok(await page.locator('#login').isVisible(), 'still logged out');
  await page.screenshot({ path: join(ARTIFACTS, 'operator-login-throttled.png') });
  const right = await guess(stack.token);
  assert.equal(right.status(), 200, 'the right token always gets in, whatever came from this address before');
  await page.locator('#login').waitFor({ state: 'hidden' });
  await page.close();
});
