// One phone's player: the clock, the poller, the show function and the scheduler wired together.
// app.js hands it the browser (fetch, performance.now, requestAnimationFrame, the DOM renderer);
// sim/crowd.js hands it simulated time and network. Both run this same wiring, so the crowd simulator
// measures exactly what phones run. Pure: everything outside is injected.
import { createClock, resyncMsFor } from './clock.js';
import { createPoller } from './poller.js';
import { createScheduler } from './scheduler.js';
import { frameAt } from './show.js';
import { stateProblem } from './validate.js';
import { createGovernor, governFrame } from './flash.js';

/**
 * @typedef {import('./show.js').State} State
 * @typedef {import('./show.js').Frame} Frame
 * @typedef {import('./poller.js').Pointer} Pointer
 */

export const TEST_FLASH = Object.freeze({ leadMs: 300, lengthMs: 400, color: '#FFFFFF' });
/** A clock correction back by more than this is followed at once (the show jumps) rather than waited out. */
export const MAX_HOLD_BACK_MS = 2000;

/**
 * @param {{
 *   now: () => number,                         // local monotonic-anchored epoch ms
 *   fetch: (url: string, init: object) => Promise<import('./poller.js').ResponseLike>,
 *   fetchTime: () => Promise<number>,          // server `t` from /time
 *   setTimeout: (fn: () => void, ms: number) => any,
 *   clearTimeout: (id: any) => void,
 *   requestAnimationFrame: (fn: (ts: number) => void) => any,
 *   frameAge?: (ts: number) => number,
 *   random?: () => number,
 *   render: (color: string, info: { target: number | null, at: number, frameTs: number | null, cue: import('./show.js').Cue | null }) => void,
 *   seat?: number | null,
 *   state?: State | null,                      // the last good state kept from an earlier session
 *   savedOffset?: number | null,               // the last offset kept from an earlier session, used until /time answers
 *   calibrationMs?: number,                    // the spectator's manual correction
 *   shape?: (frame: Frame, t: number) => Frame, // runs after the show function, before the scheduler lands the frame
 *   onState?: (state: State, pointer: Pointer) => void,  // a new state is in force (after the scheduler re-planned)
 *   onPoll?: (event: { ok: boolean, status?: number, error?: string, nextMs: number }) => void,
 *   onClock?: () => void,                      // the clock's offset, target or readiness changed
 *   AbortController?: typeof AbortController | null,
 *   clockOptions?: object,
 *   pollerOptions?: object,
 *   phoneId?: string | null,                   // coverage id for ?p= (lib/phone-id.js); none in the simulator
 * }} deps
 */
export function createPlayer({ now, fetch, fetchTime, setTimeout, clearTimeout, requestAnimationFrame,
  frameAge, random = Math.random, render, seat = null, state = null, savedOffset = null, calibrationMs = 0,
  shape = (f) => f, onState = () => {}, onPoll = () => {}, onClock = () => {}, AbortController,
  clockOptions = {}, pollerOptions = {}, phoneId = null }) {
  // A state kept from an earlier session is checked like a fetched one (the poller checks those): one stored by
  // an older app, or edited by hand, must not freeze the display loop after every reload.
  let current = state !== null && stateProblem(state) === null ? state : null;
  let mySeat = seat;
  let calibration = calibrationMs;
  let flash = null; // { from, until } server ms of a calibration test flash
  const counts = { late: 0, missed: 0 };
  const kept = Number.isFinite(savedOffset) ? savedOffset : null;

  const offset = () => clock.offset() ?? kept;
  const serverNow = () => {
    const off = offset();
    return off === null ? null : now() + off + calibration;
  };

  /** @returns {Frame} what this seat shows at server time t, and when that next changes */
  function compute(t) {
    if (flash !== null && t >= flash.from && t < flash.until) {
      return { color: TEST_FLASH.color, nextAt: flash.until, animate: false, cue: null };
    }
    if (flash !== null && t >= flash.until) flash = null;
    const f = shape(frameAt(current, t, mySeat), t);
    if (flash !== null && (f.nextAt === null || flash.from < f.nextAt)) return { ...f, nextAt: flash.from };
    return f;
  }

  // The last step before the screen: whatever any state says, at most 3 flashes a second (WCAG 2.3.1),
  // counted on local monotonic time so a clock correction cannot replay or skip its memory.
  const governor = createGovernor();
  // Show time never runs backwards: after a clock correction back by up to MAX_HOLD_BACK_MS the screen holds
  // its colour until server time catches up, instead of replaying strobe edges it already showed.
  let shownUpTo = -Infinity;
  const governed = (t) => {
    const at = t < shownUpTo && shownUpTo - t <= MAX_HOLD_BACK_MS ? shownUpTo : t;
    shownUpTo = at;
    const server = serverNow();
    // The governor counts on the local time of the frame t stands for (t may lag the callback by its frame age).
    return governFrame(governor, compute(at), at, server === null ? now() : now() - (server - t));
  };
  const scheduler = createScheduler({
    serverNow, compute: governed, render, setTimeout, clearTimeout, requestAnimationFrame, frameAge,
  });

  /** A new state replaces the last good one (the poller has already checked it parses and is newer). */
  function adopt(next, pointer) {
    const t = serverNow();
    if (t !== null && current !== null) { // on joining, the past is nobody's fault
      // Cues first heard of after their instant: the one in force now was late, older ones were missed.
      const known = new Set(current.cues.map((c) => `${c.effective_at}/${c.mode}`));
      const inForce = frameAt(next, t, mySeat).cue;
      for (const c of next.cues) {
        if (c.effective_at < t && !known.has(`${c.effective_at}/${c.mode}`)) counts[c === inForce ? 'late' : 'missed'] += 1;
      }
    }
    current = next;
    scheduler.refresh();
    onState(next, pointer);
  }

  const poller = createPoller({
    fetch, now, setTimeout, clearTimeout, random, onState: adopt, onPoll, options: pollerOptions, phoneId,
    ...(AbortController === undefined ? {} : { AbortController }),
  });

  // The clock says when it moves (first estimate, a step, the start of a slew): the scheduler re-plans
  // then, and reads the slewing offset again on every frame it checks.
  const clock = createClock({
    now, fetchTime, setTimeout, clearTimeout, random,
    onChange: () => { scheduler.refresh(); onClock(); },
    options: { resyncMs: () => resyncMsFor(poller.pollMs()), ...clockOptions },
  });

  return {
    start() {
      clock.start();
      poller.start();
      scheduler.start();
    },
    stop() {
      clock.stop();
      poller.stop();
      scheduler.stop();
    },
    /** The page came back (visible, pageshow, unlocked): re-sync, re-poll, show the cue in force now. */
    resume() {
      clock.resync();
      poller.pollNow();
      scheduler.refresh();
    },
    refresh: () => scheduler.refresh(),
    serverNow,
    /** server − local in ms that the player uses: the clock's, else the one kept from an earlier session */
    offset,
    state: () => current,
    seat: () => mySeat,
    setSeat(n) {
      mySeat = n;
      scheduler.refresh();
    },
    setCalibration(ms) {
      calibration = ms;
      scheduler.refresh();
    },
    /** A white flash on the next whole server second (+ a margin): phones side by side should flash together. */
    testFlash() {
      const t = serverNow();
      if (t === null) return;
      const from = Math.ceil((t + TEST_FLASH.leadMs) / 1000) * 1000;
      flash = { from, until: from + TEST_FLASH.lengthMs };
      scheduler.refresh();
    },
    counts: () => ({ ...counts }),
    /** The flash governor's count: changes it held back (interventions) and transitions it let through. */
    flashGuard: () => governor.stats(),
    clock,
    poller,
    scheduler,
  };
}
