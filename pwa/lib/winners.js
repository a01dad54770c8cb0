// Winners bitset: bit i is seat i (byte i >> 3, mask 1 << (i & 7)), base64url without padding.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/**
 * @param {string} bits base64url without padding
 * @returns {Uint8Array}
 * @throws {Error} on characters outside the base64url alphabet or an impossible length
 */
export function decodeBits(bits) {
  if (typeof bits !== 'string' || bits.length % 4 === 1) throw new Error('winners.bits is not base64url');
  const out = new Uint8Array(Math.floor((bits.length * 6) / 8));
  let acc = 0, n = 0, j = 0;
  for (let i = 0; i < bits.length; i++) {
    const c = bits.charCodeAt(i);
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) throw new Error(`winners.bits has a character outside base64url: ${JSON.stringify(bits[i])}`);
    acc = (acc << 6) | v;
    n += 6;
    if (n >= 8) {
      n -= 8;
      out[j++] = (acc >> n) & 0xff;
    }
  }
  return out;
}

/** @param {Uint8Array} bytes @returns {string} */
export function encodeBits(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) s += ALPHABET[(b >> (18 - 6 * k)) & 63];
  }
  return s;
}

/** @param {Uint8Array} bytes @param {number} seat */
export function hasSeat(bytes, seat) {
  if (!Number.isInteger(seat) || seat < 0 || (seat >> 3) >= bytes.length) return false;
  return (bytes[seat >> 3] & (1 << (seat & 7))) !== 0;
}

const decoded = new WeakMap();

/** @param {number[]} list seats in increasing order @param {number} seat */
function inList(list, seat) {
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === seat) return true;
    if (list[mid] < seat) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

/**
 * Whether `seat` won; decodes each winners object once (states are immutable). Winners come either as `bits`
 * (a bitset) or as `list` (winning seats in increasing order), whichever the publisher found smaller.
 * @param {{ seats: number, bits?: string, list?: number[] }} winners
 * @param {number | null} seat
 */
/**
 * What the winner screen shows for this seat under this cue: the seat and the draw id staff can check at the
 * control API, or null when the seat did not win (or the cue has no winners, or is off).
 * @returns {{ seat: number, draw: string } | null}
 */
export function winnerOf(cue, seat) {
  return cue?.winners && cue.mode !== 'off' && isWinner(cue.winners, seat) ? { seat, draw: String(cue.winners.draw) } : null;
}

export function isWinner(winners, seat) {
  if (seat === null || seat === undefined || !winners || typeof winners !== 'object' || !(seat < winners.seats)) return false;
  if (Array.isArray(winners.list)) return Number.isInteger(seat) && seat >= 0 && inList(winners.list, seat);
  let bytes = decoded.get(winners);
  if (!bytes) {
    try { bytes = decodeBits(winners.bits); } catch { bytes = new Uint8Array(0); }
    decoded.set(winners, bytes);
  }
  return hasSeat(bytes, seat);
}
