// Keeping the screen on for the show, and telling the spectator how when the browser cannot.
// Wake Lock is missing on iOS before 16.4 and in older browsers, and refused where the system saves power (iOS Low
// Power Mode, Android battery saver, some embedded browsers); the system can also take a lock back while the show is
// on screen. Full screen is missing on iPhone Safari (only an app added to the Home Screen runs without the browser's
// bars). Pure: the Wake Lock object, the page's visibility and the platform are injected.

/** 'ios' | 'android' | 'other', from what the browser says about itself. iPadOS reports itself as a Mac with touch. */
export function platformOf({ userAgent = '', maxTouchPoints = 0 } = {}) {
  if (/iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1)) return 'ios';
  if (/Android/.test(userAgent)) return 'android';
  return 'other';
}

// Where the setting is, per platform: the same words whether the API is missing or the lock was refused.
const FIX = {
  ios: 'Settings › Display & Brightness › Auto-Lock › Never, and Low Power Mode off.',
  android: 'Settings › Display › Screen timeout at its longest, and Battery Saver off.',
  other: 'set your phone\'s auto-lock (screen timeout) to Never, and power saving off.',
};
const REFUSED = {
  ios: 'Your iPhone did not let the show keep the screen on (Low Power Mode?)',
  android: 'Your phone did not let the show keep the screen on (Battery Saver?)',
  other: 'Your phone did not let the show keep the screen on',
};
const FULL_SCREEN = {
  ios: 'For full screen: Share › Add to Home Screen, then open Cuecast from the Home Screen.',
  android: 'For full screen: browser menu › Add to Home screen, then open Cuecast from there.',
  other: 'For full screen: add Cuecast to your home screen from the browser menu.',
};

/**
 * What to tell the spectator, or null when nothing is needed.
 * @param {{ platform: 'ios' | 'android' | 'other',
 *   wakeLock: 'held' | 'off' | 'missing' | 'refused',   // off: not asked for yet, or released while in the background
 *   fullscreen: 'on' | 'standalone' | 'missing' | 'refused' | 'off' }} status
 *   fullscreen missing: the browser has no full-screen API for pages (iPhone); refused or off: the full-bleed page still
 *   covers everything but the browser's bars, which is fine, so nothing is said
 */
export function screenAdvice({ platform = 'other', wakeLock, fullscreen }) {
  const lines = [];
  const fix = FIX[platform] ?? FIX.other;
  if (wakeLock === 'missing') lines.push(`Keep the screen on for the show: ${fix}`);
  if (wakeLock === 'refused') lines.push(`${REFUSED[platform] ?? REFUSED.other}: ${fix}`);
  if (fullscreen === 'missing') lines.push(FULL_SCREEN[platform] ?? FULL_SCREEN.other);
  return lines.length ? lines.join('\n') : null;
}

/**
 * Holds a screen wake lock while the page is visible. The browser releases it when the page is hidden (acquire()
 * again on resume); when the system takes it back while the page is still visible, it is asked for again at once.
 * @param {{ wakeLock: () => ({ request: (type: 'screen') => Promise<EventTarget & { released: boolean }> } | null | undefined),
 *   isVisible: () => boolean, onStatus?: (status: 'held' | 'off' | 'missing' | 'refused') => void, maxRetakes?: number }} deps
 *   wakeLock: navigator.wakeLock when the browser has it, looked up each time the lock is asked for
 */
export function createKeepAwake({ wakeLock, isVisible, onStatus = () => {}, maxRetakes = 3 }) {
  let status = wakeLock() ? 'off' : 'missing';
  let sentinel = null;
  let pending = null;
  let regained = 0;
  let retakes = 0; // asked again by itself since the page last asked: a system that takes every lock back gets no loop
  const set = (s) => {
    if (s !== status) { status = s; onStatus(s); }
  };

  function onRelease() {
    sentinel = null;
    if (isVisible()) {
      // Taken back while on screen: Low Power Mode or battery saver switched on, or the system's own policy.
      if (retakes >= maxRetakes) { set('refused'); return; }
      retakes += 1;
      regained += 1;
      request();
    } else {
      set('off');
    }
  }

  /** Asks for the lock if the page is visible and holds none; resolves to the status. Never rejects. */
  function acquire() {
    retakes = 0;
    return request();
  }

  function request() {
    const api = wakeLock();
    if (!api) { set('missing'); return Promise.resolve(status); }
    if (!isVisible() || (sentinel && !sentinel.released)) return Promise.resolve(status);
    if (pending) return pending;
    pending = (async () => {
      try {
        const s = await api.request('screen');
        sentinel = s;
        s.addEventListener?.('release', onRelease, { once: true });
        set(s.released ? 'off' : 'held');
      } catch {
        sentinel = null;
        set('refused');
      } finally {
        pending = null;
      }
      return status;
    })();
    return pending;
  }

  return {
    acquire,
    status: () => status,
    /** how often the lock was taken back while on screen and asked for again */
    regained: () => regained,
  };
}
