// Rendering for the operator page: each function draws one part of the page from the data it is given.
// Only views.js and operator.js touch the DOM.
import { requestBody, describe, swatchStyle } from './cue-model.js';
import { liveView, countdown, clockTime, describeCue, idleWarning } from './live.js';
import { blackoutLabel } from './blackout.js';

export const $ = (id) => document.getElementById(id);

export const FIELDS = {
  name: 'f-name', mode: 'f-mode', color: 'f-color', period: 'f-period', span: 'f-span', steps: 'f-steps',
  lead: 'f-lead', zone: 'f-zone', draw: 'f-draw', wcolor: 'f-wcolor',
};

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function chip(style) {
  const c = el('span', { className: 'chip' });
  Object.assign(c.style, style);
  return c;
}

export function renderConnection(online) {
  const c = $('conn');
  c.textContent = online ? 'Connected' : 'Offline';
  c.className = `conn ${online ? 'online' : 'offline'}`;
}

/** Which station this page drives: "MAIN" or "STANDBY · name", in the top bar and the tab title. */
export function renderStation(station) {
  if (!station) return;
  const label = station.role === 'standby' ? `STANDBY · ${station.name}` : station.name === 'main' ? 'MAIN' : `MAIN · ${station.name}`;
  $('station').textContent = label;
  $('station').dataset.role = station.role;
  document.title = `Cuecast operator — ${label}`;
}

export function renderBlackout(state) {
  $('blackout-label').textContent = blackoutLabel(state);
  $('blackout').dataset.phase = state.phase;
  $('blackout').disabled = false; // never blocked, not even while another write is in flight
}

/** The top bar, the live table and the pending list, from the server's state at server-now. */
export function renderLive(snapshot, now) {
  const pointer = snapshot?.pointer;
  $('live-version').textContent = pointer ? pointer.version : '–';
  for (const [id, ms] of [['poll-show', 1000], ['poll-idle', 20000]]) {
    $(id).classList.toggle('active', pointer?.poll_ms === ms);
    $(id).setAttribute('aria-pressed', String(pointer?.poll_ms === ms));
  }
  const warning = idleWarning(pointer?.poll_ms);
  $('idle-warning').hidden = !warning;
  $('idle-warning').textContent = warning ?? '';
  const view = liveView(snapshot?.state, now);
  const all = view.inForce.find((r) => r.label === 'all seats')?.cue;
  $('live-mode').textContent = !snapshot?.state ? 'nothing published'
    : all ? describeCue(all) + (view.inForce.length > 1 ? ` (+${view.inForce.length - 1} zone)` : '') : 'dark';
  Object.assign($('live-swatch').style, { filter: '', backgroundSize: '', ...swatchStyle(all ?? { mode: 'off' }) });
  const next = view.pending[0];
  $('live-countdown').textContent = next ? `next ${next.cue.mode} in ${countdown(next.inMs)}` : '';
  $('live-as-of').textContent = pointer ? `v${pointer.version}` : '';

  $('in-force').replaceChildren(...(view.inForce.length ? view.inForce : [{ label: 'all seats', cue: null }]).map(({ label, cue }) =>
    el('tr', {}, el('th', { textContent: label }), el('td', {}, chip(swatchStyle(cue ?? { mode: 'off' }))),
      el('td', { textContent: cue ? describeCue(cue) : snapshot?.state ? 'dark (nothing in force yet)' : 'dark (nothing published)' }),
      el('td', { className: 'time', textContent: cue ? `since ${clockTime(cue.effective_at)}` : '' }))));
  $('pending-count').textContent = view.pending.length ? `(${view.pending.length})` : '';
  const rows = view.pending.slice(0, 50).map(({ label, cue, inMs }) =>
    el('tr', {}, el('th', { className: 'time', textContent: clockTime(cue.effective_at) }),
      el('td', { className: 'countdown', textContent: `in ${countdown(inMs)}` }),
      el('td', {}, chip(swatchStyle(cue))), el('td', { textContent: `${describeCue(cue)} · ${label}` })));
  if (view.pending.length > 50) rows.push(el('tr', {}, el('td', { colSpan: 4, textContent: `… ${view.pending.length - 50} more` })));
  $('pending').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { className: 'hint', textContent: 'no pending cues' }))]));
}

export function renderList(cues, { selected, armedIndex, liveIndex }, onSelect) {
  $('cue-list').replaceChildren(...cues.map((cue, i) => {
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
    const li = el('li', { className: 'cue' },
      el('span', { className: 'num', textContent: String(i + 1) }), chip(style),
      el('span', { className: 'what', textContent: `${cue.name} — ${summary}` }),
      el('span', { className: 'tag', textContent: i === armedIndex ? 'ARMED' : '' }));
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(i === selected));
    li.dataset.index = String(i);
    li.classList.toggle('selected', i === selected);
    li.classList.toggle('armed', i === armedIndex);
    li.classList.toggle('last-go', i === liveIndex);
    li.addEventListener('click', () => onSelect(i));
    return li;
  }));
}

export function fillEditor(cue, number) {
  $('editor-number').textContent = cue ? `${number}` : '';
  if (!cue) return;
  for (const [key, id] of Object.entries(FIELDS)) {
    if (document.activeElement !== $(id)) $(id).value = cue[key];
  }
  if (/^#[0-9a-fA-F]{6}$/.test(cue.color)) $('f-color-pick').value = cue.color.toLowerCase();
  for (const node of document.querySelectorAll('#editor [data-for]')) {
    node.hidden = !node.dataset.for.split(' ').includes(cue.mode);
  }
}

/**
 * The server's verdict on what GO would publish: the state JSON when it passes, else its refusal beside the
 * field it is about. {@code verdict}: {status:'pending'|'ok'|'refused'|'local'|'offline', state?, message?, field?}.
 */
export function renderVerdict(verdict, title) {
  for (const node of document.querySelectorAll('.field-verdict')) node.remove();
  for (const id of Object.values(FIELDS)) $(id).removeAttribute('aria-invalid');
  const line = $('verdict');
  line.dataset.ok = verdict.status;
  const pre = $('preview');
  const err = $('preview-error');
  err.hidden = true;
  switch (verdict.status) {
    case 'ok': {
      const cues = verdict.state.cues;
      line.textContent = `✓ ${title}: the server accepts it. GO now would publish v${verdict.state.version} with ${cues.length} cue${cues.length === 1 ? '' : 's'}.`;
      pre.textContent = stateText(verdict.state);
      const last = verdict.body ?? cues.at(-1);
      Object.assign($('preview-swatch').style, { filter: '', backgroundSize: '', ...swatchStyle(last) });
      break;
    }
    case 'pending':
      line.textContent = `${title}: checking with the server…`;
      break;
    default: {
      line.textContent = verdict.status === 'offline' ? `✗ ${title}: cannot check — ${verdict.message}`
        : `✗ ${title}: refused — ${verdict.message}`;
      pre.textContent = '';
      const input = verdict.field ? $(FIELDS[verdict.field]) : null;
      if (input && !input.closest('[hidden]')) {
        input.setAttribute('aria-invalid', 'true');
        input.after(el('small', { className: 'field-verdict', role: 'alert', textContent: verdict.message }));
      } else {
        err.textContent = verdict.message;
        err.hidden = false;
      }
    }
  }
}

/** The state JSON as sent, one cue per line so a long show stays readable. */
export function stateText(state) {
  const { cues, ...head } = state;
  const top = JSON.stringify(head);
  return `${top.slice(0, -1)},"cues":[\n${cues.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n]}`;
}

export function renderGo({ armed, going, canArm, pollMs }) {
  $('go').disabled = !armed || going;
  $('arm').disabled = !canArm;
  const status = $('go-status');
  status.classList.toggle('armed', Boolean(armed));
  const warning = armed && pollMs > 1000 ? ` ⚠ phones poll every ${pollMs / 1000} s` : '';
  status.textContent = going ? 'Publishing… (BLACKOUT still works: B)'
    : armed ? `ARMED: ${armed.label} — press Space or GO${warning}`
      : canArm ? 'Select a cue, then arm it (Enter).' : 'Arm is possible once the server accepts the cue.';
}

/** The banner: {@code error} {text, kind} or null (hidden). */
export function renderError(error) {
  $('error').hidden = !error;
  if (!error) return;
  $('error').textContent = error.text;
  $('error').dataset.kind = error.kind;
}

/** The log, newest first: {@code entries} [{text, bad, at}]. */
export function renderLog(entries) {
  $('log').replaceChildren(...entries.map(({ text, bad, at }) => {
    const li = el('li', { textContent: `${new Date(at).toLocaleTimeString()} ${text}` });
    li.classList.toggle('bad', bad);
    return li;
  }));
}

const MODE_OPTIONS = ['solid', 'strobe', 'pulse', 'wave', 'off'];

/** The timeline table; each input edits its row through {@code onEdit(index, key, value)}. */
export function renderTimeline(rows, { onEdit, onDelete }) {
  $('tl-rows').replaceChildren(...rows.map((row, i) => {
    const at = el('input', { value: row.at, className: 'tl-at', spellcheck: false });
    at.setAttribute('aria-label', `row ${i + 1} time`);
    at.addEventListener('change', () => onEdit(i, 'at', at.value));
    const mode = el('select', { className: 'tl-mode' }, ...MODE_OPTIONS.map((m) => el('option', { value: m, textContent: m })));
    mode.value = row.mode;
    mode.setAttribute('aria-label', `row ${i + 1} mode`);
    mode.addEventListener('change', () => onEdit(i, 'mode', mode.value));
    const color = el('input', { value: row.color, className: 'tl-color', spellcheck: false });
    color.setAttribute('aria-label', `row ${i + 1} colour`);
    color.addEventListener('change', () => onEdit(i, 'color', color.value));
    const period = el('input', { value: row.period, className: 'tl-period', type: 'number', min: 334 });
    period.setAttribute('aria-label', `row ${i + 1} period`);
    period.addEventListener('change', () => onEdit(i, 'period', period.value));
    const del = el('button', { type: 'button', textContent: '×', title: 'Delete row' });
    del.addEventListener('click', () => onDelete(i));
    return el('tr', {}, el('td', { textContent: String(i + 1) }), el('td', {}, at), el('td', {}, mode),
      el('td', {}, color), el('td', {}, period), el('td', {}, del));
  }));
}

export function renderTimelineVerdict(text, ok) {
  $('tl-verdict').textContent = text;
  $('tl-verdict').dataset.ok = ok === null ? 'pending' : ok ? 'ok' : 'refused';
}
