// Issue 20, item 1 in real Chromium: a first GO lands, the next GO is held 10 s in the network (a stalled venue
// network), BLACKOUT is pressed 300 ms after that GO left. The page aborts the held GO and shows it as dropped by BLACKOUT; and when
// the held request reaches the server anyway (replayed raw, byte for byte, after the BLACKOUT), the server refuses
// it: it says the version the operator saw (base_version), older than the BLACKOUT. The pointer, read from the
// store's own directory (not from the page), stays off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const HOLD_MS = 10_000;
let stack;
let browser;
let page;

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

/** The pointer as the store holds it: the data directory's own file, never the page or the server's answer. */
function storePointer() {
  try {
    return JSON.parse(readFileSync(join(stack.dataDir, 'live', 'pointer.json'), 'utf8'));
  } catch {
    return null;
  }
}

function storeState(version) {
  return JSON.parse(readFileSync(join(stack.dataDir, 'states', `${version}.json`), 'utf8'));
}

async function eventually(fn, what, timeoutMs = 10_000, everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function editSelected(color, lead) {
  await page.selectOption('#f-mode', 'solid');
  await page.fill('#f-color', color);
  await page.fill('#f-lead', String(lead));
}

/** Enter once the server's verdict is in (the page asks again after each new version, so a press may come early). */
async function armSelected(verdict) {
  for (let i = 0; ; i++) {
    await page.locator('#verdict[data-ok=ok]', { hasText: verdict }).waitFor();
    await page.locator('#cue-list').focus();
    await page.keyboard.press('Enter');
    try {
      await page.locator('#cue-list li.armed').waitFor({ timeout: 300 });
      return;
    } catch (e) {
      if (i >= 20) throw e;
    }
  }
}

async function blackedOutCount() {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  return Number(text.match(/^cuecast_api_errors_total\{code="blacked_out"[^}]*\} (\S+)/m)?.[1] ?? 0);
}

test('a GO held 10 s in the network never lands after a BLACKOUT pressed 300 ms after it, once a first GO landed', async (t) => {
  // Every GO (not the dry runs) passes through here: the second one is held in the network for 10 s.
  let gos = 0;
  let held = null;
  const heldSeen = new Promise((resolve) => {
    page.route((url) => url.pathname === '/api/cues' && !url.search.includes('dry_run'), async (route) => {
      gos += 1;
      if (gos !== 2) return route.continue();
      held = { at: Date.now(), headers: route.request().headers(), body: route.request().postData(), continued: null };
      resolve();
      await new Promise((r) => setTimeout(r, HOLD_MS));
      // the network delivers it now, unless the page aborted it meanwhile (then there is nothing left to deliver)
      try {
        await route.continue();
        held.continued = 'delivered';
      } catch (e) {
        held.continued = `not delivered: ${e.message.split('\n')[0]}`;
      }
    });
  });
  const aborted = [];
  page.on('requestfailed', (r) => { if (new URL(r.url()).pathname === '/api/cues') aborted.push(r.failure()?.errorText); });

  await page.goto(`${stack.url}/operator#token=${stack.token}`);
  await page.locator('#conn.online').waitFor();
  // cue 1 red now, cue 2 green with a 3 s lead
  await editSelected('#FF0000', 0);
  await page.click('#cue-add');
  await editSelected('#00FF00', 3000);
  await page.locator('#cue-list li').first().click();
  await armSelected('publish v1');
  await page.keyboard.press('Space');
  const first = await eventually(() => storePointer()?.version === 1 && Date.now(), 'the first GO in the store');

  // the page moves on to cue 2; the operator arms it and presses GO: that request is held in the network
  await armSelected('publish v2');
  await page.keyboard.press('Space');
  await Promise.race([heldSeen, new Promise((_, reject) => setTimeout(() => reject(new Error('the second GO never left the page')), 10_000))]);
  assert.equal(JSON.parse(held.body).base_version, 1, 'the GO says the version its preview was built on');
  await page.locator('#go-status', { hasText: 'Publishing' }).waitFor();

  const sent = new Promise((resolve) => page.on('request', (r) => { if (r.url().endsWith('/api/blackout')) resolve(Date.now()); }));
  await new Promise((r) => setTimeout(r, Math.max(0, held.at + 300 - Date.now())));
  const pressed = Date.now();
  await page.keyboard.press('b');
  const dark = await eventually(() => {
    const p = storePointer();
    return p && p.version > 1 && p;
  }, 'the BLACKOUT in the store', 2_000);
  const visibleMs = Date.now() - pressed;
  assert.deepEqual(storeState(dark.version).cues.map((c) => c.mode), ['off']);
  t.diagnostic(`the held GO left ${held.at - first} ms after the first GO was in the store; BLACKOUT pressed ${pressed - held.at} ms `
    + `after the held GO (${pressed - first} ms after the first landed); its request left ${(await Promise.race([sent, 0])) - pressed} ms after the key; `
    + `off in the store within ${visibleMs} ms of the key`);

  // the page says what happened to the held GO: dropped by BLACKOUT, not a failure to retry
  await page.locator('#error', { hasText: 'dropped by BLACKOUT' }).waitFor();
  assert.doesNotMatch(await page.textContent('#error'), /refused|retry/i);
  await page.locator('#log li', { hasText: 'dropped by BLACKOUT (aborted on its way)' }).waitFor();
  await page.locator('#blackout[data-phase=done]').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'operator-held-go-dropped.png') });
  assert.ok(aborted.length >= 1, 'the page aborted the held GO');

  // the network lets go of the held request ...
  const refusedBefore = await blackedOutCount();
  await eventually(() => held.continued !== null, 'the end of the hold', HOLD_MS + 5_000, 50);
  await new Promise((r) => setTimeout(r, 500));
  t.diagnostic(`after the hold, the held request was ${held.continued}; the server refused ${await blackedOutCount() - refusedBefore} `
    + 'request(s) with blacked_out meanwhile');
  assert.equal(storePointer().version, dark.version, 'the page aborted the held GO: nothing landed after the BLACKOUT');
  // ... and even if it reaches the server (a proxy that ignored the abort), the server refuses it
  const replay = await fetch(`${stack.url}/api/cues`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(held.headers).filter(([k]) =>
      ['authorization', 'content-type', 'idempotency-key', 'x-cuecast-actor'].includes(k.toLowerCase()))),
    body: held.body,
  });
  const refusal = await replay.json();
  assert.equal(replay.status, 409, JSON.stringify(refusal));
  assert.equal(refusal.error, 'blacked_out');
  assert.ok(await blackedOutCount() > refusedBefore, '/metrics counts the refusal');

  // past the held cue's 3 s lead: the store still says off, at the blackout's version, and no state holds green
  await new Promise((r) => setTimeout(r, 3_500));
  const after = storePointer();
  assert.equal(after.version, dark.version, 'nothing was published after the BLACKOUT');
  assert.deepEqual(storeState(after.version).cues.map((c) => c.mode), ['off']);
  for (const f of readdirSync(join(stack.dataDir, 'states'))) {
    assert.doesNotMatch(readFileSync(join(stack.dataDir, 'states', f), 'utf8'), /#00FF00/, `${f} never holds the held cue`);
  }
});
