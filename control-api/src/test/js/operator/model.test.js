// The operator page's pure parts: undo walk, live view, timeline, BLACKOUT's own path, refusal → field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { undoTarget, recordUndo } from '../../../main/resources/operator/undo.js';
import { liveView, countdown, idleWarning, zoneLabel } from '../../../main/resources/operator/live.js';
import * as timeline from '../../../main/resources/operator/timeline.js';
import { createBlackout, blackoutLabel, KEY_REUSE_MS } from '../../../main/resources/operator/blackout.js';
import { fieldOf, refusalText, requestBody, newCue } from '../../../main/resources/operator/cue-model.js';

const entry = (version, color, action = 'cue') => ({
  version, action, cue: action === 'blackout' ? { effective_at: version, mode: 'off' } : { effective_at: version, mode: 'solid', color },
});

test('undo arms going back to the version before the last one', () => {
  const history = [entry(3, '#333333'), entry(2, '#222222'), entry(1, '#111111')];
  const found = undoTarget(history, []);
  assert.equal(found.target.version, 2);
  assert.deepEqual(found.body, { version: 2 });
});

test('a loaded timeline is a step undo goes back over, and an undo published elsewhere is one too', () => {
  const history = [entry(4, '#FF0000', 'timeline'), entry(3, '#333333'), entry(2, '#222222', 'undo'), entry(1, '#111111')];
  assert.deepEqual(undoTarget(history, []).body, { version: 3 }, 'undoing the timeline goes back to v3');
  assert.deepEqual(undoTarget(history.slice(1), []).body, { version: 2 });
});

test('repeated undo walks back through the history instead of toggling', () => {
  let history = [entry(3, '#333333'), entry(2, '#222222'), entry(1, '#111111')];
  let trail = [];
  const first = undoTarget(history, trail);
  history = [entry(4, '#222222'), ...history];
  trail = recordUndo(trail, 4, first.target.version);
  const second = undoTarget(history, trail);
  assert.equal(second.target.version, 1, 'second undo goes to v1, not back to v3');
  history = [entry(5, '#111111'), ...history];
  trail = recordUndo(trail, 5, second.target.version);
  assert.match(undoTarget(history, trail).error, /no cue before v1/);
});

test('after an undo, a new GO starts the walk again from the newest entry', () => {
  const history = [entry(5, '#555555'), entry(4, '#222222'), entry(3, '#333333'), entry(2, '#222222')];
  const found = undoTarget(history, [{ published: 4, target: 2 }]);
  assert.equal(found.target.version, 4);
});

test('undo skips settings and can go back to a blackout', () => {
  const history = [entry(4, '#444444'), { version: 3, action: 'settings', cue: null }, entry(2, null, 'blackout')];
  const found = undoTarget(history, []);
  assert.equal(found.target.version, 2);
  assert.deepEqual(found.body, { version: 2 });
  assert.match(undoTarget([], []).error, /nothing has been published/);
});

test('live view: per zone the cue in force, and every pending cue soonest first', () => {
  const state = { cues: [
    { effective_at: 100, mode: 'solid', color: '#111111' },
    { effective_at: 200, mode: 'solid', color: '#222222', zone: { seats: [[0, 99]] } },
    { effective_at: 300, mode: 'pulse', color: '#333333', period_ms: 1000, zone: { seats: [[100, 199], [300, 300]] } },
    { effective_at: 1000, mode: 'solid', color: '#444444' },
    { effective_at: 2000, mode: 'off' },
  ] };
  const view = liveView(state, 500);
  assert.deepEqual(view.inForce.map((r) => [r.label, r.cue.color]),
    [['all seats', '#111111'], ['seats 0-99', '#222222'], ['seats 100-199, 300', '#333333']]);
  assert.deepEqual(view.pending.map((p) => [p.cue.effective_at, p.inMs]), [[1000, 500], [2000, 1500]]);
  const later = liveView(state, 1500);
  assert.deepEqual(later.inForce.map((r) => r.label), ['all seats'], 'a cue for every seat ends the zone cues before it');
  assert.equal(liveView(null, 0).inForce.length, 0);
});

test('countdowns and the idle warning read at a glance', () => {
  assert.equal(countdown(12_345), '12.3 s');
  assert.equal(countdown(125_000), '2:05');
  assert.equal(countdown(3_723_000), '1:02:03');
  assert.equal(idleWarning(1000), null);
  assert.match(idleWarning(20000), /every 20 s/);
  assert.equal(zoneLabel(undefined), 'all seats');
});

test('timeline: relative and clock times resolve to effective_at, ordered', () => {
  const start = Date.UTC(2026, 0, 1, 19, 0, 0); // 20:00 in UTC+1
  const rows = [
    { at: '+1:30', mode: 'solid', color: '#00FF00', period: '1000' },
    { at: '+0s', mode: 'strobe', color: '#FFFFFF', period: '500' },
    { at: '20:15:00', mode: 'off', color: '', period: '' },
    { at: '+2500ms', mode: 'pulse', color: '#0000FF', period: '1000' },
  ];
  const bodies = timeline.resolve(rows, start, 60);
  assert.deepEqual(bodies.map((b) => b.effective_at - start), [0, 2500, 90_000, 15 * 60_000]);
  assert.deepEqual(bodies[0], { mode: 'strobe', color: '#FFFFFF', period_ms: 500, effective_at: start });
  assert.deepEqual(bodies[3], { mode: 'off', effective_at: start + 15 * 60_000 });
});

test('timeline: a clock time already past means tomorrow; a bad time names its row', () => {
  const start = Date.UTC(2026, 0, 1, 22, 0, 0);
  assert.equal(timeline.parseClockMs('21:00', start, 0), Date.UTC(2026, 0, 2, 21, 0, 0));
  assert.equal(timeline.parseClockMs('25:00', start, 0), null);
  assert.throws(() => timeline.resolve([{ at: 'soon', mode: 'off' }], start, 0), /row 1: time "soon"/);
});

test('timeline: saved JSON loads back the same rows, and a wrong file says why', () => {
  const rows = [{ at: '+0s', mode: 'solid', color: '#FF0000', period: '1000' }, { at: '+5s', mode: 'off', color: '', period: '' }];
  assert.deepEqual(timeline.fromJson(timeline.toJson(rows)), rows);
  assert.throws(() => timeline.fromJson('{"rows":[]}'), /not a timeline file/);
  assert.throws(() => timeline.fromJson('nope'), /not a timeline file/);
  assert.equal(timeline.newRow(rows[0]).at, '+5s');
});

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

test('blackout: each press sends at once and shows sending, then done', async () => {
  const sent = [];
  const states = [];
  const pending = deferred();
  const b = createBlackout({ send: (key) => { sent.push(key); return pending.promise; }, newKey: () => 'k1', now: () => 5, onChange: (s) => states.push(s.phase) });
  const done = b.press();
  assert.deepEqual(sent, ['k1'], 'the request left on the press itself');
  assert.equal(blackoutLabel(b.state()), 'BLACKOUT sending…');
  b.press();
  assert.equal(sent.length, 1, 'a second press while it is on its way is the same blackout');
  pending.resolve({ version: 7 });
  await done;
  assert.deepEqual(states, ['sending', 'done']);
  assert.equal(blackoutLabel(b.state()), 'BLACKOUT done v7');
});

test('blackout: a failure is shown, and pressing again retries with the same key', async () => {
  const sent = [];
  let fail = true;
  let n = 0;
  const b = createBlackout({
    send: async (key) => { sent.push(key); if (fail) throw Object.assign(new Error('store down'), { status: 503 }); return { version: 9 }; },
    newKey: () => `k${++n}`, now: () => 0, onChange: () => {},
  });
  await b.press();
  assert.equal(b.state().phase, 'failed');
  assert.match(blackoutLabel(b.state()), /FAILED.*retry/);
  fail = false;
  await b.press();
  assert.deepEqual(sent, ['k1', 'k1'], 'the retry may be the same request: it counts once');
  assert.equal(b.state().phase, 'done');
  await b.press();
  assert.equal(sent.at(-1), 'k2', 'a new press after success is a new blackout');
});

/** A blackout whose sends fail (or not) as told, on a clock the test moves. */
function blackoutOn(clock, outcomes) {
  const sent = [];
  let n = 0;
  const b = createBlackout({
    send: async (key) => {
      sent.push(key);
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next;
    },
    newKey: () => `k${++n}`, now: () => clock.t, onChange: () => {},
  });
  return { b, sent };
}

const offline = () => Object.assign(new Error('cannot reach the server'), { status: 0 });

test('blackout: a key is reused only while the first outcome is unknown, and only for 5 s after it was sent', async () => {
  const clock = { t: 1_000 };
  const { b, sent } = blackoutOn(clock, [offline(), offline(), offline(), { version: 4 }]);
  await b.press(); // k1 at 1 000: no answer
  clock.t += 3_000;
  await b.press(); // 4 s... still within 5 s of k1's first send: the same key
  clock.t += KEY_REUSE_MS - 3_000 + 1; // 5.001 s after k1 was first sent
  await b.press();
  clock.t += 100;
  await b.press();
  assert.deepEqual(sent, ['k1', 'k1', 'k2', 'k2'], 'past 5 s a press is a new blackout, and its own retries reuse its key');
  assert.equal(b.state().version, 4);
});

test('blackout: after a refusal, or once another write went live, a press is a new blackout', async () => {
  const clock = { t: 0 };
  const refused = Object.assign(new Error('bad token'), { status: 401 });
  const { b, sent } = blackoutOn(clock, [refused, offline(), offline(), { version: 7 }]);
  await b.press();
  await b.press();
  assert.deepEqual(sent, ['k1', 'k2'], '4xx: the first published nothing, so no reuse');
  b.superseded(); // a GO was acknowledged meanwhile: the unknown k2 may have landed before it, but is history now
  await b.press();
  assert.deepEqual(sent, ['k1', 'k2', 'k3'], 'never a stale "done" that publishes nothing');
  clock.t += 1_000;
  await b.press();
  assert.equal(sent.at(-1), 'k3', 'a 5xx or no answer within 5 s: the same key');
});

test('a refusal is shown beside the field it is about', () => {
  assert.equal(fieldOf({ message: 'period_ms 100 would flash above 3 Hz; use at least 334' }), 'period');
  assert.equal(fieldOf({ message: 'color must be #RRGGBB' }), 'color');
  assert.equal(fieldOf({ message: 'winners.color must be #RRGGBB' }), 'wcolor');
  assert.equal(fieldOf({ message: 'winners.draw "d9" is unknown' }), 'draw');
  assert.equal(fieldOf({ message: 'effective_at 5 is 10 ms in the past' }), 'lead');
  assert.equal(fieldOf({ code: 'flash_limit', message: 'too many flashes' }), 'lead');
  assert.equal(fieldOf({ message: 'unexpected' }), null);
  const e = { message: 'too many flashes', body: { earliest_effective_at: 42 } };
  assert.equal(refusalText(e, (ms) => `t${ms}`), 'too many flashes (earliest allowed: t42)');
});

test('the request body passes what the operator typed on to the server', () => {
  const cue = { ...newCue(1), mode: 'strobe', color: ' #00AAFF ', period: '500', lead: '2000' };
  assert.deepEqual(requestBody(cue), { mode: 'strobe', color: '#00AAFF', period_ms: 500, lead_ms: 2000 });
});
