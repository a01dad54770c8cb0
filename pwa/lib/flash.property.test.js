// Property tests of the flash guard (fast-check): whatever the state, the screen never shows more than
// 3 flashes in any second, and a state the server's rule accepts never needs the governor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { frameAt, MODES, MIN_FLASH_PERIOD_MS, MIN_STEP_GAP_MS } from './show.js';
import { createGovernor, governFrame, seatChanges, transitions, worstWindow, MAX_TRANSITIONS, GOVERNOR_WINDOW_MS,
  SERVER_WINDOW_MS } from './flash.js';
import { encodeBits } from './winners.js';

const E = 1_767_225_600_000;
const RUNS = Number(process.env.CUECAST_PROPERTY_RUNS ?? 150);
const PALETTE = ['#FFFFFF', '#000000', '#FF0000', '#C80000', '#808080', '#E0E0E0', '#00FF00', '#0000FF', '#FF8000', '#202020'];

const color = fc.oneof(fc.constantFrom(...PALETTE), fc.integer({ min: 0, max: 0xffffff })
  .map((n) => `#${n.toString(16).padStart(6, '0').toUpperCase()}`));
const zone = fc.option(fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 60 }))
  .map(([a, len]) => [a, a + len]), { minLength: 1, maxLength: 3 }).map((seats) => ({ seats })), { nil: undefined });
const winners = fc.option(fc.tuple(fc.uint8Array({ minLength: 40, maxLength: 40 }), color)
  .map(([bytes, c]) => ({ draw: 'd1', seats: 320, bits: encodeBits(bytes), color: c })), { nil: undefined });

/** One cue as the server would accept it field by field (valid periods, step gaps); hostile adds anything. */
function cue(hostile) {
  const period = hostile ? fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.constant(0), fc.constant(-5))
    : fc.integer({ min: MIN_FLASH_PERIOD_MS, max: 3000 });
  const gap = hostile ? fc.integer({ min: 0, max: 800 }) : fc.integer({ min: MIN_STEP_GAP_MS, max: 1500 });
  return fc.record({
    at: fc.integer({ min: 0, max: 6000 }),
    mode: fc.constantFrom(...MODES),
    color,
    period_ms: period,
    span: fc.integer({ min: 1, max: 64 }),
    steps: fc.array(fc.tuple(gap, color), { minLength: 1, maxLength: 8 }),
    zone,
    winners,
  }).map((c) => {
    const out = { effective_at: E + c.at, mode: c.mode };
    if (c.mode !== 'off' && c.mode !== 'sequence') out.color = c.color;
    if (['strobe', 'pulse', 'wave'].includes(c.mode)) out.period_ms = c.period_ms;
    if (c.mode === 'wave') out.span = c.span;
    if (c.mode === 'sequence') {
      let offset = 0;
      out.steps = c.steps.map(([g, col], i) => ({ offset_ms: (offset += i === 0 ? 0 : g), color: col }));
    }
    if (c.zone) out.zone = c.zone;
    if (c.winners && c.mode !== 'off') out.winners = c.winners;
    return out;
  });
}

/** Operator actions: cues, restarts (the same cue again later), undo (an earlier cue again), blackout. */
function actions(hostile) {
  return fc.array(fc.oneof(
    { weight: 6, arbitrary: cue(hostile).map((c) => ({ kind: 'cue', cue: c })) },
    { weight: 2, arbitrary: fc.tuple(fc.nat(20), fc.integer({ min: 0, max: 1500 })).map(([i, d]) => ({ kind: 'again', i, d })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 6000 }).map((at) => ({ kind: 'blackout', at })) },
    // an operator hammering GO: k cues d ms apart, alternating two colours
    { weight: 2, arbitrary: fc.record({ at: fc.integer({ min: 0, max: 5000 }), k: fc.integer({ min: 2, max: 12 }),
      d: fc.integer({ min: 10, max: 400 }), a: fc.constantFrom('#FFFFFF', '#FF0000', '#E0E0E0', '#00FF00'), b: fc.oneof(color, fc.constant('#000000')),
      zone: fc.oneof(fc.constant(undefined), zone) }).map((b) => ({ kind: 'burst', ...b })) },
  ), { minLength: 1, maxLength: 14 });
}

/** The cue list the actions make, in effective_at order (ties: later action wins), like the server's builder. */
function cuesOf(acts, accept = () => true) {
  let cues = [];
  const add = (c) => {
    const next = [...cues.filter((x) => x.effective_at <= c.effective_at), c, ...cues.filter((x) => x.effective_at > c.effective_at)];
    if (accept(next)) cues = next;
  };
  const sent = [];
  for (const a of acts) {
    if (a.kind === 'cue') { add(a.cue); sent.push(a.cue); }
    if (a.kind === 'again' && sent.length > 0) {
      const c = sent[a.i % sent.length];
      add({ ...c, effective_at: c.effective_at + a.d });
    }
    if (a.kind === 'blackout') cues = [{ effective_at: E + a.at, mode: 'off' }]; // drops everything pending
    if (a.kind === 'burst') {
      for (let i = 0; i < a.k; i++) {
        const c = { effective_at: E + a.at + i * a.d, mode: 'solid', color: i % 2 ? a.b : a.a };
        if (a.zone) c.zone = a.zone;
        add(c);
        sent.push(c);
      }
    }
  }
  return cues;
}

/** Clock corrections: steps of the phone's server-time estimate at local instants. */
const corrections = fc.array(fc.tuple(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: -900, max: 900 })), { maxLength: 4 });

/**
 * A phone at `seat` joining at local time `join`, drawing frames every `frameMs` until 10 s, its estimate of
 * server time stepping by each correction. Returns the changes the screen showed (local time) and the governor.
 */
function phone(state, seat, { join = 0, frameMs = 1000 / 60, steps = [] } = {}) {
  const governor = createGovernor();
  const shown = [{ t: join - 1, color: '#000000' }];
  let darkDelayed = 0;
  for (let local = join; local < 10_000; local += frameMs) {
    const offset = steps.filter(([at]) => at <= local).reduce((s, [, d]) => s + d, 0);
    const server = E - 1000 + local + offset;
    const want = frameAt(state, server, seat);
    const f = governFrame(governor, want, server, local);
    if (f.color !== shown[shown.length - 1].color) shown.push({ t: local, color: f.color });
    if (want.color === '#000000' && f.color !== '#000000') darkDelayed += 1;
  }
  return { shown, governor, darkDelayed };
}

const seat = fc.oneof(fc.integer({ min: 0, max: 330 }), fc.constant(null));

test('any state, any seat, late joins and clock corrections: never more than 3 flashes in any second, black never delayed', () => {
  let governed = 0;
  fc.assert(fc.property(actions(true), seat, fc.integer({ min: 0, max: 4000 }), corrections, fc.constantFrom(1000 / 60, 1000 / 30, 1000 / 120),
    (acts, s, join, steps, frameMs) => {
      const state = { v: 1, version: 1, published_at: E, cues: cuesOf(acts) };
      const { shown, darkDelayed, governor } = phone(state, s, { join, frameMs, steps });
      const worst = worstWindow(transitions(shown), GOVERNOR_WINDOW_MS);
      assert.ok(worst.count <= MAX_TRANSITIONS, `load ${worst.count} at ${worst.at}`);
      assert.equal(darkDelayed, 0);
      if (governor.stats().interventions > 0) governed += 1;
    }), { numRuns: RUNS });
  // About 5 % of runs need the governor; none at all would mean the generator never tests it.
  assert.ok(governed > 0, `none of ${RUNS} runs needed the governor: the generator is too tame`);
});

test('hostile states (bad periods, NaN-free garbage) still stay within the budget', () => {
  const garbage = fc.array(fc.record({
    effective_at: fc.integer({ min: E - 2000, max: E + 8000 }),
    mode: fc.constantFrom(...MODES, 'laser'),
    color: color,
    period_ms: fc.oneof(fc.integer({ min: -10, max: 100 }), fc.constant(1e12)),
    span: fc.integer({ min: -3, max: 3 }),
    steps: fc.array(fc.record({ offset_ms: fc.integer({ min: -100, max: 3000 }), color }), { maxLength: 20 }),
  }), { maxLength: 20 }).map((cs) => cs.sort((a, b) => a.effective_at - b.effective_at));
  fc.assert(fc.property(garbage, seat, (cues, s) => {
    const { shown } = phone({ cues }, s);
    assert.ok(worstWindow(transitions(shown), GOVERNOR_WINDOW_MS).count <= MAX_TRANSITIONS);
  }), { numRuns: RUNS });
});

// Phones that were on before the show: a late joiner's screen was black before it joined, which the server
// cannot know; its first second may differ (see the late-joiner measurement below).
test('a state the server rule accepts for a seat needs no governor intervention there, at 30, 60 or 120 fps', () => {
  let refused = 0;
  fc.assert(fc.property(actions(false), seat, fc.integer({ min: 0, max: 999 }), fc.constantFrom(1000 / 60, 1000 / 30, 1000 / 120),
    (acts, s, join, frameMs) => {
      // the server's rule, for this seat: cues that would take it over the budget are refused
      const accept = (cues) => {
        const ok = worstWindow(transitions(seatChanges({ cues }, s, E - 2000, E + 20_000)), SERVER_WINDOW_MS).count <= MAX_TRANSITIONS;
        if (!ok) refused += 1;
        return ok;
      };
      const state = { cues: cuesOf(acts, accept) };
      const { governor } = phone(state, s, { join, frameMs });
      assert.equal(governor.stats().interventions, 0);
    }), { numRuns: RUNS });
  assert.ok(refused > 0, 'no cue was ever refused: the generator never reached the limit');
});

test('late joiners of accepted states: the governor steps in rarely (its first second differs from the server model)', (t) => {
  let runs = 0;
  let held = 0;
  fc.assert(fc.property(actions(false), seat, fc.integer({ min: 1000, max: 8000 }), (acts, s, join) => {
    const accept = (cues) => worstWindow(transitions(seatChanges({ cues }, s, E - 2000, E + 20_000)), SERVER_WINDOW_MS).count <= MAX_TRANSITIONS;
    const { governor, shown } = phone({ cues: cuesOf(acts, accept) }, s, { join });
    assert.ok(worstWindow(transitions(shown), GOVERNOR_WINDOW_MS).count <= MAX_TRANSITIONS);
    runs += 1;
    if (governor.stats().interventions > 0) held += 1;
  }), { numRuns: RUNS });
  t.diagnostic(`${held} of ${runs} late joiners needed the governor`);
  assert.ok(held <= Math.max(1, runs * 0.02), `${held} of ${runs} late joiners needed the governor`);
});
