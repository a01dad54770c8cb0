import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LINEAR, luminance, red, seatChanges, transitions, worstWindow, createGovernor, governFrame,
  MAX_TRANSITIONS, WINDOW_MS, GOVERNOR_WINDOW_MS, SERVER_WINDOW_MS } from './flash.js';
import { MIN_FLASH_PERIOD_MS, MIN_STEP_GAP_MS, MIN_CUE_SHOWN_MS, MAX_SEAT, MODES } from './show.js';

const data = (name) => JSON.parse(readFileSync(new URL(`../../testdata/${name}`, import.meta.url), 'utf8'));

test('the PWA constants equal testdata/limits.json', () => {
  const l = data('limits.json');
  assert.equal(MIN_FLASH_PERIOD_MS, l.min_flash_period_ms);
  assert.equal(MIN_STEP_GAP_MS, l.min_step_gap_ms);
  assert.equal(MAX_SEAT, l.max_seats);
  assert.deepEqual([...MODES], l.modes);
  assert.equal(MAX_TRANSITIONS, l.flash.max_transitions_per_window);
  assert.equal(WINDOW_MS, l.flash.window_ms);
  assert.equal(MIN_CUE_SHOWN_MS, l.flash.min_cue_shown_ms);
  assert.equal(SERVER_WINDOW_MS, l.flash.server_window_ms);
  assert.equal(GOVERNOR_WINDOW_MS, l.flash.governor_window_ms);
});

test('linear light table and colour measures match the shared vectors', () => {
  const c = data('flash/colors.json');
  assert.deepEqual([...LINEAR], c.linear);
  for (const x of c.colors) {
    assert.equal(luminance(x.color), x.luminance, `${x.color} luminance`);
    assert.equal(red(x.color), x.red, `${x.color} red`);
  }
});

for (const v of data('flash/sequences.json')) {
  test(`vector: ${v.name}`, () => {
    const state = { v: 1, version: 1, published_at: v.from, cues: v.cues };
    const changes = seatChanges(state, v.seat, v.from, v.to);
    assert.deepEqual(changes.map((c) => [c.t, c.color]), v.changes);
    const trans = transitions(changes);
    assert.deepEqual(trans.map((x) => [x.t, x.channel, x.dir]), v.transitions);
    assert.equal(worstWindow(trans, WINDOW_MS).count, v.worst_load_in_window_ms[WINDOW_MS]);
    assert.equal(worstWindow(trans, SERVER_WINDOW_MS).count, v.worst_load_in_window_ms[SERVER_WINDOW_MS]);
    assert.equal(worstWindow(trans, SERVER_WINDOW_MS).count > MAX_TRANSITIONS ? 'flash_limit' : 'ok', v.verdict);
  });
}

/** Drives a governor frame by frame (60 fps) over wanted colours; returns what was shown. */
function run(governor, wantAt, ms, frame = 1000 / 60) {
  const shown = [];
  for (let t = 0; t < ms; t += frame) {
    const d = governor.decide(wantAt(t), t);
    if (shown.length === 0 || shown[shown.length - 1].color !== d.color) shown.push({ t, color: d.color });
  }
  return shown;
}

test('the governor lets at most 3 flashes a second through a 10 Hz white strobe and never delays black', () => {
  const g = createGovernor();
  const want = (t) => (Math.floor(t / 50) % 2 === 0 ? '#FFFFFF' : '#000000');
  const shown = run(g, want, 10_000);
  const trans = transitions([{ t: -1, color: '#000000' }, ...shown]);
  assert.ok(worstWindow(trans, WINDOW_MS).count <= MAX_TRANSITIONS, JSON.stringify(worstWindow(trans)));
  assert.ok(g.stats().interventions > 0);
  // Every time black was wanted, the screen was black at that frame or the frame before (never held bright).
  for (let t = 0; t < 10_000; t += 1000 / 60) {
    if (want(t) === '#000000') assert.equal(g.decide('#000000', t).color, '#000000');
  }
});

test('a held change is retried when the budget frees: the frame gets a next instant', () => {
  const g = createGovernor();
  for (let i = 0; i < 6; i++) g.decide(i % 2 === 0 ? '#FFFFFF' : '#000000', i * 20); // 6 transitions, 0..100 ms
  // white again would be the 7th: it waits until two have left the 1100 ms window (the one at 20 ms leaves at 1120)
  const f = governFrame(g, { color: '#FFFFFF', nextAt: null, animate: false, cue: null }, 50_000 + 120, 120);
  assert.equal(f.color, '#000000');
  assert.equal(f.nextAt, 50_000 + 1120);
  assert.equal(g.decide('#FFFFFF', 1119).color, '#000000');
  assert.equal(g.decide('#FFFFFF', 1120).color, '#FFFFFF');
  assert.equal(g.stats().interventions, 1);
});

test('the governor treats malformed colours as black', () => {
  const g = createGovernor({ initialColor: '#FFFFFF' });
  assert.equal(g.decide('red', 0).color, '#000000');
  assert.equal(g.decide(undefined, 10).color, '#000000');
});
