// Pure text for the coverage line (coverage.js puts it on the page): what share of the polling phones already
// holds a version, with its sampling and age. A missing figure reads "coverage unknown", never a guess.

/** 48,213 → "48,200"; 612 → "612": an estimate shown with three significant figures. */
export function approx(n) {
  if (n < 1000) return String(n);
  const digits = Math.floor(Math.log10(n)) + 1;
  const unit = 10 ** (digits - 3);
  return (Math.round(n / unit) * unit).toLocaleString('en-US');
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;

/** " · ±1.2 points over the last 8 s": how sure a sampled figure is and how far back its phones were seen. */
function precision(c) {
  if (!Number.isFinite(c.margin) || !Number.isFinite(c.window_ms) || c.share === null) return '';
  return ` · ±${(c.margin * 100).toFixed(1)} points over the last ${Math.round(c.window_ms / 1000)} s`;
}

/**
 * @param {{ version: number, active: number|null, holding: number|null, share: number|null, sampling: number|null,
 *           as_of: number|null, source: string|null, message?: string|null }} c  GET /api/coverage
 * @param {number} serverNow  ms, to say how old the figure is
 * @returns {{ text: string, detail: string, state: 'unknown'|'empty'|'stale'|'ok' }}
 */
export function coverageLine(c, serverNow) {
  if (!c || c.source === null || c.source === undefined || c.active === null) {
    return { text: `holding v${c?.version ?? '?'}: coverage unknown`, detail: c?.message ?? 'no log source', state: 'unknown' };
  }
  const sampled = c.sampling === 1 ? 'every request logged' : `${Math.round(c.sampling * 100)} % of requests sampled${precision(c)}`;
  const ageS = c.as_of === null ? null : Math.max(0, (serverNow - c.as_of) / 1000);
  const age = ageS === null ? 'no log record yet' : `as of ${ageS.toFixed(1)} s ago`;
  const stale = ageS === null || ageS > 5;
  if (c.share === null || !c.active) {
    return { text: `holding v${c.version}: no phone seen polling`, detail: `${sampled} · ${age}`, state: stale ? 'stale' : 'empty' };
  }
  return {
    text: `holding v${c.version}: ${pct(c.share)} of ~${approx(c.active)} phones`,
    detail: `${sampled} · ${age}${stale ? ' · STALE: is the log still arriving?' : ''}`,
    state: stale ? 'stale' : 'ok',
  };
}

/**
 * One line of the coverage history (GET /api/coverage/history entry), or null for a cue still waiting for its
 * effective_at (the live line shows the newest one).
 * @param {{ version: number, effective_at: number, coverage: object|null, dropped_by: number|null }} entry
 */
export function historyEntryLine(entry) {
  if (entry.dropped_by !== null && entry.dropped_by !== undefined) {
    return `v${entry.version}: dropped by v${entry.dropped_by} (BLACKOUT or undo) before effective_at`;
  }
  if (!entry.coverage) return null;
  return historyLine(entry.coverage);
}

/** The history line once effective_at has passed: what the crowd held when the cue took effect. */
export function historyLine(c) {
  if (!c || c.source === null || c.source === undefined || c.active === null) return `v${c?.version ?? '?'}: coverage unknown`;
  if (c.share === null || !c.active) return `v${c.version}: no phone seen polling at effective_at`;
  const sampled = c.sampling === 1 ? '' : ` (${Math.round(c.sampling * 100)} % sampled)`;
  return `v${c.version}: ${pct(c.share)} of ~${approx(c.active)} phones held it at effective_at${sampled}`;
}
