// Failover drill (issue 20): main and standby operator stations as real processes on one data directory. Main
// publishes a few cues, loads a timeline (cues still pending) and keeps sending GOs; it is killed with SIGKILL mid-show.
// On the standby's operator page (open in real Chromium all along) B is pressed: the store's own pointer file says off
// within 1 s, and a GO from that page continues the numbering. No cue main acknowledged is lost.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './stack.js';
import { launchChromium } from './chromium.js';
import { setupDrill, finishDrill } from './failover-drill.js';
import { storePointer, storeState, storeHistory } from './stations.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
let browser;

after(async () => {
  await browser?.close();
});

test('kill -9 the main station mid-show: from the standby page BLACKOUT is off in the store within 1 s, GO continues the numbering', async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const drill = await setupDrill();
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  const page = await browser.context.newPage();
  await page.goto(`${drill.standby.url}/operator#token=${drill.token}`);
  await page.locator('#conn.online').waitFor();
  await page.locator('#station', { hasText: 'STANDBY · standby' }).waitFor();
  // the standby shows the same live view as main: main's timeline is pending there
  await page.locator('#pending tr', { hasText: 'in ' }).first().waitFor();
  await page.selectOption('#f-mode', 'solid');
  await page.fill('#f-color', '#00A0A0');
  await page.fill('#f-lead', '0');

  await drill.killMain();
  await page.locator('body').click({ position: { x: 5, y: 500 } });
  const pressedAt = Date.now();
  await page.keyboard.press('b');

  const result = await finishDrill(drill, pressedAt, {
    keepData: true,
    goOnStandby: async (r) => {
      await page.locator('#blackout[data-phase=done]').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'failover-standby-blackout.png') });
      r.page_blackout = await page.textContent('#blackout-label');
      // GO from the standby page: arm once the server's preview is built on the blackout
      const blackoutVersion = storePointer(drill.dataDir).version;
      for (let i = 0; ; i++) {
        await page.locator('#verdict[data-ok=ok]', { hasText: `publish v${blackoutVersion + 1}` }).waitFor();
        await page.locator('#cue-list').focus();
        await page.keyboard.press('Enter');
        try {
          await page.locator('#cue-list li.armed').waitFor({ timeout: 300 });
          break;
        } catch (e) {
          if (i >= 20) throw e;
        }
      }
      await page.keyboard.press('Space');
      await page.locator('#log li', { hasText: `→ v${blackoutVersion + 1}` }).waitFor();
      return { status: 201, body: { version: storePointer(drill.dataDir).version } };
    },
  });
  try {
    t.diagnostic(JSON.stringify(result));
    assert.ok(result.press_to_off_ms !== null, 'the standby blacked out');
    assert.ok(result.press_to_off_ms <= 1_000, `off in the store ${result.press_to_off_ms} ms after B on the standby (limit 1 s)`);
    assert.equal(result.page_blackout, `BLACKOUT done v${result.blackout_version}`);
    assert.ok(result.blackout_version > result.version_before_kill, 'a new version, above everything main published');
    assert.equal(result.standby_go_version, result.blackout_version + 1, 'the standby continues the numbering');
    assert.equal(result.main_cues_after_blackout, 0, "none of the dead main's pending cues play after the BLACKOUT");
    assert.equal(result.acked_lost, 0, 'every cue main acknowledged is live in the store with its history entry');
    const go = storeState(drill.dataDir, result.standby_go_version);
    assert.equal(go.cues.at(-1).color, '#00A0A0');
    assert.match(storeHistory(drill.dataDir, result.blackout_version).actor, / @ standby$/, 'the history says which station');
    assert.match(storeHistory(drill.dataDir, result.standby_go_version).actor, / @ standby$/);
  } finally {
    (await import('node:fs')).rmSync(drill.dataDir, { recursive: true, force: true });
  }
});
