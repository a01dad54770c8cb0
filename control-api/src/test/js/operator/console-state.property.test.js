// Property tests of the console's reducer (fast-check): whatever the operator, the server and the network do, in any
// order, nothing is armed that the server did not pass as it stands, GO needs something armed, and BLACKOUT disarms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initialState, reduce, canGo, verdictPasses } from '../../../main/resources/operator/console-state.js';
import { keyCommand } from '../../../main/resources/operator/keys.js';
import { newCue, requestBody } from '../../../main/resources/operator/cue-model.js';
import { DROPPED_BY_BLACKOUT } from '../../../main/resources/operator/inflight.js';

const RUNS = Number(process.env.CUECAST_PROPERTY_RUNS ?? 300);
const apiError = (status, code, body = null) => Object.assign(new Error(code), { status, code, body });

/**
 * What can happen next. A verdict or a snapshot is drawn as a recipe and made concrete against the state it meets,
 * as the server would answer: a verdict for a question asked now or earlier, a base at least the live blackout.
 */
const event = fc.oneof(
  fc.record({ type: fc.constant('select'), index: fc.integer({ min: -1, max: 4 }) }),
  fc.record({ type: fc.constant('edit'), fields: fc.oneof(
    fc.record({ color: fc.constantFrom('#FF0000', '#00FF00', 'red') }),
    fc.record({ mode: fc.constantFrom('solid', 'strobe', 'sequence', 'off'), steps: fc.constantFrom('0 #FF0000', 'bad') }),
    fc.record({ zone: fc.constantFrom('', '0-99', 'x') })) }),
  fc.record({ type: fc.constant('list'), op: fc.constantFrom('add', 'duplicate', 'delete', 'up', 'down') }),
  fc.constantFrom({ type: 'arm' }, { type: 'disarm' }, { type: 'recheck' }, { type: 'go-started' }, { type: 'go-finished' }),
  fc.record({ type: fc.constant('blackout-pressed'), dropped: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constant('verdict'), ok: fc.boolean(), stale: fc.boolean() }),
  fc.record({ type: fc.constant('snapshot'), bump: fc.boolean(), blackout: fc.boolean() }),
  fc.record({ type: fc.constant('go-answered'), outcome: fc.constantFrom('ack', 'live', 'dropped', 'blacked_out', 'refused') }),
  fc.record({ type: fc.constant('undo-armed'), ok: fc.boolean() }),
);

/** The event as it reaches the reducer; `asked` holds every question seen so far (a stale answer is one of them). */
function concrete(e, state, asked) {
  const live = state.snapshot?.pointer ?? { version: 0 };
  switch (e.type) {
    case 'verdict': {
      const question = e.stale && asked.length ? asked[0] : state.ask;
      if (!question) return { type: 'recheck' };
      const verdict = e.ok ? { status: 'ok', state: { version: live.version + 1, base: live.version, cues: [] }, body: question.body }
        : { status: 'refused', message: 'no', field: null };
      return { type: 'verdict', seq: question.seq, verdict };
    }
    case 'snapshot': {
      const version = live.version + (e.bump ? 1 : 0);
      return { type: 'snapshot', snapshot: { pointer: { version, ...(e.blackout ? { blackout: version } : live.blackout ? { blackout: live.blackout } : {}) }, state: { cues: [] } } };
    }
    case 'go-answered': {
      const ack = { version: live.version + 1, effective_at: 1 };
      if (e.outcome === 'ack') return { type: 'go-answered', ack };
      const error = {
        live: apiError(502, 'landed_late', ack), dropped: apiError(0, DROPPED_BY_BLACKOUT),
        blacked_out: apiError(409, 'blacked_out'), refused: apiError(422, 'invalid'),
      }[e.outcome];
      return { type: 'go-answered', error };
    }
    case 'undo-armed': {
      const candidate = { label: 'UNDO → v1', body: { version: 1 }, undo: { target: { version: 1 } } };
      const verdict = e.ok ? { status: 'ok', state: { version: live.version + 1, base: live.version, cues: [] } } : { status: 'refused', message: 'no' };
      return { type: 'undo-armed', candidate, verdict };
    }
    default:
      return e;
  }
}

test('whatever happens, in any order: armed means passed by the server as it stands, GO means armed, BLACKOUT disarms', () => {
  fc.assert(fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), (events) => {
    let state = initialState({ cues: [newCue(1), { ...newCue(2), color: '#0000FF' }] });
    const asked = [];
    for (const recipe of events) {
      const e = concrete(recipe, state, asked);
      const before = state;
      state = reduce(before, e);
      if (state.ask && !asked.some((q) => q.seq === state.ask.seq)) asked.push(state.ask);

      // a newly armed cue: exactly the body the server passed, the selected cue as it stands
      if (state.armed && state.armed !== before.armed && !state.armed.undo) {
        assert.equal(e.type, 'arm');
        assert.ok(verdictPasses(before, state.armed.body), 'armed without a passing dry run of that body');
        assert.deepEqual(state.armed.body, requestBody(before.cues[before.selected]));
      }
      // while armed, the cue it came from has not changed under it (editing it, or the list, disarms)
      if (state.armed && !state.armed.undo) {
        assert.deepEqual(requestBody(state.cues[state.armed.index]), state.armed.body);
      }
      // no BLACKOUT newer than what the armed cue was built on
      const blackout = state.snapshot?.pointer?.blackout;
      if (state.armed && Number.isInteger(blackout)) assert.ok(blackout <= state.armed.base);
      if (e.type === 'blackout-pressed') assert.equal(state.armed, null);
      if (state.going && !before.going) assert.ok(canGo(before), 'a GO left with nothing armed, or a second one');
      // the keyboard: Space sends GO exactly when the state allows it; B is BLACKOUT in every state
      assert.equal(keyCommand({ key: ' ', target: 'body' }, state).command === 'go', canGo(state));
      assert.equal(canGo(state), Boolean(state.armed) && !state.going);
      assert.equal(keyCommand({ key: 'b', target: 'list' }, state).command, 'blackout');
    }
  }), { numRuns: RUNS });
});
