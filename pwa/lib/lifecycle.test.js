import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchResume } from './lifecycle.js';

/** A page: document and window as event targets, a wall clock the test moves, an interval it ticks by hand. */
function page({ visible = true } = {}) {
  const document = new EventTarget();
  document.visibilityState = visible ? 'visible' : 'hidden';
  const window = new EventTarget();
  const clock = { wall: 1_767_225_600_000 };
  const intervals = [];
  const resumes = [];
  const watcher = watchResume({
    document, window, wallNow: () => clock.wall,
    setInterval: (fn, ms) => { intervals.push({ fn, ms }); return intervals.length; },
    clearInterval: (id) => { intervals[id - 1].cleared = true; },
    onResume: (reason, info) => resumes.push({ reason, info, at: clock.wall }),
  });
  const setVisible = (on) => {
    document.visibilityState = on ? 'visible' : 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
  };
  const pageshow = (persisted) => window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));
  /** ms of wall time pass with the page's interval ticking every `every` ms (its timers awake). */
  const pass = (ms, every = 1000) => {
    for (let t = 0; t < ms; t += every) {
      clock.wall += every;
      for (const i of intervals) if (!i.cleared) i.fn();
    }
  };
  return { document, window, clock, intervals, resumes, watcher, setVisible, pageshow, pass };
}

test('back to visible (an app switch, an unlock) resumes; going hidden does not', () => {
  const p = page();
  p.setVisible(false);
  assert.deepEqual(p.resumes, []);
  p.clock.wall += 30_000;
  p.setVisible(true);
  assert.deepEqual(p.resumes.map((r) => r.reason), ['visible']);
});

test('a page restored from the back-forward cache resumes on pageshow alone; a first load does not', () => {
  const p = page();
  p.pageshow(false); // every page load fires pageshow: it starts the player itself
  assert.deepEqual(p.resumes, []);
  p.clock.wall += 10_000;
  p.pageshow(true);
  assert.deepEqual(p.resumes.map((r) => r.reason), ['pageshow']);
});

test('visibilitychange and pageshow of one restore give one resume', () => {
  const p = page();
  p.setVisible(false);
  p.clock.wall += 20_000;
  p.setVisible(true);
  p.clock.wall += 5;
  p.pageshow(true);
  assert.equal(p.resumes.length, 1);
  assert.equal(p.watcher.stats().coalesced, 1);
  p.clock.wall += 5_000;
  p.setVisible(false);
  p.setVisible(true);
  assert.equal(p.resumes.length, 2, 'a later return resumes again');
});

test('resume after a freeze (Page Lifecycle) resumes', () => {
  const p = page();
  p.document.dispatchEvent(new Event('resume'));
  assert.deepEqual(p.resumes.map((r) => r.reason), ['resume']);
});

test('timers that slept with the page on screen (no event at all) are caught by a late tick', () => {
  const p = page();
  p.pass(10_000); // ticks on time: nothing
  assert.deepEqual(p.resumes, []);
  p.clock.wall += 40_000; // the page's JS did not run for 40 s, and no event said so
  p.pass(1000);
  assert.equal(p.resumes.length, 1);
  assert.equal(p.resumes[0].reason, 'timers slept');
  assert.ok(Math.abs(p.resumes[0].info.gapMs - 41_000) < 1, `${p.resumes[0].info.gapMs}`);
  p.pass(10_000);
  assert.equal(p.resumes.length, 1, 'once');
});

test('a late tick in the background is expected (throttled timers) and says nothing; a tick on a busy page a few seconds late neither', () => {
  const p = page();
  p.setVisible(false);
  p.clock.wall += 60_000;
  p.pass(1000);
  assert.deepEqual(p.resumes, []);
  p.setVisible(true);
  assert.equal(p.resumes.length, 1, 'the visibilitychange resumes');
  p.clock.wall += 3_000;
  p.pass(1000);
  assert.equal(p.resumes.length, 1, 'a tick 3 s late (a stalled main thread) is not a sleep');
});

test('stop() leaves no listener and no interval', () => {
  const p = page();
  p.watcher.stop();
  p.setVisible(false);
  p.setVisible(true);
  p.pageshow(true);
  assert.deepEqual(p.resumes, []);
  assert.ok(p.intervals.every((i) => i.cleared));
});
