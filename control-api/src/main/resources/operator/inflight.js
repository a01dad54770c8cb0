// The writes a BLACKOUT drops on the page: every GO, undo and timeline request still on its way is aborted the
// moment B is pressed (the server refuses any that got through anyway: each says the version the operator saw,
// base_version, and a BLACKOUT newer than it drops it). Pure: AbortController is the platform's.

export const DROPPED_BY_BLACKOUT = 'dropped_by_blackout';

/** @returns {{ start: () => { signal: AbortSignal, done: () => void }, abortAll: () => number, size: () => number }} */
export function createInflight() {
  const flights = new Set();
  return {
    /** A write leaves: its signal aborts when BLACKOUT is pressed; call done() once it is answered. */
    start() {
      const controller = new AbortController();
      flights.add(controller);
      return { signal: controller.signal, done: () => flights.delete(controller) };
    },
    /** BLACKOUT: aborts every write still on its way; returns how many. */
    abortAll() {
      const n = flights.size;
      for (const c of flights) c.abort(DROPPED_BY_BLACKOUT);
      flights.clear();
      return n;
    },
    size: () => flights.size,
  };
}

/**
 * What happened to a write that did not succeed, for the operator: 'blackout' (aborted by B, or refused 409 by the
 * server because a BLACKOUT is newer than what it was built on: it is gone, do NOT send it again blindly), 'live'
 * (502 landed_late / unrecorded: the version IS live, do not send it again), else 'failed'.
 */
export function writeOutcome(error) {
  if (error?.code === DROPPED_BY_BLACKOUT || error?.code === 'blacked_out') return 'blackout';
  if ((error?.code === 'landed_late' || error?.code === 'unrecorded') && Number.isFinite(error?.body?.version)) return 'live';
  return 'failed';
}

/**
 * The version a GO says the operator saw: the live version its armed preview was built on (the dry run's
 * "base"), else the live version the page shows, else 0 (nothing published yet).
 */
export function baseVersion(preview, snapshot) {
  if (Number.isInteger(preview?.base)) return preview.base;
  const live = snapshot?.pointer?.version;
  return Number.isInteger(live) ? live : 0;
}
