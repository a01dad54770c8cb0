// The operator page: wiring only. Arm a cue the server has checked (dry run), GO, BLACKOUT always one key away
// on its own path, undo as an armed cue, a timeline loaded in one publish, and what is live from the server's
// state. Every GO, undo and timeline says what the operator saw (base_version) and is aborted by BLACKOUT.
// Pure parts: cue-model.js, live.js, undo.js, timeline.js, blackout.js, inflight.js; the API client: api.js;
// rendering: views.js.
import { newCue, requestBody, fieldOf, refusalText } from './cue-model.js';
import { createApi } from './api.js';
import { createBlackout } from './blackout.js';
import { createInflight, writeOutcome, baseVersion } from './inflight.js';
import { liveView, clockTime, describeCue } from './live.js';
import { undoTarget, recordUndo } from './undo.js';
import * as timeline from './timeline.js';
import * as view from './views.js';

const { $ } = view;
const TOKEN_KEY = 'cuecast.token';
const NAME_KEY = 'cuecast.name';
const CUES_KEY = 'cuecast.cues';
const LAST_GO_KEY = 'cuecast.lastGo';
const UNDO_KEY = 'cuecast.undoTrail';
const TIMELINE_KEY = 'cuecast.timeline';
const DRY_RUN_DEBOUNCE_MS = 150;

const page = {
  cues: loadJson(CUES_KEY, (v) => Array.isArray(v) && v.length > 0, () => [newCue(1)]),
  selected: 0,
  /** base: the live version the armed preview was built on, sent as base_version
   * @type {{label: string, body: object, base: number, index?: number, undo?: {target: object}} | null} */
  armed: null,
  going: false,
  snapshot: null,
  offset: 0, // server clock − local clock, ms
  verdict: { status: 'pending' },
  verdictKey: null, // JSON of the body the verdict is about
  lastGo: loadJson(LAST_GO_KEY, (v) => v && typeof v === 'object', () => null),
  undoTrail: loadJson(UNDO_KEY, Array.isArray, () => []),
  rows: loadJson(TIMELINE_KEY, Array.isArray, () => [timeline.newRow()]),
};

const api = createApi({
  fetch: (...args) => fetch(...args),
  token: () => sessionStorage.getItem(TOKEN_KEY),
  actor: () => sessionStorage.getItem(NAME_KEY),
  onConnection: setConnection,
  onUnauthorized: (message) => showLogin(message),
});

/** GO, undo and timeline requests on their way: BLACKOUT aborts them all. */
const inflight = createInflight();

const blackout = createBlackout({
  send: (key) => api.blackout(key),
  newKey: () => crypto.randomUUID(),
  now: () => Date.now(),
  onChange: (state) => {
    view.renderBlackout(state);
    if (state.phase === 'done') { view.log(`BLACKOUT → v${state.version}`); published(state.ack); refreshState(); }
    if (state.phase === 'failed') { view.log(`BLACKOUT failed: ${state.error}`, true); view.showError(`BLACKOUT failed: ${state.error}. Press B to retry.`, 'blackout'); }
  },
});

function loadJson(key, valid, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key));
    if (valid(value)) return value;
  } catch { /* start fresh */ }
  return fallback();
}

/**
 * coverage.js follows each acknowledged write (GO, undo, blackout, timeline, polling) from this event; a BLACKOUT
 * pressed after it is a new one (never a retry of an earlier press).
 */
function published(ack) {
  blackout.superseded();
  dispatchEvent(new CustomEvent('cuecast:published', { detail: { ack, serverNow } }));
}

function save(key, value) {
  localStorage.setItem(key, JSON.stringify(value));
}

const serverNow = () => performance.timeOrigin + performance.now() + page.offset;

// --- actions ----------------------------------------------------------------------------------------------

/**
 * BLACKOUT wins: the request leaves now, whatever else is in flight; every GO, undo and timeline still on its way
 * is aborted (and refused by the server if it arrives anyway), and whatever is armed is disarmed.
 */
function pressBlackout() {
  page.armed = null;
  view.clearError('blackout');
  const sent = blackout.press();
  const dropped = inflight.abortAll();
  if (dropped > 0) view.log(`BLACKOUT aborted ${dropped} request${dropped === 1 ? '' : 's'} on its way`);
  page.verdictKey = null; // a preview built before the blackout must not arm a cue after it
  render();
  return sent;
}

async function go() {
  const armed = page.armed;
  if (!armed || page.going) return;
  page.going = true;
  renderGo();
  const flight = inflight.start();
  const blackoutsBefore = blackout.state().at ?? 0;
  let ack = null;
  try {
    const key = crypto.randomUUID();
    const options = { baseVersion: armed.base, signal: flight.signal };
    ack = armed.undo ? await api.undo(armed.body.version, key, options) : await api.cue(armed.body, key, options);
    view.clearError();
    view.log(`GO ${armed.label} → v${ack.version}${(blackout.state().at ?? 0) > blackoutsBefore ? ' (answered after BLACKOUT)' : ''}`);
  } catch (e) {
    const outcome = writeOutcome(e);
    if (outcome === 'live') {
      // live all the same: sending it again would play it twice
      ack = { version: e.body.version, effective_at: e.body.effective_at, state: e.body.state };
      view.showError(`GO ${armed.label}: LIVE v${ack.version}, but ${e.code === 'landed_late' ? 'confirmed late' : 'not recorded yet'} — do NOT send it again. ${e.message}`, 'live');
      view.log(`GO ${armed.label} → LIVE v${ack.version} (${e.code}: do not resend)`, true);
    } else if (outcome === 'blackout') {
      view.showError(`GO ${armed.label} dropped by BLACKOUT: nothing of it is live, and it was not sent again. Check the live view; arm it again to show it.`, 'dropped');
      view.log(`GO ${armed.label} dropped by BLACKOUT (${e.code === 'blacked_out' ? 'refused by the server' : 'aborted on its way'})`, true);
    } else {
      view.showError(`GO ${armed.label} refused: ${refusalText(e, clockTime)}`);
      view.log(`GO ${armed.label} refused (${e.code})`, true);
    }
  } finally {
    flight.done();
  }
  try {
    if (ack) {
      published(ack);
      if (armed.undo) {
        page.undoTrail = recordUndo(page.undoTrail, ack.version, armed.undo.target.version);
        save(UNDO_KEY, page.undoTrail);
      } else {
        page.lastGo = { index: armed.index, effective_at: ack.effective_at, mode: armed.body.mode };
        save(LAST_GO_KEY, page.lastGo);
        page.selected = Math.min(armed.index + 1, page.cues.length - 1); // the playhead moves on, disarmed
      }
      if (page.armed === armed) page.armed = null;
      await refreshState();
    }
  } finally {
    page.going = false;
    render();
  }
}

// Arming while a GO is still on its way is allowed (the next cue is ready the moment it lands); GO waits for it.
function arm() {
  if (page.cues.length === 0) return;
  const cue = page.cues[page.selected];
  let body;
  try {
    body = requestBody(cue);
  } catch (e) {
    view.showError(`Cannot arm: ${e.message}`);
    return;
  }
  if (!verdictPasses(body)) {
    view.showError(`Cannot arm: ${page.verdict.status === 'pending' ? 'the server has not checked this cue yet' : page.verdict.message}`);
    return;
  }
  view.clearError();
  page.armed = { label: `${page.selected + 1} ${cue.name}`, body, index: page.selected, base: baseVersion(page.verdict.state, page.snapshot) };
  render();
}

/** Undo arms the cue that was live before the last one; a second undo steps further back. */
async function armUndo() {
  let found;
  try {
    found = undoTarget((await api.history(200)).history, page.undoTrail);
  } catch (e) {
    view.showError(`Undo: ${e.message}`);
    return;
  }
  if (found.error) {
    view.showError(`Undo: ${found.error}`);
    return;
  }
  const candidate = { label: `UNDO → v${found.target.version} ${describeCue(found.target.cue)}`, body: found.body, undo: { target: found.target } };
  const verdict = await dryRun(found.body, () => api.dryRunUndo(found.body.version));
  renderVerdictFor(candidate.label, verdict);
  if (verdict.status !== 'ok') {
    view.showError(`Cannot arm ${candidate.label}: ${verdict.message}`);
    return;
  }
  view.clearError();
  page.armed = { ...candidate, base: baseVersion(verdict.state, page.snapshot) };
  render(false);
}

function disarm() {
  page.armed = null;
  render();
}

async function setPolling(ms) {
  try {
    const ack = await api.settings(ms, crypto.randomUUID());
    published(ack);
    view.log(`${ms === 1000 ? 'Show polling (1 s)' : 'Idle polling (20 s)'} → v${ack.version}`);
    await refreshState();
  } catch (e) {
    view.showError(`Polling refused: ${e.message}`);
  }
}

// --- dry run: the server's verdict on exactly what GO would publish ----------------------------------------

let dryRunSeq = 0;
let dryRunTimer = null;

async function dryRun(body, ask = () => api.dryRun(body)) {
  try {
    const state = await ask();
    return { status: 'ok', state, body };
  } catch (e) {
    return { status: e.status === 0 ? 'offline' : 'refused', message: refusalText(e, clockTime), field: fieldOf(e), code: e.code };
  }
}

function verdictPasses(body) {
  return page.verdict.status === 'ok' && page.verdictKey === JSON.stringify(body);
}

/** Asks the server about the selected cue, as the operator edits (debounced; a stale answer is dropped). */
function checkSelected() {
  clearTimeout(dryRunTimer);
  const cue = page.cues[page.selected];
  if (!cue || page.armed?.undo) return;
  let body;
  try {
    body = requestBody(cue);
  } catch (e) {
    page.verdict = { status: 'local', message: e.message, field: /step/.test(e.message) ? 'steps' : /zone/.test(e.message) ? 'zone' : null };
    page.verdictKey = null;
    renderVerdictFor(`Cue ${page.selected + 1}`, page.verdict);
    renderGo();
    return;
  }
  const key = JSON.stringify(body);
  if (key !== page.verdictKey) {
    page.verdict = { status: 'pending' };
    page.verdictKey = key;
    renderVerdictFor(`Cue ${page.selected + 1}`, page.verdict);
    renderGo();
  }
  const seq = ++dryRunSeq;
  dryRunTimer = setTimeout(async () => {
    const verdict = await dryRun(body);
    if (seq !== dryRunSeq || page.armed?.undo) return; // an armed undo owns the preview until GO or disarm
    page.verdict = verdict;
    page.verdictKey = key;
    if (page.armed && !page.armed.undo && JSON.stringify(page.armed.body) === key && verdict.status === 'refused') {
      page.armed = null; // the server would refuse it now (e.g. the show changed): it must be armed again
    }
    renderVerdictFor(`Cue ${page.selected + 1}`, verdict);
    renderGo();
    renderListNow();
  }, DRY_RUN_DEBOUNCE_MS);
}

function renderVerdictFor(title, verdict) {
  view.renderVerdict(verdict, title);
}

// --- live state -------------------------------------------------------------------------------------------

async function syncClock() {
  try {
    const t0 = performance.timeOrigin + performance.now();
    const res = await fetch('/time', { cache: 'no-store' });
    const { t } = await res.json();
    const t1 = performance.timeOrigin + performance.now();
    page.offset = t - (t0 + t1) / 2;
  } catch { /* keep the last offset */ }
}

let refreshing = null;
let station = null;

async function refreshState() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    const before = page.snapshot?.pointer?.version;
    try {
      page.snapshot = await api.state();
      if (!station) {
        station = await api.station();
        view.renderStation(station);
      }
    } catch { /* the connection badge says so */ }
    view.renderLive(page.snapshot, serverNow());
    const blackoutVersion = page.snapshot?.pointer?.blackout;
    if (page.armed && Number.isInteger(blackoutVersion) && blackoutVersion > page.armed.base) {
      // a BLACKOUT (from any station) landed after this cue was previewed: GO would be refused, so disarm now
      view.showError(`Disarmed ${page.armed.label}: BLACKOUT v${blackoutVersion} landed after it was armed. Arm it again to show it.`, 'dropped');
      page.armed = null;
      renderGo();
      renderListNow();
    }
    if (page.snapshot?.pointer?.version !== before) {
      page.verdictKey = null; // what GO would publish depends on the live state: ask again
      checkSelected();
      renderListNow();
    }
  })().finally(() => { refreshing = null; });
  return refreshing;
}

function setConnection(online) {
  view.renderConnection(online);
  if (online) view.clearError('offline');
  else view.showError('Cannot reach the server: check the network and that it is running. Retrying every second.', 'offline');
}

/** The ▶ marker: the list cue last sent with GO, while that cue is still in the live state. */
function liveIndex() {
  const go = page.lastGo;
  const state = page.snapshot?.state;
  if (!go || !state) return null;
  const stillThere = state.cues.some((c) => c.effective_at === go.effective_at && c.mode === go.mode)
    && !liveView(state, serverNow()).inForce.some(({ cue }) => !cue.zone && cue.effective_at > go.effective_at);
  return stillThere && go.index < page.cues.length ? go.index : null;
}

// --- cue list and editor ------------------------------------------------------------------------------------

function readEditor() {
  const cue = page.cues[page.selected];
  if (!cue) return;
  for (const [key, id] of Object.entries(view.FIELDS)) cue[key] = $(id).value;
  if (page.armed && page.armed.index === page.selected) page.armed = null; // an edited cue must be armed again
  save(CUES_KEY, page.cues);
  render();
}

function renderListNow() {
  view.renderList(page.cues, { selected: page.selected, armedIndex: page.armed?.index ?? null, liveIndex: liveIndex() }, select);
}

function renderGo() {
  const cue = page.cues[page.selected];
  let canArm = false;
  try { canArm = Boolean(cue) && verdictPasses(requestBody(cue)); } catch { /* not writable as JSON */ }
  view.renderGo({ armed: page.armed, going: page.going, canArm, pollMs: page.snapshot?.pointer?.poll_ms });
}

function render(check = true) {
  renderListNow();
  view.fillEditor(page.cues[page.selected], page.selected + 1);
  if (check) checkSelected();
  renderGo();
}

function select(i) {
  if (page.cues.length === 0) return;
  page.selected = Math.max(0, Math.min(i, page.cues.length - 1));
  if (page.armed?.undo) page.armed = null;
  render();
  $('cue-list').children[page.selected]?.scrollIntoView({ block: 'nearest' });
}

function editList(change) {
  change();
  page.armed = null;
  save(CUES_KEY, page.cues);
  render();
}

function move(delta) {
  const to = page.selected + delta;
  if (to < 0 || to >= page.cues.length) return;
  const [cue] = page.cues.splice(page.selected, 1);
  page.cues.splice(to, 0, cue);
  page.selected = to;
}

// --- timeline ---------------------------------------------------------------------------------------------

function renderTimeline() {
  view.renderTimeline(page.rows, {
    onEdit: (i, key, value) => { page.rows[i][key] = value; save(TIMELINE_KEY, page.rows); },
    onDelete: (i) => { page.rows.splice(i, 1); save(TIMELINE_KEY, page.rows); renderTimeline(); },
  });
}

function timelineBodies() {
  const start = Math.round(serverNow() + Math.max(0, Number($('tl-start').value) || 0));
  return timeline.resolve(page.rows, start, -new Date().getTimezoneOffset());
}

async function timelineAction(load) {
  let bodies;
  try {
    bodies = timelineBodies();
  } catch (e) {
    view.renderTimelineVerdict(`✗ ${e.message}`, false);
    return;
  }
  if (bodies.length === 0) {
    view.renderTimelineVerdict('✗ the timeline is empty: add a row', false);
    return;
  }
  const span = `${bodies.length} cue${bodies.length === 1 ? '' : 's'} from ${clockTime(bodies[0].effective_at)} to ${clockTime(bodies.at(-1).effective_at)}`;
  view.renderTimelineVerdict(`${load ? 'Loading' : 'Checking'} ${span}…`, null);
  const flight = load ? inflight.start() : null;
  try {
    if (load) {
      // what the operator saw: the live version the page shows (the timeline panel has no armed preview)
      const ack = await api.timeline(bodies, crypto.randomUUID(), { baseVersion: baseVersion(null, page.snapshot), signal: flight.signal });
      published(ack);
      view.renderTimelineVerdict(`✓ loaded ${span} as v${ack.version}`, true);
      view.log(`TIMELINE ${bodies.length} cues → v${ack.version}`);
      await refreshState();
    } else {
      const state = await api.dryRunTimeline(bodies);
      view.renderTimelineVerdict(`✓ ${span}: the server accepts it (v${state.version} would hold ${state.cues.length} cues)`, true);
    }
  } catch (e) {
    const outcome = writeOutcome(e);
    if (outcome === 'blackout') {
      view.renderTimelineVerdict(`✗ dropped by BLACKOUT: nothing of the timeline is live, and it was not sent again. Load it again to play it.`, false);
      view.log(`TIMELINE dropped by BLACKOUT (${e.code === 'blacked_out' ? 'refused by the server' : 'aborted on its way'})`, true);
    } else if (outcome === 'live') {
      published({ version: e.body.version, effective_at: e.body.effective_at, state: e.body.state });
      view.renderTimelineVerdict(`⚠ LIVE v${e.body.version}, but ${e.code === 'landed_late' ? 'confirmed late' : 'not recorded yet'}: do NOT load it again. ${e.message}`, false);
      view.log(`TIMELINE → LIVE v${e.body.version} (${e.code}: do not resend)`, true);
      await refreshState();
    } else {
      view.renderTimelineVerdict(`✗ ${refusalText(e, clockTime)}`, false);
    }
  } finally {
    flight?.done();
  }
}

function saveTimeline() {
  const blob = new Blob([timeline.toJson(page.rows)], { type: 'application/json' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: 'cuecast-timeline.json' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function loadTimelineFile() {
  const file = $('tl-file').files[0];
  if (!file) return;
  try {
    page.rows = timeline.fromJson(await file.text());
    save(TIMELINE_KEY, page.rows);
    renderTimeline();
    view.renderTimelineVerdict(`Loaded ${page.rows.length} rows from ${file.name}`, true);
  } catch (e) {
    view.renderTimelineVerdict(`✗ ${file.name}: ${e.message}`, false);
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
    page.snapshot = await api.state();
    $('login').close();
    view.renderLive(page.snapshot, serverNow());
    render();
    $('cue-list').focus();
  } catch (e) {
    $('login-error').textContent = e.message;
    $('login-error').hidden = false;
  }
}

// --- keyboard ---------------------------------------------------------------------------------------------

function typing(target) {
  return target instanceof HTMLElement && (target.matches('input, textarea, select') || target.isContentEditable);
}

function onKey(event) {
  if ($('login').open || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'Escape') { disarm(); if (typing(event.target)) event.target.blur(); return; }
  if (typing(event.target)) return;
  const key = event.key;
  if (key === ' ') { event.preventDefault(); go(); } // Space is GO everywhere, never "click the focused button"
  else if (key === 'b' || key === 'B') { event.preventDefault(); pressBlackout(); }
  else if (key === 'u' || key === 'U') { event.preventDefault(); armUndo(); }
  else if (key === 'Enter' && (event.target === document.body || event.target === $('cue-list'))) { event.preventDefault(); arm(); }
  else if (key === 'ArrowDown' && !event.target.closest?.('.poll')) { event.preventDefault(); select(page.selected + 1); }
  else if (key === 'ArrowUp' && !event.target.closest?.('.poll')) { event.preventDefault(); select(page.selected - 1); }
}

// --- draws and QR -----------------------------------------------------------------------------------------

async function createDraw(event) {
  event.preventDefault();
  try {
    const res = await api.draw(Number($('d-seats').value), Number($('d-count').value), crypto.randomUUID());
    $('draw-result').textContent = `Draw ${res.draw}: ${res.count} winners among ${res.seats} seats.`;
    $('v-draw').value = res.draw;
    view.clearError();
    view.log(`draw ${res.draw} (${res.count} of ${res.seats})`);
  } catch (e) {
    view.showError(`Draw refused: ${e.message}`);
  }
}

async function verifySeat(event) {
  event.preventDefault();
  const out = $('verify-result');
  try {
    const res = await api.checkSeat($('v-draw').value.trim(), $('v-seat').value.trim());
    out.textContent = res.winner ? `Seat ${res.seat}: WINNER of ${res.draw}` : `Seat ${res.seat}: not a winner of ${res.draw}`;
    out.className = `verdict ${res.winner ? 'yes' : 'no'}`;
    view.clearError();
  } catch (e) {
    out.textContent = '';
    view.showError(`Verify: ${e.message}`);
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
    view.showError(`QR sheet: ${e.message}`);
  }
}

// --- wiring -----------------------------------------------------------------------------------------------

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
  $('cue-add').addEventListener('click', () => editList(() => {
    page.cues.splice(page.selected + 1, 0, newCue(page.cues.length + 1));
    page.selected += page.cues.length > 1 ? 1 : 0;
  }));
  $('cue-dup').addEventListener('click', () => editList(() => {
    const copy = { ...page.cues[page.selected], name: `${page.cues[page.selected].name} copy` };
    page.cues.splice(page.selected + 1, 0, copy);
    page.selected += 1;
  }));
  $('cue-del').addEventListener('click', () => editList(() => {
    if (page.cues.length <= 1) page.cues = [newCue(1)];
    else page.cues.splice(page.selected, 1);
    page.selected = Math.min(page.selected, page.cues.length - 1);
  }));
  $('cue-up').addEventListener('click', () => editList(() => move(-1)));
  $('cue-down').addEventListener('click', () => editList(() => move(1)));
  $('arm').addEventListener('click', arm);
  $('go').addEventListener('click', go);
  $('disarm').addEventListener('click', disarm);
  $('undo').addEventListener('click', armUndo);
  $('blackout').addEventListener('click', pressBlackout);
  $('poll-show').addEventListener('click', () => setPolling(1000));
  $('poll-idle').addEventListener('click', () => setPolling(20000));
  $('draw-form').addEventListener('submit', createDraw);
  $('verify-form').addEventListener('submit', verifySeat);
  $('qr-form').addEventListener('submit', openQrSheet);
  $('tl-add').addEventListener('click', () => { page.rows.push(timeline.newRow(page.rows.at(-1))); save(TIMELINE_KEY, page.rows); renderTimeline(); });
  $('tl-save').addEventListener('click', saveTimeline);
  $('tl-file').addEventListener('change', loadTimelineFile);
  $('tl-preview').addEventListener('click', () => timelineAction(false));
  $('tl-load').addEventListener('click', () => timelineAction(true));
  document.addEventListener('keydown', onKey);

  view.renderBlackout(blackout.state());
  renderTimeline();
  render(false);
  if (sessionStorage.getItem(TOKEN_KEY)) {
    refreshState().then(() => { if (!page.snapshot) showLogin(); });
  } else {
    showLogin();
  }
  syncClock();
  setInterval(syncClock, 10_000);
  setInterval(() => { if (!$('login').open) refreshState(); }, 1_000);
  setInterval(() => { view.renderLive(page.snapshot, serverNow()); }, 100);
}

init();
