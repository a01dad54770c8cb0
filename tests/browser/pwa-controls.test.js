// The spectator's own controls: seat entry, the debug overlay on a triple tap, calibration kept per
// device, and the test flash on the next whole second of show time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium } from './chromium.js';
import { startStack, ROOT } from './stack.js';
import { publish } from './pwa-harness.js';

let stack;
let browser;
let page;

before(async () => {
  stack = await startStack({ extraArgs: ['--pwa-dir', join(ROOT, 'pwa')] });
  await publish(stack, { mode: 'solid', color: '#102040', lead_ms: 0 });
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.addInitScript(() => {
    window.__renders = [];
    addEventListener('cuecast:render', (e) => window.__renders.push({ color: e.detail.color, at: performance.timeOrigin + performance.now() }));
  });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a seat entered once is kept, and tap to start hides the panel', async () => {
  await page.goto(`${stack.url}/`);
  await page.fill('#seat', '4321');
  await page.click('#go');
  assert.equal(await page.isHidden('#start'), true);
  await page.reload();
  assert.equal(await page.inputValue('#seat'), '4321');
  assert.equal(await page.evaluate(() => localStorage.getItem('cuecast.seat')), '4321');
});

test('a triple tap opens the debug overlay with the sync figures, and another closes it', async () => {
  await page.goto(`${stack.url}/?seat=12`);
  assert.equal(await page.isHidden('#debug'), true);
  for (let i = 0; i < 3; i++) await page.mouse.click(240, 520);
  assert.equal(await page.isVisible('#debug'), true);
  await page.waitForFunction(() => /offset\s+-?[\d.]+ ± [\d.]+ ms ready/.test(document.getElementById('debug').textContent));
  const text = await page.textContent('#debug');
  for (const field of ['rtt', 'version   1', 'poll      1000 ms', 'next in', 'late 0  missed 0']) assert.ok(text.includes(field), `${field} in\n${text}`);
  await page.screenshot({ path: join(ROOT, 'test-artifacts', 'pwa-debug-overlay.png') });
  await page.waitForTimeout(700);
  for (let i = 0; i < 3; i++) await page.mouse.click(240, 520);
  assert.equal(await page.isHidden('#debug'), true);
  assert.equal(await page.isHidden('#calibrate'), true);
});

test('calibration is kept per device and the test flash lights on a whole second of show time', async () => {
  await page.goto(`${stack.url}/?seat=12&debug=1`);
  await page.waitForFunction(() => document.getElementById('debug').textContent.includes('ready'));
  await page.fill('#calib', '40');
  await page.press('#calib', 'Enter');
  await page.reload();
  assert.equal(await page.inputValue('#calib'), '40');
  await page.fill('#calib', '0');
  await page.press('#calib', 'Enter');
  await page.waitForFunction(() => document.getElementById('debug').textContent.includes('ready'));
  await page.click('#flash');
  await page.waitForFunction(() => window.__renders.some((r) => r.color === '#FFFFFF'), null, { timeout: 5000 });
  await page.waitForFunction(() => window.__renders.at(-1).color === '#102040', null, { timeout: 5000 });
  const renders = await page.evaluate(() => window.__renders);
  const on = renders.find((r) => r.color === '#FFFFFF');
  const off = renders[renders.indexOf(on) + 1];
  // The local clock is the server's here (same machine), so the flash sits on a whole second.
  const fromSecond = ((on.at % 1000) + 1000) % 1000;
  assert.ok(fromSecond < 60 || fromSecond > 960, `flash at ${fromSecond.toFixed(1)} ms past the second`);
  assert.ok(Math.abs(off.at - on.at - 400) < 60, `flash lasted ${off.at - on.at} ms`);
});
