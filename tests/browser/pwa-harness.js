// Drives PWA pages in real Chromium against the real local stack, each page with its own clock skew,
// drift and injected /time and pointer delays, and records the true time each page's colour changes.
// Shared by tests/browser/pwa-sync.test.js and the sync benchmark. Each page gets a browser of its own:
// in one browser only the front tab gets every frame, and a phone in a stadium is always the front tab.
import { launchChromium } from './chromium.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs in the page before any page script: skews Date and performance, records renders on the true clock. */
function skewInit({ skewMs, driftPpm }) {
  const realNow = performance.now.bind(performance);
  const realOrigin = performance.timeOrigin;
  const RealDate = Date;
  const realDateNow = RealDate.now.bind(RealDate);
  window.__trueNow = () => realOrigin + realNow();
  window.__realOrigin = realOrigin;
  window.__wallNow = realDateNow; // the OS wall clock, the one the server stamps with
  // Drift as a skew that grows with page age: performance.now() keeps the timeline that
  // requestAnimationFrame timestamps share, as on a real device.
  Object.defineProperty(performance, 'timeOrigin', {
    get: () => realOrigin + skewMs + realNow() * (driftPpm / 1e6), configurable: true });
  function SkewedDate(...args) {
    if (!new.target) return new RealDate(realDateNow() + skewMs).toString();
    return args.length ? new RealDate(...args) : new RealDate(realDateNow() + skewMs);
  }
  SkewedDate.prototype = RealDate.prototype;
  SkewedDate.now = () => realDateNow() + skewMs + realNow() * (driftPpm / 1e6);
  SkewedDate.parse = RealDate.parse;
  SkewedDate.UTC = RealDate.UTC;
  window.Date = SkewedDate;
  // The observer: the app never writes to it. It watches the screen element's computed colour and stamps each change
  // with the animation frame it went out in (document.timeline.currentTime is that frame's timestamp while the
  // frame's callbacks run), on the true clock. A change cannot be on screen before it was made: when it was made more
  // than a frame after that frame began (a blocked main thread ran the callback late, or the change came from outside
  // a frame callback), the frame it went out in is a later one, so it is stamped when it was made.
  window.__renders = []; // what the app says it rendered (its own event): for tests that need the cue's target
  addEventListener('cuecast:render', (e) => {
    const at = e.detail.frameTs != null ? realOrigin + e.detail.frameTs : window.__trueNow();
    // offset: the server − local offset the app used for this frame (the benchmark splits clock error from landing error).
    window.__renders.push({ color: e.detail.color, at, target: e.detail.target, offset: e.detail.offset ?? null, realNow: at - realOrigin });
  });
  // Diagnostics, all read-only towards the app. /time round trips as the page's fetch saw them (true clock, with the
  // server's stamp), so the benchmark can see each request's one-way delays; the animation frames the app asked for,
  // and when it asked (a timer waking the scheduler shows as the first request after a quiet spell).
  window.__timeSamples = [];
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : (input && input.url) || String(input);
    if (!/(^|\/)time(\?|$)/.test(url.split('#')[0])) return realFetch(input, init);
    const t0 = window.__trueNow();
    return realFetch(input, init).then((res) => {
      const t1 = window.__trueNow();
      res.clone().json().then((b) => window.__timeSamples.push({ t0, t1, t: b.t }), () => {});
      return res;
    });
  };
  window.__frames = []; // [requestedAt, frameAt] true ms, bounded
  const realRaf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => {
    const askedAt = window.__trueNow();
    return realRaf((ts) => {
      if (window.__frames.length < 20000) window.__frames.push([askedAt, realOrigin + ts]);
      cb(ts);
    });
  };
  try { performance.setResourceTimingBufferSize(5000); } catch { /* older browsers */ }
  window.__observed = [];
  const toHex = (rgb) => {
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
    return m ? `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('').toUpperCase()}` : rgb;
  };
  addEventListener('DOMContentLoaded', () => {
    const screen = document.getElementById('screen');
    let last = null;
    const look = () => {
      const color = toHex(getComputedStyle(screen).backgroundColor);
      if (color === last) return;
      last = color;
      const frame = document.timeline.currentTime;
      const made = realNow();
      const at = frame != null && made - frame <= 1000 / 60 ? frame : made;
      window.__observed.push({ color, at: realOrigin + at, frame: frame != null ? realOrigin + frame : null });
    };
    new MutationObserver(look).observe(screen, { attributes: true, attributeFilter: ['style', 'class'] });
    look();
  });
}

/**
 * @param {string} url page URL
 * @param {{ skewMs: number, driftPpm?: number, upMs: number, downMs: number, pointerDelayMs?: number, jitterMs?: number,
 *   cpuThrottle?: number, network?: { latency: number, downloadThroughput: number, uploadThroughput: number } }} profile
 *   cpuThrottle: DevTools Emulation.setCPUThrottlingRate; network: DevTools Network.emulateNetworkConditions
 */
export async function openSkewedPage(url, profile) {
  const browser = await launchChromium();
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  const errors = [];
  const log = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => log.push(`${new Date().toISOString()} ${m.text()}`));
  await page.addInitScript(skewInit, { skewMs: profile.skewMs, driftPpm: profile.driftPpm ?? 0 });
  const counts = { time: 0, pointer: 0, failed: 0 };
  // Delay the request before it reaches the server (uplink) and the reply after (downlink).
  // Each request draws its own extra delay per direction (uniform 0–jitterMs, the same law both ways: the floor stays (down − up)/2).
  const jitter = () => Math.random() * (profile.jitterMs ?? 0);
  const delayed = (key, upMs, downMs) => async (route) => {
    counts[key] += 1;
    try {
      await sleep(upMs + jitter());
      const res = await route.fetch();
      await sleep(downMs + jitter());
      await route.fulfill({ response: res });
    } catch (e) {
      // A request still in flight when the page closes is no failure; one the route could not complete (a reset
      // keep-alive connection on a loaded machine) reaches the page as a lost packet, which the app must survive.
      if (closed) return;
      counts.failed += 1;
      await route.abort('failed').catch(() => {});
    }
  };
  let closed = false;
  // Routed requests are fetched outside the browser, where DevTools network emulation does not reach: with
  // emulated conditions, nothing is routed.
  if (!profile.network) {
    await page.route(/\/time$/, delayed('time', profile.upMs, profile.downMs));
    const half = (profile.pointerDelayMs ?? 0) / 2;
    await page.route(/\/live\/pointer\.json$/, delayed('pointer', half, half));
  }
  if (profile.cpuThrottle || profile.network) {
    const cdp = await browser.context.newCDPSession(page);
    if (profile.cpuThrottle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuThrottle });
    if (profile.network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  }
  await page.goto(url);
  return { page, profile, errors, counts, log, close: () => { closed = true; return browser.close(); } };
}

/**
 * Bias of a page's true (unskewed) clock, performance.timeOrigin + performance.now(), against the OS wall clock the
 * server stamps with. Chromium's timeOrigin need not match the wall clock to the millisecond. Measured inside the
 * page, so no round trip to this process blurs it: where the wall clock (the real Date.now) ticks over to its next
 * millisecond, the page's clock is read just before and just after; the median over many ticks.
 * @returns {Promise<{ bias: number, width: number }>} width: median interval the ticks were pinned within (ms)
 */
export async function pageClockBias(page) {
  return page.evaluate(() => {
    const ticks = [];
    const end = window.__trueNow() + 400;
    let prevTrue = window.__trueNow();
    let prevWall = window.__wallNow();
    while (ticks.length < 101 && prevTrue < end) {
      const t = window.__trueNow();
      const w = window.__wallNow();
      if (w !== prevWall && t - prevTrue < 0.2) ticks.push({ bias: (prevTrue + t) / 2 - w, width: t - prevTrue });
      prevTrue = t;
      prevWall = w;
    }
    if (ticks.length === 0) throw new Error('the wall clock never ticked within 400 ms');
    const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    return { bias: mid(ticks.map((x) => x.bias)), width: mid(ticks.map((x) => x.width)) };
  });
}

export async function waitReady(page, timeoutMs = 20_000) {
  await page.waitForFunction(() => document.getElementById('debug')?.textContent.includes('ready'), null, { timeout: timeoutMs });
}

/** POST /api/cues with the operator token; returns the 201 body. */
export async function publish(stack, cue) {
  const res = await fetch(`${stack.url}/api/cues`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
    body: JSON.stringify(cue),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/cues → ${res.status} ${body}`);
  return JSON.parse(body);
}

export const toRgb = (hex) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

/**
 * For each published cue and page: the true OS-clock time the page first showed the cue's colour (seen by the
 * observer, not reported by the app),
 * error = switch − effective_at, and the floor (down − up)/2 that no request/reply sync can remove.
 * @returns {Promise<{ cue: number, page: number, effectiveAt: number, switchAt: number | null, error: number | null, floor: number }[]>}
 */
export async function collectSwitches(pages, cues) {
  const rows = [];
  for (const [pi, p] of pages.entries()) {
    const renders = await p.page.evaluate(() => window.__observed);
    for (const [ci, cue] of cues.entries()) {
      const hit = renders.find((r) => r.color === cue.color && r.at - p.bias >= cue.effective_at - 1000);
      const switchAt = hit ? hit.at - p.bias : null;
      rows.push({
        cue: ci, page: pi, effectiveAt: cue.effective_at, switchAt, frameAt: hit?.frame != null ? hit.frame - p.bias : null,
        error: switchAt === null ? null : switchAt - cue.effective_at,
        floor: (p.profile.downMs - p.profile.upMs) / 2,
      });
    }
  }
  return rows;
}

export { sleep };
