// Drives the operator page in real Chromium against the real local stack (the server jar).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
let stack;
let browser;
let page;

async function pointer() {
  const res = await fetch(`${stack.url}/live/pointer.json`, { cache: 'no-store' });
  if (res.status === 404) return null;
  assert.equal(res.status, 200);
  return res.json();
}

async function stateOf(p) {
  return (await fetch(`${stack.url}/${p.state}`)).json();
}

/** Polls until fn() returns a truthy value (bounded), since the page publishes asynchronously. */
async function eventually(fn, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `operator-${name}.png`), fullPage: true });
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack();
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('operator logs in, builds a cue, arms it and GO publishes it at the origin', async () => {
  await page.goto(`${stack.url}/operator`);
  await page.locator('#login').waitFor({ state: 'visible' });
  await shot('1-login');
  await page.fill('#login-token', stack.token);
  await page.fill('#login-name', 'Browser Test');
  await page.click('#login-submit');
  await page.locator('#login').waitFor({ state: 'hidden' });
  await page.locator('#conn.online').waitFor();

  await page.selectOption('#f-mode', 'strobe');
  await page.fill('#f-color', '#00AAFF');
  await page.fill('#f-period', '600');
  await page.fill('#f-lead', '2000');
  const preview = JSON.parse(await page.textContent('#preview'));
  assert.deepEqual(preview, { mode: 'strobe', color: '#00AAFF', period_ms: 600, lead_ms: 2000 });
  await shot('2-built');

  assert.equal(await page.isDisabled('#go'), true, 'GO is disabled until a cue is armed');
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.locator('#cue-list li.armed').waitFor();
  await shot('3-armed');
  await page.keyboard.press('Space');

  const p = await eventually(async () => (await pointer())?.version && pointer(), 'a published pointer');
  const state = await stateOf(p);
  const cue = state.cues.at(-1);
  assert.equal(cue.mode, 'strobe');
  assert.equal(cue.color, '#00AAFF');
  assert.equal(cue.period_ms, 600);
  const history = await (await fetch(`${stack.url}/api/history?limit=1`, { headers: { Authorization: `Bearer ${stack.token}` } })).json();
  assert.equal(history.history[0].actor, 'Browser Test');
  await page.locator('#live-version', { hasText: String(p.version) }).waitFor();
  await shot('4-after-go');
});

test('Esc disarms, and Space does nothing while disarmed', async () => {
  const before = await pointer();
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.locator('#cue-list li.armed').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#cue-list li.armed').count(), 0);
  await page.keyboard.press('Space');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await pointer()).version, before.version, 'nothing published');
});

test('the B key publishes the off state at once', async () => {
  const before = await pointer();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('b');
  const p = await eventually(async () => {
    const now = await pointer();
    return now.version > before.version && now;
  }, 'the blackout version');
  const state = await stateOf(p);
  assert.deepEqual(state.cues.map((c) => c.mode), ['off'], 'blackout drops every pending cue');
  await page.locator('#live-mode', { hasText: 'off' }).waitFor();
  await shot('5-blackout');
});

test('a bad value shows the API error and publishes nothing', async () => {
  const before = await pointer();
  await page.click('#cue-add');
  await page.selectOption('#f-mode', 'strobe');
  await page.fill('#f-color', '#FFFFFF');
  await page.fill('#f-period', '100'); // 10 Hz: refused (WCAG 2.3.1)
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.click('#go');
  const error = page.locator('#error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /period_ms 100 would flash above 3 Hz/);
  assert.equal((await pointer()).version, before.version, 'nothing published');
  await shot('6-error');
});

test('draws: create one and verify a seat; the QR sheet renders codes', async () => {
  await page.fill('#d-seats', '20');
  await page.fill('#d-count', '20');
  await page.click('#draw-form button[type=submit]');
  await page.locator('#draw-result', { hasText: 'winners among 20 seats' }).waitFor();
  await page.fill('#v-seat', '7');
  await page.click('#verify-form button[type=submit]');
  await page.locator('#verify-result', { hasText: 'WINNER' }).waitFor();
  await shot('7-draws');

  const qr = await browser.context.newPage();
  await qr.goto(`${stack.url}/operator/qr?from=0&to=11`);
  assert.equal(await qr.locator('figure svg').count(), 12);
  await qr.screenshot({ path: join(ARTIFACTS, 'operator-8-qr.png'), fullPage: true });
  await qr.close();
});

async function goWith(mode, color) {
  await page.click('#cue-add');
  await page.selectOption('#f-mode', mode);
  await page.fill('#f-color', color);
  await page.fill('#f-lead', '0');
  const before = await pointer();
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  const published = await eventually(async () => {
    const now = await pointer();
    return now.version > before.version && now;
  }, `GO ${color}`);
  // the pointer is visible before the answer (history first): wait for the page to take the answer too
  await page.waitForFunction(() => document.querySelector('#go-status').textContent !== 'Publishing…');
  return published;
}

test('Undo (U) re-publishes the cue before the last one', async () => {
  await goWith('solid', '#111111');
  const second = await goWith('solid', '#222222');
  assert.equal((await stateOf(second)).cues.at(-1).color, '#222222');
  await page.locator('#cue-list').focus();
  await page.keyboard.press('u');
  const undone = await eventually(async () => {
    const now = await pointer();
    return now.version > second.version && now;
  }, 'the undo version');
  const cue = (await stateOf(undone)).cues.at(-1);
  assert.equal(cue.mode, 'solid');
  assert.equal(cue.color, '#111111');
});

test('the show/idle toggle publishes the polling hint', async () => {
  await page.click('#poll-idle');
  await eventually(async () => (await pointer()).poll_ms === 20000, 'poll_ms 20000');
  await page.locator('#poll-idle.active').waitFor();
  await page.click('#poll-show');
  await eventually(async () => (await pointer()).poll_ms === 1000, 'poll_ms 1000');
});

test('the page fits a tablet in portrait', async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.reload();
  await page.locator('#conn.online').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  assert.ok(await page.isVisible('#blackout'));
  await shot('9-tablet');
});
