// The spectator app in real Chromium, served through the local edge with CloudFront's security headers
// in front of the real local stack: no header blocks anything it needs, and a published cue shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, SERVER_JAR, ROOT } from '../browser/stack.js';
import { launchChromium } from '../browser/chromium.js';
import { startEdge } from './edge-harness.js';

const PWA = join(ROOT, 'pwa');
const skip = !existsSync(SERVER_JAR) ? `${SERVER_JAR} not built`
  : !existsSync(join(PWA, 'index.html')) ? 'pwa/ not present' : false;
let stack;
let edge;
let browser;

before(async () => {
  if (skip) return;
  stack = await startStack({ extraArgs: ['--pwa-dir', PWA] });
  edge = await startEdge(stack.url);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await edge?.stop();
  edge?.remove();
  await stack?.stop();
});

test('the app runs behind the edge headers: no CSP violation, and a published cue lights the screen', { skip, timeout: 60_000 }, async () => {
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript(() => {
    window.__violations = [];
    addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(`${edge.url}/?seat=7`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /default-src 'self'/, 'served with the production CSP');
  if (await page.locator('#go').isVisible()) await page.locator('#go').click();

  const res = await fetch(`${stack.url}/api/cues`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'solid', color: '#FF0000', lead_ms: 1000 }),
  });
  assert.equal(res.status, 201);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('screen')).backgroundColor === 'rgb(255, 0, 0)',
    null, { timeout: 20_000 });
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'test-artifacts', 'pwa-through-edge.png') });

  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(pageErrors, []);
  await new Promise((r) => setTimeout(r, 2_500)); // a poll or two after the state arrived (they carry &h=)
  await edge.stop(); // flushes the access log
  const uris = new Set(edge.accessLog().trim().split('\n').map((line) => line.split(' ')[2]));
  for (const uri of ['/', '/app.js', '/time', '/live/pointer.json']) assert.ok(uris.has(uri), `${uri} went through the edge`);
  // A small state comes inlined in the pointer (README: where the wire departs from design.md): then the phone
  // fetches no state file at all; a larger one goes through the edge.
  const live = await (await fetch(`${stack.url}/live/pointer.json`)).json();
  const fetchedState = [...uris].some((u) => /^\/states\/\d+\.json$/.test(u));
  assert.ok(fetchedState || live.inline?.version === live.version, 'the state went through the edge, or came inline in the pointer');

  // Coverage: the app's pointer polls and state fetches carry its random id (and, once it holds a version, that
  // version); the id is the one kept in localStorage, and it has nothing to do with the seat.
  const id = await page.evaluate(() => localStorage.getItem('cuecast.phone'));
  assert.match(id, /^[0-9a-f]{16}$/);
  const { epoch } = live; // the store's epoch
  assert.match(epoch, /^[A-Za-z0-9_-]{1,32}$/);
  const fields = edge.accessLog().trim().split('\n').map((line) => line.split(' '));
  const polls = fields.filter((f) => f[2] === '/live/pointer.json').map((f) => f[7]);
  const fetches = fields.filter((f) => /^\/states\/\d+\.json$/.test(f[2])).map((f) => f[7]);
  assert.ok(polls.length > 0 && polls.every((q) => q === `p=${id}` || new RegExp(`^p=${id}&h=\\d+&e=${epoch}$`).test(q)), polls.join(' '));
  assert.ok(polls.some((q) => q.includes('&h=')), 'polls say which version (of which store epoch) the phone holds');
  assert.ok((fetchedState ? fetches.length > 0 : true) && fetches.every((q) => q === `p=${id}&e=${epoch}`), fetches.join(' '));
});
