// BLACKOUT as its own path: never disabled, never dropped, never waiting for another write. Each press sends
// its own request at once (a press while one is already on its way sends nothing new: that request is the
// blackout); the state is visible as sending / done / failed, and a failed one is retried by pressing again.
//
// A retry reuses the first attempt's Idempotency-Key only while that attempt's outcome is unknown (no answer, or a
// 5xx: it may have landed) and only for KEY_REUSE_MS after it was sent; the server keeps a blackout key's answer for
// 10 s. A later press, a press after a refusal, or a press after another write went live is a new blackout with a new
// key: never answered with an older "done vN" that publishes nothing.

/** How long after the first attempt a press may still be its retry (same key). */
export const KEY_REUSE_MS = 5_000;

/**
 * @param {{ send: (idempotencyKey: string) => Promise<{version:number}>, newKey: () => string,
 *           now: () => number, onChange: (state: BlackoutState) => void }} deps
 * @typedef {{ phase: 'idle'|'sending'|'done'|'failed', version?: number, error?: string, at?: number }} BlackoutState
 */
export function createBlackout({ send, newKey, now, onChange }) {
  let state = { phase: 'idle' };
  let inFlight = null;
  /** The last attempt whose outcome is unknown: { key, firstAt } (firstAt: when that key was first sent). */
  let unknown = null;

  function set(next) {
    state = next;
    onChange(state);
  }

  /** Sends the blackout now; resolves when this request is answered. Never throws. */
  function press() {
    if (inFlight) return inFlight;
    const at = now();
    const retry = unknown !== null && at - unknown.firstAt <= KEY_REUSE_MS;
    const attempt = retry ? unknown : { key: newKey(), firstAt: at };
    unknown = null;
    set({ phase: 'sending', at });
    inFlight = send(attempt.key).then(
      (ack) => {
        set({ phase: 'done', version: ack?.version, ack, at: now() });
      },
      (e) => {
        // a refusal (4xx) published nothing: the next press is a new blackout; anything else may have landed
        if (outcomeUnknown(e)) unknown = attempt;
        set({ phase: 'failed', error: e?.message ?? String(e), at: now() });
      },
    ).finally(() => { inFlight = null; });
    return inFlight;
  }

  /** Another write went live: a press from now on is a new blackout, whatever the last one came to. */
  function superseded() {
    unknown = null;
  }

  return { press, superseded, state: () => state, sending: () => inFlight !== null };
}

/** No answer (status 0) or a server-side failure (5xx): the blackout may have landed. */
function outcomeUnknown(e) {
  return !(e?.status >= 400 && e?.status < 500);
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
