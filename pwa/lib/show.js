// What a seat shows at a server instant, and when that next changes. Pure: the same (state, time,
// seat) gives the same colour on every phone, which is what keeps a crowd in phase.
// Total: states are validated before they are used (validate.js), but the display loop must not die on
// anything that slips past, so every function here returns a frame, whatever it is given; a cue it cannot
// show is dark.
import { isWinner } from './winners.js';
import { MODES } from './validate.js';

/** Fastest strobe/pulse/wave cycle (1.67 flashes a second: room under WCAG's 3 for a restart); testdata/limits.json. */
export const MIN_FLASH_PERIOD_MS = 600;
/** Sequence steps closer than this are dropped (a hostile state); the server refuses them. */
export const MIN_STEP_GAP_MS = 334;
/** Highest seat number a phone accepts (zones end one below). */
export const MAX_SEAT = 1_000_000;
export const BLACK = '#000000';
export { MODES };

/**
 * @typedef {{ offset_ms: number, color: string }} Step
 * @typedef {{ effective_at: number, mode: string, color?: string, period_ms?: number, span?: number,
 *   steps?: Step[], zone?: { seats: [number, number][] }, winners?: { draw: string, seats: number, bits: string, color: string } }} Cue
 * @typedef {{ v: number, version: number, published_at: number, cues: Cue[] }} State
 * @typedef {{ color: string, nextAt: number | null, animate: boolean, cue: Cue | null }} Frame
 *   nextAt: server time of the next colour change (null: none known); animate: the colour changes every frame (pulse)
 */

/** @param {Cue} cue @param {number | null} seat */
export function appliesTo(cue, seat) {
  if (!cue.zone) return true;
  if (seat === null || seat === undefined || !Array.isArray(cue.zone.seats)) return false;
  return cue.zone.seats.some((r) => Array.isArray(r) && seat >= r[0] && seat <= r[1]);
}

/** A cue replaced sooner than this after it starts is never shown: a frame (33 ms at 30 fps) could miss it or not. */
export const MIN_CUE_SHOWN_MS = 50;

/**
 * The cues this seat sees, minus any replaced less than MIN_CUE_SHOWN_MS after it starts, so every phone (and
 * the server's flash check) shows the same colours whatever its frame rate. Rapid cues otherwise come as sent:
 * the flash governor (flash.js) bounds what the screen does, and the server refuses states that would need it.
 * @param {Cue[]} cues ordered by effective_at
 * @param {number | null} seat
 */
export function seatTimeline(cues, seat) {
  if (!Array.isArray(cues)) return [];
  const mine = cues.filter((c) => isCue(c) && appliesTo(c, seat));
  return mine.filter((c, i) => i === mine.length - 1 || mine[i + 1].effective_at - c.effective_at >= MIN_CUE_SHOWN_MS);
}

/** The step list a sequence really plays: steps closer than MIN_STEP_GAP_MS to the previous one are dropped. */
function playableSteps(steps) {
  const out = [];
  for (const s of Array.isArray(steps) ? steps : []) {
    if (!s || !Number.isFinite(s.offset_ms) || !isColor(s.color)) continue;
    if (out.length === 0 || s.offset_ms - out[out.length - 1].offset_ms >= MIN_STEP_GAP_MS) out.push(s);
  }
  return out;
}

/** A pulse is drawn in steps (2 × p/80, 8..64 a cycle), so every phone and the server's flash check see the same colours. */
export const pulseSteps = (p) => 2 * Math.max(4, Math.min(32, Math.floor(p / 80)));
const triangle = (x) => 1 - Math.abs(2 * x - 1);

const period = (cue) => Math.max(MIN_FLASH_PERIOD_MS, Number(cue.period_ms) || MIN_FLASH_PERIOD_MS);
const mod = (a, n) => ((a % n) + n) % n;
const isColor = (c) => typeof c === 'string' && /^#[0-9A-Fa-f]{6}$/.test(c);
const isCue = (c) => c !== null && typeof c === 'object' && Number.isFinite(c.effective_at);
const DARK = Object.freeze({ color: BLACK, nextAt: null, animate: false });

/** Scales a #RRGGBB colour by level in [0, 1]. */
export function dim(color, level) {
  if (!isColor(color) || !Number.isFinite(level)) return BLACK;
  const n = parseInt(color.slice(1), 16);
  const ch = (shift) => Math.round(((n >> shift) & 0xff) * level).toString(16).padStart(2, '0');
  return `#${ch(16)}${ch(8)}${ch(0)}`.toUpperCase();
}

/**
 * A cue's own colour at t and the next instant it changes by itself (strobe edge, sequence step).
 * @param {Cue} cue @param {number} t @param {number | null} seat
 * @returns {{ color: string, nextAt: number | null, animate: boolean }}
 */
function render(cue, t, seat) {
  if (cue.winners && cue.mode !== 'off' && isWinner(cue.winners, seat) && isColor(cue.winners.color)) {
    return { color: cue.winners.color.toUpperCase(), nextAt: null, animate: false };
  }
  const since = t - cue.effective_at;
  if (cue.mode !== 'off' && cue.mode !== 'sequence' && !isColor(cue.color)) return DARK;
  switch (cue.mode) {
    case 'solid':
      return { color: cue.color.toUpperCase(), nextAt: null, animate: false };
    case 'strobe':
    case 'wave': {
      const p = period(cue);
      const lag = cue.mode === 'wave' ? (mod(seat ?? 0, Math.max(1, cue.span ?? 1)) / Math.max(1, cue.span ?? 1)) * p : 0;
      const half = p / 2;
      const k = Math.floor((since - lag) / half);
      return { color: mod(k, 2) === 0 ? cue.color.toUpperCase() : BLACK, nextAt: cue.effective_at + lag + (k + 1) * half, animate: false };
    }
    case 'pulse': {
      const p = period(cue);
      const n = pulseSteps(p);
      const k = Math.floor((since * n) / p);
      return { color: dim(cue.color, triangle(mod(k, n) / n)), nextAt: cue.effective_at + ((k + 1) * p) / n, animate: false };
    }
    case 'sequence': {
      const steps = playableSteps(cue.steps);
      let i = -1;
      while (i + 1 < steps.length && steps[i + 1].offset_ms <= since) i++;
      const next = steps[i + 1];
      return { color: i >= 0 ? steps[i].color.toUpperCase() : BLACK, nextAt: next ? cue.effective_at + next.offset_ms : null, animate: false };
    }
    default: // 'off', and any mode this app does not know: dark is the safe answer
      return DARK;
  }
}

/**
 * What `seat` shows at server time `t`: the last cue with effective_at ≤ t whose zone holds the seat.
 * @param {State | null} state
 * @param {number} t server epoch ms
 * @param {number | null} seat
 * @returns {Frame}
 */
export function frameAt(state, t, seat) {
  if (!Number.isFinite(t)) return { ...DARK, cue: null };
  const timeline = state && typeof state === 'object' ? seatTimeline(state.cues, seat) : [];
  let i = -1;
  while (i + 1 < timeline.length && timeline[i + 1].effective_at <= t) i++;
  const cue = i >= 0 ? timeline[i] : null;
  const following = timeline[i + 1];
  const own = cue ? render(cue, t, seat) : DARK;
  let nextAt = Number.isFinite(own.nextAt) ? own.nextAt : null;
  if (following && (nextAt === null || following.effective_at < nextAt)) nextAt = following.effective_at;
  return { color: own.color, nextAt, animate: own.animate, cue };
}
