// GO says what the operator saw, and BLACKOUT aborts every GO, undo and timeline still on its way (issue 20, item 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInflight, writeOutcome, baseVersion, DROPPED_BY_BLACKOUT } from '../../../main/resources/operator/inflight.js';
import { createApi } from '../../../main/resources/operator/api.js';

/** A fetch that never answers until aborted, recording what was sent. */
function hangingFetch(sent) {
  return (path, init) => {
    sent.push({ path, init });
    return new Promise((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    });
  };
}

test('BLACKOUT aborts every write on its way, and the GO fails as dropped by BLACKOUT, never retried', async () => {
  const sent = [];
  const connection = [];
  const api = createApi({ fetch: hangingFetch(sent), token: () => 't', actor: () => null, onConnection: (ok) => connection.push(ok) });
  const inflight = createInflight();
  const go = inflight.start();
  const tl = inflight.start();
  const goAnswer = api.cue({ mode: 'solid', color: '#00FF00' }, 'k1', { baseVersion: 4, signal: go.signal });
  const tlAnswer = api.timeline([{ mode: 'off', lead_ms: 5000 }], 'k2', { baseVersion: 4, signal: tl.signal });
  assert.equal(inflight.size(), 2);
  assert.equal(inflight.abortAll(), 2, 'B aborts both');
  await assert.rejects(goAnswer, (e) => e.code === DROPPED_BY_BLACKOUT && e.status === 0 && /BLACKOUT/.test(e.message));
  await assert.rejects(tlAnswer, (e) => writeOutcome(e) === 'blackout');
  assert.equal(sent.length, 2, 'an aborted write is not sent again, even with its Idempotency-Key');
  assert.deepEqual(connection, [], 'an abort says nothing about the connection');
  assert.equal(inflight.size(), 0);
  go.done();
  assert.equal(inflight.abortAll(), 0);
});

test('GO, timeline and undo carry base_version beside the body; without one it is left out', async () => {
  const bodies = [];
  const fetch = async (path, init) => { bodies.push([path, JSON.parse(init.body)]); return new Response('{"version":5}', { status: 201 }); };
  const api = createApi({ fetch, token: () => 't', actor: () => null });
  await api.cue({ mode: 'off' }, 'k', { baseVersion: 4 });
  await api.timeline([{ mode: 'off' }], 'k', { baseVersion: 0 });
  await api.undo(2, 'k', { baseVersion: 4 });
  await api.cue({ mode: 'off' }, 'k');
  assert.deepEqual(bodies, [
    ['/api/cues', { mode: 'off', base_version: 4 }],
    ['/api/timeline', { cues: [{ mode: 'off' }], base_version: 0 }],
    ['/api/undo', { version: 2, base_version: 4 }],
    ['/api/cues', { mode: 'off' }],
  ]);
});

test('a refusal by the server because of a BLACKOUT reads as dropped, and a live-but-late answer as live', () => {
  assert.equal(writeOutcome({ code: 'blacked_out', status: 409 }), 'blackout');
  assert.equal(writeOutcome({ code: 'landed_late', status: 502, body: { version: 7 } }), 'live');
  assert.equal(writeOutcome({ code: 'unrecorded', status: 502, body: { version: 7 } }), 'live');
  assert.equal(writeOutcome({ code: 'outcome_unknown', status: 502 }), 'failed');
  assert.equal(writeOutcome({ code: 'deadline_exceeded', status: 504 }), 'failed');
});

test('the version a GO saw: its preview\'s base, else the live version shown, else 0', () => {
  assert.equal(baseVersion({ version: 8, base: 7 }, { pointer: { version: 9 } }), 7);
  assert.equal(baseVersion({ version: 1 }, { pointer: { version: 9 } }), 9, 'a preview over an unreadable pointer has no base');
  assert.equal(baseVersion(null, null), 0);
});

test('BLACKOUT with no answer in 3 s fails as no_answer (it may have landed), and a press then is its retry, same key', async () => {
  const { createBlackout } = await import('../../../main/resources/operator/blackout.js');
  const { BLACKOUT_ANSWER_MS } = await import('../../../main/resources/operator/api.js');
  const sent = [];
  const timers = [];
  const fake = { set: (f, ms) => { timers.push({ f, ms }); return timers.length; }, clear: () => {} };
  const api = createApi({ fetch: hangingFetch(sent), token: () => 't', actor: () => null, timers: fake });
  let n = 0;
  const b = createBlackout({ send: (key) => api.blackout(key), newKey: () => `k${++n}`, now: () => 0, onChange: () => {} });
  const first = b.press();
  assert.equal(timers[0].ms, BLACKOUT_ANSWER_MS);
  timers[0].f(); // the server's budget has passed without an answer
  await first;
  assert.equal(b.state().phase, 'failed');
  assert.match(b.state().error, /no answer within 3 s: it may have landed/);
  b.press();
  assert.deepEqual(sent.map((s) => s.init.headers['Idempotency-Key']), ['k1', 'k1'], 'sent again with the same key');
  timers[1].f();
});
