// The phone's coverage id: 64 random bits as 16 hex digits, kept in localStorage so a reload is the same
// phone. It is sent as ?p=<id> on pointer and state requests (the CDN's cache key ignores the query
// string; its logs keep it), so the operator can see how many phones already hold a cue. It is never
// derived from, stored with, or sent next to the seat: it says "some phone", never "seat 1234".

export const PHONE_ID_KEY = 'cuecast.phone';
const ID = /^[0-9a-f]{16}$/;

/**
 * @param {{ storage: { get(key: string): string | null, set(key: string, value: string): void },
 *           randomBytes: (n: number) => Uint8Array }} deps  randomBytes: crypto.getRandomValues in the app
 * @returns {string} 16 lower-case hex digits
 */
export function phoneId({ storage, randomBytes }) {
  const kept = storage.get(PHONE_ID_KEY);
  if (kept !== null && ID.test(kept)) return kept;
  const id = Array.from(randomBytes(8), (b) => b.toString(16).padStart(2, '0')).join('');
  storage.set(PHONE_ID_KEY, id);
  return id;
}

/**
 * `url` with the phone's id, on pointer polls the version it holds (`held` >= 0), and the store epoch of that
 * version (of the state fetched, on a state request): versions restart in a new epoch, so coverage counts a
 * phone as holding v3 only when it holds v3 of the pointer's epoch. The CDN's cache key ignores all of it.
 */
export function tagged(url, id, held = -1, epoch = null) {
  if (!id) return url;
  return `${url}?p=${id}${held >= 0 ? `&h=${held}` : ''}${typeof epoch === 'string' ? `&e=${encodeURIComponent(epoch)}` : ''}`;
}
