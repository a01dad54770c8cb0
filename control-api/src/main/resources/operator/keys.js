// The operator's keyboard: which key does what, and when a key is left alone. Pure: operator.js turns a DOM
// keydown into the facts below and carries out the command it gets back.
//
//   Space  GO (only while something is armed and no GO is on its way; never "click the focused button")
//   B      BLACKOUT (also while a GO is on its way or something is armed)
//   Enter  ARM the selected cue (from the page or the cue list; on a button Enter still clicks it)
//   Esc    disarm (also from inside a field, which it leaves)
//   U      arm an undo
//   ↑ ↓    select the previous / next cue (not inside the polling buttons)
//
// Typing in a field (input, textarea, select, contenteditable) keeps every key but Esc for the field; the
// login dialog and any key held with Ctrl, Alt or Meta (browser and system shortcuts) are never ours.
// BLACKOUT is always one click away on its button, which is never disabled.
import { canGo } from './console-state.js';

/**
 * Where the key was pressed: 'field' (typing), 'body' (nothing focused), 'list' (the cue list), 'poll' (the
 * polling buttons) or 'other' (any other control, e.g. a button).
 * @typedef {{ key: string, ctrlKey?: boolean, altKey?: boolean, metaKey?: boolean, loginOpen?: boolean,
 *             target: 'field'|'body'|'list'|'poll'|'other' }} KeyFacts
 * @typedef {{ command: 'go'|'blackout'|'arm'|'disarm'|'undo'|'select'|null, index?: number,
 *             preventDefault: boolean, blur: boolean }} KeyCommand
 */

const IGNORED = Object.freeze({ command: null, preventDefault: false, blur: false });

/**
 * @param {KeyFacts} facts
 * @param {{ armed: object|null, going: object|null, selected: number }} state the console state
 * @returns {KeyCommand} command null: the key is not the console's (the browser does what it would)
 */
export function keyCommand(facts, state) {
  if (facts.loginOpen || facts.ctrlKey || facts.metaKey || facts.altKey) return IGNORED;
  const { key, target } = facts;
  if (key === 'Escape') return { command: 'disarm', preventDefault: false, blur: target === 'field' };
  if (target === 'field') return IGNORED;
  const ours = (command, extra = {}) => ({ command, preventDefault: true, blur: false, ...extra });
  switch (key) {
    // Space is swallowed even when there is nothing to GO: it must never press the focused button
    case ' ': return ours(canGo(state) ? 'go' : null);
    case 'b': case 'B': return ours('blackout');
    case 'u': case 'U': return ours('undo');
    case 'Enter': return target === 'body' || target === 'list' ? ours('arm') : IGNORED;
    case 'ArrowDown': return target === 'poll' ? IGNORED : ours('select', { index: state.selected + 1 });
    case 'ArrowUp': return target === 'poll' ? IGNORED : ours('select', { index: state.selected - 1 });
    default: return IGNORED;
  }
}
