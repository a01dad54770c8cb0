// The operator page: build a cue list, arm a cue, GO. Blackout is always one key away. Every error shows the
// API's own message. Only this module touches the DOM; cue-model.js holds the pure parts.
import { newCue, requestBody, describe, swatchStyle, republishBody } from './cue-model.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'cuecast.token';
const NAME_KEY = 'cuecast.name';
const CUES_KEY = 'cuecast.cues';

const page = {
  cues: loadCues(),
  selected: 0,
  armed: null, // index of the armed cue
  lastGo: null,
  busy: false,
  snapshot: null,
  offset: 0, // server clock − local clock, ms
};

// --- API ------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body, { idempotencyKey } = {}) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` };
  const name = sessionStorage.getItem(NAME_KEY);
  // header values are Latin-1: the server takes the name percent-encoded as UTF-8 (any Unicode, up to 64 characters)
  if (name) headers['X-Cuecast-Actor'] = encodeURIComponent(name.trim());
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const init = { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) };
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    // One retry on a network failure; the Idempotency-Key makes a POST that did arrive count once.
    try {
      res = await fetch(path, init);
    } catch {
      setConnection(false);
      throw new ApiError(0, 'offline', 'cannot reach the server: check the network and that it is running');
    }
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* shown below */ }
  if (!res.ok) {
    if (res.status === 401) showLogin('The token was refused: log in again.');
    let message = json?.message ?? `HTTP ${res.status}`;
    // A flash refusal names the earliest effective_at that fits: show it as a clock time the operator can use.
    if (json?.error === 'flash_limit' && Number.isFinite(json.earliest_effective_at)) {
      message += ` — earliest allowed: ${new Date(json.earliest_effective_at).toLocaleTimeString([], { hour12: false })}`
        + `.${String(json.earliest_effective_at % 1000).padStart(3, '0')}`;
    }
    throw new ApiError(res.status, json?.error ?? 'http_' + res.status, message);
  }
  return json;
}

async function publishWrite(label, path, body) {
  if (page.busy) return null;
  page.busy = true;
  renderGo();
  try {
    const ack = await api('POST', path, body, { idempotencyKey: crypto.randomUUID() });
    clearError();
    log(`${label} → v${ack.version}`);
    dispatchEvent(new CustomEvent('cuecast:published', { detail: { ack, serverNow } })); // coverage.js
    await refreshState();
    return ack;
  } catch (e) {
    showError(`${label} refused: ${e.message}`);
    log(`${label} refused (${e.code})`, true);
    return null;
  } finally {
    page.busy = false;
    renderGo();
  }
}

// --- actions ----------------------------------------------------------------------------------------------

async function go() {
  if (page.armed === null || page.busy) return;
  const index = page.armed;
  const cue = page.cues[index];
  let body;
  try {
    body = requestBody(cue);
  } catch (e) {
    showError(e.message);
    return;
  }
  const ack = await publishWrite(`GO ${cue.name}`, '/api/cues', body);
  if (ack) {
    page.lastGo = index;
    page.armed = null;
    page.selected = Math.min(index + 1, page.cues.length - 1); // the playhead moves on, disarmed
    render();
  }
}

function blackout() {
  page.armed = null;
  render();
  return publishWrite('BLACKOUT', '/api/blackout');
}

async function undo() {
  let entries;
  try {
    entries = (await api('GET', '/api/history?limit=20')).history.filter((e) => e.action !== 'settings');
  } catch (e) {
    showError(`Undo: ${e.message}`);
    return;
  }
  const previous = entries[1];
  if (!previous) {
    showError('Undo: there is no earlier cue to go back to.');
    return;
  }
  if (previous.action === 'blackout') {
    await publishWrite(`UNDO → blackout (v${previous.version})`, '/api/blackout');
  } else {
    await publishWrite(`UNDO → v${previous.version} ${previous.cue.mode}`, '/api/cues', republishBody(previous.cue));
  }
}

function arm() {
  if (page.cues.length === 0) return;
  try {
    requestBody(page.cues[page.selected]);
  } catch (e) {
    showError(`Cannot arm: ${e.message}`);
    return;
  }
  page.armed = page.selected;
  render();
}

function disarm() {
  page.armed = null;
  render();
}

async function setPolling(ms) {
  await publishWrite(ms === 1000 ? 'Show polling (1 s)' : 'Idle polling (20 s)', '/api/settings', { poll_ms: ms });
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

const serverNow = () => performance.timeOrigin + performance.now() + page.offset;

async function refreshState() {
  try {
    page.snapshot = await api('GET', '/api/state');
    setConnection(true);
  } catch (e) {
    if (e.status !== 401) setConnection(false);
  }
  renderLive();
}

function setConnection(online) {
  const el = $('conn');
  el.textContent = online ? 'Connected' : 'Offline';
  el.className = `conn ${online ? 'online' : 'offline'}`;
}

function cueInForce(cues, now) {
  let current = null;
  let next = null;
  for (const cue of cues) {
    if (cue.zone) continue;
    if (cue.effective_at <= now) current = cue;
    else if (!next) next = cue;
  }
  return { current, next };
}

function renderLive() {
  const snap = page.snapshot;
  const pointer = snap?.pointer;
  $('live-version').textContent = pointer ? pointer.version : '–';
  $('poll-show').classList.toggle('active', pointer?.poll_ms === 1000);
  $('poll-idle').classList.toggle('active', pointer?.poll_ms === 20000);
  $('poll-show').setAttribute('aria-pressed', String(pointer?.poll_ms === 1000));
  $('poll-idle').setAttribute('aria-pressed', String(pointer?.poll_ms === 20000));
  if (!snap?.state) {
    $('live-mode').textContent = 'nothing published';
    $('live-countdown').textContent = '';
    return;
  }
  const now = serverNow();
  const { current, next } = cueInForce(snap.state.cues, now);
  const shown = next ?? current;
  $('live-mode').textContent = current ? `${current.mode}${current.color ? ' ' + current.color : ''}` : 'dark';
  Object.assign($('live-swatch').style, { filter: '', backgroundSize: '', ...swatchStyle(current ?? { mode: 'off' }) });
  $('live-countdown').textContent = next
    ? `next ${next.mode} in ${((next.effective_at - now) / 1000).toFixed(1)} s`
    : shown ? `since ${new Date(shown.effective_at).toLocaleTimeString()}` : '';
}

// --- cue list and editor -----------------------------------------------------------------------------------

function loadCues() {
  try {
    const saved = JSON.parse(localStorage.getItem(CUES_KEY));
    if (Array.isArray(saved) && saved.length) return saved;
  } catch { /* start fresh */ }
  return [newCue(1)];
}

function saveCues() {
  localStorage.setItem(CUES_KEY, JSON.stringify(page.cues));
}

const FIELDS = {
  name: 'f-name', mode: 'f-mode', color: 'f-color', period: 'f-period', span: 'f-span', steps: 'f-steps',
  lead: 'f-lead', zone: 'f-zone', draw: 'f-draw', wcolor: 'f-wcolor',
};

function fillEditor() {
  const cue = page.cues[page.selected];
  $('editor-number').textContent = cue ? `${page.selected + 1}` : '';
  if (!cue) return;
  for (const [key, id] of Object.entries(FIELDS)) {
    if (document.activeElement !== $(id)) $(id).value = cue[key];
  }
  if (/^#[0-9a-fA-F]{6}$/.test(cue.color)) $('f-color-pick').value = cue.color.toLowerCase();
  for (const el of document.querySelectorAll('#editor [data-for]')) {
    el.hidden = !el.dataset.for.split(' ').includes(cue.mode);
  }
}

function readEditor() {
  const cue = page.cues[page.selected];
  if (!cue) return;
  for (const [key, id] of Object.entries(FIELDS)) cue[key] = $(id).value;
  if (page.armed === page.selected) page.armed = null; // an edited cue must be armed again
  saveCues();
  render();
}

function renderPreview() {
  const cue = page.cues[page.selected];
  const pre = $('preview');
  const err = $('preview-error');
  if (!cue) { pre.textContent = ''; return; }
  try {
    const body = requestBody(cue);
    pre.textContent = JSON.stringify(body, null, 1);
    err.hidden = true;
    Object.assign($('preview-swatch').style, { filter: '', backgroundSize: '', ...swatchStyle(body) });
  } catch (e) {
    pre.textContent = '';
    err.textContent = e.message;
    err.hidden = false;
  }
}

function renderList() {
  const list = $('cue-list');
  list.replaceChildren(...page.cues.map((cue, i) => {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(i === page.selected));
    li.dataset.index = String(i);
    li.classList.toggle('selected', i === page.selected);
    li.classList.toggle('armed', i === page.armed);
    li.classList.toggle('last-go', i === page.lastGo);
    let summary;
    let style;
    try {
      const body = requestBody(cue);
      summary = describe(body);
      style = swatchStyle(body);
    } catch (e) {
      summary = `⚠ ${e.message}`;
      style = { background: '#333' };
    }
    const num = Object.assign(document.createElement('span'), { className: 'num', textContent: String(i + 1) });
    const chip = Object.assign(document.createElement('span'), { className: 'chip' });
    Object.assign(chip.style, style);
    const what = Object.assign(document.createElement('span'), { className: 'what', textContent: `${cue.name} — ${summary}` });
    const tag = Object.assign(document.createElement('span'), { className: 'tag', textContent: i === page.armed ? 'ARMED' : '' });
    li.append(num, chip, what, tag);
    li.addEventListener('click', () => select(i));
    return li;
  }));
}

function renderGo() {
  const armed = page.armed !== null ? page.cues[page.armed] : null;
  $('go').disabled = !armed || page.busy;
  $('arm').disabled = page.cues.length === 0 || page.busy;
  $('blackout').disabled = false; // never blocked, not even while another write is in flight
  const status = $('go-status');
  status.classList.toggle('armed', Boolean(armed));
  status.textContent = page.busy ? 'Publishing…'
    : armed ? `ARMED: ${page.armed + 1} ${armed.name} — press Space or GO`
      : 'Select a cue, then arm it (Enter).';
}

function render() {
  renderList();
  fillEditor();
  renderPreview();
  renderGo();
}

function select(i) {
  if (page.cues.length === 0) return;
  page.selected = Math.max(0, Math.min(i, page.cues.length - 1));
  render();
  $('cue-list').children[page.selected]?.scrollIntoView({ block: 'nearest' });
}

function editList(change) {
  change();
  page.armed = null;
  saveCues();
  render();
}

// --- errors and log -------------------------------------------------------------------------------------

function showError(message) {
  const el = $('error');
  el.textContent = message;
  el.hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

function log(text, bad = false) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  li.classList.toggle('bad', bad);
  $('log').prepend(li);
  while ($('log').children.length > 50) $('log').lastChild.remove();
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
    page.snapshot = await api('GET', '/api/state');
    $('login').close();
    setConnection(true);
    renderLive();
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
  else if (key === 'b' || key === 'B') { event.preventDefault(); blackout(); }
  else if (key === 'u' || key === 'U') { event.preventDefault(); undo(); }
  else if (key === 'Enter' && (event.target === document.body || event.target === $('cue-list'))) { event.preventDefault(); arm(); }
  else if (key === 'ArrowDown' && !event.target.closest?.('.poll')) { event.preventDefault(); select(page.selected + 1); }
  else if (key === 'ArrowUp' && !event.target.closest?.('.poll')) { event.preventDefault(); select(page.selected - 1); }
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
  $('undo').addEventListener('click', undo);
  $('blackout').addEventListener('click', blackout);
  $('poll-show').addEventListener('click', () => setPolling(1000));
  $('poll-idle').addEventListener('click', () => setPolling(20000));
  $('draw-form').addEventListener('submit', createDraw);
  $('verify-form').addEventListener('submit', verifySeat);
  document.addEventListener('keydown', onKey);

  render();
  if (sessionStorage.getItem(TOKEN_KEY)) {
    refreshState().then(() => { if (!page.snapshot) showLogin(); });
  } else {
    showLogin();
  }
  syncClock();
  setInterval(syncClock, 10_000);
  setInterval(() => { if (!$('login').open) refreshState(); }, 1_000);
  setInterval(renderLive, 100);
}

function move(delta) {
  const to = page.selected + delta;
  if (to < 0 || to >= page.cues.length) return;
  const [cue] = page.cues.splice(page.selected, 1);
  page.cues.splice(to, 0, cue);
  page.selected = to;
}

async function createDraw(event) {
  event.preventDefault();
  const body = { seats: Number($('d-seats').value), count: Number($('d-count').value) };
  try {
    const res = await api('POST', '/api/draws', body, { idempotencyKey: crypto.randomUUID() });
    $('draw-result').textContent = `Draw ${res.draw}: ${res.count} winners among ${res.seats} seats.`;
    $('v-draw').value = res.draw;
    clearError();
    log(`draw ${res.draw} (${res.count} of ${res.seats})`);
  } catch (e) {
    showError(`Draw refused: ${e.message}`);
  }
}

async function verifySeat(event) {
  event.preventDefault();
  const el = $('verify-result');
  const draw = encodeURIComponent($('v-draw').value.trim());
  const seat = encodeURIComponent($('v-seat').value.trim());
  try {
    const res = await api('GET', `/api/draws/${draw}/seats/${seat}`);
    el.textContent = res.winner ? `Seat ${res.seat}: WINNER of ${res.draw}` : `Seat ${res.seat}: not a winner of ${res.draw}`;
    el.className = `verdict ${res.winner ? 'yes' : 'no'}`;
    clearError();
  } catch (e) {
    el.textContent = '';
    showError(`Verify: ${e.message}`);
  }
}

init();
