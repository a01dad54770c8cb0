// scripts/edge --log-sampling: logs/coverage.log keeps about that share of pointer and state requests, as
// CloudFront's real-time logs do, and nothing else; the access log still has every request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, startEdge } from './edge-harness.js';

let origin;
let edge;

before(async () => {
  origin = await startOrigin();
  edge = await startEdge(origin.url, { args: ['--log-sampling', '10'] });
});

after(async () => {
  await edge?.stop();
  edge?.remove();
  await origin?.stop();
});

test('about 10 % of pointer and state requests reach the coverage log, /time and the app never', { timeout: 30_000 }, async () => {
  const n = 2000;
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: 50 }, async (_, j) => {
      const id = (i + j).toString(16).padStart(16, '0');
      const path = (i + j) % 2 ? `/live/pointer.json?p=${id}` : `/states/1.json?p=${id}`;
      await (await fetch(edge.url + path)).text();
    }));
  }
  await (await fetch(`${edge.url}/time?p=0000000000000001`)).text();
  await edge.stop(); // flushes both logs
  const coverage = edge.coverageLog().trim().split('\n').filter(Boolean);
  // Binomial(2000, 0.1): mean 200, sd 13.4; 130..270 is beyond 5 sd either side.
  assert.ok(coverage.length >= 130 && coverage.length <= 270, `${coverage.length} of ${n} logged`);
  assert.ok(coverage.every((l) => / \/(live|states)\//.test(l)), 'only pointer and state requests');
  assert.equal(edge.accessLog().trim().split('\n').length, n + 1, 'the access log keeps every request');
});

test('a sampling rate outside 1..100 is refused with a message', { timeout: 10_000 }, async () => {
  await assert.rejects(startEdge(origin.url, { args: ['--log-sampling', '0'] }), /--log-sampling must be a whole percentage 1\.\.100/);
});
