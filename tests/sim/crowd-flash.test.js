// Crowd simulator: over a normal show, the phones' flash governor never has to step in. The phones run the
// real player (pwa/lib/player.js) on simulated time, skewed clocks, Wi-Fi bursts and late joins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../sim/crowd.js';

test('a normal show of solid, strobe, pulse and wave cues needs no flash governor intervention on any phone', async (t) => {
  const r = await simulate({
    devices: 150, seed: 11, joinOverMs: 10_000, idleWindow: [12_000, 20_000], showFromMs: 20_000,
    firstCueMs: 30_000, cueEveryMs: 4_000, showWindow: [30_000, 95_000], endMs: 100_000,
    shapes: [{ mode: 'solid' }, { mode: 'strobe', period_ms: 600 }, { mode: 'pulse', period_ms: 1200 },
      { mode: 'wave', period_ms: 1000, span: 40 }, { mode: 'solid' }, { mode: 'strobe', period_ms: 800 }],
  });
  const held = r.devices.reduce((a, d) => a + d.flashHeld, 0);
  const phones = r.devices.filter((d) => d.flashHeld > 0).length;
  t.diagnostic(`${r.devices.length} phones, ${r.cues.length} cues: ${held} governor interventions on ${phones} phones`);
  for (const d of r.devices.filter((x) => x.flashHeld > 0)) t.diagnostic(JSON.stringify({ id: d.id, held: d.flashHeld, wifi: d.wifi, skew: Math.round(d.skew), sync: d.timeToSync }));
  assert.equal(held, 0);
});
