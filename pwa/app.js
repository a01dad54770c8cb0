// The only module that touches globals and the DOM: it wires the pure modules in lib/ to the browser.
import { createPlayer } from './lib/player.js';
import { parseState } from './lib/poller.js';
import { winnerOf } from './lib/winners.js';
import { phoneId } from './lib/phone-id.js';
import { parseSeat } from './lib/validate.js';

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

let wakeLock = null;
let started = false;
function hint(text) {
  $('hint').textContent = text ?? '';
  $('hint').hidden = !text;
}
async function keepAwake() {
  if (!started || document.visibilityState !== 'visible') return;
  if (!('wakeLock' in navigator)) {
    hint('Keep your screen on: set auto-lock to "Never" during the show.');
    return;
  }
  if (wakeLock && !wakeLock.released) return;
  try {
    wakeLock = await navigator.wakeLock.request('screen');
    hint(null);
  } catch {
    hint('Could not keep the screen on: set auto-lock to "Never" during the show.');
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
  const el = document.documentElement;
  if (el.requestFullscreen && !document.fullscreenElement) {
    try { await el.requestFullscreen({ navigationUI: 'hide' }); } catch { /* not allowed here: full-bleed CSS still covers */ }
  }
  await keepAwake();
  player.refresh();
}

function onResume() {
  if (document.visibilityState !== 'visible') return;
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
document.addEventListener('visibilitychange', onResume);
addEventListener('pageshow', onResume);
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
