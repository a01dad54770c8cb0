// The operator page's clock line: offset ± uncertainty against the phones' time source, and a loud line while
// cues are refused because the clock is unsynced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockLine } from '../../control-api/src/main/resources/operator/clock-status.js';

test('a synced time base reads "clock +5000.3 ± 1.5 ms" and names the source in the detail', () => {
  const line = clockLine({ synced: true, offset_ms: 5000.3, uncertainty_ms: 1.5, rtt_ms: 12, source: 'https://edge.example/time', samples: 40 });
  assert.equal(line.text, 'clock +5000.3 ± 1.5 ms');
  assert.match(line.detail, /edge\.example\/time/);
  assert.equal(line.state, 'synced');
});

test('an unsynced time base says cues are refused and why', () => {
  const line = clockLine({ synced: false, source: 'https://edge.example/time', samples: 0, problem: 'not synced to https://edge.example/time yet (0 answers; last problem: connection refused)' });
  assert.equal(line.text, 'CLOCK UNSYNCED: cues refused');
  assert.match(line.detail, /connection refused/);
  assert.equal(line.state, 'unsynced');
});

test('the local time base and an unreadable status each have their own line', () => {
  assert.equal(clockLine({ synced: true, offset_ms: 0, uncertainty_ms: 0, source: 'local', samples: 0 }).text, 'clock: this server');
  assert.equal(clockLine(null).state, 'unknown');
});
