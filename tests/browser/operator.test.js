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
  // the clock line answers within a couple of seconds of sign-in (it asked before the token was set)
  await page.locator('#clock[data-state=synced]').waitFor({ timeout: 4000 });
  assert.equal(await page.textContent('#clock'), 'clock: this server');

  await page.selectOption('#f-mode', 'strobe');
  await page.fill('#f-color', '#00AAFF');
  await page.fill('#f-period', '600');
  await page.fill('#f-lead', '2000');
  // the preview is the server's own dry run: the exact state GO would publish now
  await page.locator('#verdict[data-ok=ok]').waitFor();
  const preview = JSON.parse(await page.textContent('#preview'));
  assert.equal(preview.version, 1);
  assert.equal(preview.cues.length, 1);
  const { effective_at: previewAt, ...previewCue } = preview.cues[0];
  assert.deepEqual(previewCue, { mode: 'strobe', color: '#00AAFF', period_ms: 600 });
  assert.equal(await pointer(), null, 'the preview published nothing');
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
  assert.ok(cue.effective_at >= previewAt, 'GO publishes what the preview showed, timed from the GO');
  // the pointer is visible a moment before the answer (the history entry is written in between): wait for the answer
  await page.locator('#log li', { hasText: `→ v${p.version}` }).waitFor();
  const history = await (await fetch(`${stack.url}/api/history?limit=1`, { headers: { Authorization: `Bearer ${stack.token}` } })).json();
  assert.equal(history.history[0].actor, 'Browser Test @ main', 'who pressed it, at which station');
  assert.equal(await page.textContent('#station'), 'MAIN');
  await page.locator('#live-version', { hasText: String(p.version) }).waitFor();
  await shot('4-after-go');
});

test('Esc disarms, and Space does nothing while disarmed', async () => {
  const before = await pointer();
  // after a GO the editor asks the server again; arming waits for its verdict (Enter before it says so)
  await page.locator('#verdict[data-ok=ok]', { hasText: `publish v${before.version + 1}` }).waitFor();
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

test('a value the server refuses is shown beside its field, and the cue cannot be armed', async () => {
  const before = await pointer();
  await page.click('#cue-add');
  await page.selectOption('#f-mode', 'strobe');
  await page.fill('#f-color', '#FFFFFF');
  await page.fill('#f-period', '100'); // 10 Hz: refused (WCAG 2.3.1)
  const verdict = page.locator('#f-period + .field-verdict');
  await verdict.waitFor();
  assert.match(await verdict.textContent(), /period_ms 100 would flash above 3 Hz/);
  assert.equal(await page.getAttribute('#f-period', 'aria-invalid'), 'true');
  assert.equal(await page.isDisabled('#arm'), true, 'ARM only once the dry run passes');
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.locator('#error', { hasText: 'Cannot arm' }).waitFor();
  assert.equal(await page.locator('#cue-list li.armed').count(), 0);
  await page.keyboard.press('Space');
  await shot('6-refused');
  await page.fill('#f-color', 'white');
  await page.locator('#f-color + .field-verdict').waitFor();
  assert.match(await page.textContent('#f-color + .field-verdict'), /color/);
  await page.fill('#f-color', '#FFFFFF');
  await page.fill('#f-period', '600');
  await page.locator('#verdict[data-ok=ok]').waitFor();
  assert.equal(await page.isDisabled('#arm'), false);
  assert.equal((await pointer()).version, before.version, 'nothing published');
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
  assert.match(await qr.textContent('body'), /unauthorized/, 'the sheet is behind the token');
  await qr.close();
  await page.fill('#qr-form input[name=from]', '0');
  await page.fill('#qr-form input[name=to]', '11');
  const [sheet] = await Promise.all([browser.context.waitForEvent('page'), page.click('#qr-form button[type=submit]')]);
  await sheet.locator('figure svg').first().waitFor();
  assert.equal(await sheet.locator('figure svg').count(), 12);
  await sheet.screenshot({ path: join(ARTIFACTS, 'operator-8-qr.png'), fullPage: true });
  await sheet.close();
});

async function goWith(mode, color) {
  await page.click('#cue-add');
  await page.selectOption('#f-mode', mode);
  await page.fill('#f-color', color);
  await page.fill('#f-lead', '0');
  await page.locator('#verdict[data-ok=ok]').waitFor();
  const before = await pointer();
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.locator('#cue-list li.armed').waitFor();
  await page.keyboard.press('Space');
  const published = await eventually(async () => {
    const now = await pointer();
    return now.version > before.version && now;
  }, `GO ${color}`);
  // the pointer is visible before the answer (history first): wait for the page to take the answer too
  await page.waitForFunction(() => document.querySelector('#go-status').textContent !== 'Publishing…');
  return published;
}

async function undoOnce(expectedColor) {
  await page.locator('#go-status', { hasText: 'Publishing' }).waitFor({ state: 'detached' });
  const before = await pointer();
  await page.locator('#cue-list').focus();
  await page.keyboard.press('u');
  await page.locator('#go-status.armed', { hasText: 'UNDO' }).waitFor();
  assert.match(await page.textContent('#go-status'), new RegExp(`UNDO → v\\d+ solid ${expectedColor}`));
  assert.equal((await pointer()).version, before.version, 'undo is armed, not published');
  const preview = JSON.parse(await page.textContent('#preview'));
  assert.equal(preview.cues.at(-1).color, expectedColor, 'the preview shows the state the undo would publish');
  await shot(`10-undo-armed-${expectedColor.slice(1)}`);
  await page.keyboard.press('Space');
  const undone = await eventually(async () => {
    const now = await pointer();
    return now.version > before.version && now;
  }, 'the undo version');
  await page.locator('#go-status.armed').waitFor({ state: 'detached' }).catch(() => {});
  return undone;
}

test('Undo (U) is armed and previewed, GO publishes it, and a second undo walks further back', async () => {
  await goWith('solid', '#111111');
  await goWith('solid', '#222222');
  const third = await goWith('solid', '#333333');
  assert.equal((await stateOf(third)).cues.at(-1).color, '#333333');
  const first = await undoOnce('#222222');
  assert.equal((await stateOf(first)).cues.at(-1).color, '#222222');
  await eventually(async () => !(await page.isDisabled('#arm')) && !(await page.locator('#go-status', { hasText: 'Publishing' }).count()), 'GO done');
  const second = await undoOnce('#111111');
  assert.equal((await stateOf(second)).cues.at(-1).color, '#111111', 'two undos step back twice, never toggle');
});

test('the show/idle toggle publishes the polling hint', async () => {
  await page.click('#poll-idle');
  await eventually(async () => (await pointer()).poll_ms === 20000, 'poll_ms 20000');
  await page.locator('#poll-idle.active').waitFor();
  await page.click('#poll-show');
  await eventually(async () => (await pointer()).poll_ms === 1000, 'poll_ms 1000');
});

async function apiPost(path, body) {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test('what is live survives a reload: the cue in force per zone, and pending cues with times and countdowns', async () => {
  await apiPost('/api/cues', { mode: 'solid', color: '#203040' });
  await apiPost('/api/cues', { mode: 'solid', color: '#FF8800', zone: { seats: [[0, 99]] } });
  const pending = await apiPost('/api/cues', { mode: 'pulse', color: '#0000FF', period_ms: 1000, lead_ms: 90_000 });
  await apiPost('/api/cues', { mode: 'solid', color: '#00FF00', lead_ms: 300_000, zone: { seats: [[5, 5]] } });
  await page.reload();
  await page.locator('#conn.online').waitFor();
  await page.locator('#in-force tr', { hasText: 'seats 0-99' }).waitFor();
  const inForce = await page.locator('#in-force tr').allTextContents();
  assert.match(inForce[0], /all seats.*solid #203040.*since \d\d:\d\d:\d\d/);
  assert.match(inForce[1], /seats 0-99.*solid #FF8800/);
  const rows = await page.locator('#pending tr').allTextContents();
  assert.equal(rows.length, 2);
  const at = new Date(pending.effective_at).toLocaleTimeString('en-GB', { hour12: false });
  assert.ok(rows[0].startsWith(at), `absolute time ${at} in "${rows[0]}"`);
  assert.match(rows[0], /in 1:[0-2]\d.*pulse #0000FF.*all seats/);
  assert.match(rows[1], /in [45]:\d\d.*solid #00FF00.*seats 5/);
  assert.match(await page.textContent('#live-countdown'), /next pulse in 1:[0-2]\d/);
  await shot('11-live-after-reload');
  await page.keyboard.press('b');
  await page.locator('#pending', { hasText: 'no pending cues' }).waitFor();
  assert.match(await page.textContent('#in-force'), /all seats.*off/);
});

test('the ▶ marker follows the server: it survives a reload and goes once a blackout replaces the cue', async () => {
  await goWith('solid', '#445566');
  await page.locator('#cue-list li.last-go').waitFor();
  const marked = await page.locator('#cue-list li.last-go .what').textContent();
  await page.reload();
  await page.locator('#conn.online').waitFor();
  await page.locator('#cue-list li.last-go').waitFor();
  assert.equal(await page.locator('#cue-list li.last-go .what').textContent(), marked);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('b');
  await page.locator('#blackout[data-phase=done]').waitFor();
  await page.locator('#cue-list li.last-go').waitFor({ state: 'detached' });
});

test('GO while the phones poll idle warns before and while armed', async () => {
  await page.click('#poll-idle');
  await page.locator('#idle-warning', { hasText: 'every 20 s' }).waitFor();
  await page.fill('#f-lead', '0');
  await page.locator('#verdict[data-ok=ok]').waitFor();
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.locator('#go-status', { hasText: '⚠ phones poll every 20 s' }).waitFor();
  await shot('12-idle-warning');
  await page.keyboard.press('Escape');
  await page.click('#poll-show');
  await page.locator('#idle-warning').waitFor({ state: 'hidden' });
});

test('the connection badge and banner recover when the server answers again', async () => {
  await page.context().setOffline(true);
  await page.locator('#conn.offline').waitFor();
  await page.locator('#error', { hasText: 'Cannot reach the server' }).waitFor();
  await shot('13-offline');
  await page.context().setOffline(false);
  await page.locator('#conn.online').waitFor();
  await page.locator('#error').waitFor({ state: 'hidden' });
});

test('a timeline of absolute and relative times loads as pending cues in one publish', async () => {
  const before = await pointer();
  await page.evaluate(() => localStorage.removeItem('cuecast.timeline'));
  await page.reload();
  await page.locator('#conn.online').waitFor();
  const clock = new Date(Date.now() + 120_000);
  const hhmmss = clock.toLocaleTimeString('en-GB', { hour12: false });
  await page.fill('#tl-rows tr:nth-child(1) .tl-at', '+0s');
  await page.fill('#tl-rows tr:nth-child(1) .tl-color', '#FF0000');
  await page.click('#tl-add');
  await page.fill('#tl-rows tr:nth-child(2) .tl-at', '+10s');
  await page.fill('#tl-rows tr:nth-child(2) .tl-color', '#00FF00');
  await page.click('#tl-add');
  await page.fill('#tl-rows tr:nth-child(3) .tl-at', hhmmss);
  await page.selectOption('#tl-rows tr:nth-child(3) .tl-mode', 'off');
  await page.locator('#tl-rows tr:nth-child(3) .tl-mode').dispatchEvent('change');
  await page.locator('#tl-rows tr:nth-child(3) .tl-at').dispatchEvent('change');
  await page.click('#tl-preview');
  await page.locator('#tl-verdict[data-ok=ok]').waitFor();
  assert.match(await page.textContent('#tl-verdict'), /3 cues from .* to /);
  assert.equal((await pointer()).version, before.version, 'the timeline preview published nothing');
  await page.click('#tl-load');
  const p = await eventually(async () => {
    const now = await pointer();
    return now.version === before.version + 1 && now;
  }, 'one publish for the whole timeline');
  const cues = (await stateOf(p)).cues.filter((c) => c.effective_at > Date.now() - 1000);
  assert.deepEqual(cues.map((c) => c.color ?? c.mode), ['#FF0000', '#00FF00', 'off']);
  assert.equal(cues[1].effective_at - cues[0].effective_at, 10_000);
  assert.equal(Math.floor(cues[2].effective_at / 1000), Math.floor(clock.getTime() / 1000), 'the clock time, to the second');
  await page.locator('#pending tr', { hasText: '#00FF00' }).waitFor();
  await shot('14-timeline-loaded');

  // Undo takes the whole timeline back: previewed with nothing pending, then GO publishes it and nothing stays pending.
  await page.locator('#cue-list').focus();
  await page.keyboard.press('u');
  await page.locator('#go-status.armed', { hasText: 'UNDO' }).waitFor();
  await eventually(async () => {
    const preview = JSON.parse(await page.textContent('#preview'));
    return preview.version === p.version + 1 && preview.cues.every((c) => c.effective_at <= Date.now() + 1000);
  }, 'the undo preview: the timeline\'s cues no longer pending');
  await page.keyboard.press('Space');
  const undone = await eventually(async () => {
    const now = await pointer();
    return now.version === p.version + 1 && now;
  }, 'the undo version');
  const left = (await stateOf(undone)).cues.filter((c) => c.effective_at > Date.now());
  assert.deepEqual(left, [], 'no cue of the undone timeline is still pending');
  await page.locator('#pending', { hasText: 'no pending cues' }).waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#tl-save')]);
  const saved = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
  assert.deepEqual(saved.rows.map((r) => r.at), ['+0s', '+10s', hhmmss]);
  await page.click('#tl-rows tr:nth-child(3) button');
  assert.equal(await page.locator('#tl-rows tr').count(), 2);
  await page.setInputFiles('#tl-file', { name: 'show.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await page.locator('#tl-verdict', { hasText: 'Loaded 3 rows' }).waitFor();
  assert.equal(await page.locator('#tl-rows tr').count(), 3);
  await page.keyboard.press('b');
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
