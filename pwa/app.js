// The only module that touches globals and the DOM: it wires the pure modules in lib/ to the browser.
import { createPlayer } from './lib/player.js';
import { parseState } from './lib/poller.js';
import { winnerOf } from './lib/winners.js';
import { phoneId } from './lib/phone-id.js';
import { parseSeat } from './lib/validate.js';
import { createKeepAwake, platformOf, screenAdvice } from './lib/awake.js';
import { watchResume } from './lib/lifecycle.js';

// Monotonic-anchored: Date.now() alone jumps when the OS corrects the wall clock.
const now = () => performance.timeOrigin + performance.now();
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const store = {
  get(key) { try { return localStorage.getItem(key); } catch { return null; } },
  set(key, value) { try { localStorage.setItem(key, value); } catch { /* private mode: per session only */ } },
};


let seat = parseSeat(params.get('seat')) ?? parseSeat(store.get('cuecast.seat'));
if (parseSeat(params.get('seat')) !== null) store.set('cuecast.seat', String(seat));
let calibrationMs = Number(store.get('cuecast.calibrationMs')) || 0;
// The last good state and clock offset survive a restart, so a phone that reopens the app with no
// network still runs the show (a sequence keeps playing) instead of going dark.
function restore(key) {
  try { return JSON.parse(store.get(key) ?? 'null'); } catch { return null; }
}
const savedOffset = restore('cuecast.offset');
let lastPoll = null;
let savedOffsetWritten = null;

/** The winner screen follows the cue in force: shown while this seat is among its winners, gone at the next cue. */
function showWinner(winner, color) {
  const el = $('winner');
  el.hidden = !winner;
  if (!winner) return;
  $('winner-seat').textContent = `Seat ${winner.seat}`;
  $('winner-draw').textContent = `Draw ${winner.draw}`;
  const n = parseInt(String(color).slice(1), 16);
  const light = ((n >> 16) & 255) * 0.299 + ((n >> 8) & 255) * 0.587 + (n & 255) * 0.114 > 140;
  el.className = light ? 'dark-text' : 'light-text';
}

const screen = $('screen');
const player = createPlayer({
  now,
  fetch: (url, init) => fetch(url, init),
  fetchTime: async () => {
    const res = await fetch('time', { cache: 'no-store' });
    if (!res.ok) throw new Error(`time HTTP ${res.status}`);
    return (await res.json()).t;
  },
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
  requestAnimationFrame: (fn) => requestAnimationFrame(fn),
  frameAge: (ts) => performance.now() - ts,
  random: Math.random,
  seat,
  state: parseState(store.get('cuecast.state') ?? '', restore('cuecast.state')?.version),
  savedOffset,
  calibrationMs,
  phoneId: phoneId({ storage: store, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)) }),
  render(color, info) {
    screen.style.backgroundColor = color;
    showWinner(winnerOf(info.cue, seat), color);
    // For tests and the debug overlay: which change landed, and for which instant.
    dispatchEvent(new CustomEvent('cuecast:render', { detail: { color, target: info.target, frameTs: info.frameTs, offset: player.offset() } }));
  },
  onState(next) {
    store.set('cuecast.state', JSON.stringify(next));
  },
  onPoll(p) {
    lastPoll = p;
    if (!p.ok) console.debug(`cuecast: poll failed (${p.error}), retry in ${Math.round(p.nextMs)} ms`);
  },
  onClock() {
    // Keep the offset for the next start without /time; a provisional one only until a gated one exists.
    const own = player.clock.offset();
    if (own !== null && (player.clock.ready || savedOffsetWritten === null) && Math.abs(own - (savedOffsetWritten ?? Infinity)) > 5) {
      savedOffsetWritten = own;
      store.set('cuecast.offset', String(Math.round(own)));
    }
  },
});
const { clock, poller, scheduler } = player;

// A wall-clock step (or a sleep performance.now() did not count) shows as a change in Date − now().
let wallDelta = Date.now() - now();
function checkWallClock() {
  const d = Date.now() - now();
  if (Math.abs(d - wallDelta) > 1000) clock.resync();
  wallDelta = d;
}

let started = false;
// What the spectator is told when the phone cannot keep the screen on or go full screen by itself (lib/awake.js).
let fullscreen = 'off';
const platform = () => platformOf({ userAgent: navigator.userAgent, maxTouchPoints: navigator.maxTouchPoints });
function showAdvice() {
  const text = started ? screenAdvice({ platform: platform(), wakeLock: awake.status(), fullscreen }) : null;
  $('hint').textContent = text ?? '';
  $('hint').hidden = !text;
}
const awake = createKeepAwake({
  wakeLock: () => ('wakeLock' in navigator ? navigator.wakeLock : null),
  isVisible: () => document.visibilityState === 'visible',
  onStatus: showAdvice,
});
function keepAwake() {
  if (!started) return Promise.resolve();
  return awake.acquire().then(showAdvice);
}
const standalone = () => navigator.standalone === true
  || ['standalone', 'fullscreen'].some((m) => window.matchMedia?.(`(display-mode: ${m})`).matches);
async function goFullscreen() {
  const el = document.documentElement;
  const request = el.requestFullscreen ?? el.webkitRequestFullscreen; // older Safari: prefixed only; iPhone Safari: none
  if (standalone()) fullscreen = 'standalone';
  else if (!request) fullscreen = 'missing';
  else if (document.fullscreenElement ?? document.webkitFullscreenElement) fullscreen = 'on';
  else {
    try {
      await request.call(el, { navigationUI: 'hide' });
      fullscreen = 'on';
    } catch {
      fullscreen = 'refused'; // not allowed here: the full-bleed page still covers all but the browser's bars
    }
  }
}

async function begin() {
  const entered = parseSeat($('seat').value);
  if (entered !== null) {
    seat = entered;
    store.set('cuecast.seat', String(seat));
    player.setSeat(seat);
  }
  started = true;
  $('start').hidden = true;
  // Both asked for within the tap (user activation); the wake lock does not wait for the full-screen answer.
  await Promise.all([goFullscreen(), keepAwake()]);
  showAdvice();
  player.refresh();
}

/** Back from the background (lib/lifecycle.js says when): re-sync, re-poll, show the cue in force, keep awake. */
function onResume() {
  player.resume();
  keepAwake();
  registration?.update().catch(() => {});
}

// Debug overlay and calibration: ?debug=1, or a triple tap anywhere.
const debug = $('debug');
function setDebug(on) {
  debug.hidden = !on;
  $('calibrate').hidden = !on;
}
const fmt = (v, digits = 1) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));
function drawDebug() {
  if (debug.hidden) return;
  const s = scheduler.stats();
  debug.textContent = [
    `seat      ${seat ?? '— (none)'}`,
    clock.offset() === null && player.offset() !== null
      ? `offset    ${fmt(savedOffset)} ms saved (no /time yet)`
      : `offset    ${fmt(clock.offset())} ± ${fmt(clock.uncertainty())} ms ${clock.ready ? 'ready' : 'syncing'}`,
    `rtt       ${fmt(clock.rtt())} ms`,
    `calib     ${calibrationMs} ms`,
    `version   ${poller.version() < 0 ? '—' : poller.version()}`,
    `poll      ${fmt(poller.pollMs(), 0)} ms, ${poller.stats().errors} errors`,
    ...(lastPoll && !lastPoll.ok ? [`          ${lastPoll.error}, retry in ${fmt(lastPoll.nextMs, 0)} ms`] : []),
    `next in   ${fmt(scheduler.nextInMs(), 0)} ms`,
    `late ${player.counts().late}  missed ${player.counts().missed}  late frames ${s.late}`,
    `flash     ${player.flashGuard().interventions} held by the 3-a-second guard`,
    `frame     ${fmt(scheduler.frameMs())} ms`,
    `screen    wake lock ${awake.status()}, full screen ${fullscreen}`,
    `resumed   ${resumeLine()}`,
  ].join('\n');
}
let taps = [];
screen.addEventListener('pointerdown', () => {
  const t = performance.now();
  taps = [...taps.filter((x) => t - x < 600), t];
  if (taps.length >= 3) {
    taps = [];
    setDebug(debug.hidden);
  }
});

$('calib').value = String(calibrationMs);
$('calib').addEventListener('change', () => {
  calibrationMs = Math.max(-2000, Math.min(2000, Math.round(Number($('calib').value) || 0)));
  $('calib').value = String(calibrationMs);
  store.set('cuecast.calibrationMs', String(calibrationMs));
  player.setCalibration(calibrationMs);
});
$('flash').addEventListener('click', () => player.testFlash());
$('calib-close').addEventListener('click', () => setDebug(false));

if (seat !== null) {
  $('seat').value = String(seat);
  if (params.has('seat')) $('seat-row').hidden = true;
}
$('go').addEventListener('click', begin);
const lifecycle = watchResume({
  document, window, wallNow: () => Date.now(), setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id), onResume,
});
function resumeLine() {
  const r = lifecycle.stats();
  return `${r.visible} visible, ${r.pageshow} pageshow, ${r.resume} resume, ${r['timers slept']} timers slept`;
}
addEventListener('online', () => poller.pollNow());
setDebug(params.get('debug') === '1');

let registration = null;
if ('serviceWorker' in navigator) {
  // Scope: this page alone (/show), never the operator console or anything else on the origin.
  navigator.serviceWorker.register('show-sw.js', { scope: 'show', updateViaCache: 'none' })
    .then((r) => { registration = r; })
    .catch(() => { /* no offline start, the show still runs */ });
}

player.start();
setInterval(() => { checkWallClock(); drawDebug(); }, 250);
