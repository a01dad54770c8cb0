// Coverage from the CDN's logs alone: simulated phones with ids poll through the real local nginx edge, the
// real control API tails the edge's coverage log, and GET /api/coverage must tell the operator what share of
// the polling phones already holds the new version: within ±2 % absolute when every request is logged,
// ±5 % at CloudFront's default 10 % sampling, every reading; phones that stop polling leave `active` within
// 2 × poll_ms.
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
      // The figure's own clock (as_of, the newest log record): once it is 2 x poll_ms (+ one log write) past the
      // last request of theirs that was answered (a poll in flight when they stopped still counts), they are
      // gone. Asserted on the first answer past that point, however the log arrives in chunks on a loaded machine.
      const lastAnswered = () => Math.max(stoppedAt, ...leaving.flatMap((p) => p.recent));
      const gone = await waitFor(async () => {
        const c = await rig.coverage(v2);
        return c.as_of >= lastAnswered() + 2 * POLL_MS + 250 ? c : null;
      }, { timeoutMs: 15_000, what: 'the log to pass 2 x poll_ms after the stopped phones\' last request' });
      assert.ok(gone.active <= 400 + 8, `active ${gone.active} ${gone.as_of - lastAnswered()} ms after their last request (400 still polling)`);
      assert.ok(Math.abs(gone.share - 320 / 400) <= 0.02, `share ${gone.share} after they left (true 0.80)`);
    } finally {
      crowd.close();
      await rig.stop();
    }
  });

test('at 10 % sampling, every reading is within 5 % of the true share once the share\'s window has passed',
  { skip, timeout: 150_000 }, async () => {
    const rig = await startCoverageRig({ samplingPercent: 10 });
    const fetchedAt = new Map(); // phone -> when it got v2 (its own clock)
    let v2 = null;
    const crowd = startPhones({ base: rig.edge.url, count: 2000, pollMs: POLL_MS, random: rng(1402),
      onFetch: (phone, version, at) => { if (version === v2) fetchedAt.set(phone.index, at); } });
    try {
      const v1 = await rig.publish('#102040');
      await waitFor(() => crowd.phones.every((p) => p.held === v1), { timeoutMs: 30_000, what: `every phone on v${v1}` });
      crowd.phones.forEach((p, i) => { p.follows = i < 1200; }); // 60 %
      v2 = await rig.publish('#FF0000');
      await waitFor(() => fetchedAt.size === 1200, { timeoutMs: 30_000, what: '1200 phones on v2' });
      const lastFetch = Math.max(...fetchedAt.values());
      // The share is taken over the ids seen in its window (window_ms, longer than 2 x poll_ms for a sampled small
      // crowd): once a whole window of the log lies after the last fetch, every phone in it shows what it holds.
      const first = await waitFor(async () => {
        const c = await rig.coverage(v2);
        return c.as_of !== null && c.as_of >= lastFetch + c.window_ms + 300 ? c : null;
      }, { timeoutMs: 40_000, what: 'a full window after the last fetch' });
      const readings = [first];
      for (let i = 1; i < 5; i++) {
        await sleep(2 * POLL_MS);
        readings.push(await rig.coverage(v2));
      }
      const shown = readings.map((c) => `${c.share.toFixed(3)}±${c.margin.toFixed(3)} over ${c.window_ms} ms (seen ${c.seen})`).join(', ');
      assert.ok(readings.every((c) => c.sampling === 0.1 && c.source === 'edge-log'));
      for (const c of readings) {
        assert.ok(Math.abs(c.share - 0.60) <= 0.05, `share ${c.share} (true 0.60): ${shown}`);
        assert.ok(c.window_ms > 2 * POLL_MS, `2000 phones at 10 % need a longer window than 2 x poll_ms: ${shown}`);
        assert.ok(c.margin > 0 && c.margin <= 0.05, `the stated margin: ${shown}`);
      }
      // `active` at 10 % is not asserted here: it assumes phones poll every poll_ms, and simulated phones on a
      // loaded machine do not. Its scaling, and that stopped phones leave it within 2 x poll_ms at 10 %, are
      // unit-tested (CoverageTrackerTest) and its error measured in bench/coverage.md.
      assert.ok(readings.every((c) => c.seen > 0 && c.active >= 1000), `the ~380 ids sampled in 2 x poll_ms are scaled up: ${readings.map((c) => c.active)}`);
    } finally {
      crowd.close();
      await rig.stop();
    }
  });
