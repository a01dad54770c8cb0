import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from '../../sim/model.js';
import { phoneId, tagged, PHONE_ID_KEY } from './phone-id.js';

const memory = (initial = {}) => {
  const m = new Map(Object.entries(initial));
  return { get: (k) => m.get(k) ?? null, set: (k, v) => m.set(k, v), map: m };
};

test('a new phone draws 64 random bits, keeps them, and is the same phone after a reload', () => {
  const storage = memory();
  const id = phoneId({ storage, randomBytes: () => Uint8Array.from([0, 1, 2, 0xab, 0xcd, 0xef, 0x10, 0xff]) });
  assert.equal(id, '000102abcdef10ff');
  assert.equal(storage.map.get(PHONE_ID_KEY), id);
  assert.equal(phoneId({ storage, randomBytes: () => { throw new Error('not drawn again'); } }), id);
});

test('any 8 random bytes make a 16-hex-digit id', () => {
  const random = rng(14);
  for (let i = 0; i < 1000; i++) {
    const bytes = Uint8Array.from({ length: 8 }, () => Math.floor(random() * 256));
    assert.match(phoneId({ storage: memory(), randomBytes: () => bytes }), /^[0-9a-f]{16}$/);
  }
});

test('a damaged stored id is replaced, not sent', () => {
  const storage = memory({ [PHONE_ID_KEY]: 'seat-1234' });
  assert.equal(phoneId({ storage, randomBytes: () => new Uint8Array(8) }), '0000000000000000');
});

test('the id is stored apart from the seat and never derived from it', () => {
  const storage = memory({ 'cuecast.seat': '1234' });
  const a = phoneId({ storage, randomBytes: () => Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]) });
  assert.equal(storage.map.get('cuecast.seat'), '1234');
  assert.ok(!a.includes('1234') && !a.includes((1234).toString(16)));
});

test('requests carry ?p=<id>, and pointer polls the version held once there is one', () => {
  assert.equal(tagged('live/pointer.json', 'abcdef0123456789', -1), 'live/pointer.json?p=abcdef0123456789');
  assert.equal(tagged('live/pointer.json', 'abcdef0123456789', 42), 'live/pointer.json?p=abcdef0123456789&h=42');
  assert.equal(tagged('states/42.json', 'abcdef0123456789'), 'states/42.json?p=abcdef0123456789');
  assert.equal(tagged('states/42.json', null), 'states/42.json', 'no id: the plain URL');
});

test('with a store epoch, requests also say which epoch the version held (or fetched) belongs to', () => {
  assert.equal(tagged('live/pointer.json', 'abcdef0123456789', 3, 'k2Xb_9-a'), 'live/pointer.json?p=abcdef0123456789&h=3&e=k2Xb_9-a');
  assert.equal(tagged('states/3.json', 'abcdef0123456789', -1, 'k2Xb_9-a'), 'states/3.json?p=abcdef0123456789&e=k2Xb_9-a');
  assert.equal(tagged('live/pointer.json', 'abcdef0123456789', 3, null), 'live/pointer.json?p=abcdef0123456789&h=3', 'a store without epochs');
  assert.equal(tagged('states/3.json', null, -1, 'k2Xb'), 'states/3.json', 'no id: nothing at all');
});
