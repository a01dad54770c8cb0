// Lands each colour change on the animation frame nearest its server instant: a timer wakes us a
// little early (timers are coarse and late; the margin grows when they are seen to be later still),
// then frames are checked one by one. A callback run within a frame of its frame's start is judged by
// the frame's own timestamp (the frame still goes out on its vsync); one run later than that has missed
// its frame, and what it changes goes out with the next one, so it is judged by the time it runs.
// Pure: the server clock, timers, requestAnimationFrame and the renderer are injected.

/**
 * @param {{
 *   serverNow: () => number | null,          // server epoch ms now, null while the clock knows nothing
 *   compute: (t: number) => import('./show.js').Frame,
 *   render: (color: string, info: { target: number | null, at: number, frameTs: number | null, cue: import('./show.js').Cue | null }) => void,
 *   setTimeout: (fn: () => void, ms: number) => any,
 *   clearTimeout: (id: any) => void,
 *   requestAnimationFrame: (fn: (ts: number) => void) => any,
 *   frameAge?: (ts: number) => number,       // ms since the frame with timestamp ts began (performance.now() − ts)
 *   earlyMs?: number,                       // wake this long before a change at least
 *   maxEarlyMs?: number,                    // ... and at most this long, however late timers have been
 * }} deps
 */
export function createScheduler({ serverNow, compute, render, setTimeout, clearTimeout, requestAnimationFrame,
  frameAge = () => 0, earlyMs = 300, maxEarlyMs = 2000 }) {
  let timer = null;
  let frameWanted = false;
  let target = null;      // server time of the next change we are waiting for
  let animate = false;
  let lastFrameTs = null;
  let frameMs = 1000 / 60;
  let running = false;
  let shown = null;
  const stats = { switches: 0, late: 0, frames: 0 };
  // How late the last wake-up timers fired (ms): a throttled CPU, a power-saving mode or a busy main thread
  // delays timers by hundreds of ms, and a wake-up after the change would land it late.
  let lateWakes = [];
  const early = () => Math.min(maxEarlyMs, earlyMs + 1.5 * Math.max(0, ...lateWakes));

  function apply(t, landedFor, frameTs = null) {
    const f = compute(t);
    if (f.color !== shown) {
      shown = f.color;
      stats.switches += 1;
      render(f.color, { target: landedFor, at: t, frameTs, cue: f.cue });
    }
    animate = f.animate;
    target = f.nextAt;
    plan();
  }

  function plan() {
    clearTimeout(timer);
    timer = null;
    if (!running) return;
    if (animate) { wantFrame(); return; }
    if (target === null) return;
    const now = serverNow();
    const wait = target - now - early();
    if (wait <= 0) { wantFrame(); return; }
    const due = now + wait;
    timer = setTimeout(() => {
      timer = null;
      const at = serverNow();
      if (at !== null) lateWakes = [...lateWakes, at - due].slice(-8);
      wantFrame();
    }, wait);
  }

  function wantFrame() {
    if (frameWanted) return;
    frameWanted = true;
    requestAnimationFrame(onFrame);
  }

  function onFrame(ts) {
    frameWanted = false;
    if (!running) return;
    stats.frames += 1;
    if (lastFrameTs !== null) {
      const d = ts - lastFrameTs;
      if (d > 4 && d < 100) frameMs += (d - frameMs) * 0.1; // 60, 90, 120 Hz, or 30 in low-power mode
    }
    lastFrameTs = ts;
    const callbackAt = serverNow();
    if (callbackAt === null) return;
    const age = Math.max(0, frameAge(ts));
    const now = age <= frameMs ? callbackAt - age : callbackAt; // server time this frame's changes go out at
    // This frame is the nearest one when the change is due before the middle of the next interval.
    if (target !== null && target - now <= frameMs / 2) {
      if (now - target > frameMs) stats.late += 1;
      apply(Math.max(now, target), target, ts);
      return;
    }
    if (animate) { apply(now, null, ts); return; }
    plan();
  }

  return {
    start() {
      running = true;
      this.refresh();
    },
    stop() {
      running = false;
      clearTimeout(timer);
      timer = null;
    },
    /** Re-evaluate now: a new state, a clock correction, a resume. Late changes apply at once. */
    refresh() {
      if (!running) return;
      const now = serverNow();
      if (now === null) return;
      lastFrameTs = null;
      apply(now, null);
    },
    frameMs: () => frameMs,
    /** how long before a change the timer now wakes the scheduler (ms) */
    earlyMs: early,
    /** ms until the next change, null when none is scheduled */
    nextInMs: () => { const now = serverNow(); return target === null || now === null ? null : target - now; },
    shown: () => shown,
    stats: () => ({ ...stats }),
  };
}
