// Pure helpers for the operator page: the cue an operator edits (form fields, kept as typed) and the exact
// request body it becomes. No DOM here.

export const MODES = ['solid', 'strobe', 'pulse', 'wave', 'sequence', 'off'];
const COLORED = new Set(['solid', 'strobe', 'pulse', 'wave']);
const PERIODIC = new Set(['strobe', 'pulse', 'wave']);

/** A new editable cue with sensible defaults. */
export function newCue(n) {
  return {
    name: `Cue ${n}`, mode: 'solid', color: '#FF0000', period: '1000', span: '100',
    steps: '0 #FF0000\n500 #00FF00\n1000 #0000FF', lead: '3000', zone: '', draw: '', wcolor: '#00FF00',
  };
}

/**
 * The request body for POST /api/cues, exactly as it will be sent. Values the operator typed are passed on
 * as typed (numbers parsed when they are numbers) so the server, not the page, judges them and says what to fix.
 * Throws Error with a plain message when a field cannot be written as JSON at all (steps, zone syntax).
 */
export function requestBody(cue) {
  const body = { mode: cue.mode };
  if (COLORED.has(cue.mode)) body.color = cue.color.trim();
  if (PERIODIC.has(cue.mode)) body.period_ms = num(cue.period);
  if (cue.mode === 'wave') body.span = num(cue.span);
  if (cue.mode === 'sequence') body.steps = parseSteps(cue.steps);
  if (String(cue.lead).trim() !== '') body.lead_ms = num(cue.lead);
  if (cue.zone.trim() !== '') body.zone = { seats: parseZone(cue.zone) };
  if (cue.mode !== 'off' && cue.draw.trim() !== '') body.winners = { draw: cue.draw.trim(), color: cue.wcolor.trim() };
  return body;
}

function num(text) {
  const t = String(text).trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

/** "0 #FF0000" per line → [{offset_ms, color}]. */
export function parseSteps(text) {
  const steps = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = line.match(/^(\d+)\s*(?:ms)?\s+(\S+)$/);
    if (!m) throw new Error(`steps line ${i + 1}: write "offset_ms colour", e.g. "500 #00FF00"`);
    steps.push({ offset_ms: Number(m[1]), color: m[2] });
  }
  if (steps.length === 0) throw new Error('a sequence needs at least one step, e.g. "0 #FF0000"');
  return steps;
}

/** "0-4999, 20000-24999, 7" → [[0,4999],[20000,24999],[7,7]]. */
export function parseZone(text) {
  return text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const m = part.match(/^(\d+)\s*(?:-\s*(\d+))?$/);
    if (!m) throw new Error(`zone "${part}": write seat ranges like 0-4999, 20000-24999`);
    return [Number(m[1]), Number(m[2] ?? m[1])];
  });
}

// Editor fields in the order a message is searched for them: the most specific name first.
const FIELD_WORDS = [
  ['wcolor', /winners\.color/], ['draw', /winners/], ['period', /period_ms/], ['span', /\bspan\b/],
  ['steps', /steps/], ['zone', /\bzone\b|\bseats?\b/], ['lead', /lead_ms|effective_at|too_late|deadline/],
  ['color', /\bcolou?r\b/], ['mode', /\bmode\b/],
];

/**
 * Which editor field a refusal is about, so the verdict is shown beside it: the server's own "field" when it
 * sends one, a flash refusal is about timing (lead), else the first field name its message mentions; null
 * when it is about the cue as a whole.
 */
export function fieldOf(error) {
  const byName = { color: 'color', period_ms: 'period', span: 'span', steps: 'steps', zone: 'zone', lead_ms: 'lead',
    effective_at: 'lead', mode: 'mode', winners: 'draw' };
  if (error?.body?.field && byName[error.body.field.split(/[.[]/)[0]]) return byName[error.body.field.split(/[.[]/)[0]];
  if (error?.code === 'flash_limit' || error?.code === 'too_late') return 'lead';
  const text = `${error?.message ?? ''}`;
  for (const [field, word] of FIELD_WORDS) if (word.test(text)) return field;
  return null;
}

/** What the operator reads next to a refusal: the server's words, plus the earliest allowed time when given. */
export function refusalText(error, formatTime = (ms) => new Date(ms).toISOString()) {
  const earliest = error?.body?.earliest_effective_at;
  return earliest ? `${error.message} (earliest allowed: ${formatTime(earliest)})` : error?.message ?? String(error);
}

/** One line summary for the cue list and the log. */
export function describe(body) {
  const parts = [body.mode];
  if (body.color) parts.push(body.color);
  if (body.period_ms !== undefined) parts.push(`${body.period_ms} ms`);
  if (body.span !== undefined) parts.push(`span ${body.span}`);
  if (body.steps) parts.push(`${body.steps.length} steps`);
  if (body.zone) parts.push(`zone ${body.zone.seats.map((r) => (r[0] === r[1] ? r[0] : `${r[0]}-${r[1]}`)).join(',')}`);
  if (body.winners) parts.push(`winners ${body.winners.draw} ${body.winners.color}`);
  if (body.lead_ms !== undefined) parts.push(`+${body.lead_ms} ms`);
  return parts.join(' · ');
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** CSS background for a swatch that looks like the mode (flashing no faster than the cue itself). */
export function swatchStyle(body) {
  const c = HEX.test(body.color ?? '') ? body.color : null;
  const period = Number.isInteger(body.period_ms) && body.period_ms >= 600 ? body.period_ms : 1000;
  switch (body.mode) {
    case 'off': return { background: '#000', animation: 'none' };
    case 'solid': return { background: c ?? 'repeating-linear-gradient(45deg,#333 0 6px,#111 6px 12px)', animation: 'none' };
    case 'strobe': return { background: c ?? '#333', animation: `cc-strobe ${period}ms steps(1, end) infinite` };
    case 'pulse': return { background: c ?? '#333', animation: `cc-pulse ${period}ms ease-in-out infinite` };
    case 'wave': return {
      background: c ? `linear-gradient(90deg, #000, ${c}, #000, ${c}, #000)` : '#333',
      backgroundSize: '200% 100%', animation: `cc-wave ${period}ms linear infinite`,
    };
    case 'sequence': {
      const steps = (body.steps ?? []).filter((s) => HEX.test(s.color));
      if (steps.length === 0) return { background: '#333', animation: 'none' };
      const stops = steps.map((s, i) => `${s.color} ${(i / steps.length) * 100}% ${((i + 1) / steps.length) * 100}%`);
      return { background: `linear-gradient(90deg, ${stops.join(', ')})`, animation: 'none' };
    }
    default: return { background: '#333', animation: 'none' };
  }
}
