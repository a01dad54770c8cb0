// When the page comes back from the background, the show must catch up at once: timers and frames slept (iOS
// suspends a hidden page entirely; other browsers throttle it to a timer a second or a minute), so the clock's
// re-sync and the pointer poll are late and the clock may have drifted or slept. Comes back means any of:
// - visibilitychange to visible (an app switch, the screen unlocked),
// - pageshow from the back-forward cache (event.persisted: a page restored by Back; not every browser version sends
//   a visibilitychange with it, so either one is enough),
// - resume after a freeze (the Page Lifecycle API, Chromium),
// - the page's own timers seen sleeping: a periodic tick that came far later than asked, on the wall clock (which
//   keeps counting through a device sleep), while the page is visible.
// Events that arrive together (bfcache restore fires visibilitychange and pageshow) give one resume.
// Pure: the event targets, the wall clock and the interval timer are injected.

/**
 * @param {{
 *   document: { visibilityState: string, addEventListener: Function, removeEventListener: Function },
 *   window: { addEventListener: Function, removeEventListener: Function },
 *   wallNow: () => number,                      // Date.now: counts through a device sleep
 *   setInterval: (fn: () => void, ms: number) => any, clearInterval: (id: any) => void,
 *   onResume: (reason: 'visible' | 'pageshow' | 'resume' | 'timers slept', info?: { gapMs?: number }) => void,
 *   tickMs?: number,                            // how often the sleep detector ticks
 *   gapMs?: number,                             // a tick this much later than asked means the page's timers slept
 *   coalesceMs?: number,                        // resumes closer than this are one
 * }} deps
 */
export function watchResume({ document, window, wallNow, setInterval, clearInterval, onResume,
  tickMs = 1000, gapMs = 5000, coalesceMs = 1000 }) {
  let lastResume = -Infinity;
  let lastTick = wallNow();
  const stats = { visible: 0, pageshow: 0, resume: 0, 'timers slept': 0, coalesced: 0 };
  const visible = () => document.visibilityState === 'visible';

  function fire(reason, info) {
    const t = wallNow();
    lastTick = t; // a resume re-arms the sleep detector: its tick was late for the same reason
    if (t - lastResume < coalesceMs && t >= lastResume) { stats.coalesced += 1; return; }
    lastResume = t;
    stats[reason] += 1;
    onResume(reason, info);
  }

  const onVisibility = () => { if (visible()) fire('visible'); };
  const onPageShow = (e) => { if (e && e.persisted && visible()) fire('pageshow'); };
  const onLifecycleResume = () => { if (visible()) fire('resume'); };
  function tick() {
    const t = wallNow();
    const late = t - lastTick - tickMs;
    lastTick = t;
    if (late > gapMs && visible()) fire('timers slept', { gapMs: late + tickMs });
  }

  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pageshow', onPageShow);
  document.addEventListener('resume', onLifecycleResume);
  const timer = setInterval(tick, tickMs);

  return {
    stop() {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pageshow', onPageShow);
      document.removeEventListener('resume', onLifecycleResume);
      clearInterval(timer);
    },
    stats: () => ({ ...stats }),
  };
}
