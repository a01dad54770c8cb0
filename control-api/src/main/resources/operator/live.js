// What is live, from the server's state alone (so a reload shows the same): per zone, the cue in force now,
// and every pending cue with its absolute time and countdown. Pure: the state and server-now are arguments.

/** "0-4999, 20000-24999" for a zone, "all seats" without one. */
export function zoneLabel(zone) {
  if (!zone?.seats?.length) return 'all seats';
  return 'seats ' + zone.seats.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
}

/**
 * @param {{cues: object[]}|null} state the published state (cues ordered by effective_at)
 * @param {number} now server epoch ms
 * @returns {{ inForce: {label: string, cue: object}[], pending: {label: string, cue: object, inMs: number}[] }}
 *   inForce: the newest cue that covers every seat, then each zone's newer cue still in force (newest first
 *   per zone label); pending: cues after now, soonest first.
 */
export function liveView(state, now) {
  const cues = state?.cues ?? [];
  const byZone = new Map();
  let everywhere = null;
  for (const cue of cues) {
    if (cue.effective_at > now) continue;
    if (!cue.zone) {
      everywhere = cue;
      byZone.clear(); // a cue with no zone covers every seat: older zone cues no longer show anywhere
    } else {
      byZone.set(zoneLabel(cue.zone), cue);
    }
  }
  const inForce = [];
  if (everywhere) inForce.push({ label: 'all seats', cue: everywhere });
  for (const [label, cue] of byZone) inForce.push({ label, cue });
  const pending = cues.filter((c) => c.effective_at > now)
    .map((cue) => ({ label: zoneLabel(cue.zone), cue, inMs: cue.effective_at - now }));
  return { inForce, pending };
}

/** "12.3 s", "2:05", "1:02:03": a countdown that reads well at a glance. */
export function countdown(ms) {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Absolute wall time "HH:MM:SS.t" in the operator's time zone, of a server-clock instant. */
export function clockTime(ms, timeZone) {
  const d = new Date(ms);
  const text = d.toLocaleTimeString('en-GB', { hour12: false, timeZone });
  return `${text}.${Math.floor((ms % 1000) / 100)}`;
}

/** One-line description of a published cue. */
export function describeCue(cue) {
  const parts = [cue.mode];
  if (cue.color) parts.push(cue.color);
  if (cue.period_ms) parts.push(`${cue.period_ms} ms`);
  if (cue.steps) parts.push(`${cue.steps.length} steps`);
  if (cue.winners) parts.push(`winners ${cue.winners.draw}`);
  return parts.join(' ');
}

/** Phones poll the pointer every poll_ms: above show mode a cue may reach them that much later. */
export function idleWarning(pollMs) {
  if (!pollMs || pollMs <= 1000) return null;
  return `Phones are polling idle (every ${pollMs / 1000} s): a cue can reach them up to ${pollMs / 1000} s late. `
    + 'Switch to Show 1 s first, or give the cue a lead longer than that.';
}
