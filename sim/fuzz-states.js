// Generators of hostile states and pointers for the phone's validator and show function: valid ones, the same
// with one random edit (a field deleted, retyped, replaced with junk, an unknown field added), and plain junk.
// Shared by pwa/lib/validate.test.js (fast-check properties) and scripts/bench fuzz (a million of them).
// fast-check is passed in, so this module has no dependency of its own.

import { encodeBits } from '../pwa/lib/winners.js';

/** @param {typeof import('fast-check').default} fc */
export function fuzzArbitraries(fc) {
  const E = 1_767_225_600_000;
  const color = fc.tuple(fc.integer({ min: 0, max: 0xFFFFFF }), fc.boolean())
    .map(([n, upper]) => { const hex = `#${n.toString(16).padStart(6, '0')}`; return upper ? hex.toUpperCase() : hex; });
  const seat = fc.integer({ min: 0, max: 999_999 });
  const range = fc.tuple(seat, seat).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
  const winners = fc.integer({ min: 1, max: 200 }).chain((seats) => fc.record({
    draw: fc.tuple(fc.constantFrom('d', 'draw-', '7', 'x0-'), fc.nat(99_999)).map(([p, n]) => p + n),
    seats: fc.constant(seats),
    bits: fc.uint8Array({ minLength: Math.ceil(seats / 8), maxLength: Math.ceil(seats / 8) }).map(encodeBits),
    color,
  }));
  const base = { effective_at: fc.integer({ min: E - 100_000, max: E + 100_000 }) };
  const validCue = fc.oneof(
    fc.record({ ...base, mode: fc.constant('off') }),
    fc.record({ ...base, mode: fc.constant('solid'), color }),
    fc.record({ ...base, mode: fc.constantFrom('strobe', 'pulse'), color, period_ms: fc.integer({ min: 600, max: 60_000 }) }),
    fc.record({ ...base, mode: fc.constant('wave'), color, period_ms: fc.integer({ min: 600, max: 60_000 }),
      span: fc.integer({ min: 1, max: 1_000_000 }) }),
    fc.record({ ...base, mode: fc.constant('sequence'),
      steps: fc.array(fc.tuple(fc.integer({ min: 334, max: 5000 }), color), { minLength: 1, maxLength: 6 })
        .map((xs) => { let at = -xs[0][0]; return xs.map(([gap, c]) => ({ offset_ms: (at += gap), color: c })); }) }),
  ).chain((cue) => fc.record({
    zone: fc.option(fc.array(range, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    winners: cue.mode === 'off' ? fc.constant(undefined) : fc.option(winners, { nil: undefined, freq: 4 }),
  }).map(({ zone, winners: w }) => ({ ...cue, ...(zone ? { zone: { seats: zone } } : {}), ...(w ? { winners: w } : {}) })));
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

  /** Every known field present, each either right or junk of any type: type confusion inside the cues. */
  const confusedCue = fc.record({
    effective_at: fc.oneof(fc.integer({ min: E - 100_000, max: E + 100_000 }), junk),
    mode: fc.oneof(fc.constantFrom('off', 'solid', 'strobe', 'pulse', 'wave', 'sequence'), junk),
    color: fc.oneof(color, junk), period_ms: fc.oneof(fc.integer({ min: 334, max: 60_000 }), junk),
    span: fc.oneof(fc.integer({ min: 1, max: 1000 }), junk), steps: fc.oneof(fc.array(fc.record({ offset_ms: fc.nat(), color })), junk),
    zone: fc.oneof(fc.record({ seats: fc.array(fc.oneof(range, junk)) }), junk), winners: fc.oneof(winners, junk),
  }, { requiredKeys: [] });
  const confusedState = fc.record({ v: fc.oneof(fc.constant(1), junk), version: fc.oneof(fc.integer({ min: 1, max: 1e9 }), junk),
    published_at: fc.oneof(fc.constant(E), junk), cues: fc.oneof(fc.array(confusedCue, { maxLength: 6 }), junk) });

  return { confusedState, validState, validPointer, mutatedState, mutatedPointer, junk, instant, seatOrJunk, E };
}
