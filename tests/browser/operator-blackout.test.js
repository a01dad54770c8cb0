// BLACKOUT on the operator page while a GO hangs on a slow store (real S3 protocol: moto_server behind a
// delaying proxy): the blackout request leaves at once, and the phones' pointer says "off" within 1 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { launchChromium } from './chromium.js';
import { startSlowS3, hasMoto } from './slow-s3.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const skip = hasMoto() ? false : 'needs moto_server on the PATH';
let s3;
let stack;
let browser;
let page;

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  s3 = await startSlowS3();
  stack = await startStack({
    extraArgs: ['--bucket', s3.bucket, '--endpoint', s3.endpoint, '--region', 'us-east-1'],
    env: s3.env,
  });
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  await s3?.stop();
});

/** The pointer and the state it names, as the phones read them (the local origin, which reads the store). */
async function live() {
  const res = await fetch(`${stack.url}/live/pointer.json`, { cache: 'no-store' });
  if (res.status !== 200) return null;
  const pointer = await res.json();
  const state = await (await fetch(`${stack.url}/${pointer.state}`)).json();
  return { pointer, state };
}

async function eventually(fn, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('with GO held open by a slow store, key B sends the blackout at once and the pointer is off within 1 s', { skip }, async (t) => {
  await page.goto(`${stack.url}/operator#token=${stack.token}`);
  await page.locator('#conn.online').waitFor();
  await page.evaluate(() => fetch('/api/cues', {
    method: 'POST',
    headers: { Authorization: `Bearer ${sessionStorage.getItem('cuecast.token')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode: 'solid', color: '#203040' }),
  }));
  await eventually(async () => (await live())?.state.cues.at(-1).color === '#203040', 'the first cue', 10_000);

  // The next GO's state write hangs in the store for up to 20 s.
  s3.holdBodiesContaining('#123456', 20_000);
  await page.selectOption('#f-mode', 'solid');
  await page.fill('#f-color', '#123456');
  await page.fill('#f-lead', '15000');
  await page.locator('#verdict[data-ok=ok]').waitFor();
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.locator('#cue-list li.armed').waitFor();
  await page.keyboard.press('Space');
  await eventually(() => s3.held() > 0, 'the GO held in the store', 10_000);
  await page.locator('#go-status', { hasText: 'Publishing' }).waitFor();

  const beforeVersion = (await (await fetch(`${stack.url}/live/pointer.json`, { cache: 'no-store' })).json()).version;
  const sent = new Promise((resolve) => page.on('request', (r) => { if (r.url().endsWith('/api/blackout')) resolve(Date.now()); }));
  await page.locator('body').click({ position: { x: 5, y: 500 } });
  const pressed = Date.now();
  await page.keyboard.press('b');
  const leftAt = await sent;
  assert.ok(leftAt - pressed < 500, `the blackout request left ${leftAt - pressed} ms after the key, not behind the GO`);
  await page.locator('#blackout[data-phase=sending], #blackout[data-phase=done]').first().waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'operator-blackout-sending.png') });
  // Poll only the pointer (one light request) until it names a newer version; then check that state is off.
  let visibleMs = null;
  await eventually(async () => {
    const res = await fetch(`${stack.url}/live/pointer.json`, { cache: 'no-store' });
    const seen = Date.now();
    if (res.status === 200 && (await res.json()).version > beforeVersion) {
      visibleMs = seen - pressed; // an upper bound: it became visible before this answer arrived
      return true;
    }
    return false;
  }, 'a new pointer', 5_000);
  const off = await live();
  assert.deepEqual(off.state.cues.map((c) => c.mode), ['off'], 'the new version is the blackout');
  await page.locator('#blackout[data-phase=done]').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'operator-blackout-during-go.png') });
  t.diagnostic(`blackout request left ${leftAt - pressed} ms after the key; pointer off within ${visibleMs} ms (upper bound)`);
  assert.ok(visibleMs <= 1_000, `pointer off ${visibleMs} ms after the key press (limit 1 s)`);

  // The held GO may now finish in the store: it must never land after the blackout.
  s3.release();
  await page.locator('#go-status', { hasText: 'Publishing' }).waitFor({ state: 'detached', timeout: 30_000 }).catch(() => {});
  await new Promise((r) => setTimeout(r, 1_500));
  const after = await live();
  assert.ok(after.pointer.version >= off.pointer.version);
  assert.deepEqual(after.state.cues.map((c) => c.mode), ['off'], 'the cue in flight lost to the blackout');
});
