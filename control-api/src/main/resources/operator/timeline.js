// A timeline: cues at absolute times ("20:15:00") or relative to its start ("+0", "+5s", "+1:30"),
// loaded as pending cues in one publish so the phones play it with no further network. Pure: the start
// instant and the time zone offset are arguments. Saved and loaded as JSON.

export const TIMELINE_FORMAT = 'cuecast-timeline/1';

/** A new row: five seconds after the previous one, a solid colour. */
export function newRow(previous) {
  const at = previous && /^\+/.test(previous.at) ? `+${(parseOffsetMs(previous.at) + 5000) / 1000}s` : '+0s';
  return { at, mode: 'solid', color: '#FFFFFF', period: '1000' };
}

/** "+5s", "+1500ms", "+1:30", "+90" (seconds) → ms after the start; null when not relative. */
export function parseOffsetMs(text) {
  const t = String(text).trim();
  let m = t.match(/^\+(\d+(?:\.\d+)?)\s*(ms|s)?$/);
  if (m) return Math.round(Number(m[1]) * (m[2] === 'ms' ? 1 : 1000));
  m = t.match(/^\+(\d+):([0-5]\d(?:\.\d+)?)$/);
  if (m) return Math.round((Number(m[1]) * 60 + Number(m[2])) * 1000);
  return null;
}

/**
 * "HH:MM" or "HH:MM:SS(.mmm)" → the next such wall time at or after {@code startAt} (ms), in the zone whose
 * offset from UTC is {@code tzOffsetMin} minutes (east positive); null when not an absolute time.
 */
export function parseClockMs(text, startAt, tzOffsetMin) {
  const m = String(text).trim().match(/^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/);
  if (!m) return null;
  const [h, min, s = '0', frac = '0'] = m.slice(1);
  if (Number(h) > 23 || Number(min) > 59 || Number(s) > 59) return null;
  const dayMs = ((Number(h) * 60 + Number(min)) * 60 + Number(s)) * 1000 + Number(frac.padEnd(3, '0'));
  const local = startAt + tzOffsetMin * 60_000;
  const midnight = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  let at = midnight + dayMs - tzOffsetMin * 60_000;
  if (at < startAt - 1000) at += 86_400_000; // a time already past today means tomorrow
  return at;
}

/** The request body of one row, with its effective_at; throws Error naming the row on a bad time. */
export function rowBody(row, index, startAt, tzOffsetMin) {
  const offset = parseOffsetMs(row.at);
  const at = offset !== null ? startAt + offset : parseClockMs(row.at, startAt, tzOffsetMin);
  if (at === null) throw new Error(`row ${index + 1}: time "${row.at}" must be +seconds (e.g. +5s, +1:30) or a clock time (20:15:00)`);
  const body = { mode: row.mode, effective_at: at };
  if (row.mode !== 'off' && row.mode !== 'sequence') body.color = String(row.color).trim();
  if (['strobe', 'pulse', 'wave'].includes(row.mode)) body.period_ms = Number(row.period);
  return body;
}

/** Every row as a cue body, ordered by effective_at (stable: rows with the same time keep their order). */
export function resolve(rows, startAt, tzOffsetMin) {
  const bodies = rows.map((row, i) => ({ i, body: rowBody(row, i, startAt, tzOffsetMin) }));
  bodies.sort((a, b) => a.body.effective_at - b.body.effective_at || a.i - b.i);
  return bodies.map((b) => b.body);
}

/** The file a timeline is saved as. */
export function toJson(rows) {
  return JSON.stringify({ format: TIMELINE_FORMAT, rows: rows.map(({ at, mode, color, period }) => ({ at, mode, color, period })) }, null, 2);
}

/** Reads a saved timeline; throws Error saying what is wrong with the file. */
export function fromJson(text) {
  let doc;
  try { doc = JSON.parse(text); } catch (e) { throw new Error(`not a timeline file: ${e.message}`); }
  if (doc?.format !== TIMELINE_FORMAT || !Array.isArray(doc.rows)) {
    throw new Error(`not a timeline file: expected {"format":"${TIMELINE_FORMAT}","rows":[...]}`);
  }
  return doc.rows.map((r, i) => {
    if (typeof r?.at !== 'string' || typeof r?.mode !== 'string') throw new Error(`row ${i + 1}: "at" and "mode" are required strings`);
    return { at: r.at, mode: r.mode, color: String(r.color ?? '#FFFFFF'), period: String(r.period ?? '1000') };
  });
}
