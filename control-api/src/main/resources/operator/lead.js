// The lead an operator is offered comes from evidence: for the state a cue would publish (the dry run's preview), the
// lead at which the crowd bench's hard network model held the cue on 99.9 % of phones on its worst seed, for a state of
// that kind and size (testdata/lead.json, written by scripts/bench crowd; lead-table.js is its copy for the page).
// Pure: no DOM, no fetch. Wiring (operator.js): leadAdvice(preview, leadMs) after each dry run; defaultLeadMs() for a
// new cue.
import TABLE from './lead-table.js';

/** Kinds of state the bench measures, in the order a state is classified. */
export const KINDS = Object.freeze(['winners', 'sequence', 'timeline', 'solid']);

/** UTF-8 bytes of the state's JSON: what the publisher compares with pointer_inline_max_bytes (canonical JSON has no spaces). */
export function stateBytes(state) {
  return new TextEncoder().encode(JSON.stringify(state)).length;
}

/**
 * What kind of state this is, for the lead table: a draw's winners, a sequence, a timeline (more cues than the one
 * in force and one pending), else solid (any other single cue).
 * @param {{ cues?: object[] }} state
 */
export function stateKind(state) {
  const cues = Array.isArray(state?.cues) ? state.cues : [];
  if (cues.some((c) => c && c.winners)) return 'winners';
  if (cues.some((c) => c && c.mode === 'sequence')) return 'sequence';
  if (cues.length > 2) return 'timeline';
  return 'solid';
}

/**
 * The bench's row for a state: an inlined state takes the inlined row (its kind's if measured); a larger one the
 * smallest measured row at least as large (its kind's first), since a state that is not inlined costs a second round
 * trip and its transfer grows with its size. A state larger than anything measured takes the largest row's lead and
 * says so (measured: false).
 * @param {typeof TABLE} table
 * @param {{ bytes: number, inlined: boolean, kind: string }} state
 * @returns {{ leadMs: number | null, row: object | null, measured: boolean }} leadMs null: no lead of the bench's grid reached 99.9 %
 */
export function recommendLead(table, { bytes, inlined, kind }) {
  const rows = table.rows.filter((r) => r.inlined === inlined);
  if (rows.length === 0) return { leadMs: null, row: null, measured: false };
  const pick = (row, measured) => ({ leadMs: row.lead_ms, row, measured });
  const bySize = (a, b) => a.bytes - b.bytes;
  if (inlined) return pick(rows.find((r) => r.kind === kind) ?? [...rows].sort((a, b) => (b.lead_ms ?? Infinity) - (a.lead_ms ?? Infinity))[0], true);
  const larger = rows.filter((r) => r.bytes >= bytes).sort(bySize);
  if (larger.length > 0) return pick(larger.find((r) => r.kind === kind) ?? larger[0], true);
  return pick([...rows].sort(bySize).at(-1), false);
}

const seconds = (ms) => `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`;
const size = (b) => (b < 1024 ? `${b} B` : `${(b / 1024).toFixed(1)} KiB`);

/**
 * Advice for the cue being edited.
 * @param {object} state the dry run's preview (the exact state GO would publish)
 * @param {number} leadMs the lead the operator has set
 * @param {typeof TABLE} [table]
 * @returns {{ recommendedMs: number | null, below: boolean, bytes: number, inlined: boolean, kind: string,
 *   measured: boolean, placeholder: boolean, text: string }}
 *   recommendedMs null: no lead the bench tried reached 99.9 % (below is then true: warn); placeholder: the table
 *   came from a small run, not evidence (say so beside the advice)
 */
export function leadAdvice(state, leadMs, table = TABLE) {
  const bytes = stateBytes(state);
  const inlined = bytes <= table.inline_max_bytes;
  const kind = stateKind(state);
  const { leadMs: recommendedMs, row, measured } = recommendLead(table, { bytes, inlined, kind });
  const below = recommendedMs === null || !(leadMs >= recommendedMs);
  const grid = table.source?.leads_ms ?? [];
  const what = `a ${size(bytes)} ${kind} state${inlined ? ' (inlined in the pointer)' : ' (not inlined: fetched after the pointer)'}`;
  let text;
  if (recommendedMs === null) {
    text = `${what}: no lead the crowd bench tried (up to ${seconds(Math.max(0, ...grid))}) held 99.9 % of phones on its hard network model`;
  } else {
    text = `${what}: ${seconds(recommendedMs)} holds 99.9 % of phones on the crowd bench's hard network model`
      + (below ? `; ${seconds(leadMs)} is below it` : '');
  }
  if (!measured && row) text += ` (larger than any state the bench measured: ${size(row.bytes)})`;
  if (table.placeholder) text += ' [placeholder table from a small run]';
  return { recommendedMs, below, bytes, inlined, kind, measured, placeholder: Boolean(table.placeholder), text };
}

/**
 * The lead a new cue starts with: the bench's lead for an inlined solid cue; when no lead of its grid reached 99.9 %,
 * the longest it tried (the best evidence there is); 3 s without a table row.
 */
export function defaultLeadMs(table = TABLE) {
  const { leadMs, row } = recommendLead(table, { bytes: 0, inlined: true, kind: 'solid' });
  if (leadMs !== null) return leadMs;
  return row ? Math.max(...(table.source?.leads_ms ?? [3000])) : 3000;
}
