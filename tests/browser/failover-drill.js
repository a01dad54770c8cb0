// One failover drill: main and standby stations on one data directory; main publishes a few cues, loads a timeline
// (pending cues) and keeps sending GOs; it is killed with SIGKILL mid-show; the standby's BLACKOUT is sent at once and
// the store's pointer (the directory's own file) is watched until it says off; then a GO on the standby continues the
// numbering. Every cue main acknowledged must still be in the store: live (on the pointer's lineage) with its state and
// history entry. Used by failover.test.js (with the standby's operator page) and by `scripts/bench failover`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStation, newToken, post, storePointer, storeState, storeHistory, liveVersions } from './stations.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls the store's pointer (every ~2 ms) until it names a version above {@code after} whose state is all off. */
export async function waitForOff(dataDir, after, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = storePointer(dataDir);
    if (p && p.version > after) {
      const cues = (p.inline ?? storeState(dataDir, p.version))?.cues;
      if (cues && cues.every((c) => c.mode === 'off')) return { at: Date.now(), pointer: p };
    }
    if (Date.now() > deadline) return null;
    await sleep(2);
  }
}

/**
 * Starts both stations and the show on main (a few cues, a pending timeline, GOs streaming); {@code drill.killMain()}
 * then kills main with SIGKILL. The caller presses BLACKOUT on the standby its own way (API or operator page), then
 * calls {@link finishDrill}.
 * @param {{ preCues?: number }} opts
 */
export async function setupDrill({ preCues = 3 } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cuecast-failover-'));
  const token = newToken();
  const main = await startStation({ dataDir, token });
  const standby = await startStation({ dataDir, token, standby: true });
  const acked = []; // { version, color } answered 201 by main
  const go = async (station, color, lead) => {
    const res = await post(station, '/api/cues', { mode: 'solid', color, lead_ms: lead }, { token, actor: 'drill' });
    if (res.status === 201) acked.push({ version: res.body.version, color, station: station === main ? 'main' : 'standby' });
    return res;
  };
  for (let i = 0; i < preCues; i++) {
    const res = await go(main, `#2020${(0x30 + i).toString(16).toUpperCase()}`, 0);
    if (res.status !== 201) throw new Error(`main refused a cue before the drill: ${JSON.stringify(res)}`);
  }
  // a timeline still pending when main dies: it must be dropped by the standby's BLACKOUT, never play after it
  const timeline = await post(main, '/api/timeline', {
    cues: [2, 4, 6, 8].map((s) => ({ mode: 'solid', color: `#4040${(0x40 + s).toString(16).toUpperCase()}`, lead_ms: s * 1000 })),
  }, { token, actor: 'drill' });
  if (timeline.status !== 201) throw new Error(`main refused the timeline: ${JSON.stringify(timeline)}`);
  acked.push({ version: timeline.body.version, color: '#404042', station: 'main' });
  // GOs keep coming on main (pending, 3 s lead) until it dies mid-request
  let n = 0;
  let stopStream = false;
  const stream = (async () => {
    while (!stopStream && n < 10_000) {
      const res = await go(main, `#6060${(n++ % 200 + 0x30).toString(16).toUpperCase().padStart(2, '0')}`, 3_000);
      if (res.status === 0) return; // main is gone
      await sleep(20);
    }
  })();
  const drill = { dataDir, token, main, standby, acked, stream, go, killedAt: null, before: null };
  drill.killMain = async () => {
    drill.before = storePointer(dataDir)?.version ?? 0;
    drill.killedAt = Date.now();
    await main.kill9();
    stopStream = true;
  };
  return drill;
}

/** Set up, let the show run {@code killAfterMs}, kill main. */
export async function startDrill({ killAfterMs = 300 + Math.floor(Math.random() * 700), ...opts } = {}) {
  const drill = await setupDrill(opts);
  await sleep(killAfterMs);
  await drill.killMain();
  return drill;
}

/**
 * After the caller pressed BLACKOUT on the standby at {@code pressedAt}: waits for it in the store, sends a GO on the
 * standby, checks the acked cues and stops everything. {@code goOnStandby}: how to send that GO (default: the API).
 */
export async function finishDrill(drill, pressedAt, { goOnStandby, keepData = false } = {}) {
  const { dataDir, standby, acked, killedAt, before } = drill;
  try {
    const off = await waitForOff(dataDir, before);
    await drill.stream;
    const result = {
      kill_to_off_ms: off ? off.at - killedAt : null,
      press_to_off_ms: off ? off.at - pressedAt : null,
      blackout_version: off?.pointer.version ?? null,
      version_before_kill: before,
      acked_by_main: acked.length,
    };
    const next = goOnStandby ? await goOnStandby(result) : await drill.go(standby, '#00A0A0', 0);
    result.standby_go_version = next?.status === 201 ? next.body.version : null;
    result.standby_go_status = next?.status ?? null;
    // what the standby's GO shows: the blackout and its own cue, none of the dead main's pending cues
    const shown = storeState(dataDir, result.standby_go_version ?? 0)?.cues ?? [];
    result.main_cues_after_blackout = shown.filter((c) => c.mode !== 'off' && c.color !== '#00A0A0').length;
    const live = liveVersions(dataDir);
    result.live_after = live[0] ?? 0;
    let lost = 0;
    for (const a of acked) {
      const state = storeState(dataDir, a.version);
      const ok = live.includes(a.version) && storeHistory(dataDir, a.version) && JSON.stringify(state).includes(a.color);
      if (!ok) lost++;
    }
    result.acked_lost = lost;
    result.live_without_history = live.filter((v) => !storeHistory(dataDir, v)).length;
    return result;
  } finally {
    await standby.stop();
    await drill.main.kill9();
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One drill with the standby's BLACKOUT sent through its API right after the kill. */
export async function apiDrill(opts) {
  const drill = await startDrill(opts);
  const pressedAt = Date.now();
  const blackout = post(drill.standby, '/api/blackout', undefined, { token: drill.token, actor: 'drill' });
  return finishDrill(drill, pressedAt, {
    goOnStandby: async (result) => {
      const b = await blackout;
      result.blackout_status = b.status;
      result.blackout_answered_ms = Date.now() - pressedAt;
      return drill.go(drill.standby, '#00A0A0', 0);
    },
  });
}
