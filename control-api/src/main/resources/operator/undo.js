// Undo is a cue like any other: it re-publishes what was live before, and is armed, previewed and sent with GO.
// Repeated undo walks back through the history (never toggles): the trail remembers which version each undo
// published and which entry it restored. Pure.

const SHOW_ACTIONS = new Set(['cue', 'blackout']);

/**
 * @param {{version:number, action:string, cue:object|null}[]} history newest first (GET /api/history)
 * @param {{published:number, target:number}[]} trail undos published from this page, oldest first
 * @returns {{ target: object, body: object } | { error: string }}
 */
export function undoTarget(history, trail) {
  const entries = history.filter((e) => SHOW_ACTIONS.has(e.action) && e.cue);
  if (entries.length === 0) return { error: 'nothing has been published yet: there is nothing to undo' };
  let from = 0;
  const last = trail.at(-1);
  if (last && entries[0].version === last.published) {
    const restored = entries.findIndex((e) => e.version === last.target);
    if (restored >= 0) from = restored; // continue the walk back from what the last undo restored
  }
  const target = entries[from + 1];
  if (!target) return { error: `there is no cue before v${entries[from].version} in the history to go back to` };
  return { target, body: republishBody(target.cue) };
}

/** A published cue (from the history) as a request that shows it again now. */
export function republishBody(cue) {
  const body = { ...cue };
  delete body.effective_at;
  if (body.winners) body.winners = { draw: body.winners.draw, color: body.winners.color };
  body.lead_ms = 0;
  return body;
}

/** The trail after an undo to {@code target} was published as {@code published}; bounded. */
export function recordUndo(trail, published, target) {
  return [...trail, { published, target }].slice(-100);
}
