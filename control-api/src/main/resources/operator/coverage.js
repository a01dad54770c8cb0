// The coverage line on the operator page: after GO, until the cue's effective_at, what share of the phones
// already holds the new version (GET /api/coverage, once a second); then one line per version in the
// coverage history, which the control API keeps (GET /api/coverage/history: a reload or a second operator sees
// the same lines). Listens for the `cuecast:published` event operator.js sends with each acknowledged write.
import { coverageLine, historyEntryLine } from './coverage-text.js';

const $ = (id) => document.getElementById(id);
const HISTORY_EVERY_MS = 10_000;
let flight = null; // { version, effectiveAt, serverNow, timer }

async function getJson(path) {
  const res = await fetch(path, {
    headers: { Authorization: `Bearer ${sessionStorage.getItem('cuecast.token') ?? ''}` }, cache: 'no-store',
  });
  if (!res.ok) throw new Error(`coverage HTTP ${res.status}`);
  return res.json();
}

const fetchCoverage = (version) => getJson(`/api/coverage?version=${version}`);

function show(line) {
  const el = $('coverage');
  el.textContent = line.text;
  el.title = line.detail;
  el.dataset.state = line.state;
  $('coverage-detail').textContent = line.detail;
}

async function renderHistory() {
  let entries;
  try {
    ({ entries } = await getJson('/api/coverage/history'));
  } catch {
    return; // not logged in yet, or offline: keep what is shown
  }
  const lines = entries.map(historyEntryLine).filter((line) => line !== null);
  $('coverage-history').replaceChildren(...lines.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
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
    setTimeout(renderHistory, 500); // the server takes its reading at effective_at
  }
}

addEventListener('cuecast:published', (event) => {
  const { ack, serverNow } = event.detail;
  if (!Number.isFinite(ack?.effective_at) || ack.effective_at <= serverNow()) return; // blackout, settings
  if (flight) clearInterval(flight.timer); // the live line follows the newest GO; the server reads each at its effective_at
  flight = { version: ack.version, effectiveAt: ack.effective_at, serverNow, timer: setInterval(tick, 1000) };
  tick();
  renderHistory();
});

renderHistory();
setInterval(renderHistory, HISTORY_EVERY_MS);
