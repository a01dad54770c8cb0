// A tiny run of the clock bench: proves it runs every row (peers from npm included) on shared packet draws.
// The figures themselves come from scripts/bench clock, not from here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runClockBench, summarize, ALGORITHMS } from './clockbench.js';

test('every algorithm of the clock bench syncs a small crowd and is measured beyond the floor', async () => {
  for (const algo of Object.keys(ALGORITHMS)) {
    const s = summarize(await runClockBench(algo, 'lte', 1, { devices: 20, joinOverMs: 2000, runMs: 30_000 }));
    assert.equal(s.devices, 20, algo);
    assert.ok(s.unsynced10s < 20, `${algo}: ${s.unsynced10s} of 20 unsynced`);
    assert.ok(Number.isFinite(s.atSync.p95) && s.atSync.p95 < 50, `${algo}: error at sync p95 ${s.atSync.p95}`);
  }
});

test('the same seed draws the same packets: a rerun gives the same figures', async () => {
  const a = summarize(await runClockBench('ours', 'wifi', 3, { devices: 10, runMs: 20_000 }));
  const b = summarize(await runClockBench('ours', 'wifi', 3, { devices: 10, runMs: 20_000 }));
  assert.deepEqual(a, b);
});
