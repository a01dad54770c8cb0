// Lands each colour change on the animation frame nearest its server instant: a timer wakes us a
// little early (timers are coarse and late), then frames are checked one by one. Decisions use the
// frame's own timestamp, not the moment the callback happens to run: a busy main thread runs
// callbacks late, but the frame still goes out on its vsync. Pure: the server clock, timers,
// requestAnimationFrame and the renderer are injected.

/**
 * @param {{
 *   serverNow: () => number | null,          // server epoch ms now, null while the clock knows nothing
 *   compute: (t: number) => import('./show.js').Frame,
 *   render: (color: string, info: { target: number | null, at: number, frameTs: number | null, cue: import('./show.js').Cue | null }) => void,
 *   setTimeout: (fn: () => void, ms: number) => any,
 *   clearTimeout: (id: any) => void,
 *   requestAnimationFrame: (fn: (ts: number) => void) => any,
 *   frameAge?: (ts: number) => number,       // ms since the frame with timestamp ts began (performance.now() − ts)
 *   earlyMs?: number,
 * }} deps
 */
export function createScheduler({ serverNow, compute, render, setTimeout, clearTimeout, requestAnimationFrame,
  frameAge = () => 0, earlyMs = 300 }) {
  let timer = null;
  let frameWanted = false;
  let target = null;      // server time of the next change we are waiting for
  let animate = false;
  let lastFrameTs = null;
  let frameMs = 1000 / 60;
  let running = false;
  let shown = null;
  const stats = { switches: 0, late: 0, frames: 0 };

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
    const wait = target - now - earlyMs;
    if (wait <= 0) wantFrame();
    else timer = setTimeout(() => { timer = null; wantFrame(); }, wait);
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
    const now = callbackAt - Math.max(0, Math.min(frameMs * 4, frameAge(ts))); // server time at this frame
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
    /** ms until the next change, null when none is scheduled */
    nextInMs: () => { const now = serverNow(); return target === null || now === null ? null : target - now; },
    shown: () => shown,
    stats: () => ({ ...stats }),
  };
}
