// The operator page's coverage line: the figure, its sampling and age; "coverage unknown" without a log source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approx, coverageLine, historyEntryLine, historyLine } from '../../control-api/src/main/resources/operator/coverage-text.js';

const NOW = 1_767_225_600_000;
const figure = { version: 42, active: 48_213, holding: 46_911, share: 0.973, sampling: 0.1, as_of: NOW - 800, source: 'kinesis', seen: 9_200, message: null };

test('between GO and effective_at the line reads "holding v42: 97.3 % of ~48,200 phones" with sampling and age', () => {
  const line = coverageLine(figure, NOW);
  assert.equal(line.text, 'holding v42: 97.3 % of ~48,200 phones');
  assert.equal(line.detail, '10 % of requests sampled · as of 0.8 s ago');
  assert.equal(line.state, 'ok');
});

test('a sampled figure says how sure it is and how far back its phones were seen', () => {
  const line = coverageLine({ ...figure, margin: 0.0123, window_ms: 8000 }, NOW);
  assert.equal(line.text, 'holding v42: 97.3 % of ~48,200 phones');
  assert.equal(line.detail, '10 % of requests sampled · ±1.2 points over the last 8 s · as of 0.8 s ago');
  assert.equal(coverageLine({ ...figure, sampling: 1, margin: 0, window_ms: 2000 }, NOW).detail, 'every request logged · as of 0.8 s ago');
});

test('with no log source the page says coverage unknown and shows no number', () => {
  const line = coverageLine({ version: 7, active: null, holding: null, share: null, sampling: null, as_of: null, source: null,
    message: 'coverage unknown: no log source (start the control API with --coverage-log PATH …)' }, NOW);
  assert.equal(line.text, 'holding v7: coverage unknown');
  assert.doesNotMatch(line.text, /\d+ %|phones/);
  assert.equal(line.state, 'unknown');
  assert.equal(historyLine({ version: 7, source: null }), 'v7: coverage unknown');
});

test('a log source that fails to read shows coverage unknown with the reason, not the last figure', () => {
  const line = coverageLine({ version: 7, active: null, holding: null, share: null, sampling: 0.1, as_of: NOW - 3000, source: 'kinesis',
    seen: null, message: 'coverage unknown: reading Kinesis stream s failed: Stream s not found' }, NOW);
  assert.equal(line.text, 'holding v7: coverage unknown');
  assert.match(line.detail, /Stream s not found/);
});

test('a figure whose newest log record is more than 5 s old is flagged stale', () => {
  const line = coverageLine({ ...figure, as_of: NOW - 12_000 }, NOW);
  assert.equal(line.state, 'stale');
  assert.match(line.detail, /as of 12\.0 s ago · STALE/);
});

test('no phone seen is said as such, not as 0 %', () => {
  const line = coverageLine({ ...figure, active: 0, holding: 0, share: null, seen: 0 }, NOW);
  assert.equal(line.text, 'holding v42: no phone seen polling');
});

test('the history keeps what the crowd held at effective_at, one line per version', () => {
  assert.equal(historyLine(figure), 'v42: 97.3 % of ~48,200 phones held it at effective_at (10 % sampled)');
  assert.equal(historyLine({ ...figure, sampling: 1, active: 600, share: 0.7 }), 'v42: 70.0 % of ~600 phones held it at effective_at');
});

test('crowd sizes are rounded to three significant figures', () => {
  assert.deepEqual([7, 612, 1234, 48_213, 100_000, 99_951].map(approx), ['7', '612', '1,230', '48,200', '100,000', '100,000']);
});

test('history entries from the server: a reading, a cue dropped by BLACKOUT, and a cue still waiting (not listed)', () => {
  assert.equal(historyEntryLine({ version: 42, effective_at: NOW, coverage: figure, dropped_by: null }),
    'v42: 97.3 % of ~48,200 phones held it at effective_at (10 % sampled)');
  assert.equal(historyEntryLine({ version: 41, effective_at: NOW, coverage: null, dropped_by: 43 }), 'v41: dropped by v43 (BLACKOUT or undo) before effective_at');
  assert.equal(historyEntryLine({ version: 44, effective_at: NOW + 5000, coverage: null, dropped_by: null }), null);
  assert.equal(historyEntryLine({ version: 7, effective_at: NOW, coverage: { version: 7, active: null, share: null, source: null }, dropped_by: null }),
    'v7: coverage unknown');
});
