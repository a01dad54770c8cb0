import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeBits, encodeBits, hasSeat, isWinner } from './winners.js';

const vectors = JSON.parse(readFileSync(new URL('../../testdata/winners-vectors.json', import.meta.url), 'utf8'));

for (const c of vectors.cases) {
  test(`winners vector: ${c.name}`, () => {
    const bytes = decodeBits(c.bits);
    assert.equal(bytes.length, (c.seats + 7) >> 3);
    const winners = new Set(c.winners);
    for (let seat = 0; seat < c.seats; seat++) {
      assert.equal(hasSeat(bytes, seat), winners.has(seat), `seat ${seat}`);
    }
    for (const seat of c.not_winners) assert.equal(isWinner({ seats: c.seats, bits: c.bits }, seat), false);
    for (const seat of c.winners) assert.equal(isWinner({ seats: c.seats, bits: c.bits }, seat), true);
    assert.equal(encodeBits(bytes), c.bits);
  });
}

test('winners: a seat beyond the draw, a missing seat or a corrupt bitset never wins', () => {
  assert.equal(isWinner({ seats: 8, bits: '_w' }, 8), false);
  assert.equal(isWinner({ seats: 8, bits: '_w' }, null), false);
  assert.equal(isWinner({ seats: 8, bits: '_w' }, 7), true);
  assert.equal(isWinner({ seats: 8, bits: 'a+' }, 0), false);
  assert.throws(() => decodeBits('a=b'), /outside base64url/);
});

test('the winner screen names the seat and the draw only for a winning seat under a lit cue', async () => {
  const { winnerOf } = await import('./winners.js');
  const cue = { effective_at: 1, mode: 'solid', color: '#000000', winners: { draw: 'd7', seats: 16, bits: 'gAA', color: '#00FF00' } };
  assert.deepEqual(winnerOf(cue, 7), { seat: 7, draw: 'd7' });
  assert.equal(winnerOf(cue, 6), null);
  assert.equal(winnerOf({ ...cue, mode: 'off' }, 7), null);
  assert.equal(winnerOf({ effective_at: 1, mode: 'solid', color: '#000000' }, 7), null);
  assert.equal(winnerOf(cue, null), null);
  assert.equal(winnerOf(null, 7), null);
});
const encodings = JSON.parse(readFileSync(new URL('../../testdata/winners-encoding.json', import.meta.url), 'utf8'));
for (const c of encodings.cases) {
  test(`winners encoding vector: ${c.name}`, () => {
    const winners = { draw: 'd1', seats: c.seats, color: '#00FF00', ...c.encoded };
    for (const seat of c.winners) assert.equal(isWinner(winners, seat), true, `seat ${seat} won`);
    for (const seat of c.not_winners) assert.equal(isWinner(winners, seat), false, `seat ${seat} did not win`);
    assert.equal(isWinner(winners, c.seats), false, 'a seat beyond the draw never wins');
  });
}
