// The coverage line on the operator page: after GO, until the cue's effective_at, what share of the phones
// already holds the new version (GET /api/coverage, once a second); then one line per version in the
// coverage history. Listens for the `cuecast:published` event operator.js sends with each acknowledged write.
import { coverageLine, historyLine } from './coverage-text.js';

const $ = (id) => document.getElementById(id);
const HISTORY_KEY = 'cuecast.coverage-history';
const MAX_HISTORY = 20;
let flight = null; // { version, effectiveAt, serverNow, timer }

async function fetchCoverage(version) {
  const res = await fetch(`/api/coverage?version=${version}`, {
    headers: { Authorization: `Bearer ${sessionStorage.getItem('cuecast.token') ?? ''}` }, cache: 'no-store',
  });
  if (!res.ok) throw new Error(`coverage HTTP ${res.status}`);
  return res.json();
}

function show(line) {
  const el = $('coverage');
  el.textContent = line.text;
  el.title = line.detail;
  el.dataset.state = line.state;
  $('coverage-detail').textContent = line.detail;
}

function loadHistory() {
  try { return JSON.parse(sessionStorage.getItem(HISTORY_KEY) ?? '[]'); } catch { return []; }
}

function renderHistory() {
  $('coverage-history').replaceChildren(...loadHistory().map((text) => Object.assign(document.createElement('li'), { textContent: text })));
}

function addHistory(text) {
  sessionStorage.setItem(HISTORY_KEY, JSON.stringify([text, ...loadHistory()].slice(0, MAX_HISTORY)));
  renderHistory();
}

async function tick() {
  const f = flight;
  if (!f) return;
  const done = f.serverNow() >= f.effectiveAt;
  let c;
  try {
    c = await fetchCoverage(f.version);
  } catch (e) {
    show({ text: `holding v${f.version}: coverage unknown`, detail: e.message, state: 'unknown' });
    c = null;
  }
  if (flight !== f) return; // a newer GO took over while this was in flight
  if (c) show(coverageLine(c, f.serverNow()));
  if (done) {
    clearInterval(f.timer);
    flight = null;
    addHistory(historyLine(c ?? { version: f.version, source: null }));
  }
}

addEventListener('cuecast:published', (event) => {
  const { ack, serverNow } = event.detail;
  if (!Number.isFinite(ack?.effective_at) || ack.effective_at <= serverNow()) return; // blackout, settings
  if (flight) {
    clearInterval(flight.timer);
    addHistory(`v${flight.version}: replaced by v${ack.version} before effective_at`);
  }
  flight = { version: ack.version, effectiveAt: ack.effective_at, serverNow, timer: setInterval(tick, 1000) };
  tick();
});

renderHistory();
