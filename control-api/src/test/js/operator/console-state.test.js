// The operator console's reducer (console-state.js): arming, GO, BLACKOUT, the dry-run questions, the live view,
// the timeline and the messages, event by event, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  initialState, reduce, canArm, canGo, liveIndex, liveAck, timelineSpan, LOG_LIMIT,
} from '../../../main/resources/operator/console-state.js';
import { newCue } from '../../../main/resources/operator/cue-model.js';
import { DROPPED_BY_BLACKOUT } from '../../../main/resources/operator/inflight.js';

/** Freezes the state deeply before each event, so a reducer that mutates its input throws. */
function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const run = (state, ...events) => events.reduce((s, e) => reduce(deepFreeze(s), { at: 1_000, ...e }), state);

const red = { ...newCue(1), name: 'Red', color: '#FF0000' };
const blue = { ...newCue(2), name: 'Blue', color: '#0000FF' };
const green = { ...newCue(3), name: 'Green', color: '#00FF00' };
const start = () => initialState({ cues: [red, blue, green] });

/** The server's dry-run answer for the question the state asks now. */
function passes(state, base = 7) {
  assert.ok(state.ask, 'a question is out');
  return { type: 'verdict', seq: state.ask.seq, verdict: { status: 'ok', state: { version: base + 1, base, cues: [] }, body: state.ask.body } };
}

function refuses(state, message = 'colour: not a colour') {
  return { type: 'verdict', seq: state.ask.seq, verdict: { status: 'refused', message, field: 'color', code: 'invalid' } };
}

/** The selected cue, checked by the server and armed. */
function armedState(state = start()) {
  let s = run(state, { type: 'recheck' });
  s = run(s, passes(s), { type: 'arm' });
  assert.ok(s.armed);
  return s;
}

const apiError = (status, code, message, body = null) => Object.assign(new Error(message), { status, code, body });

test('a new console: the first cue selected, nothing armed, nothing to GO, BLACKOUT idle', () => {
  const s = initialState();
  assert.equal(s.cues.length, 1);
  assert.equal(s.selected, 0);
  assert.equal(s.armed, null);
  assert.equal(canArm(s), false);
  assert.equal(canGo(s), false);
  assert.deepEqual(s.blackout, { phase: 'idle' });
  assert.deepEqual(initialState({ cues: [] }).cues.length, 1, 'an empty saved list starts with one cue');
});

test('ARM needs the server\'s verdict on exactly the selected cue: before it, the operator is told why not', () => {
  let s = run(start(), { type: 'recheck' });
  assert.deepEqual(s.verdict, { status: 'pending' });
  assert.equal(s.ask.key, JSON.stringify(s.ask.body));
  assert.equal(s.ask.body.color, '#FF0000');
  s = run(s, { type: 'arm' });
  assert.equal(s.armed, null);
  assert.deepEqual(s.error, { text: 'Cannot arm: the server has not checked this cue yet', kind: 'error' });

  s = run(s, refuses(s));
  assert.equal(canArm(s), false);
  s = run(s, { type: 'arm' });
  assert.equal(s.armed, null);
  assert.equal(s.error.text, 'Cannot arm: colour: not a colour');
  assert.deepEqual(s.panel, { title: 'Cue 1', verdict: s.verdict });
});

test('ARM after the dry run passed: armed with the base the preview was built on, the banner cleared, asked again', () => {
  let s = run(start(), { type: 'message', text: 'old trouble' }, { type: 'recheck' });
  s = run(s, passes(s, 41));
  assert.equal(canArm(s), true);
  const asked = s.checkSeq;
  s = run(s, { type: 'arm' });
  assert.deepEqual(s.armed, { label: '1 Red', body: { mode: 'solid', color: '#FF0000', lead_ms: 3000 }, index: 0, base: 41 });
  assert.equal(s.error, null);
  assert.equal(canGo(s), true);
  assert.ok(s.checkSeq > asked && s.ask, 'every change asks the server again');
  assert.equal(s.verdict.status, 'ok', 'asking again about the same body keeps the verdict');
});

test('an answer to an older question is dropped; a newer body turns the verdict pending', () => {
  let s = run(start(), { type: 'recheck' });
  const old = passes(s);
  s = run(s, { type: 'edit', fields: { color: '#00FF00' } });
  assert.deepEqual(s.verdict, { status: 'pending' });
  assert.equal(run(s, old), s, 'the old answer changes nothing');
  s = run(s, passes(s));
  assert.equal(s.verdictKey, JSON.stringify({ mode: 'solid', color: '#00FF00', lead_ms: 3000 }));
  assert.equal(canArm(s), true);
  assert.equal(s.ask, null);
  assert.equal(run(s, { ...passes({ ask: { seq: s.checkSeq, body: {} } }) }), s, 'answered questions are not answered twice');
});

test('a cue that cannot be written as JSON is refused by the page, beside its field, and asks nothing', () => {
  let s = run(start(), { type: 'edit', fields: { mode: 'sequence', steps: 'nonsense' } });
  assert.equal(s.verdict.status, 'local');
  assert.equal(s.verdict.field, 'steps');
  assert.equal(s.ask, null);
  s = run(s, { type: 'edit', fields: { mode: 'solid', zone: '1-x' } });
  assert.equal(s.verdict.field, 'zone');
  s = run(s, { type: 'arm' });
  assert.match(s.error.text, /^Cannot arm: zone "1-x"/);
});

test('a dry run that now refuses the armed cue disarms it; a refusal of another body does not', () => {
  let s = armedState();
  s = run(s, refuses(s));
  assert.equal(s.armed, null);

  s = armedState();
  s = run(s, { type: 'select', index: 1 });
  assert.ok(s.armed, 'selecting another cue keeps the armed one');
  s = run(s, refuses(s));
  assert.ok(s.armed);
});

test('editing the armed cue disarms it; editing another cue does not', () => {
  let s = armedState();
  s = run(s, { type: 'edit', fields: { color: '#FFFFFF' } });
  assert.equal(s.armed, null);
  assert.equal(s.cues[0].color, '#FFFFFF');

  s = run(armedState(), { type: 'select', index: 2 }, { type: 'edit', fields: { name: 'Lime' } });
  assert.equal(s.armed.index, 0);
  assert.equal(s.cues[2].name, 'Lime');
});

test('editing the list disarms and moves the selection with the cue', () => {
  const cases = [
    ['add', 1, ['Red', 'Cue 4', 'Blue', 'Green']],
    ['duplicate', 1, ['Red', 'Red copy', 'Blue', 'Green']],
    ['delete', 0, ['Blue', 'Green']],
    ['down', 1, ['Blue', 'Red', 'Green']],
    ['up', 0, ['Red', 'Blue', 'Green']],
  ];
  for (const [op, selected, names] of cases) {
    const s = run(armedState(), { type: 'list', op });
    assert.equal(s.armed, null, op);
    assert.equal(s.selected, selected, op);
    assert.deepEqual(s.cues.map((c) => c.name), names, op);
  }
  const last = run(start(), { type: 'select', index: 2 }, { type: 'list', op: 'delete' });
  assert.equal(last.selected, 1, 'deleting the last cue selects the one before');
  const only = run(initialState({ cues: [red] }), { type: 'list', op: 'delete' });
  assert.deepEqual(only.cues.map((c) => c.name), ['Cue 1'], 'the list is never empty');
  assert.throws(() => run(start(), { type: 'list', op: 'shuffle' }), /unknown list edit/);
});

test('selection is clamped to the list', () => {
  assert.equal(run(start(), { type: 'select', index: -1 }).selected, 0);
  assert.equal(run(start(), { type: 'select', index: 9 }).selected, 2);
});

test('GO: going while on its way (a second GO is refused), then the playhead moves on, disarmed, and it is logged', () => {
  let s = armedState();
  s = run(s, { type: 'go-started' });
  assert.equal(canGo(s), false);
  assert.equal(run(s, { type: 'go-started' }), s, 'no second GO while one is on its way');
  s = run(s, { type: 'go-answered', ack: { version: 8, effective_at: 5_000 }, at: 2_000 });
  assert.deepEqual(s.lastGo, { index: 0, effective_at: 5_000, mode: 'solid' });
  assert.equal(s.selected, 1);
  assert.equal(s.armed, null);
  assert.deepEqual(s.log[0], { text: 'GO 1 Red → v8', bad: false, at: 2_000 });
  assert.ok(s.going, 'still going until the live view was read again');
  s = run(s, { type: 'go-finished' });
  assert.equal(s.going, null);
  assert.ok(s.ask, 'and the next cue is checked');
});

test('GO on the last cue keeps it selected; a cue armed while the GO was on its way stays armed', () => {
  let s = armedState(run(start(), { type: 'select', index: 2 }));
  s = run(s, { type: 'go-started' }, { type: 'go-answered', ack: { version: 8, effective_at: 5 } });
  assert.equal(s.selected, 2);

  s = armedState();
  s = run(s, { type: 'go-started' }, { type: 'select', index: 1 });
  s = run(s, passes(s), { type: 'arm' });
  assert.equal(s.armed.index, 1);
  assert.equal(canGo(s), false, 'GO waits for the one on its way');
  s = run(s, { type: 'go-answered', ack: { version: 8, effective_at: 5 } }, { type: 'go-finished' });
  assert.equal(s.armed.index, 1, 'the next cue is ready the moment the first landed');
  assert.equal(canGo(s), true);
});

test('a GO that went live but was not confirmed: LIVE, do not resend, recorded as sent', () => {
  let s = run(armedState(), { type: 'go-started' });
  const error = apiError(502, 'landed_late', 'the store answered late', { version: 9, effective_at: 6_000, state: null });
  assert.deepEqual(liveAck(error), { version: 9, effective_at: 6_000, state: null });
  s = run(s, { type: 'go-answered', error });
  assert.equal(s.error.kind, 'live');
  assert.match(s.error.text, /^GO 1 Red: LIVE v9, but confirmed late — do NOT send it again/);
  assert.deepEqual(s.log[0].text, 'GO 1 Red → LIVE v9 (landed_late: do not resend)');
  assert.equal(s.log[0].bad, true);
  assert.equal(s.lastGo.effective_at, 6_000);
  assert.equal(s.armed, null);
});

test('a GO dropped by BLACKOUT (aborted, or refused by the server) or refused otherwise publishes nothing', () => {
  for (const [error, kind, text, logged] of [
    [apiError(0, DROPPED_BY_BLACKOUT, 'dropped'), 'dropped', /dropped by BLACKOUT: nothing of it is live/, /aborted on its way/],
    [apiError(409, 'blacked_out', 'a blackout is newer'), 'dropped', /dropped by BLACKOUT/, /refused by the server/],
    [apiError(422, 'too_late', 'effective_at is past'), 'error', /^GO 1 Red refused: effective_at is past$/, /refused \(too_late\)/],
  ]) {
    let s = run(armedState(), { type: 'go-started' }, { type: 'go-answered', error });
    assert.equal(s.error.kind, kind);
    assert.match(s.error.text, text);
    assert.match(s.log[0].text, logged);
    assert.equal(s.lastGo, null);
    assert.equal(s.selected, 0, 'the playhead stays');
    assert.equal(liveAck(error), null);
    s = run(s, { type: 'go-finished' });
    assert.equal(s.going, null);
  }
});

test('a GO answered after a BLACKOUT was pressed says so', () => {
  let s = run(armedState(), { type: 'blackout', blackout: { phase: 'done', version: 3, at: 500 } }, { type: 'go-started' });
  s = run(s, { type: 'blackout', blackout: { phase: 'sending', at: 900 } });
  s = run(s, { type: 'go-answered', ack: { version: 8, effective_at: 5 } });
  assert.equal(s.log[0].text, 'GO 1 Red → v8 (answered after BLACKOUT)');
});

test('BLACKOUT pressed: disarms, says how many writes it aborted, forgets the verdict and asks again', () => {
  let s = run(armedState(), { type: 'message', text: 'BLACKOUT failed: x', kind: 'blackout' });
  s = run(s, { type: 'blackout-pressed', dropped: 2 });
  assert.equal(s.armed, null);
  assert.equal(s.error, null, 'its own old failure is cleared');
  assert.equal(s.log[0].text, 'BLACKOUT aborted 2 requests on its way');
  assert.deepEqual(s.verdict, { status: 'pending' }, 'a preview built before the blackout must not arm a cue after it');
  assert.ok(s.ask);
  assert.equal(canArm(s), false);

  const one = run(start(), { type: 'message', text: 'other' }, { type: 'blackout-pressed', dropped: 1 });
  assert.equal(one.log[0].text, 'BLACKOUT aborted 1 request on its way');
  assert.equal(one.error.text, 'other', 'another message stays');
  assert.equal(run(start(), { type: 'blackout-pressed', dropped: 0 }).log.length, 0);
});

test('BLACKOUT pressed while a GO is on its way: the GO is answered as dropped, the armed cue is gone', () => {
  let s = run(armedState(), { type: 'go-started' }, { type: 'blackout-pressed', dropped: 1 });
  assert.equal(canGo(s), false);
  s = run(s, { type: 'go-answered', error: apiError(0, DROPPED_BY_BLACKOUT, 'dropped') }, { type: 'go-finished' });
  assert.equal(s.armed, null);
  assert.equal(s.error.kind, 'dropped');
  assert.equal(canGo(s), false);
});

test('the BLACKOUT button\'s state: done is logged, failed is logged and bannered until pressed again', () => {
  let s = run(start(), { type: 'blackout', blackout: { phase: 'sending', at: 1 } });
  assert.equal(s.log.length, 0);
  s = run(s, { type: 'blackout', blackout: { phase: 'failed', error: 'no answer', at: 2 } });
  assert.deepEqual(s.error, { text: 'BLACKOUT failed: no answer. Press B to retry.', kind: 'blackout' });
  assert.deepEqual([s.log[0].text, s.log[0].bad], ['BLACKOUT failed: no answer', true]);
  s = run(s, { type: 'blackout-pressed', dropped: 0 }, { type: 'blackout', blackout: { phase: 'done', version: 12, at: 3 } });
  assert.equal(s.error, null);
  assert.equal(s.log[0].text, 'BLACKOUT → v12');
  assert.deepEqual(s.blackout, { phase: 'done', version: 12, at: 3 });
});

test('the live view: a BLACKOUT newer than what the armed cue was built on disarms it, from any station', () => {
  let s = run(armedState(), { type: 'snapshot', snapshot: { pointer: { version: 7, blackout: 5 }, state: { cues: [] } } });
  assert.ok(s.armed, 'an older blackout changes nothing');
  s = run(s, { type: 'snapshot', snapshot: { pointer: { version: 8, blackout: 8 }, state: { cues: [] } } });
  assert.equal(s.armed, null);
  assert.deepEqual(s.error, { text: 'Disarmed 1 Red: BLACKOUT v8 landed after it was armed. Arm it again to show it.', kind: 'dropped' });
});

test('the live view: a new version asks the server again; the same version does not', () => {
  let s = run(start(), { type: 'recheck' });
  s = run(s, passes(s));
  const snap = (version) => ({ type: 'snapshot', snapshot: { pointer: { version }, state: { cues: [] } } });
  s = run(s, snap(3));
  assert.deepEqual(s.verdict, { status: 'pending' }, 'what GO would publish depends on the live state');
  s = run(s, passes(s));
  const seq = s.checkSeq;
  s = run(s, snap(3));
  assert.equal(s.checkSeq, seq);
  assert.equal(canArm(s), true);
});

test('the first answer from the server asks about the selected cue, even with nothing published yet', () => {
  const s = run(start(), { type: 'snapshot', snapshot: { pointer: null, state: null } });
  assert.ok(s.ask, 'otherwise ARM would wait for the operator to touch something');
  assert.equal(run(s, { type: 'snapshot', snapshot: { pointer: null, state: null } }).checkSeq, s.checkSeq);
});

test('undo: armed once the server passed it, owns the verdict panel, and selecting a cue disarms it', () => {
  const candidate = { label: 'UNDO → v3 solid #222222', body: { version: 3 }, undo: { target: { version: 3 } } };
  let s = run(start(), { type: 'recheck' });
  const cueQuestion = passes(s);
  s = run(s, { type: 'undo-armed', candidate, verdict: { status: 'ok', state: { version: 9, base: 8, cues: [] } } });
  assert.deepEqual(s.armed, { ...candidate, base: 8 });
  assert.equal(s.panel.title, candidate.label);
  assert.equal(run(s, cueQuestion), s, 'a cue\'s verdict does not replace the undo preview');
  assert.equal(run(s, { type: 'recheck' }).ask, null, 'nothing is asked about the cue while an undo is armed');
  assert.equal(run(s, { type: 'edit', fields: { name: 'x' } }).armed, s.armed, 'editing a cue keeps the undo');

  s = run(s, { type: 'go-started' }, { type: 'go-answered', ack: { version: 10, effective_at: 9 } });
  assert.deepEqual(s.undoTrail, [{ published: 10, target: 3 }]);
  assert.equal(s.lastGo, null, 'an undo is not a list cue');
  assert.equal(s.selected, 0);

  s = run(start(), { type: 'undo-armed', candidate, verdict: { status: 'ok', state: { version: 9, base: 8, cues: [] } } }, { type: 'select', index: 1 });
  assert.equal(s.armed, null);
  const refused = run(start(), { type: 'undo-armed', candidate, verdict: { status: 'refused', message: 'nothing to restore' } });
  assert.equal(refused.armed, null);
  assert.equal(refused.error.text, `Cannot arm ${candidate.label}: nothing to restore`);
});

test('Esc (disarm) drops whatever is armed and asks about the selected cue again', () => {
  const s = run(armedState(), { type: 'disarm' });
  assert.equal(s.armed, null);
  assert.ok(s.ask);
});

test('the connection: offline shows its banner, back online clears only that one', () => {
  let s = run(start(), { type: 'connection', online: false });
  assert.equal(s.online, false);
  assert.equal(s.error.kind, 'offline');
  s = run(s, { type: 'connection', online: true });
  assert.equal(s.error, null);
  s = run(s, { type: 'message', text: 'Draw refused' }, { type: 'connection', online: true });
  assert.equal(s.error.text, 'Draw refused');
  assert.equal(run(s, { type: 'clear-message', kind: 'offline' }), s, 'clearing another kind changes nothing');
  assert.equal(run(s, { type: 'clear-message' }).error, null);
});

test('the log keeps the newest fifty entries, newest first', () => {
  let s = start();
  for (let i = 0; i < LOG_LIMIT + 5; i++) s = run(s, { type: 'log', text: `entry ${i}`, at: i });
  assert.equal(s.log.length, LOG_LIMIT);
  assert.equal(s.log[0].text, `entry ${LOG_LIMIT + 4}`);
  assert.equal(s.log.at(-1).text, 'entry 5');
});

test('the ▶ marker: the last list cue sent with GO while it is still in the live state', () => {
  const s = { ...start(), lastGo: { index: 1, effective_at: 100, mode: 'solid' } };
  const live = (cues) => ({ ...s, snapshot: { pointer: { version: 2 }, state: { cues } } });
  assert.equal(liveIndex(live([{ effective_at: 100, mode: 'solid' }]), 150), 1);
  assert.equal(liveIndex(live([{ effective_at: 100, mode: 'solid' }, { effective_at: 120, mode: 'off' }]), 150), null, 'replaced');
  assert.equal(liveIndex(live([{ effective_at: 100, mode: 'solid' }, { effective_at: 120, mode: 'off', zone: { seats: [[0, 9]] } }]), 150), 1,
    'a zone cue does not replace it');
  assert.equal(liveIndex(live([{ effective_at: 90, mode: 'solid' }]), 150), null, 'not in the state');
  assert.equal(liveIndex({ ...live([{ effective_at: 100, mode: 'solid' }]), cues: [red] }, 150), null, 'the list got shorter');
  assert.equal(liveIndex(start(), 0), null);
});

test('the timeline: rows added, edited, deleted and loaded; the table is redrawn only when rows come or go', () => {
  let s = start();
  assert.equal(s.rows.length, 1);
  s = run(s, { type: 'timeline-add' });
  assert.deepEqual(s.rows.map((r) => r.at), ['+0s', '+5s']);
  const layout = s.rowsLayout;
  s = run(s, { type: 'timeline-edit', index: 1, key: 'color', value: '#FF00FF' });
  assert.equal(s.rows[1].color, '#FF00FF');
  assert.equal(s.rowsLayout, layout, 'an edit keeps the table (and the focus in it)');
  s = run(s, { type: 'timeline-delete', index: 0 });
  assert.deepEqual(s.rows.map((r) => r.color), ['#FF00FF']);
  assert.ok(s.rowsLayout > layout);
  s = run(s, { type: 'timeline-file', name: 't.json', rows: [{ at: '+1s', mode: 'off', color: '#000000', period: '1000' }] });
  assert.equal(s.rows.length, 1);
  assert.deepEqual(s.timelineVerdict, { text: 'Loaded 1 rows from t.json', ok: true });
  const bad = run(s, { type: 'timeline-file', name: 'x.json', error: 'not a timeline file' });
  assert.equal(bad.rows, s.rows);
  assert.deepEqual(bad.timelineVerdict, { text: '✗ x.json: not a timeline file', ok: false });
});

test('the timeline: checked, loaded, dropped by BLACKOUT, live unconfirmed, refused', () => {
  const sent = { load: true, span: '2 cues from a to b', count: 2 };
  let s = run(start(), { type: 'timeline-sent', ...sent });
  assert.deepEqual(s.timelineVerdict, { text: 'Loading 2 cues from a to b…', ok: null });
  assert.equal(run(start(), { type: 'timeline-sent', ...sent, load: false }).timelineVerdict.text, 'Checking 2 cues from a to b…');
  s = run(s, { type: 'timeline-answered', ...sent, ack: { version: 4 } });
  assert.deepEqual(s.timelineVerdict, { text: '✓ loaded 2 cues from a to b as v4', ok: true });
  assert.equal(s.log[0].text, 'TIMELINE 2 cues → v4');
  const checked = run(start(), { type: 'timeline-answered', ...sent, load: false, dryRun: { version: 5, cues: [1, 2, 3] } });
  assert.equal(checked.timelineVerdict.text, '✓ 2 cues from a to b: the server accepts it (v5 would hold 3 cues)');
  assert.equal(checked.log.length, 0);

  const dropped = run(start(), { type: 'timeline-answered', ...sent, error: apiError(0, DROPPED_BY_BLACKOUT, 'x') });
  assert.match(dropped.timelineVerdict.text, /^✗ dropped by BLACKOUT/);
  assert.equal(dropped.log[0].text, 'TIMELINE dropped by BLACKOUT (aborted on its way)');
  const live = run(start(), { type: 'timeline-answered', ...sent, error: apiError(502, 'unrecorded', 'history', { version: 6 }) });
  assert.match(live.timelineVerdict.text, /^⚠ LIVE v6, but not recorded yet: do NOT load it again/);
  const refused = run(start(), { type: 'timeline-answered', ...sent, error: apiError(422, 'invalid', 'row 2: bad colour') });
  assert.deepEqual(refused.timelineVerdict, { text: '✗ row 2: bad colour', ok: false });
  assert.deepEqual(run(start(), { type: 'timeline-refused', message: 'the timeline is empty: add a row' }).timelineVerdict,
    { text: '✗ the timeline is empty: add a row', ok: false });

  assert.equal(timelineSpan([]), null);
  assert.equal(timelineSpan([{ effective_at: 1 }, { effective_at: 2 }], (t) => `t${t}`), '2 cues from t1 to t2');
  assert.equal(timelineSpan([{ effective_at: 1 }], (t) => `t${t}`), '1 cue from t1 to t1');
});

test('an unknown event is a bug, not a silent no-op', () => {
  assert.throws(() => reduce(start(), { type: 'fly' }), /unknown console event fly/);
});
