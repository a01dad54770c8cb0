import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameAt, seatTimeline, dim, pulseSteps, BLACK } from './show.js';
import { encodeBits } from './winners.js';

const E = 1_767_225_600_000;
const state = (...cues) => ({ v: 1, version: 1, published_at: E - 10_000, cues });

test('no state or no cue in force yet: black, and the first cue is the next change', () => {
  assert.deepEqual(frameAt(null, E, 5), { color: BLACK, nextAt: null, animate: false, cue: null });
  const f = frameAt(state({ effective_at: E, mode: 'solid', color: '#FF0000' }), E - 1, 5);
  assert.equal(f.color, BLACK);
  assert.equal(f.nextAt, E);
});

test('solid switches exactly at effective_at and off goes dark', () => {
  const s = state({ effective_at: E, mode: 'solid', color: '#FF0000' }, { effective_at: E + 5000, mode: 'off' });
  assert.equal(frameAt(s, E, 1).color, '#FF0000');
  assert.equal(frameAt(s, E, 1).nextAt, E + 5000);
  assert.equal(frameAt(s, E + 4999, 1).color, '#FF0000');
  assert.equal(frameAt(s, E + 5000, 1).color, BLACK);
  assert.equal(frameAt(s, E + 5000, 1).nextAt, null);
});

test('strobe: colour for the first half period, black for the second, edges announced', () => {
  const s = state({ effective_at: E, mode: 'strobe', color: '#FFFFFF', period_ms: 600 });
  assert.deepEqual([0, 299, 300, 599, 600, 900].map((d) => frameAt(s, E + d, 0).color),
    ['#FFFFFF', '#FFFFFF', BLACK, BLACK, '#FFFFFF', BLACK]);
  assert.equal(frameAt(s, E + 100, 0).nextAt, E + 300);
  assert.equal(frameAt(s, E + 300, 0).nextAt, E + 600);
});

test('strobe phase is the same on every phone and a late joiner lands in phase', () => {
  const s = state({ effective_at: E, mode: 'strobe', color: '#00FF00', period_ms: 1000 });
  // Two phones: one has run since the start, one joins 123,456 ms later; same instants, same colours.
  for (const t of [E + 123_456, E + 123_999, E + 124_500, E + 987_654]) {
    assert.equal(frameAt(s, t, 3).color, frameAt(s, t, 40_000).color);
  }
  assert.equal(frameAt(s, E + 123_456, 3).color, '#00FF00'); // 456 ms into a 1000 ms period: first half
  assert.equal(frameAt(s, E + 123_756, 3).color, BLACK); // 756 ms: second half
  assert.equal(frameAt(s, E + 123_756, 3).nextAt, E + 124_000);
});

test('pulse: black at phase 0, full colour at half period, drawn in steps every phone (and the server) agree on', () => {
  const s = state({ effective_at: E, mode: 'pulse', color: '#FF8000', period_ms: 2000 });
  assert.equal(pulseSteps(2000), 50);
  assert.equal(frameAt(s, E, 0).color, BLACK);
  assert.equal(frameAt(s, E, 0).nextAt, E + 40);
  assert.equal(frameAt(s, E + 1000, 0).color, '#FF8000');
  assert.equal(frameAt(s, E + 500, 0).color, dim('#FF8000', 0.48)); // step 12 of 50: level 24/50
  assert.equal(frameAt(s, E + 519, 0).color, dim('#FF8000', 0.48));
  assert.equal(frameAt(s, E + 520, 0).color, dim('#FF8000', 0.52));
  assert.equal(dim('#FF8000', 0.25), '#402000');
  assert.equal(frameAt(s, E + 500, 0).animate, false);
  assert.equal(frameAt(s, E + 2000 * 77 + 1000, 9).color, '#FF8000');
  assert.equal(pulseSteps(600), 14);
  assert.equal(pulseSteps(60_000), 64);
});

test('wave: seat s lags by (s mod span)/span of a period', () => {
  const s = state({ effective_at: E, mode: 'wave', color: '#0000FF', period_ms: 1000, span: 4 });
  // seat 0: on 0–500; seat 1 lags 250: on 250–750; seat 2 lags 500: on 500–1000; seat 5 ≡ seat 1
  assert.deepEqual([0, 1, 2, 5].map((seat) => frameAt(s, E + 300, seat).color), ['#0000FF', '#0000FF', BLACK, '#0000FF']);
  assert.deepEqual([0, 1, 2, 5].map((seat) => frameAt(s, E + 600, seat).color), [BLACK, '#0000FF', '#0000FF', '#0000FF']);
  assert.equal(frameAt(s, E + 600, 1).nextAt, E + 750);
});

test('sequence: steps play at their offsets and the last colour holds', () => {
  const s = state({ effective_at: E, mode: 'sequence', steps: [
    { offset_ms: 0, color: '#FF0000' }, { offset_ms: 1000, color: '#00FF00' }, { offset_ms: 2500, color: '#0000FF' }] });
  assert.equal(frameAt(s, E + 10, 0).color, '#FF0000');
  assert.equal(frameAt(s, E + 10, 0).nextAt, E + 1000);
  assert.equal(frameAt(s, E + 2499, 0).color, '#00FF00');
  assert.equal(frameAt(s, E + 60_000, 0).color, '#0000FF');
  assert.equal(frameAt(s, E + 60_000, 0).nextAt, null);
});

test('zones: seats outside keep the cue before; no seat means outside every zone', () => {
  const s = state(
    { effective_at: E, mode: 'solid', color: '#111111' },
    { effective_at: E + 1000, mode: 'solid', color: '#222222', zone: { seats: [[0, 9], [100, 199]] } });
  assert.equal(frameAt(s, E + 2000, 5).color, '#222222');
  assert.equal(frameAt(s, E + 2000, 150).color, '#222222');
  assert.equal(frameAt(s, E + 2000, 10).color, '#111111');
  assert.equal(frameAt(s, E + 2000, null).color, '#111111');
  assert.equal(frameAt(s, E + 500, 10).nextAt, null, 'a zone cue for other seats is no change for this one');
});

test('winners show the winners colour, everyone else the cue', () => {
  const bytes = new Uint8Array(2);
  bytes[1] = 1 << 2; // seat 10
  const s = state({ effective_at: E, mode: 'strobe', color: '#FFFFFF', period_ms: 600,
    winners: { draw: 'd7', seats: 16, bits: encodeBits(bytes), color: '#00FF00' } });
  assert.equal(frameAt(s, E + 300, 10).color, '#00FF00');
  assert.equal(frameAt(s, E + 300, 11).color, BLACK);
  assert.equal(frameAt(s, E + 100, 11).color, '#FFFFFF');
});

test('hostile periods and steps are stretched; rapid cues are shown as sent (the governor in flash.js bounds them)', () => {
  const strobe = state({ effective_at: E, mode: 'strobe', color: '#FFFFFF', period_ms: 50 });
  let changes = 0;
  let prev = frameAt(strobe, E, 0).color;
  for (let t = E; t < E + 10_000; t += 5) {
    const c = frameAt(strobe, t, 0).color;
    if (c !== prev) changes++;
    prev = c;
  }
  assert.ok(changes <= 34, `${changes} changes in 10 s`); // stretched to the 600 ms minimum: 2 edges per 600 ms

  const seq = state({ effective_at: E, mode: 'sequence', steps: [
    { offset_ms: 0, color: '#FF0000' }, { offset_ms: 100, color: '#00FF00' }, { offset_ms: 400, color: '#0000FF' }] });
  assert.equal(frameAt(seq, E + 200, 0).color, '#FF0000');
  assert.equal(frameAt(seq, E + 400, 0).color, '#0000FF');

  const rapid = state(
    { effective_at: E, mode: 'solid', color: '#111111' },
    { effective_at: E + 1000, mode: 'solid', color: '#FFFFFF' },
    { effective_at: E + 1100, mode: 'off' },
    { effective_at: E + 1200, mode: 'solid', color: '#FFFFFF' });
  assert.deepEqual(seatTimeline(rapid.cues, 0).map((c) => c.effective_at), [E, E + 1000, E + 1100, E + 1200]);
  assert.equal(frameAt(rapid, E + 1100, 0).color, BLACK);
  assert.equal(frameAt(rapid, E + 1200, 0).color, '#FFFFFF');
});

test('an unknown mode shows black rather than guessing', () => {
  assert.equal(frameAt(state({ effective_at: E, mode: 'laser', color: '#FF0000' }), E + 1, 0).color, BLACK);
});
