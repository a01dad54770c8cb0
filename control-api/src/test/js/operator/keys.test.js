// The operator's keyboard (keys.js): every key, where it was pressed, and the state it meets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyCommand } from '../../../main/resources/operator/keys.js';

const TARGETS = ['field', 'body', 'list', 'poll', 'other'];
const KEYS = [' ', 'b', 'B', 'u', 'U', 'Enter', 'Escape', 'ArrowUp', 'ArrowDown', 'a', 'Tab', 'Backspace', 'Delete', 'g'];
const armed = { label: '1 Cue 1', body: { mode: 'solid' }, base: 0, index: 0 };
const STATES = {
  idle: { armed: null, going: null, selected: 2 },
  armed: { armed, going: null, selected: 2 },
  going: { armed: null, going: { armed, blackoutAt: 0 }, selected: 2 },
  'armed while going': { armed, going: { armed, blackoutAt: 0 }, selected: 2 },
};
const press = (key, target, state = STATES.idle, extra = {}) => keyCommand({ key, target, ...extra }, state);

test('Space is GO while something is armed and no GO is on its way, and swallowed otherwise', () => {
  for (const target of ['body', 'list', 'poll', 'other']) {
    assert.deepEqual(press(' ', target, STATES.armed), { command: 'go', preventDefault: true, blur: false }, target);
    for (const name of ['idle', 'going', 'armed while going']) {
      // never "click the focused button" either: Space on a button must not press it
      assert.deepEqual(press(' ', target, STATES[name]), { command: null, preventDefault: true, blur: false }, `${name} on ${target}`);
    }
  }
});

test('B (either case) is BLACKOUT wherever the page has focus, in every state, and never waits for anything', () => {
  for (const key of ['b', 'B']) {
    for (const target of ['body', 'list', 'poll', 'other']) {
      for (const [name, state] of Object.entries(STATES)) {
        assert.deepEqual(press(key, target, state), { command: 'blackout', preventDefault: true, blur: false }, `${key} on ${target}, ${name}`);
      }
    }
  }
});

test('Enter arms from the page or the cue list; on a button or the polling group it is the button\'s', () => {
  assert.equal(press('Enter', 'body').command, 'arm');
  assert.equal(press('Enter', 'list').command, 'arm');
  assert.equal(press('Enter', 'list', STATES.going).command, 'arm', 'the next cue may be armed while a GO is on its way');
  for (const target of ['other', 'poll', 'field']) {
    assert.deepEqual(press('Enter', target), { command: null, preventDefault: false, blur: false }, target);
  }
});

test('Esc disarms from anywhere, and leaves the field it was pressed in', () => {
  for (const target of TARGETS) {
    for (const state of Object.values(STATES)) {
      assert.deepEqual(press('Escape', target, state), { command: 'disarm', preventDefault: false, blur: target === 'field' });
    }
  }
});

test('U (either case) arms an undo', () => {
  for (const key of ['u', 'U']) {
    for (const target of ['body', 'list', 'other', 'poll']) {
      assert.deepEqual(press(key, target), { command: 'undo', preventDefault: true, blur: false });
    }
  }
});

test('the arrows select the next or previous cue, except inside the polling buttons', () => {
  for (const target of ['body', 'list', 'other']) {
    assert.deepEqual(press('ArrowDown', target), { command: 'select', index: 3, preventDefault: true, blur: false });
    assert.deepEqual(press('ArrowUp', target), { command: 'select', index: 1, preventDefault: true, blur: false });
  }
  // the state clamps: the first cue and the last cue stay selected
  assert.equal(press('ArrowUp', 'list', { ...STATES.idle, selected: 0 }).index, -1);
  for (const key of ['ArrowUp', 'ArrowDown']) assert.equal(press(key, 'poll').command, null);
});

test('typing in a field keeps every key but Esc for the field: B types a "b", Space a space', () => {
  for (const key of KEYS.filter((k) => k !== 'Escape')) {
    for (const state of Object.values(STATES)) {
      assert.deepEqual(press(key, 'field', state), { command: null, preventDefault: false, blur: false }, JSON.stringify(key));
    }
  }
});

test('the login dialog and shortcuts with Ctrl, Alt or Meta are never the console\'s, Esc included', () => {
  for (const extra of [{ loginOpen: true }, { ctrlKey: true }, { altKey: true }, { metaKey: true }]) {
    for (const key of KEYS) {
      for (const target of TARGETS) {
        assert.deepEqual(press(key, target, STATES.armed, extra), { command: null, preventDefault: false, blur: false },
          `${JSON.stringify(key)} on ${target} with ${Object.keys(extra)[0]}`);
      }
    }
  }
  assert.equal(press('B', 'body', STATES.armed, { shiftKey: true }).command, 'blackout', 'Shift is how B is typed');
});

test('other keys are left to the browser (Tab still moves focus)', () => {
  for (const key of ['a', 'g', 'Tab', 'Backspace', 'Delete', 'F5', 'PageDown', '1']) {
    for (const target of TARGETS) assert.deepEqual(press(key, target, STATES.armed), { command: null, preventDefault: false, blur: false });
  }
});

test('exhaustively: GO only ever comes with something armed and no GO on its way', () => {
  for (const key of KEYS) {
    for (const target of TARGETS) {
      for (const [name, state] of Object.entries(STATES)) {
        for (const mods of [{}, { ctrlKey: true }, { loginOpen: true }]) {
          const { command } = press(key, target, state, mods);
          if (command === 'go') assert.equal(name, 'armed', `${JSON.stringify(key)} on ${target}`);
        }
      }
    }
  }
});
