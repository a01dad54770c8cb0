// Regenerates sequences.json from the cases below with the PWA's implementation (node testdata/flash/make-vectors.js).
// The Java side must reproduce every change and transition; a change of the flash definition starts here, and
// the expectations below (verdicts, counts) are checked by hand against the WCAG rule before committing.
import { writeFileSync } from 'node:fs';
import { seatChanges, transitions, worstWindow, luminance, red, LINEAR, WINDOW_MS, SERVER_WINDOW_MS, MAX_TRANSITIONS } from '../../pwa/lib/flash.js';

const E = 1_767_225_600_000;
const W = '#FFFFFF';
const K = '#000000';
const solid = (at, color, extra = {}) => ({ effective_at: E + at, mode: 'solid', color, ...extra });
const strobe = (at, period, color = W, extra = {}) => ({ effective_at: E + at, mode: 'strobe', color, period_ms: period, ...extra });
const off = (at) => ({ effective_at: E + at, mode: 'off' });
const P = 600; // the fastest cycle a cue may have (testdata/limits.json)

const cases = [
  { name: 'audit: ten cues 50 ms apart alternating white and black', seat: 7,
    cues: Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? solid(i * 50, W) : off(i * 50))) },
  { name: 'a strobe at the 600 ms minimum alone: 1.67 flashes a second', seat: 7, cues: [strobe(0, P)] },
  { name: 'audit: strobe restarted every 521 ms', seat: 7, cues: Array.from({ length: 6 }, (_, i) => strobe(i * 521, P)) },
  { name: 'audit: strobe restarted every 340 ms', seat: 7, cues: Array.from({ length: 6 }, (_, i) => strobe(i * 340, P)) },
  { name: 'audit: strobe at the limit plus one restart inside a period fits', seat: 7, cues: [strobe(0, P), strobe(2260, P)] },
  { name: 'strobe at the limit plus three restarts each in an off half is too much', seat: 7, cues: [strobe(0, P), strobe(2750, P), strobe(3100, P), strobe(3450, P)] },
  { name: 'stepped pulse of white counts one swing up and one down per cycle', seat: 7,
    cues: [{ effective_at: E, mode: 'pulse', color: W, period_ms: P }] },
  { name: 'a staircase of small steps counts once per swing', seat: 7,
    cues: ['#202020', '#404040', '#606060', '#808080', '#606060', '#404040', '#202020'].map((c, i) => solid(i * 100, c)) },
  { name: 'changes between bright colours above 0.80 never count', seat: 7,
    cues: [solid(0, W), solid(100, '#F0F0F0'), solid(200, W), solid(300, '#F0F0F0'), solid(400, W), solid(500, '#F0F0F0'), solid(600, W), solid(700, '#F0F0F0')] },
  { name: 'white to light grey below 0.80 counts', seat: 7,
    cues: [solid(0, W), solid(100, '#E0E0E0'), solid(200, W), solid(300, '#E0E0E0')] },
  { name: 'saturated red against dark red: the alternation counts on the red channel only', seat: 7,
    cues: [solid(0, '#FF0000'), solid(150, '#C80000'), solid(300, '#FF0000'), solid(450, '#C80000'), solid(600, '#FF0000'), solid(750, '#C80000'), solid(900, '#FF0000')] },
  { name: 'a sequence at the 334 ms step gap alternating white and black', seat: 7,
    cues: [{ effective_at: E, mode: 'sequence', steps: Array.from({ length: 8 }, (_, i) => ({ offset_ms: i * 334, color: i % 2 ? K : W })) }] },
  { name: 'a zoned strobe restart: a seat inside the zone', seat: 50,
    cues: [strobe(0, P), strobe(1130, P, W, { zone: { seats: [[0, 99]] } }), strobe(1300, P, W, { zone: { seats: [[0, 99]] } })] },
  { name: 'a zoned strobe restart: a seat outside the zone', seat: 500,
    cues: [strobe(0, P), strobe(1130, P, W, { zone: { seats: [[0, 99]] } }), strobe(1300, P, W, { zone: { seats: [[0, 99]] } })] },
  { name: 'a wave restarted: seat 3 of span 4 lags three quarters of a period', seat: 3,
    cues: [{ effective_at: E, mode: 'wave', color: '#0000FF', period_ms: 800, span: 4 }, { effective_at: E + 1000, mode: 'wave', color: W, period_ms: P, span: 4 }] },
  { name: 'a cue replaced within 50 ms is never shown, whatever the frame rate', seat: 7,
    cues: [solid(0, K), solid(1000, W), solid(1030, '#FF0000'), off(1200)] },
  { name: 'a winner holds its colour through a strobe', seat: 10,
    cues: [solid(0, K), strobe(500, P, W, { winners: { draw: 'd7', seats: 16, bits: 'AAQ', color: '#00FF00' } })] },
  { name: 'a non-winner strobes', seat: 11,
    cues: [solid(0, K), strobe(500, P, W, { winners: { draw: 'd7', seats: 16, bits: 'AAQ', color: '#00FF00' } })] },
];

const out = cases.map((c) => {
  const state = { v: 1, version: 1, published_at: E, cues: c.cues };
  const from = E - 1000;
  const to = E + 6000;
  const changes = seatChanges(state, c.seat, from, to);
  const trans = transitions(changes);
  const phone = worstWindow(trans, WINDOW_MS).count;
  const server = worstWindow(trans, SERVER_WINDOW_MS).count;
  return {
    name: c.name, seat: c.seat, from, to, cues: c.cues,
    changes: changes.map((x) => [x.t, x.color]),
    transitions: trans.map((x) => [x.t, x.channel, x.dir]),
    worst_load_in_window_ms: { [WINDOW_MS]: phone, [SERVER_WINDOW_MS]: server },
    verdict: server > MAX_TRANSITIONS ? 'flash_limit' : 'ok',
  };
});
writeFileSync(new URL('./sequences.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
const colors = ['#000000', '#FFFFFF', '#FF0000', '#C80000', '#400000', '#00FF00', '#0000FF', '#808080', '#E0E0E0', '#F0F0F0', '#FF8000', '#102040', '#FF3030', '#FF4040']
  .map((color) => ({ color, luminance: luminance(color), red: red(color) }));
writeFileSync(new URL('./colors.json', import.meta.url), `${JSON.stringify({ linear: LINEAR, colors }, null, 1)}\n`);
for (const v of out) console.log(v.verdict.padEnd(12), JSON.stringify(v.worst_load_in_window_ms), v.transitions.length, v.name);
