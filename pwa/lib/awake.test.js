import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeepAwake, platformOf, screenAdvice } from './awake.js';

const IPHONE_15 = 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1';
const IPAD_DESKTOP = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const WEBKITGTK = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15';

test('the platform decides the wording: iPhone, iPad in desktop mode (a Mac with touch), Android, anything else', () => {
  assert.equal(platformOf({ userAgent: IPHONE_15, maxTouchPoints: 5 }), 'ios');
  assert.equal(platformOf({ userAgent: IPAD_DESKTOP, maxTouchPoints: 5 }), 'ios');
  assert.equal(platformOf({ userAgent: IPAD_DESKTOP, maxTouchPoints: 0 }), 'other', 'a real Mac');
  assert.equal(platformOf({ userAgent: ANDROID, maxTouchPoints: 5 }), 'android');
  assert.equal(platformOf({ userAgent: WEBKITGTK }), 'other');
  assert.equal(platformOf(), 'other');
});

test('no Wake Lock (iOS before 16.4): the advice says where the setting is, not only that it failed', () => {
  const text = screenAdvice({ platform: 'ios', wakeLock: 'missing', fullscreen: 'missing' });
  assert.match(text, /Keep the screen on/);
  assert.match(text, /Settings › Display & Brightness › Auto-Lock › Never/);
  assert.match(text, /Low Power Mode off/);
  // iPhone Safari has no full-screen API for pages: an app added to the Home Screen runs without the browser's bars.
  assert.match(text, /Share › Add to Home Screen/);
  assert.equal(text.split('\n').length, 2);
  assert.doesNotMatch(text, /Could not/);
});

test('a refused lock (Low Power Mode, battery saver) names the likely cause and what to do', () => {
  const ios = screenAdvice({ platform: 'ios', wakeLock: 'refused', fullscreen: 'standalone' });
  assert.match(ios, /^Your iPhone did not let the show keep the screen on \(Low Power Mode\?\): Settings › Display & Brightness › Auto-Lock › Never/);
  assert.match(ios, /Auto-Lock › Never/);
  assert.doesNotMatch(ios, /Home Screen/, 'already opened from the Home Screen');
  const android = screenAdvice({ platform: 'android', wakeLock: 'refused', fullscreen: 'refused' });
  assert.match(android, /Battery Saver\?/);
  assert.match(android, /Screen timeout/);
  assert.doesNotMatch(android, /full screen/i, 'a refused full screen is fine: the full-bleed page covers');
  assert.match(screenAdvice({ platform: 'other', wakeLock: 'refused', fullscreen: 'on' }), /auto-lock \(screen timeout\) to Never/);
});

test('nothing is said when the lock is held (or not asked for yet) and the page can be full screen', () => {
  for (const wakeLock of ['held', 'off']) {
    for (const fullscreen of ['on', 'standalone', 'refused', 'off']) {
      assert.equal(screenAdvice({ platform: 'ios', wakeLock, fullscreen }), null, `${wakeLock} ${fullscreen}`);
    }
  }
  assert.match(screenAdvice({ platform: 'android', wakeLock: 'held', fullscreen: 'missing' }), /Add to Home screen/);
});

/** A Wake Lock API whose sentinel the test releases as the system would. */
function fakeWakeLock({ refuse = false } = {}) {
  const sentinels = [];
  return {
    sentinels,
    requests: 0,
    async request(type) {
      assert.equal(type, 'screen');
      this.requests += 1;
      if (refuse) throw Object.assign(new Error('Low Power Mode'), { name: 'NotAllowedError' });
      const s = new EventTarget();
      s.released = false;
      s.release = () => { s.released = true; s.dispatchEvent(new Event('release')); };
      sentinels.push(s);
      return s;
    },
  };
}
const settle = () => new Promise((r) => setImmediate(r));

test('keep awake: missing API, refused, held', async () => {
  const statuses = [];
  const none = createKeepAwake({ wakeLock: () => undefined, isVisible: () => true, onStatus: (s) => statuses.push(s) });
  assert.equal(none.status(), 'missing');
  assert.equal(await none.acquire(), 'missing');
  const refused = createKeepAwake({ wakeLock: () => fakeWakeLock({ refuse: true }), isVisible: () => true });
  assert.equal(refused.status(), 'off');
  assert.equal(await refused.acquire(), 'refused');
  const api = fakeWakeLock();
  const held = createKeepAwake({ wakeLock: () => api, isVisible: () => true, onStatus: (s) => statuses.push(s) });
  const [a, b] = await Promise.all([held.acquire(), held.acquire()]);
  assert.deepEqual([a, b], ['held', 'held']);
  assert.equal(api.requests, 1, 'two calls at once ask once');
  assert.equal(await held.acquire(), 'held');
  assert.equal(api.requests, 1, 'a lock still held is not asked for again');
  assert.deepEqual(statuses, ['held']);
});

test('a lock the system takes back while the show is on screen is asked for again at once', async () => {
  const api = fakeWakeLock();
  const awake = createKeepAwake({ wakeLock: () => api, isVisible: () => true });
  await awake.acquire();
  api.sentinels.at(-1).release(); // e.g. Low Power Mode switched on and off again
  await settle();
  assert.equal(api.requests, 2);
  assert.equal(awake.status(), 'held');
  assert.equal(awake.regained(), 1);
});

test('a system that takes every lock back gets no request loop: after a few tries the spectator is told', async () => {
  const api = fakeWakeLock();
  const awake = createKeepAwake({ wakeLock: () => api, isVisible: () => true, maxRetakes: 3 });
  await awake.acquire();
  for (let i = 0; i < 10; i++) {
    api.sentinels.at(-1).release();
    await settle();
  }
  assert.equal(api.requests, 4, 'the first request and 3 more');
  assert.equal(awake.status(), 'refused');
  assert.equal(await awake.acquire(), 'held', 'the page asking again (a resume) starts afresh');
});

test('in the background the lock is let go and not asked for; on resume it is asked for again', async () => {
  let visible = true;
  const api = fakeWakeLock();
  const awake = createKeepAwake({ wakeLock: () => api, isVisible: () => visible });
  await awake.acquire();
  visible = false;
  api.sentinels.at(-1).release(); // the browser releases it when the page is hidden
  await settle();
  assert.equal(awake.status(), 'off');
  assert.equal(await awake.acquire(), 'off');
  assert.equal(api.requests, 1, 'a hidden page does not ask');
  visible = true;
  assert.equal(await awake.acquire(), 'held');
  assert.equal(api.requests, 2);
});
