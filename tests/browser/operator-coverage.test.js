// The coverage line on the operator page in real Chromium against the real local stack tailing an edge log:
// after GO it shows what share of the phones already holds the new version, until effective_at, and then
// leaves one line per version in the coverage history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const dir = mkdtempSync(join(tmpdir(), 'cuecast-coverage-page-'));
const LOG = join(dir, 'coverage.log'); // what scripts/edge writes to <prefix>/logs/coverage.log
let stack;
let browser;
let page;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack({ extraArgs: ['--coverage-log', LOG] });
  browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Edge log lines for `phones` phones polling, the first `holders` of them having fetched `version` of `epoch`. */
function crowdLines(version, epoch, phones, holders) {
  const lines = [];
  for (let i = 0; i < phones; i++) {
    const id = (0xbeef0000 + i).toString(16).padStart(16, '0');
    const t = ((Date.now() + i) / 1000).toFixed(3);
    lines.push(`${t} GET /live/pointer.json 200 HIT 0.000 120 p=${id}&h=${version - 1}&e=${epoch}`);
    if (i < holders) lines.push(`${t} GET /states/${version}.json 200 HIT 0.000 300 p=${id}&e=${epoch}`);
  }
  return lines.join('\n') + '\n';
}

test('after GO the page shows the share of phones holding the cue until effective_at, then a history line', { timeout: 60_000 }, async () => {
  await page.goto(`${stack.url}/operator`);
  await page.fill('#login-token', stack.token);
  await page.click('#login-submit');
  await page.locator('#login').waitFor({ state: 'hidden' });
  await page.locator('#conn.online').waitFor();

  await page.fill('#f-lead', '6000');
  await page.locator('#verdict[data-ok=ok]').waitFor(); // ARM waits for the server's dry run
  await page.locator('#cue-list').focus();
  await page.keyboard.press('Enter');
  await page.locator('#cue-list li.armed').waitFor();
  await page.keyboard.press('Space');
  await page.locator('#coverage', { hasText: 'holding v1' }).waitFor({ timeout: 10_000 });

  const { epoch } = await (await fetch(`${stack.url}/live/pointer.json`)).json();
  appendFileSync(LOG, crowdLines(1, epoch, 40, 30)); // 75 % of 40 phones hold v1
  await page.locator('#coverage', { hasText: 'holding v1: 75.0 % of ~40 phones' }).waitFor({ timeout: 10_000 });
  assert.match(await page.textContent('#coverage-detail'), /every request logged · as of \d+\.\d s ago/);
  assert.equal(await page.getAttribute('#coverage', 'data-state'), 'ok');
  await page.screenshot({ path: join(ARTIFACTS, 'operator-coverage.png'), fullPage: true });

  await page.locator('#coverage-history li', { hasText: 'v1: 75.0 % of ~40 phones held it at effective_at' })
    .waitFor({ timeout: 15_000 });

  // The history is the server's: a reload (or another operator's tab) shows the same line.
  await page.reload();
  if (await page.locator('#login').isVisible()) {
    await page.fill('#login-token', stack.token);
    await page.click('#login-submit');
  }
  await page.locator('#coverage-history li', { hasText: 'v1: 75.0 % of ~40 phones held it at effective_at' })
    .waitFor({ timeout: 15_000 });
  const res = await fetch(`${stack.url}/api/coverage/history`, { headers: { authorization: `Bearer ${stack.token}` } });
  const { entries } = await res.json();
  assert.equal(entries[0].version, 1);
  assert.equal(entries[0].coverage.share, 0.75);
});
