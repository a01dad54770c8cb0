// Undo puts the show back to what an earlier version showed (POST /api/undo): armed, previewed and sent with GO
// like a cue. The server drops every pending cue, so undoing a loaded timeline stops it. Repeated undo walks back
// through the history (never toggles): the trail remembers which version each undo published and which entry it
// restored. Pure.

const SHOW_ACTIONS = new Set(['cue', 'blackout', 'timeline', 'undo']);

/**
 * @param {{version:number, action:string, cue:object|null}[]} history newest first (GET /api/history)
 * @param {{published:number, target:number}[]} trail undos published from this page, oldest first
 * @returns {{ target: object, body: { version: number } } | { error: string }}
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
  return { target, body: { version: target.version } };
}

/** The trail after an undo to {@code target} was published as {@code published}; bounded. */
export function recordUndo(trail, published, target) {
  return [...trail, { published, target }].slice(-100);
}
