import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as validateModule from './validate.js';
import { stateProblem, pointerProblem, cueProblem } from './validate.js';
import { parseState, parsePointer } from './poller.js';
import { frameAt } from './show.js';
import { fuzzArbitraries } from '../../sim/fuzz-states.js';

const vectors = (name) => JSON.parse(readFileSync(new URL(`../../testdata/${name}`, import.meta.url), 'utf8'));
const valid = vectors('states/valid.json');
const invalid = vectors('states/invalid.json');
const invalidCues = vectors('invalid-cues.json');
const COLOR = /^#[0-9A-F]{6}$/;

test('every valid state and pointer vector is accepted (the same vectors JUnit holds the publisher to)', () => {
  for (const { name, state } of valid.states) assert.equal(stateProblem(state), null, name);
  for (const { name, pointer } of valid.pointers) assert.equal(pointerProblem(pointer), null, name);
});

test('every invalid state and pointer vector is refused, saying where the problem is', () => {
  for (const { name, state, path } of invalid.states) {
    const problem = stateProblem(state);
    assert.ok(problem?.startsWith(`${path}:`) || problem?.startsWith(`${path}[`) || problem?.startsWith(`${path}.`),
      `${name}: expected a problem at ${path}, got ${problem}`);
  }
  for (const { name, pointer, path } of invalid.pointers) {
    const problem = pointerProblem(pointer);
    assert.ok(problem?.startsWith(`${path}:`), `${name}: expected a problem at ${path}, got ${problem}`);
  }
});

test('every cue the publisher refuses (invalid-cues.json) is refused by the phone too, unknown fields aside', () => {
  let checked = 0;
  for (const { name, cue, error } of invalidCues.cases) {
    // The phone ignores fields it does not know (a newer publisher may add some); the publisher refuses them
    // so that a typo never publishes a default. Every field the phone knows is held to the same rule.
    if (error.startsWith('Unrecognized field')) continue;
    assert.notEqual(cueProblem(cue), null, name);
    assert.notEqual(stateProblem({ v: 1, version: 1, published_at: 1, cues: [cue] }), null, name);
    checked += 1;
  }
  assert.ok(checked >= 50, `checked ${checked}`);
});

test('a state with more than 1,024 cues is refused and one with 1,024 accepted', () => {
  const cues = (n) => Array.from({ length: n }, (_, i) => ({ effective_at: 1_767_225_600_000 + i, mode: 'off' }));
  assert.equal(stateProblem({ v: 1, version: 1, published_at: 1, cues: cues(1024) }), null);
  assert.match(stateProblem({ v: 1, version: 1, published_at: 1, cues: cues(1025) }), /^cues: must list 1 to 1024/);
});

test('a pulse without color is refused before it can reach the display loop (issue 15)', () => {
  const text = JSON.stringify({ v: 1, version: 3, published_at: 1, cues: [{ effective_at: 5, mode: 'pulse', period_ms: 1000 }] });
  assert.equal(parseState(text, 3), null);
  assert.match(stateProblem(JSON.parse(text)), /^cues\[0\]\.color: must be a colour #RRGGBB/);
  // Even if one got past: the show function shows it dark instead of throwing.
  const f = frameAt(JSON.parse(text), 10, 1);
  assert.equal(f.color, '#000000');
});

test('a zone range of four numbers is refused, not read as its first two', () => {
  const state = { v: 1, version: 1, published_at: 1,
    cues: [{ effective_at: 5, mode: 'solid', color: '#FF0000', zone: { seats: [[0, 4999, 20000, 24999]] } }] };
  assert.match(stateProblem(state), /^cues\[0\]\.zone\.seats\[0\]: must be exactly two whole seat numbers/);
});

test('a getter that throws or a proxy is refused, never crashes the check', () => {
  const evil = { v: 1, version: 1, published_at: 1, get cues() { throw new Error('boom'); } };
  assert.match(stateProblem(evil), /cannot be checked/);
  assert.match(pointerProblem(new Proxy({}, { get() { throw new Error('trap'); } })), /cannot be checked/);
});

// --- property-based: random and mutated states and pointers --------------------------------------------

const { validState, validPointer, mutatedState, confusedState, mutatedPointer, junk, instant, seatOrJunk } = fuzzArbitraries(fc);

test('fuzz: every generated valid state and pointer is accepted (2,000 cases)', () => {
  fc.assert(fc.property(validState, (s) => stateProblem(s) === null), { numRuns: 1000, endOnFailure: true });
  fc.assert(fc.property(validPointer, (p) => pointerProblem(p) === null && parsePointer(JSON.stringify(p)) !== null), { numRuns: 1000, endOnFailure: true });
});

test('fuzz: the checks never throw on anything, and answer null or a message (4,000 cases)', () => {
  const answers = (x) => x === null || (typeof x === 'string' && x.length > 0);
  fc.assert(fc.property(fc.oneof(junk, fc.anything()), (x) => answers(stateProblem(x)) && answers(pointerProblem(x))), { numRuns: 2000, endOnFailure: true });
  fc.assert(fc.property(mutatedPointer, (p) => answers(pointerProblem(p))), { numRuns: 2000, endOnFailure: true });
});

test('fuzz: a mutated state is either refused or shown; the show function never throws and always yields a colour (6,000 cases)', () => {
  let refused = 0;
  fc.assert(fc.property(mutatedState, fc.array(instant, { minLength: 1, maxLength: 4 }), seatOrJunk, (s, ts, st) => {
    const problem = stateProblem(s);
    if (problem !== null) refused += 1;
    // parseState agrees with the check on what survives the wire (JSON turns NaN and Infinity into null), and
    // that text is what the phone stores and restores.
    const text = JSON.stringify(s);
    const parsed = parseState(text ?? '', s?.version);
    if (text !== undefined) assert.equal(parsed === null, stateProblem(JSON.parse(text)) !== null, text);
    if (problem === null) assert.notEqual(parsed, null);
    for (const t of ts) {
      const f = frameAt(s, t, st); // whether valid or not: the display loop must survive it
      assert.match(f.color, COLOR);
      assert.ok(f.nextAt === null || Number.isFinite(f.nextAt));
    }
  }), { numRuns: 6000, endOnFailure: true });
  assert.ok(refused > 1000, `the mutations reach the refusals (${refused} of 6000)`);
});

test('a cue whose winners, zone or steps have the wrong type shows dark or its colour, never throws', () => {
  for (const odd of [{ winners: 'abc' }, { winners: 7 }, { winners: [] }, { zone: 'all' }, { zone: { seats: 'x' } }, { steps: 'x' }]) {
    const f = frameAt({ cues: [{ effective_at: 1, mode: 'solid', color: '#FFFFFF', ...odd }] }, 2, 5);
    assert.match(f.color, COLOR, JSON.stringify(odd));
  }
});

test('fuzz: type confusion inside cues is refused by the check and survived by the show function (2,000 cases)', () => {
  fc.assert(fc.property(confusedState, instant, seatOrJunk, (s, t, st) => {
    const problem = stateProblem(s);
    assert.ok(problem === null || typeof problem === 'string');
    const f = frameAt(s, t, st);
    return COLOR.test(f.color) && (f.nextAt === null || Number.isFinite(f.nextAt));
  }), { numRuns: 2000, endOnFailure: true });
});

test('fuzz: the show function never throws on arbitrary values (2,000 cases)', () => {
  fc.assert(fc.property(fc.oneof(junk, fc.anything(), fc.record({ cues: fc.array(fc.oneof(junk, fc.anything()), { maxLength: 5 }) })),
    instant, seatOrJunk, (s, t, st) => {
      const f = frameAt(s, t, st);
      return COLOR.test(f.color) && (f.nextAt === null || Number.isFinite(f.nextAt));
    }), { numRuns: 2000, endOnFailure: true });
});

test('a seat is a plain whole number below the seat limit, the same range zones and draws use', async () => {
  const { parseSeat } = await import('./validate.js');
  assert.deepEqual(['0', '7', '999999', ' 7 ', '007'].map(parseSeat), [0, 7, 999_999, 7, 7]);
  for (const bad of ['1000000', '-1', '1.5', '1e3', '0x10', '', ' ', null, undefined, '\u0667', 'NaN', '12345678', '7a']) {
    assert.equal(parseSeat(bad), null, JSON.stringify(bad));
  }
});

test('the limits are the shared ones in testdata/limits.json', () => {
  const { LIMITS, MODES } = validateModule;
  const shared = vectors('limits.json');
  assert.deepEqual({
    minFlashPeriodMs: shared.min_flash_period_ms, minStepGapMs: shared.min_step_gap_ms, maxPeriodMs: shared.max_period_ms,
    maxSeats: shared.max_seats, maxSteps: shared.max_steps, maxZoneRanges: shared.max_zone_ranges,
    maxCuesPerState: shared.max_cues_per_state, minPollMs: shared.min_poll_ms, maxPollMs: shared.max_poll_ms,
    pointerInlineMaxBytes: shared.pointer_inline_max_bytes,
  }, Object.fromEntries(Object.entries(LIMITS).filter(([k]) => k !== 'maxStepOffsetMs')));
  assert.deepEqual([...MODES], shared.modes);
});

test('the canonical pointer with an inline state (testdata/canonical/pointer-inline.json) is a valid pointer carrying a valid state of its version', () => {
  const p = vectors('canonical/pointer-inline.json');
  assert.equal(pointerProblem(p), null);
  assert.equal(stateProblem(p.inline), null);
  assert.equal(p.inline.version, p.version);
  assert.ok(JSON.stringify(p.inline).length <= validateModule.LIMITS.pointerInlineMaxBytes);
});

test('the canonical BLACKOUT pointer (testdata/canonical/pointer-blackout.json) carries publish_id and blackout in the wire order, and its inline state is the one it names', () => {
  const text = readFileSync(new URL('../../testdata/canonical/pointer-blackout.json', import.meta.url), 'utf8');
  const p = JSON.parse(text);
  assert.equal(JSON.stringify(p), text, 'canonical: no whitespace, no trailing newline');
  assert.deepEqual(Object.keys(p), ['v', 'version', 'state', 'poll_ms', 'published_at', 'epoch', 'publish_id', 'blackout', 'inline']);
  assert.deepEqual(Object.keys(p.inline), ['v', 'version', 'published_at', 'publish_id', 'base', 'cues']);
  assert.equal(pointerProblem(p), null);
  assert.equal(stateProblem(p.inline), null, 'base is a field phones ignore');
  assert.equal(p.blackout, p.version);
  assert.equal(p.inline.publish_id, p.publish_id);
});

test('a pointer\'s publish_id and blackout are checked: blackout is a version no later than the pointer\'s own', () => {
  const p = { v: 1, version: 9, state: 'states/9.json', poll_ms: 1000, published_at: 1 };
  assert.equal(pointerProblem({ ...p, publish_id: 'abc', blackout: 9 }), null);
  assert.equal(pointerProblem({ ...p, blackout: 1 }), null);
  assert.match(pointerProblem({ ...p, blackout: 10 }), /^blackout: /);
  assert.match(pointerProblem({ ...p, blackout: 0 }), /^blackout: /);
  assert.match(pointerProblem({ ...p, publish_id: 'a b' }), /^publish_id: /);
});
