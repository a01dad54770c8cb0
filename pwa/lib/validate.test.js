import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stateProblem, pointerProblem, cueProblem } from './validate.js';
import { parseState, parsePointer } from './poller.js';
import { frameAt } from './show.js';

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

const E = 1_767_225_600_000;
const color = fc.stringMatching(/^#[0-9A-Fa-f]{6}$/);
const seat = fc.integer({ min: 0, max: 999_999 });
const range = fc.tuple(seat, seat).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
const base = { effective_at: fc.integer({ min: E - 100_000, max: E + 100_000 }) };
const validCue = fc.oneof(
  fc.record({ ...base, mode: fc.constant('off') }),
  fc.record({ ...base, mode: fc.constant('solid'), color }),
  fc.record({ ...base, mode: fc.constantFrom('strobe', 'pulse'), color, period_ms: fc.integer({ min: 334, max: 60_000 }) }),
  fc.record({ ...base, mode: fc.constant('wave'), color, period_ms: fc.integer({ min: 334, max: 60_000 }),
    span: fc.integer({ min: 1, max: 1_000_000 }) }),
  fc.record({ ...base, mode: fc.constant('sequence'),
    steps: fc.array(fc.tuple(fc.integer({ min: 334, max: 5000 }), color), { minLength: 1, maxLength: 6 })
      .map((xs) => { let at = -xs[0][0]; return xs.map(([gap, c]) => ({ offset_ms: (at += gap), color: c })); }) }),
).chain((cue) => fc.record({ zone: fc.option(fc.array(range, { minLength: 1, maxLength: 4 }), { nil: undefined }) })
  .map(({ zone }) => (zone ? { ...cue, zone: { seats: zone } } : cue)));
const validState = fc.record({ version: fc.integer({ min: 1, max: 1e9 }), cues: fc.array(validCue, { minLength: 1, maxLength: 8 }) })
  .map(({ version, cues }) => ({ v: 1, version, published_at: E, cues: [...cues].sort((a, b) => a.effective_at - b.effective_at) }));
const validPointer = fc.record({ version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), poll_ms: fc.integer({ min: 500, max: 60_000 }) })
  .map(({ version, poll_ms }) => ({ v: 1, version, state: `states/${version}.json`, poll_ms, published_at: E }));

/** Anything a hostile or broken store could hand the phone in place of a value. */
const junk = fc.oneof(
  fc.jsonValue(), fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -0, 1e308, 2 ** 53 + 2, '', '#FFFFFF',
    '#ffffff\n', 'pulse', [], {}, [0], [0, 1, 2, 3], 'states/1.json', '__proto__'),
  fc.string({ unit: 'grapheme' }), fc.double(), fc.bigInt().map(Number));

/** A random edit at a random place: delete, replace with junk, retype, or add an unknown field. */
function mutate(value, path, edit) {
  if (path.length === 0) return edit(value);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 0) return value;
  const k = keys[path[0] % keys.length];
  const copy = Array.isArray(value) ? [...value] : { ...value };
  copy[k] = mutate(value[k], path.slice(1), edit);
  return copy;
}
const edit = fc.oneof(
  junk.map((j) => () => j),
  fc.constant((v) => (Array.isArray(v) ? v.slice(1) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).slice(1)) : undefined)),
  fc.constant((v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? Number(v) : v)),
  fc.constant((v) => (typeof v === 'number' ? v + 0.5 : v)),
  fc.constant((v) => (Array.isArray(v) ? [...v, ...v] : v)),
  fc.tuple(fc.string(), junk).map(([k, j]) => (v) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [k]: j } : v)),
);
const mutatedState = fc.tuple(validState, fc.array(fc.nat(), { maxLength: 6 }), edit).map(([s, path, e]) => mutate(s, path, e));
const mutatedPointer = fc.tuple(validPointer, fc.array(fc.nat(), { maxLength: 2 }), edit).map(([p, path, e]) => mutate(p, path, e));
const instant = fc.oneof(fc.integer({ min: E - 200_000, max: E + 200_000 }), fc.constantFrom(NaN, Infinity, -Infinity, 0, -1e308), fc.double());
const seatOrJunk = fc.oneof(seat, fc.constantFrom(null, undefined, -1, 1e9, NaN, 0.5), fc.double());

test('fuzz: every generated valid state and pointer is accepted (2,000 cases)', () => {
  fc.assert(fc.property(validState, (s) => stateProblem(s) === null), { numRuns: 1000 });
  fc.assert(fc.property(validPointer, (p) => pointerProblem(p) === null && parsePointer(JSON.stringify(p)) !== null), { numRuns: 1000 });
});

test('fuzz: the checks never throw on anything, and answer null or a message (4,000 cases)', () => {
  const answers = (x) => x === null || (typeof x === 'string' && x.length > 0);
  fc.assert(fc.property(fc.oneof(junk, fc.anything()), (x) => answers(stateProblem(x)) && answers(pointerProblem(x))), { numRuns: 2000 });
  fc.assert(fc.property(mutatedPointer, (p) => answers(pointerProblem(p))), { numRuns: 2000 });
});

test('fuzz: a mutated state is either refused or shown; the show function never throws and always yields a colour (6,000 cases)', () => {
  let refused = 0;
  fc.assert(fc.property(mutatedState, fc.array(instant, { minLength: 1, maxLength: 4 }), seatOrJunk, (s, ts, st) => {
    const problem = stateProblem(s);
    if (problem !== null) refused += 1;
    // parseState agrees with the check, and the text round trip is what the phone stores and restores.
    const parsed = parseState(JSON.stringify(s) ?? '', s?.version);
    if (problem === null) assert.notEqual(parsed, null);
    else assert.equal(parsed, null);
    for (const t of ts) {
      const f = frameAt(s, t, st); // whether valid or not: the display loop must survive it
      assert.match(f.color, COLOR);
      assert.ok(f.nextAt === null || Number.isFinite(f.nextAt));
    }
  }), { numRuns: 6000 });
  assert.ok(refused > 1000, `the mutations reach the refusals (${refused} of 6000)`);
});

test('fuzz: the show function never throws on arbitrary values (2,000 cases)', () => {
  fc.assert(fc.property(fc.oneof(junk, fc.anything(), fc.record({ cues: fc.array(fc.oneof(junk, fc.anything()), { maxLength: 5 }) })),
    instant, seatOrJunk, (s, t, st) => {
      const f = frameAt(s, t, st);
      return COLOR.test(f.color) && (f.nextAt === null || Number.isFinite(f.nextAt));
    }), { numRuns: 2000 });
});
