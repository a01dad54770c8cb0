// Coverage from the CDN's logs alone: simulated phones with ids poll through the real local nginx edge, the
// real control API tails the edge's coverage log, and GET /api/coverage must tell the operator what share of
// the polling phones already holds the new version: within ±2 % absolute when every request is logged,
// ±5 % at CloudFront's default 10 % sampling; phones that stop polling leave `active` within 2 × poll_ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SERVER_JAR } from '../browser/stack.js';
import { rng } from '../../sim/model.js';
import { startCoverageRig } from './coverage-rig.js';
import { startPhones, waitFor } from './phones.js';

const skip = existsSync(SERVER_JAR) ? false : `${SERVER_JAR} not built (mvn -q -DskipTests package)`;
const POLL_MS = 1000; // the pointer's default poll_ms (show mode)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Phones all on v1, then `followers` of them fetch v2 and the rest stay on v1. Returns v2. */
async function splitCrowd(rig, crowd, followers) {
  const v1 = await rig.publish('#102040');
  await waitFor(() => crowd.phones.every((p) => p.held === v1), { timeoutMs: 20_000, what: `every phone on v${v1}` });
  crowd.phones.forEach((p, i) => { p.follows = i < followers; });
  const v2 = await rig.publish('#FF0000');
  await waitFor(() => crowd.phones.filter((p) => p.held === v2).length === followers,
    { timeoutMs: 20_000, what: `${followers} phones on v${v2}` });
  await sleep(2 * POLL_MS + 1000); // one full window of polls after the last fetch, plus the log's flush
  return v2;
}

test('with every request logged, coverage is within 2 % of the true share and stopped phones leave within 2 x poll_ms',
  { skip, timeout: 120_000 }, async () => {
    const rig = await startCoverageRig({ samplingPercent: 100 });
    const crowd = startPhones({ base: rig.edge.url, count: 600, pollMs: POLL_MS, random: rng(1401) });
    try {
      const v2 = await splitCrowd(rig, crowd, 420); // 70 %
      for (let i = 0; i < 3; i++) {
        const c = await rig.coverage(v2);
        assert.equal(c.source, 'edge-log');
        assert.equal(c.sampling, 1);
        assert.ok(Math.abs(c.share - 0.70) <= 0.02, `share ${c.share} (true 0.70)`);
        // Every phone polls about once a second; on a loaded machine a simulated one may miss the window, and
        // then the log rightly does not count it: compare with what the phones themselves saw answered.
        const polled = crowd.polledBetween(c.as_of - 2 * POLL_MS, c.as_of);
        assert.ok(Math.abs(c.active - polled) <= 12, `active ${c.active}; ${polled} phones polled in the window`);
        assert.ok(Math.abs(c.holding - 0.7 * polled) <= 12, `holding ${c.holding} of ~${0.7 * polled}`);
        await sleep(700);
      }

      // 200 phones (100 holding, 100 not) stop polling: screens off.
      const leaving = [...crowd.phones.slice(320, 420), ...crowd.phones.slice(420, 520)];
      const stoppedAt = Date.now();
      crowd.stop(leaving);
      const gone = await waitFor(async () => {
        const c = await rig.coverage(v2);
        return c.active <= 400 + 8 ? c : null;
      }, { timeoutMs: 15_000, what: 'stopped phones to leave active' });
      // The figure's own clock: they left at most 2 x poll_ms (+ one log write) after the last of their requests
      // was answered (a poll in flight when they stopped still counts; on a loaded machine it may end late).
      const lastAnswered = Math.max(stoppedAt, ...leaving.flatMap((p) => p.recent));
      assert.ok(gone.as_of - lastAnswered <= 2 * POLL_MS + 250, `left ${gone.as_of - lastAnswered} ms after their last request`);
      assert.ok(Math.abs(gone.share - 320 / 400) <= 0.02, `share ${gone.share} after they left (true 0.80)`);
    } finally {
      crowd.close();
      await rig.stop();
    }
  });

test('at 10 % sampling, coverage is within 5 % of the true share', { skip, timeout: 120_000 }, async () => {
  const rig = await startCoverageRig({ samplingPercent: 10 });
  const crowd = startPhones({ base: rig.edge.url, count: 2000, pollMs: POLL_MS, random: rng(1402) });
  try {
    const v2 = await splitCrowd(rig, crowd, 1200); // 60 %
    // A single figure rests on ~380 sampled phones (standard error ~2.5 %): the median of five readings, one
    // window apart, is what this asserts; bench/coverage.md reports single readings too.
    const readings = [];
    for (let i = 0; i < 5; i++) {
      readings.push(await rig.coverage(v2));
      await sleep(2 * POLL_MS);
    }
    assert.ok(readings.every((c) => c.sampling === 0.1 && c.source === 'edge-log'));
    const share = median(readings.map((c) => c.share));
    assert.ok(Math.abs(share - 0.60) <= 0.05, `median share ${share} (true 0.60): ${readings.map((c) => c.share.toFixed(3))}`);
    // `active` at 10 % is not asserted here: it assumes phones poll every poll_ms, and simulated phones on a
    // loaded machine do not (their slowdown moves it by tens of percent). Its scaling is unit-tested
    // (CoverageTrackerTest) and its error measured in bench/coverage.md.
    assert.ok(readings.every((c) => c.seen > 0 && c.active > c.seen), 'the sampled crowd is scaled up');
  } finally {
    crowd.close();
    await rig.stop();
  }
});
