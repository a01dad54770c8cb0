// The operator page: wiring only. Events from the DOM, the server and the timers go to the console's reducer
// (console-state.js: what is armed, the cue list, the live view, the verdicts, the messages) and the keyboard's map
// (keys.js); this file renders the state it gets back, keeps it in localStorage, and sends what it asks for.
// Other pure parts: cue-model.js, live.js, undo.js, timeline.js, blackout.js, inflight.js; the API client: api.js;
// rendering: views.js.
import { fieldOf, refusalText } from './cue-model.js';
import { createApi } from './api.js';
import { createBlackout } from './blackout.js';
import { createInflight, baseVersion } from './inflight.js';
import { clockTime, describeCue } from './live.js';
import { undoTarget } from './undo.js';
import * as timeline from './timeline.js';
import { initialState, reduce, canArm, canGo, liveIndex, liveAck, timelineSpan } from './console-state.js';
import { keyCommand } from './keys.js';
import * as view from './views.js';

const { $ } = view;
const TOKEN_KEY = 'cuecast.token';
const NAME_KEY = 'cuecast.name';
/** What survives a reload, by state field. */
const SAVED = { cues: 'cuecast.cues', lastGo: 'cuecast.lastGo', undoTrail: 'cuecast.undoTrail', rows: 'cuecast.timeline' };
const DRY_RUN_DEBOUNCE_MS = 150;

let state = initialState({
  cues: loadJson(SAVED.cues, (v) => Array.isArray(v) && v.length > 0),
  lastGo: loadJson(SAVED.lastGo, (v) => v && typeof v === 'object') ?? null,
  undoTrail: loadJson(SAVED.undoTrail, Array.isArray) ?? [],
  rows: loadJson(SAVED.rows, Array.isArray),
});
let offset = 0; // server clock − local clock, ms
const serverNow = () => performance.timeOrigin + performance.now() + offset;

const api = createApi({
  fetch: (...args) => fetch(...args),
  token: () => sessionStorage.getItem(TOKEN_KEY),
  actor: () => sessionStorage.getItem(NAME_KEY),
  // each failed request shows the banner again (another message may have replaced it)
  onConnection: (online) => { if (online !== state.online || (!online && state.error?.kind !== 'offline')) dispatch({ type: 'connection', online }); },
  onUnauthorized: (message) => showLogin(message),
});

/** GO, undo and timeline requests on their way: BLACKOUT aborts them all. */
const inflight = createInflight();

const blackout = createBlackout({
  send: (key) => api.blackout(key),
  newKey: () => crypto.randomUUID(),
  now: () => Date.now(),
  onChange: (b) => {
    dispatch({ type: 'blackout', blackout: b });
    if (b.phase === 'done') { published(b.ack); refreshState(); }
  },
});

function loadJson(key, valid) {
  try {
    const value = JSON.parse(localStorage.getItem(key));
    if (valid(value)) return value;
  } catch { /* start fresh */ }
  return undefined;
}

// --- the loop: event → state → storage, page, dry run --------------------------------------------------------

function dispatch(event) {
  const before = state;
  state = reduce(state, { at: Date.now(), ...event });
  if (state === before) return;
  for (const [field, key] of Object.entries(SAVED)) {
    if (state[field] !== before[field]) localStorage.setItem(key, JSON.stringify(state[field]));
  }
  render(before);
  if (state.checkSeq !== before.checkSeq) scheduleDryRun(state.ask);
}

let listShown = null;

function render(before) {
  const list = { cues: state.cues, selected: state.selected, armedIndex: state.armed?.index ?? null, liveIndex: liveIndex(state, serverNow()) };
  if (!listShown || Object.keys(list).some((k) => list[k] !== listShown[k])) {
    view.renderList(list.cues, list, select);
    listShown = list;
  }
  if (state.cues !== before?.cues || state.selected !== before?.selected) view.fillEditor(state.cues[state.selected], state.selected + 1);
  view.renderGo({ armed: state.armed, going: Boolean(state.going), canArm: canArm(state), pollMs: state.snapshot?.pointer?.poll_ms });
  if (state.panel !== before?.panel) view.renderVerdict(state.panel.verdict, state.panel.title);
  if (state.error !== before?.error) view.renderError(state.error);
  if (state.log !== before?.log) view.renderLog(state.log);
  if (state.blackout !== before?.blackout) view.renderBlackout(state.blackout);
  if (state.online !== before?.online && state.online !== null) view.renderConnection(state.online);
  if (state.snapshot !== before?.snapshot) view.renderLive(state.snapshot, serverNow());
  if (state.rowsLayout !== before?.rowsLayout) {
    view.renderTimeline(state.rows, {
      onEdit: (index, key, value) => dispatch({ type: 'timeline-edit', index, key, value }),
      onDelete: (index) => dispatch({ type: 'timeline-delete', index }),
    });
  }
  if (state.timelineVerdict !== before?.timelineVerdict && state.timelineVerdict) {
    view.renderTimelineVerdict(state.timelineVerdict.text, state.timelineVerdict.ok);
  }
}

/**
 * coverage.js follows each acknowledged write (GO, undo, blackout, timeline, polling) from this event; a BLACKOUT
 * pressed after it is a new one (never a retry of an earlier press).
 */
function published(ack) {
  blackout.superseded();
  dispatchEvent(new CustomEvent('cuecast:published', { detail: { ack, serverNow } }));
}

// --- dry run: the server's verdict on exactly what GO would publish ----------------------------------------

let dryRunTimer = null;

async function dryRun(body, ask = () => api.dryRun(body)) {
  try {
    const answer = await ask();
    return { status: 'ok', state: answer, body };
  } catch (e) {
    return { status: e.status === 0 ? 'offline' : 'refused', message: refusalText(e, clockTime), field: fieldOf(e), code: e.code };
  }
}

/** Asks the server about the selected cue, as the operator edits (debounced; the state drops a stale answer). */
function scheduleDryRun(ask) {
  clearTimeout(dryRunTimer);
  if (!ask) return;
  dryRunTimer = setTimeout(async () => dispatch({ type: 'verdict', seq: ask.seq, verdict: await dryRun(ask.body) }), DRY_RUN_DEBOUNCE_MS);
}

// --- actions ----------------------------------------------------------------------------------------------

/**
 * BLACKOUT wins: the request leaves now, whatever else is in flight; every GO, undo and timeline still on its way
 * is aborted (and refused by the server if it arrives anyway), and whatever is armed is disarmed.
 */
function pressBlackout() {
  const sent = blackout.press();
  dispatch({ type: 'blackout-pressed', dropped: inflight.abortAll() });
  return sent;
}

async function go() {
  if (!canGo(state)) return;
  dispatch({ type: 'go-started' });
  const { armed } = state.going;
  const flight = inflight.start();
  let ack = null;
  let error = null;
  try {
    const key = crypto.randomUUID();
    const options = { baseVersion: armed.base, signal: flight.signal };
    ack = armed.undo ? await api.undo(armed.body.version, key, options) : await api.cue(armed.body, key, options);
  } catch (e) {
    error = e;
  } finally {
    flight.done();
  }
  dispatch({ type: 'go-answered', ack, error });
  const landed = ack ?? liveAck(error);
  try {
    if (landed) {
      published(landed);
      await refreshState();
    }
  } finally {
    dispatch({ type: 'go-finished' });
  }
}

/** Undo arms the cue that was live before the last one; a second undo steps further back. */
async function armUndo() {
  let found;
  try {
    found = undoTarget((await api.history(200)).history, state.undoTrail);
  } catch (e) {
    dispatch({ type: 'message', text: `Undo: ${e.message}` });
    return;
  }
  if (found.error) {
    dispatch({ type: 'message', text: `Undo: ${found.error}` });
    return;
  }
  const candidate = { label: `UNDO → v${found.target.version} ${describeCue(found.target.cue)}`, body: found.body, undo: { target: found.target } };
  dispatch({ type: 'undo-armed', candidate, verdict: await dryRun(found.body, () => api.dryRunUndo(found.body.version)) });
}

async function setPolling(ms) {
  try {
    const ack = await api.settings(ms, crypto.randomUUID());
    published(ack);
    dispatch({ type: 'log', text: `${ms === 1000 ? 'Show polling (1 s)' : 'Idle polling (20 s)'} → v${ack.version}` });
    await refreshState();
  } catch (e) {
    dispatch({ type: 'message', text: `Polling refused: ${e.message}` });
  }
}

// --- live state -------------------------------------------------------------------------------------------

async function syncClock() {
  try {
    const t0 = performance.timeOrigin + performance.now();
    const res = await fetch('/time', { cache: 'no-store' });
    const { t } = await res.json();
    const t1 = performance.timeOrigin + performance.now();
    offset = t - (t0 + t1) / 2;
  } catch { /* keep the last offset */ }
}

let refreshing = null;
let station = null;

async function refreshState() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      dispatch({ type: 'snapshot', snapshot: await api.state() });
      if (!station) {
        station = await api.station();
        view.renderStation(station);
      }
    } catch { /* the connection badge says so */ }
    view.renderLive(state.snapshot, serverNow());
  })().finally(() => { refreshing = null; });
  return refreshing;
}

// --- timeline ---------------------------------------------------------------------------------------------

async function timelineAction(load) {
  let bodies;
  try {
    const start = Math.round(serverNow() + Math.max(0, Number($('tl-start').value) || 0));
    bodies = timeline.resolve(state.rows, start, -new Date().getTimezoneOffset());
  } catch (e) {
    dispatch({ type: 'timeline-refused', message: e.message });
    return;
  }
  const span = timelineSpan(bodies);
  if (!span) {
    dispatch({ type: 'timeline-refused', message: 'the timeline is empty: add a row' });
    return;
  }
  const sent = { load, span, count: bodies.length };
  dispatch({ type: 'timeline-sent', ...sent });
  const flight = load ? inflight.start() : null;
  try {
    if (load) {
      // what the operator saw: the live version the page shows (the timeline panel has no armed preview)
      const ack = await api.timeline(bodies, crypto.randomUUID(), { baseVersion: baseVersion(null, state.snapshot), signal: flight.signal });
      published(ack);
      dispatch({ type: 'timeline-answered', ...sent, ack });
      await refreshState();
    } else {
      dispatch({ type: 'timeline-answered', ...sent, dryRun: await api.dryRunTimeline(bodies) });
    }
  } catch (error) {
    dispatch({ type: 'timeline-answered', ...sent, error });
    const landed = liveAck(error);
    if (landed) {
      published(landed);
      await refreshState();
    }
  } finally {
    flight?.done();
  }
}

function saveTimeline() {
  const blob = new Blob([timeline.toJson(state.rows)], { type: 'application/json' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: 'cuecast-timeline.json' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function loadTimelineFile() {
  const file = $('tl-file').files[0];
  if (!file) return;
  try {
    dispatch({ type: 'timeline-file', name: file.name, rows: timeline.fromJson(await file.text()) });
  } catch (e) {
    dispatch({ type: 'timeline-file', name: file.name, error: e.message });
  }
  $('tl-file').value = '';
}

// --- login ------------------------------------------------------------------------------------------------

function showLogin(message) {
  const dialog = $('login');
  $('login-error').textContent = message ?? '';
  $('login-error').hidden = !message;
  if (!dialog.open) dialog.showModal();
  $('login-token').focus();
}

async function login(event) {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('login-token').value.trim());
  const name = $('login-name').value.trim();
  if (name) sessionStorage.setItem(NAME_KEY, name); else sessionStorage.removeItem(NAME_KEY);
  try {
    const snapshot = await api.state();
    $('login').close();
    dispatch({ type: 'snapshot', snapshot });
    dispatch({ type: 'recheck' });
    $('cue-list').focus();
  } catch (e) {
    $('login-error').textContent = e.message;
    $('login-error').hidden = false;
  }
}

// --- keyboard ---------------------------------------------------------------------------------------------

/** Where a key was pressed, in keys.js's words. */
function keyTarget(target) {
  if (target instanceof HTMLElement && (target.matches('input, textarea, select') || target.isContentEditable)) return 'field';
  if (target === document.body) return 'body';
  if (target === $('cue-list')) return 'list';
  return target.closest?.('.poll') ? 'poll' : 'other';
}

function onKey(event) {
  const { command, index, preventDefault, blur } = keyCommand({
    key: event.key, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey,
    loginOpen: $('login').open, target: keyTarget(event.target),
  }, state);
  if (preventDefault) event.preventDefault();
  if (command === 'go') go();
  else if (command === 'blackout') pressBlackout();
  else if (command === 'arm') dispatch({ type: 'arm' });
  else if (command === 'disarm') dispatch({ type: 'disarm' });
  else if (command === 'undo') armUndo();
  else if (command === 'select') select(index);
  if (blur) event.target.blur();
}

function select(index) {
  dispatch({ type: 'select', index });
  $('cue-list').children[state.selected]?.scrollIntoView({ block: 'nearest' });
}

// --- draws and QR -----------------------------------------------------------------------------------------

async function createDraw(event) {
  event.preventDefault();
  try {
    const res = await api.draw(Number($('d-seats').value), Number($('d-count').value), crypto.randomUUID());
    $('draw-result').textContent = `Draw ${res.draw}: ${res.count} winners among ${res.seats} seats.`;
    $('v-draw').value = res.draw;
    dispatch({ type: 'clear-message' });
    dispatch({ type: 'log', text: `draw ${res.draw} (${res.count} of ${res.seats})` });
  } catch (e) {
    dispatch({ type: 'message', text: `Draw refused: ${e.message}` });
  }
}

async function verifySeat(event) {
  event.preventDefault();
  const out = $('verify-result');
  try {
    const res = await api.checkSeat($('v-draw').value.trim(), $('v-seat').value.trim());
    out.textContent = res.winner ? `Seat ${res.seat}: WINNER of ${res.draw}` : `Seat ${res.seat}: not a winner of ${res.draw}`;
    out.className = `verdict ${res.winner ? 'yes' : 'no'}`;
    dispatch({ type: 'clear-message' });
  } catch (e) {
    out.textContent = '';
    dispatch({ type: 'message', text: `Verify: ${e.message}` });
  }
}

/** The QR sheet needs the token: fetched here and opened as a document of its own. */
async function openQrSheet(event) {
  event.preventDefault();
  const form = new FormData($('qr-form'));
  const tab = window.open('', '_blank');
  try {
    const res = await fetch(`/operator/qr?from=${encodeURIComponent(form.get('from'))}&to=${encodeURIComponent(form.get('to'))}`,
      { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` } });
    if (!res.ok) throw new Error((await res.json().catch(() => null))?.message ?? `HTTP ${res.status}`);
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
    if (tab) tab.location = url; else location.assign(url);
  } catch (e) {
    tab?.close();
    dispatch({ type: 'message', text: `QR sheet: ${e.message}` });
  }
}

// --- wiring -----------------------------------------------------------------------------------------------

function readEditor() {
  dispatch({ type: 'edit', fields: Object.fromEntries(Object.entries(view.FIELDS).map(([key, id]) => [key, $(id).value])) });
}

function init() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem(TOKEN_KEY, hash.get('token'));
    history.replaceState(null, '', location.pathname + location.search); // keep the token out of the address bar
  }
  $('login-form').addEventListener('submit', login);
  $('login').addEventListener('cancel', (e) => e.preventDefault());
  $('editor').addEventListener('input', readEditor);
  $('editor').addEventListener('submit', (e) => e.preventDefault());
  $('f-color-pick').addEventListener('input', () => {
    $('f-color').value = $('f-color-pick').value.toUpperCase();
    readEditor();
  });
  for (const [id, op] of [['cue-add', 'add'], ['cue-dup', 'duplicate'], ['cue-del', 'delete'], ['cue-up', 'up'], ['cue-down', 'down']]) {
    $(id).addEventListener('click', () => dispatch({ type: 'list', op }));
  }
  $('arm').addEventListener('click', () => dispatch({ type: 'arm' }));
  $('go').addEventListener('click', go);
  $('disarm').addEventListener('click', () => dispatch({ type: 'disarm' }));
  $('undo').addEventListener('click', armUndo);
  $('blackout').addEventListener('click', pressBlackout);
  $('poll-show').addEventListener('click', () => setPolling(1000));
  $('poll-idle').addEventListener('click', () => setPolling(20000));
  $('draw-form').addEventListener('submit', createDraw);
  $('verify-form').addEventListener('submit', verifySeat);
  $('qr-form').addEventListener('submit', openQrSheet);
  $('tl-add').addEventListener('click', () => dispatch({ type: 'timeline-add' }));
  $('tl-save').addEventListener('click', saveTimeline);
  $('tl-file').addEventListener('change', loadTimelineFile);
  $('tl-preview').addEventListener('click', () => timelineAction(false));
  $('tl-load').addEventListener('click', () => timelineAction(true));
  document.addEventListener('keydown', onKey);

  render(null);
  if (sessionStorage.getItem(TOKEN_KEY)) {
    refreshState().then(() => { if (!state.snapshot) showLogin(); });
  } else {
    showLogin();
  }
  syncClock();
  setInterval(syncClock, 10_000);
  setInterval(() => { if (!$('login').open) refreshState(); }, 1_000);
  setInterval(() => { view.renderLive(state.snapshot, serverNow()); }, 100);
}

init();
