// The operator console's state and every way it changes: reduce(state, event) → state. Pure: no DOM, no fetch, no
// timers, no clock (an event that needs the time carries it as `at`). operator.js dispatches what happened (a key, a
// click, an answer from the server) and carries out what the state asks for (a dry run: `ask`).
//
// The rules it holds:
// - ARM needs the server's verdict (the dry run) on exactly the selected cue's body; GO needs something armed and no
//   GO on its way. Editing the armed cue, editing the list, a BLACKOUT, a newer BLACKOUT in the live state or a
//   dry run that now refuses the armed body all disarm.
// - Every change a GO could depend on asks the server again (`ask`, debounced by operator.js); an answer to an older
//   question is dropped, and an armed undo owns the verdict panel until GO or disarm.
// - Messages: one banner (`error`, with a kind so one cause clears only its own) and the log, newest first.
import { newCue, requestBody, refusalText } from './cue-model.js';
import { writeOutcome, baseVersion } from './inflight.js';
import { liveView, clockTime } from './live.js';
import { recordUndo } from './undo.js';
import { newRow } from './timeline.js';

export const LOG_LIMIT = 50;

/**
 * @typedef {{ label: string, body: object, base: number, index?: number, undo?: { target: object } }} Armed
 *   base: the live version the armed preview was built on, sent as base_version
 * @typedef {{ status: 'pending'|'ok'|'refused'|'local'|'offline', state?: object, body?: object, message?: string,
 *             field?: string|null, code?: string }} Verdict
 * @typedef {object} ConsoleState
 * @property {object[]} cues the cue list as the operator typed it
 * @property {number} selected
 * @property {Armed|null} armed
 * @property {{ armed: Armed, blackoutAt: number }|null} going a GO on its way (what it sends, the last BLACKOUT then)
 * @property {object|null} snapshot the server's state and pointer (GET /api/state): the live view
 * @property {Verdict} verdict the server's verdict on the selected cue's body `verdictKey` (its JSON)
 * @property {string|null} verdictKey
 * @property {{ title: string, verdict: Verdict }} panel what the verdict panel shows (a cue's, or an undo's)
 * @property {number} checkSeq bumped by every question to the server; answers to older ones are dropped
 * @property {{ seq: number, body: object, key: string }|null} ask the dry run operator.js is to send
 * @property {object|null} lastGo { index, effective_at, mode } of the last cue sent with GO (the ▶ marker)
 * @property {object[]} undoTrail
 * @property {object[]} rows the timeline; `rowsLayout` changes when rows are added, deleted or loaded
 * @property {number} rowsLayout
 * @property {{ text: string, ok: boolean|null }|null} timelineVerdict
 * @property {object} blackout the BLACKOUT button's state (blackout.js)
 * @property {boolean|null} online null until the server answered or failed once
 * @property {{ text: string, kind: string }|null} error the banner
 * @property {{ text: string, bad: boolean, at: number }[]} log newest first, at most LOG_LIMIT
 */

/** @returns {ConsoleState} */
export function initialState({ cues, lastGo = null, undoTrail = [], rows } = {}) {
  const pending = { status: 'pending' };
  return {
    cues: cues?.length ? cues : [newCue(1)],
    selected: 0,
    armed: null,
    going: null,
    snapshot: null,
    verdict: pending,
    verdictKey: null,
    panel: { title: 'Cue 1', verdict: pending },
    checkSeq: 0,
    ask: null,
    lastGo,
    undoTrail,
    rows: rows ?? [newRow()],
    rowsLayout: 0,
    timelineVerdict: null,
    blackout: { phase: 'idle' },
    online: null,
    error: null,
    log: [],
  };
}

// --- questions the page asks of the state ---------------------------------------------------------------------

/** The request body of the selected cue, or null when it cannot be written as JSON. */
function selectedBody(state) {
  const cue = state.cues[state.selected];
  if (!cue) return null;
  try {
    return requestBody(cue);
  } catch {
    return null;
  }
}

/** The server passed exactly this body (and nothing newer was asked since). */
export function verdictPasses(state, body) {
  return state.verdict.status === 'ok' && state.verdictKey === JSON.stringify(body);
}

/** ARM is possible: the server's dry run passed the selected cue as it stands. */
export function canArm(state) {
  const body = selectedBody(state);
  return body !== null && verdictPasses(state, body);
}

/** GO is possible: something is armed and no GO is on its way. */
export function canGo(state) {
  return Boolean(state.armed) && !state.going;
}

/** The ▶ marker: the list cue last sent with GO, while that cue is still the one in force (or pending). */
export function liveIndex(state, now) {
  const go = state.lastGo;
  const live = state.snapshot?.state;
  if (!go || !live) return null;
  const stillThere = live.cues.some((c) => c.effective_at === go.effective_at && c.mode === go.mode)
    && !liveView(live, now).inForce.some(({ cue }) => !cue.zone && cue.effective_at > go.effective_at);
  return stillThere && go.index < state.cues.length ? go.index : null;
}

/** The version a write that went live anyway says it published (502 landed_late / unrecorded), else null. */
export function liveAck(error) {
  if (writeOutcome(error) !== 'live') return null;
  return { version: error.body.version, effective_at: error.body.effective_at, state: error.body.state };
}

/** "3 cues from 20:15:00.0 to 20:15:10.0" for a resolved timeline; null when it is empty. */
export function timelineSpan(bodies, formatTime = clockTime) {
  if (bodies.length === 0) return null;
  return `${bodies.length} cue${bodies.length === 1 ? '' : 's'} from ${formatTime(bodies[0].effective_at)} to ${formatTime(bodies.at(-1).effective_at)}`;
}

// --- small pieces ------------------------------------------------------------------------------------------------

const showError = (state, text, kind = 'error') => ({ ...state, error: { text, kind } });

/** Hides the banner: any message, or only one of {@code kind}. */
const clearError = (state, kind) => (!state.error || (kind && state.error.kind !== kind) ? state : { ...state, error: null });

const log = (state, text, bad, at) => ({ ...state, log: [{ text, bad: Boolean(bad), at }, ...state.log].slice(0, LOG_LIMIT) });

const cueTitle = (state) => `Cue ${state.selected + 1}`;

/**
 * Asks the server about the selected cue again: its verdict turns pending when the body is new, stays when only
 * asked again; a body that cannot be written as JSON is refused here. An armed undo keeps the panel.
 */
function check(state) {
  const checkSeq = state.checkSeq + 1;
  const cue = state.cues[state.selected];
  if (!cue || state.armed?.undo) return { ...state, checkSeq, ask: null };
  let body;
  try {
    body = requestBody(cue);
  } catch (e) {
    const verdict = { status: 'local', message: e.message, field: /step/.test(e.message) ? 'steps' : /zone/.test(e.message) ? 'zone' : null };
    return { ...state, checkSeq, ask: null, verdict, verdictKey: null, panel: { title: cueTitle(state), verdict } };
  }
  const key = JSON.stringify(body);
  const next = { ...state, checkSeq, ask: { seq: checkSeq, body, key } };
  if (key === state.verdictKey) return next;
  const pending = { status: 'pending' };
  return { ...next, verdict: pending, verdictKey: key, panel: { title: cueTitle(state), verdict: pending } };
}

function editList(state, op) {
  const cues = [...state.cues];
  let selected = state.selected;
  switch (op) {
    case 'add':
      cues.splice(selected + 1, 0, newCue(cues.length + 1));
      selected += cues.length > 1 ? 1 : 0;
      break;
    case 'duplicate':
      cues.splice(selected + 1, 0, { ...cues[selected], name: `${cues[selected].name} copy` });
      selected += 1;
      break;
    case 'delete':
      if (cues.length <= 1) cues.splice(0, cues.length, newCue(1));
      else cues.splice(selected, 1);
      selected = Math.min(selected, cues.length - 1);
      break;
    case 'up':
    case 'down': {
      const to = selected + (op === 'up' ? -1 : 1);
      if (to < 0 || to >= cues.length) break;
      const [cue] = cues.splice(selected, 1);
      cues.splice(to, 0, cue);
      selected = to;
      break;
    }
    default:
      throw new Error(`unknown list edit ${op}`);
  }
  return check({ ...state, cues, selected, armed: null });
}

function goAnswered(state, { ack, error, at }) {
  const { armed, blackoutAt } = state.going;
  let next = state;
  let landed = ack ?? null;
  if (ack) {
    next = clearError(next);
    const late = (next.blackout.at ?? 0) > blackoutAt ? ' (answered after BLACKOUT)' : '';
    next = log(next, `GO ${armed.label} → v${ack.version}${late}`, false, at);
  } else {
    const outcome = writeOutcome(error);
    if (outcome === 'live') {
      // live all the same: sending it again would play it twice
      landed = liveAck(error);
      const how = error.code === 'landed_late' ? 'confirmed late' : 'not recorded yet';
      next = showError(next, `GO ${armed.label}: LIVE v${landed.version}, but ${how} — do NOT send it again. ${error.message}`, 'live');
      next = log(next, `GO ${armed.label} → LIVE v${landed.version} (${error.code}: do not resend)`, true, at);
    } else if (outcome === 'blackout') {
      next = showError(next, `GO ${armed.label} dropped by BLACKOUT: nothing of it is live, and it was not sent again. Check the live view; arm it again to show it.`, 'dropped');
      next = log(next, `GO ${armed.label} dropped by BLACKOUT (${error.code === 'blacked_out' ? 'refused by the server' : 'aborted on its way'})`, true, at);
    } else {
      next = showError(next, `GO ${armed.label} refused: ${refusalText(error, clockTime)}`);
      next = log(next, `GO ${armed.label} refused (${error?.code})`, true, at);
    }
  }
  if (!landed) return next;
  if (armed.undo) {
    next = { ...next, undoTrail: recordUndo(next.undoTrail, landed.version, armed.undo.target.version) };
  } else {
    // the playhead moves on, disarmed
    next = {
      ...next,
      lastGo: { index: armed.index, effective_at: landed.effective_at, mode: armed.body.mode },
      selected: Math.min(armed.index + 1, next.cues.length - 1),
    };
  }
  return next.armed === armed ? { ...next, armed: null } : next;
}

function timelineAnswered(state, { load, span, count, ack, dryRun, error, at }) {
  if (!error) {
    if (!load) return { ...state, timelineVerdict: { text: `✓ ${span}: the server accepts it (v${dryRun.version} would hold ${dryRun.cues.length} cues)`, ok: true } };
    return log({ ...state, timelineVerdict: { text: `✓ loaded ${span} as v${ack.version}`, ok: true } }, `TIMELINE ${count} cues → v${ack.version}`, false, at);
  }
  const outcome = writeOutcome(error);
  if (outcome === 'blackout') {
    const next = { ...state, timelineVerdict: { text: '✗ dropped by BLACKOUT: nothing of the timeline is live, and it was not sent again. Load it again to play it.', ok: false } };
    return log(next, `TIMELINE dropped by BLACKOUT (${error.code === 'blacked_out' ? 'refused by the server' : 'aborted on its way'})`, true, at);
  }
  if (outcome === 'live') {
    const how = error.code === 'landed_late' ? 'confirmed late' : 'not recorded yet';
    const next = { ...state, timelineVerdict: { text: `⚠ LIVE v${error.body.version}, but ${how}: do NOT load it again. ${error.message}`, ok: false } };
    return log(next, `TIMELINE → LIVE v${error.body.version} (${error.code}: do not resend)`, true, at);
  }
  return { ...state, timelineVerdict: { text: `✗ ${refusalText(error, clockTime)}`, ok: false } };
}

// --- the reducer -------------------------------------------------------------------------------------------------

/**
 * @param {ConsoleState} state
 * @param {{ type: string, at?: number } & object} event
 * @returns {ConsoleState} the same object when nothing changed
 */
export function reduce(state, event) {
  const at = event.at ?? 0;
  switch (event.type) {
    // the cue list and the editor
    case 'select': {
      if (state.cues.length === 0) return state;
      const selected = Math.max(0, Math.min(event.index, state.cues.length - 1));
      return check({ ...state, selected, armed: state.armed?.undo ? null : state.armed });
    }
    case 'edit': {
      const cue = state.cues[state.selected];
      if (!cue) return state;
      const cues = state.cues.with(state.selected, { ...cue, ...event.fields });
      // an edited cue must be armed again
      const armed = state.armed && state.armed.index === state.selected ? null : state.armed;
      return check({ ...state, cues, armed });
    }
    case 'list':
      return editList(state, event.op);

    // arming, GO and BLACKOUT
    case 'arm': {
      // arming while a GO is still on its way is allowed (the next cue is ready the moment it lands); GO waits for it
      const cue = state.cues[state.selected];
      if (!cue) return state;
      let body;
      try {
        body = requestBody(cue);
      } catch (e) {
        return showError(state, `Cannot arm: ${e.message}`);
      }
      if (!verdictPasses(state, body)) {
        return showError(state, `Cannot arm: ${state.verdict.status === 'pending' ? 'the server has not checked this cue yet' : state.verdict.message}`);
      }
      const armed = { label: `${state.selected + 1} ${cue.name}`, body, index: state.selected, base: baseVersion(state.verdict.state, state.snapshot) };
      return check({ ...clearError(state), armed });
    }
    case 'undo-armed': {
      // {candidate: {label, body, undo}, verdict}: undo arms what was live before the last cue, once the server passed it
      const { candidate, verdict } = event;
      const next = { ...state, panel: { title: candidate.label, verdict } };
      if (verdict.status !== 'ok') return showError(next, `Cannot arm ${candidate.label}: ${verdict.message}`);
      return { ...clearError(next), armed: { ...candidate, base: baseVersion(verdict.state, state.snapshot) } };
    }
    case 'disarm':
      return check({ ...state, armed: null });
    case 'go-started':
      if (!canGo(state)) return state;
      return { ...state, going: { armed: state.armed, blackoutAt: state.blackout.at ?? 0 } };
    case 'go-answered': // {ack} or {error}: what the server (or the network, or BLACKOUT) said
      return state.going ? goAnswered(state, event) : state;
    case 'go-finished': // after the live view was read again
      return check({ ...state, going: null });
    case 'blackout-pressed': {
      // BLACKOUT wins: whatever is armed is disarmed, and a preview built before it must not arm a cue after it
      let next = clearError({ ...state, armed: null }, 'blackout');
      const n = event.dropped ?? 0;
      if (n > 0) next = log(next, `BLACKOUT aborted ${n} request${n === 1 ? '' : 's'} on its way`, false, at);
      return check({ ...next, verdictKey: null });
    }
    case 'blackout': { // the BLACKOUT button's state changed (blackout.js)
      const b = event.blackout;
      let next = { ...state, blackout: b };
      if (b.phase === 'done') next = log(next, `BLACKOUT → v${b.version}`, false, at);
      if (b.phase === 'failed') {
        next = log(next, `BLACKOUT failed: ${b.error}`, true, at);
        next = showError(next, `BLACKOUT failed: ${b.error}. Press B to retry.`, 'blackout');
      }
      return next;
    }

    // the server's answers
    case 'verdict': { // {seq, verdict}: the dry run's answer to question seq
      if (event.seq !== state.checkSeq || state.ask?.seq !== event.seq || state.armed?.undo) return state;
      const { key } = state.ask;
      const { verdict } = event;
      // the server would refuse the armed cue now (e.g. the show changed): it must be armed again
      const refused = state.armed && !state.armed.undo && JSON.stringify(state.armed.body) === key && verdict.status === 'refused';
      return { ...state, verdict, verdictKey: key, ask: null, armed: refused ? null : state.armed, panel: { title: cueTitle(state), verdict } };
    }
    case 'snapshot': { // GET /api/state answered
      const { snapshot } = event;
      let next = { ...state, snapshot };
      const blackout = snapshot?.pointer?.blackout;
      if (next.armed && Number.isInteger(blackout) && blackout > next.armed.base) {
        // a BLACKOUT (from any station) landed after this cue was previewed: GO would be refused, so disarm now
        next = showError(next, `Disarmed ${next.armed.label}: BLACKOUT v${blackout} landed after it was armed. Arm it again to show it.`, 'dropped');
        next = { ...next, armed: null };
      }
      // what GO would publish depends on the live state: ask again (and ask at all on the first answer, even on a
      // server with nothing published yet)
      if (!state.snapshot || snapshot?.pointer?.version !== state.snapshot.pointer?.version) next = check({ ...next, verdictKey: null });
      return next;
    }
    case 'recheck':
      return check(state);
    case 'connection':
      if (event.online) return clearError({ ...state, online: true }, 'offline');
      return showError({ ...state, online: false }, 'Cannot reach the server: check the network and that it is running. Retrying every second.', 'offline');

    // the timeline
    case 'timeline-add':
      return { ...state, rows: [...state.rows, newRow(state.rows.at(-1))], rowsLayout: state.rowsLayout + 1 };
    case 'timeline-edit':
      return { ...state, rows: state.rows.with(event.index, { ...state.rows[event.index], [event.key]: event.value }) };
    case 'timeline-delete':
      return { ...state, rows: state.rows.toSpliced(event.index, 1), rowsLayout: state.rowsLayout + 1 };
    case 'timeline-file': // {name, rows} or {name, error}
      if (event.error) return { ...state, timelineVerdict: { text: `✗ ${event.name}: ${event.error}`, ok: false } };
      return { ...state, rows: event.rows, rowsLayout: state.rowsLayout + 1,
        timelineVerdict: { text: `Loaded ${event.rows.length} rows from ${event.name}`, ok: true } };
    case 'timeline-refused': // the page cannot build it: {message}
      return { ...state, timelineVerdict: { text: `✗ ${event.message}`, ok: false } };
    case 'timeline-sent':
      return { ...state, timelineVerdict: { text: `${event.load ? 'Loading' : 'Checking'} ${event.span}…`, ok: null } };
    case 'timeline-answered': // {load, span, count} and {ack} (load), {dryRun} (preview) or {error}
      return timelineAnswered(state, event);

    // messages
    case 'message':
      return showError(state, event.text, event.kind);
    case 'clear-message':
      return clearError(state, event.kind);
    case 'log':
      return log(state, event.text, event.bad, at);

    default:
      throw new Error(`unknown console event ${event.type}`);
  }
}
