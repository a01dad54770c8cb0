// The kinds of cue the crowd bench measures, as an operator would send them. Only the first is small enough to ride
// inside the pointer (≤ 1,024 B canonical, testdata/limits.json); the others are fetched as states/<v>.json, a second
// round trip after the pointer, and travel gzip-compressed (CloudFront compresses objects of 1,000 B and more).
import { rng } from './model.js';
import { encodeBits } from '../pwa/lib/winners.js';

export const KINDS = Object.freeze({
  solid: 'inline state: one solid cue (the state rides inside the pointer)',
  winners: 'a draw\'s winners: 10,000 winners of 100,000 seats as a bitset (not inlined)',
  sequence: 'a long sequence: 240 colour steps 500 ms apart, two minutes (not inlined)',
  timeline: 'a loaded timeline: 40 solid cues a second apart, replacing what was pending (not inlined)',
});

const STEP_COLORS = ['#FF0000', '#FFA500', '#FFFF00', '#00FF00', '#0000FF', '#800080'];
const bitsCache = new Map();

/** A 100,000-seat draw with 10 % winners, the same for a given draw number. */
function winnersBits(draw) {
  if (!bitsCache.has(draw)) {
    const random = rng(0x5eed + draw);
    const bytes = new Uint8Array(100_000 / 8);
    for (let seat = 0; seat < 100_000; seat++) if (random() < 0.1) bytes[seat >> 3] |= 1 << (seat & 7);
    bitsCache.set(draw, encodeBits(bytes));
  }
  return bitsCache.get(draw);
}

/**
 * What the operator's cue k of this kind adds to the state: its cues, and whether they replace what is pending
 * (a loaded timeline does). The cue measured is the one effective at `effectiveAt`; a timeline's later cues are 7 ms
 * off whole seconds, so no measured cue (whole seconds apart) shares their instant.
 * @returns {{ cues: object[], replacePending: boolean }}
 */
export function cueOf(kind, k, effectiveAt, color) {
  switch (kind) {
    case 'solid':
      return { cues: [{ effective_at: effectiveAt, mode: 'solid', color }], replacePending: false };
    case 'winners':
      return {
        cues: [{ effective_at: effectiveAt, mode: 'solid', color: '#202020',
          winners: { draw: `d${k}`, seats: 100_000, bits: winnersBits(k % 4), color } }],
        replacePending: false,
      };
    case 'sequence':
      return {
        cues: [{ effective_at: effectiveAt, mode: 'sequence',
          steps: Array.from({ length: 240 }, (_, i) => ({ offset_ms: i * 500, color: i === 0 ? color : STEP_COLORS[(k + i) % STEP_COLORS.length] })) }],
        replacePending: false,
      };
    case 'timeline':
      return {
        cues: Array.from({ length: 40 }, (_, i) => ({ effective_at: effectiveAt + (i === 0 ? 0 : i * 1000 + 7), mode: 'solid',
          color: i === 0 ? color : STEP_COLORS[(k + i) % STEP_COLORS.length] })),
        replacePending: true,
      };
    default:
      throw new Error(`unknown cue kind ${kind}`);
  }
}
