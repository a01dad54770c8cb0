// WCAG 2.3.1 on what a phone actually shows: at most 3 flashes in any second. One definition, the same as
// the server's (publisher dev.cuecast.flash), pinned by testdata/flash:
// - a colour's relative luminance (WCAG, linear sRGB) and, for a saturated red (R/(R+G+B) >= 0.8 in linear
//   light), its R − G − B; both as integers so Java and JS agree to the last digit;
// - per channel a Schmitt trigger counts transitions: luminance changes of 10 % of white or more whose darker
//   side is below 0.80, red changes of more than 20/320; counted transitions alternate, a flash is two of them;
// - at most 6 transitions of one channel in any 1 s.
// The governor sits after the show function: a change towards dark is never delayed, a change towards bright
// waits until the budget has room for it and for the change back. Pure: time is an argument.
import { frameAt } from './show.js';

export const MAX_TRANSITIONS = 6;
export const WINDOW_MS = 1000;
/**
 * The governor counts over 1100 ms: a change lands on screen up to a few frames off the frame time it was decided
 * on (a stalled main thread presents one change late and the next on time), so 100 ms of slack keeps what is
 * actually seen at ≤ 3 flashes in any 1000 ms.
 */
export const GOVERNOR_WINDOW_MS = 1100;
/** The server counts over 1150 ms, wider again, so frame rounding never makes an accepted show need the governor. */
export const SERVER_WINDOW_MS = 1150;

const LUMINANCE_CHANGE = 10_000_000_000; // 0.1 in units of 1e-11
const DARKER_BELOW = 80_000_000_000; // 0.8
const RED_CHANGE = 625_000; // (R − G − B) × 320 > 20, in units of 1e-7

/** sRGB channel value → linear light × 1e7, rounded (pinned in testdata/flash/colors.json). */
export const LINEAR = Object.freeze(Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return Math.round((c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)) * 1e7);
}));

const rgb = (color) => {
  const n = /^#[0-9A-Fa-f]{6}$/.test(color) ? parseInt(color.slice(1), 16) : 0; // unreadable: treated as black
  return [LINEAR[(n >> 16) & 0xff], LINEAR[(n >> 8) & 0xff], LINEAR[n & 0xff]];
};

/** Relative luminance in units of 1e-11 (white = 1e11). */
export function luminance(color) {
  const [r, g, b] = rgb(color);
  return 2126 * r + 7152 * g + 722 * b;
}

/** R − G − B of a saturated red in units of 1e-7 of linear light; 0 for any other colour. */
export function red(color) {
  const [r, g, b] = rgb(color);
  return r > 0 && r >= 4 * (g + b) ? r - g - b : 0;
}

const CHANNELS = [
  { name: 'luminance', value: luminance, counts: (brighter, darker) => brighter - darker >= LUMINANCE_CHANGE && darker < DARKER_BELOW },
  { name: 'red', value: red, counts: (brighter, darker) => brighter - darker > RED_CHANGE },
];

/** One channel's trigger state after showing value v; returns [nextState, 'up' | 'down' | null]. */
function step(ch, st, v) {
  if (st.dir >= 0 && ch.counts(st.hi, v) && (st.dir === 1 || !ch.counts(v, st.lo))) return [{ dir: -1, lo: v, hi: st.hi }, 'down'];
  if (st.dir <= 0 && ch.counts(v, st.lo)) return [{ dir: 1, lo: st.lo, hi: v }, 'up'];
  return [{ dir: st.dir, lo: st.dir <= 0 ? Math.min(st.lo, v) : st.lo, hi: st.dir >= 0 ? Math.max(st.hi, v) : st.hi }, null];
}

/**
 * Counts transitions one colour change at a time.
 * @param {string} initialColor
 */
export function createDetector(initialColor) {
  let states = CHANNELS.map((ch) => { const v = ch.value(initialColor); return { dir: 0, lo: v, hi: v }; });
  return {
    /** What showing `color` would count, without showing it: [{ channel, dir }]. */
    peek(color) {
      return CHANNELS.flatMap((ch, i) => { const [, d] = step(ch, states[i], ch.value(color)); return d ? [{ channel: ch.name, dir: d }] : []; });
    },
    /** Shows `color`: the transitions it makes (none, one or two). */
    show(color) {
      const out = [];
      states = CHANNELS.map((ch, i) => {
        const [next, d] = step(ch, states[i], ch.value(color));
        if (d) out.push({ channel: ch.name, dir: d });
        return next;
      });
      return out;
    },
  };
}

/** Transitions in a list of colour changes [{ t, color }] (the first entry is the colour shown before). */
export function transitions(changes) {
  if (changes.length === 0) return [];
  const d = createDetector(changes[0].color);
  return changes.slice(1).flatMap((c) => d.show(c.color).map((x) => ({ t: c.t, ...x })));
}

/**
 * The worst load of one channel: at each transition, the transitions of its channel in (t − windowMs, t], plus
 * one more for a change towards bright (room for the change back, which the governor reserves). At most 6 means
 * at most 3 flashes in any window and nothing for the governor to hold.
 */
export function worstWindow(trans, windowMs = WINDOW_MS) {
  let worst = { count: 0, at: null };
  for (const ch of CHANNELS) {
    const mine = trans.filter((x) => x.channel === ch.name);
    let first = 0;
    for (let i = 0; i < mine.length; i++) {
      const t = mine[i].t;
      while (mine[first].t <= t - windowMs) first++;
      const load = i - first + 1 + (mine[i].dir === 'up' ? 1 : 0);
      if (load > worst.count) worst = { count: load, at: t };
    }
  }
  return worst;
}

/**
 * The colour changes a seat shows in [from, to) as show.js renders them, each change evaluated just after its
 * instant so rounding at an edge never reads the old colour. For tests, vectors and the simulator.
 */
export function seatChanges(state, seat, from, to, maxChanges = 100_000) {
  let f = frameAt(state, from, seat);
  const out = [{ t: from, color: f.color }];
  let last = f.color;
  while (f.nextAt !== null && f.nextAt < to && out.length < maxChanges) {
    const t = f.nextAt;
    f = frameAt(state, t + 1e-3, seat);
    if (f.color !== last) { out.push({ t, color: f.color }); last = f.color; }
  }
  return out;
}

/**
 * The phone's last line of defence. `decide(wanted, now)` → the colour to show at local monotonic time `now`
 * (ms; not server time, so clock corrections cannot replay or skip its memory), and `retryAt`, the local time
 * a held change should be tried again (null when nothing is held). Counted per channel over the changes it let
 * through: a change that would count towards bright passes only while the channel holds at most 4 transitions
 * in the last 1100 ms, so the change back towards dark always fits; a change that counts nothing towards bright
 * (towards black always) passes at once.
 * @param {{ windowMs?: number, max?: number, initialColor?: string }} [options]
 */
export function createGovernor({ windowMs = GOVERNOR_WINDOW_MS, max = MAX_TRANSITIONS, initialColor = '#000000' } = {}) {
  const detector = createDetector(initialColor);
  let shown = initialColor;
  let recent = []; // { t, channel } shown in the last window
  let holding = false;
  const stats = { interventions: 0, heldMs: 0, transitions: 0 };
  let heldSince = null;

  const inWindow = (channel, now) => recent.filter((x) => x.channel === channel && x.t > now - windowMs);

  return {
    decide(wanted, now) {
      recent = recent.filter((x) => x.t > now - windowMs);
      const color = /^#[0-9A-Fa-f]{6}$/.test(wanted) ? wanted.toUpperCase() : '#000000';
      if (color === shown) {
        if (holding) { holding = false; stats.heldMs += now - heldSince; heldSince = null; }
        return { color: shown, retryAt: null };
      }
      const would = detector.peek(color);
      const blocked = would.filter((x) => x.dir === 'up' && inWindow(x.channel, now).length > max - 2);
      if (blocked.length > 0) {
        if (!holding) { holding = true; heldSince = now; stats.interventions += 1; }
        // The oldest transition that must leave the window before this change fits.
        const retryAt = Math.min(...blocked.map((x) => {
          const w = inWindow(x.channel, now);
          return w[w.length - (max - 2) - 1].t + windowMs;
        }));
        return { color: shown, retryAt: Math.max(retryAt, now + 1) };
      }
      for (const x of detector.show(color)) { recent.push({ t: now, channel: x.channel }); stats.transitions += 1; }
      if (holding) { holding = false; stats.heldMs += now - heldSince; heldSince = null; }
      shown = color;
      return { color, retryAt: null };
    },
    shown: () => shown,
    stats: () => ({ ...stats }),
  };
}

/**
 * Runs a show frame through the governor: the colour it may show now and, while a change is held, a next
 * instant (server time) no later than when the budget has room again.
 * @param {ReturnType<typeof createGovernor>} governor
 * @param {import('./show.js').Frame} frame what the show function wants at server time t
 * @param {number} t server time of this frame
 * @param {number} localNow local monotonic ms of this frame
 */
export function governFrame(governor, frame, t, localNow) {
  const d = governor.decide(frame.color, localNow);
  if (d.retryAt === null) return d.color === frame.color ? frame : { ...frame, color: d.color };
  const retry = t + (d.retryAt - localNow);
  return { ...frame, color: d.color, nextAt: frame.nextAt === null ? retry : Math.min(frame.nextAt, retry) };
}
