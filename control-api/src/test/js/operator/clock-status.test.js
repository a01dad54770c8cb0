// The operator's clock line: what it says before sign-in, when the API is down, synced and unsynced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockLine } from '../../../main/resources/operator/clock-status.js';

test('before sign-in the clock line waits instead of showing an unexplained "?"', () => {
  const l = clockLine(null, 401);
  assert.equal(l.text, 'clock …');
  assert.match(l.detail, /sign in/);
  assert.equal(l.state, 'unknown');
});

test('an unreachable or failing control API says which, and the line stays "unknown"', () => {
  assert.match(clockLine(null).detail, /did not answer/);
  assert.match(clockLine(null, 503).detail, /answered 503/);
  assert.equal(clockLine(null, 503).text, 'clock ?');
});

test('synced shows offset ± uncertainty; unsynced says cues are refused and why', () => {
  const ok = clockLine({ synced: true, offset_ms: -5000.26, uncertainty_ms: 1.54, source: 'https://edge/time' });
  assert.equal(ok.text, 'clock −5000.3 ± 1.5 ms');
  const bad = clockLine({ synced: false, source: 'https://edge/time', problem: 'no answer from https://edge/time' });
  assert.equal(bad.text, 'CLOCK UNSYNCED: cues refused');
  assert.equal(bad.detail, 'no answer from https://edge/time');
  assert.equal(clockLine({ synced: true, source: 'local' }).text, 'clock: this server');
});
