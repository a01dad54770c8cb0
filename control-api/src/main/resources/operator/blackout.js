// BLACKOUT as its own path: never disabled, never dropped, never waiting for another write. Each press sends
// its own request at once (a press while one is already on its way sends nothing new: that request is the
// blackout); the state is visible as sending / done / failed, and a failed one is retried by pressing again.

/**
 * @param {{ send: (idempotencyKey: string) => Promise<{version:number}>, newKey: () => string,
 *           now: () => number, onChange: (state: BlackoutState) => void }} deps
 * @typedef {{ phase: 'idle'|'sending'|'done'|'failed', version?: number, error?: string, at?: number }} BlackoutState
 */
export function createBlackout({ send, newKey, now, onChange }) {
  let state = { phase: 'idle' };
  let inFlight = null;
  let failedKey = null;

  function set(next) {
    state = next;
    onChange(state);
  }

  /** Sends the blackout now; resolves when this request is answered. Never throws. */
  function press() {
    if (inFlight) return inFlight;
    // A retry after a failure reuses the key: if the first request did land, the server answers with it.
    const key = failedKey ?? newKey();
    set({ phase: 'sending', at: now() });
    inFlight = send(key).then(
      (ack) => {
        failedKey = null;
        set({ phase: 'done', version: ack?.version, ack, at: now() });
      },
      (e) => {
        failedKey = e?.status >= 400 && e?.status < 500 ? null : key;
        set({ phase: 'failed', error: e?.message ?? String(e), at: now() });
      },
    ).finally(() => { inFlight = null; });
    return inFlight;
  }

  return { press, state: () => state, sending: () => inFlight !== null };
}

/** The button's words for a state: what the operator must know at a glance. */
export function blackoutLabel(state) {
  switch (state.phase) {
    case 'sending': return 'BLACKOUT sending…';
    case 'done': return `BLACKOUT done${state.version ? ` v${state.version}` : ''}`;
    case 'failed': return 'BLACKOUT FAILED – press B to retry';
    default: return 'BLACKOUT';
  }
}
