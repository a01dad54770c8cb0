// The wire contract, checked on the phone before a fetched or restored state replaces the last good one.
// The same rules as the publisher's records (publisher/.../cue/*.java), pinned by the shared vectors in
// testdata/states/ and testdata/invalid-cues.json: a hand-edited bucket, an older publisher or a bug must
// never reach the display loop, because a state the phone cannot show would freeze it, and once stored it
// would freeze it again after every reload.
// Fields this app does not know are ignored (a newer publisher may add some); every field it knows must be
// exactly what the contract says. Pure: each check returns null when the value is fine, else a message that
// starts with where the problem is ("cues[3].color: ...").

export const LIMITS = Object.freeze({
  minFlashPeriodMs: 600,   // strobe/pulse/wave period: within the phones' flash budget even when restarted
  minStepGapMs: 334,       // WCAG 2.3.1: at most 3 flashes a second
  maxPeriodMs: 60_000,
  maxSeats: 1_000_000,
  maxSteps: 1_000,
  maxStepOffsetMs: 86_400_000,
  maxZoneRanges: 100,
  maxCuesPerState: 1_024,
  minPollMs: 500,
  maxPollMs: 60_000,
  pointerInlineMaxBytes: 1_024, // a state this small also rides inside the pointer ("inline"); see poller.js
});
export const WIRE_VERSION = 1;
export const MODES = Object.freeze(['off', 'solid', 'strobe', 'pulse', 'wave', 'sequence']);

const COLOR = /^#[0-9A-Fa-f]{6}$/;
const DRAW_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const STATE_KEY = /^states\/([1-9][0-9]*)\.json$/;
const PUBLISH_ID = /^[A-Za-z0-9_-]{1,64}$/;
const EPOCH = /^[A-Za-z0-9_-]{1,32}$/;
const PERIODIC = new Set(['strobe', 'pulse', 'wave']);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== null && o[k] !== undefined;
const show = (v) => {
  try { return JSON.stringify(v)?.slice(0, 60) ?? String(v); } catch { return typeof v; }
};
const intIn = (v, min, max) => Number.isSafeInteger(v) && v >= min && v <= max;

class Invalid extends Error {}
/** `what` may be a function: messages that quote the value are built only for a value that fails. */
function expect(ok, where, what) {
  if (!ok) throw new Invalid(`${where}: ${typeof what === 'function' ? what() : what}`);
}

/** base64url without padding: the number of bytes it decodes to, or -1 for an impossible length. */
function decodedLength(bits) {
  const rem = bits.length % 4;
  return rem === 1 ? -1 : Math.floor(bits.length / 4) * 3 + (rem === 0 ? 0 : rem - 1);
}

function checkColor(value, where) {
  expect(typeof value === 'string' && COLOR.test(value), where, () => `must be a colour #RRGGBB, got ${show(value)}`);
}

function checkSeatRange(r, where) {
  expect(Array.isArray(r) && r.length === 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1]), where,
    () => `must be exactly two whole seat numbers [first,last], got ${show(r)}`);
  expect(r[0] >= 0 && r[1] >= r[0] && r[1] < LIMITS.maxSeats, where,
    () => `must satisfy 0 <= first <= last < ${LIMITS.maxSeats}, got ${show(r)}`);
}

function checkZone(zone, where) {
  expect(isObject(zone), where, () => `must be {"seats":[[first,last],...]}, got ${show(zone)}`);
  const seats = zone.seats;
  expect(Array.isArray(seats) && seats.length >= 1 && seats.length <= LIMITS.maxZoneRanges, `${where}.seats`,
    `must list 1 to ${LIMITS.maxZoneRanges} [first,last] ranges`);
  seats.forEach((r, i) => checkSeatRange(r, `${where}.seats[${i}]`));
}

function checkSteps(steps, where) {
  expect(Array.isArray(steps) && steps.length >= 1 && steps.length <= LIMITS.maxSteps, where,
    `a sequence needs 1 to ${LIMITS.maxSteps} steps`);
  steps.forEach((s, i) => {
    const at = `${where}[${i}]`;
    expect(isObject(s), at, () => `must be {"offset_ms":...,"color":...}, got ${show(s)}`);
    expect(intIn(s.offset_ms, 0, LIMITS.maxStepOffsetMs), `${at}.offset_ms`,
      () => `must be a whole number of ms from 0 to ${LIMITS.maxStepOffsetMs}, got ${show(s.offset_ms)}`);
    checkColor(s.color, `${at}.color`);
    if (i > 0) {
      expect(s.offset_ms - steps[i - 1].offset_ms >= LIMITS.minStepGapMs, at,
        `comes less than ${LIMITS.minStepGapMs} ms after the previous step (no flashing above 3 Hz)`);
    }
  });
}

function checkWinners(w, where) {
  expect(isObject(w), where, () => `must be an object, got ${show(w)}`);
  expect(typeof w.draw === 'string' && DRAW_ID.test(w.draw), `${where}.draw`, () => `must be a draw id such as "d7", got ${show(w.draw)}`);
  expect(intIn(w.seats, 1, LIMITS.maxSeats), `${where}.seats`, () => `must be a whole number from 1 to ${LIMITS.maxSeats}, got ${show(w.seats)}`);
  expect(has(w, 'bits') !== has(w, 'list'), where, 'needs exactly one of bits and list');
  if (has(w, 'bits')) {
    expect(typeof w.bits === 'string' && BASE64URL.test(w.bits) && decodedLength(w.bits) === Math.ceil(w.seats / 8),
      `${where}.bits`, `must be base64url without padding encoding exactly ${Math.ceil(w.seats / 8)} bytes`);
  } else {
    expect(Array.isArray(w.list), `${where}.list`, 'must be a list of seats');
    w.list.forEach((seat, i) => expect(intIn(seat, 0, w.seats - 1) && (i === 0 || seat > w.list[i - 1]), `${where}.list[${i}]`,
      () => `must be a seat from 0 to ${w.seats - 1}, above the one before, got ${show(seat)}`));
  }
  checkColor(w.color, `${where}.color`);
}

function checkCue(c, where) {
  expect(isObject(c), where, () => `must be a cue object, got ${show(c)}`);
  expect(intIn(c.effective_at, 1, Number.MAX_SAFE_INTEGER), `${where}.effective_at`,
    () => `must be epoch milliseconds (a whole number above 0), got ${show(c.effective_at)}`);
  expect(MODES.includes(c.mode), `${where}.mode`, () => `must be one of ${MODES.join(', ')}, got ${show(c.mode)}`);
  const m = c.mode;
  if (m === 'off' || m === 'sequence') expect(!has(c, 'color'), `${where}.color`, `${m} takes no color`);
  else checkColor(c.color, `${where}.color`);
  if (PERIODIC.has(m)) {
    expect(intIn(c.period_ms, LIMITS.minFlashPeriodMs, LIMITS.maxPeriodMs), `${where}.period_ms`,
      () => `${m} needs a whole period_ms from ${LIMITS.minFlashPeriodMs} (3 Hz) to ${LIMITS.maxPeriodMs}, got ${show(c.period_ms)}`);
  } else {
    expect(!has(c, 'period_ms'), `${where}.period_ms`, `${m} takes no period_ms`);
  }
  if (m === 'wave') expect(intIn(c.span, 1, LIMITS.maxSeats), `${where}.span`, () => `wave needs span from 1 to ${LIMITS.maxSeats}, got ${show(c.span)}`);
  else expect(!has(c, 'span'), `${where}.span`, `${m} takes no span (wave only)`);
  if (m === 'sequence') checkSteps(c.steps, `${where}.steps`);
  else expect(!has(c, 'steps'), `${where}.steps`, `${m} takes no steps (sequence only)`);
  if (has(c, 'zone')) checkZone(c.zone, `${where}.zone`);
  if (has(c, 'winners')) {
    expect(m !== 'off', `${where}.winners`, 'off takes no winners');
    checkWinners(c.winners, `${where}.winners`);
  }
}

function checkState(s) {
  expect(isObject(s), 'state', () => `must be a JSON object, got ${show(s)}`);
  expect(s.v === WIRE_VERSION, 'v', () => `must be ${WIRE_VERSION}, got ${show(s.v)}`);
  expect(intIn(s.version, 1, Number.MAX_SAFE_INTEGER), 'version', () => `must be a whole number from 1, got ${show(s.version)}`);
  expect(intIn(s.published_at, 0, Number.MAX_SAFE_INTEGER), 'published_at', () => `must be epoch milliseconds, got ${show(s.published_at)}`);
  if (has(s, 'publish_id')) {
    expect(typeof s.publish_id === 'string' && PUBLISH_ID.test(s.publish_id), 'publish_id', () => `must be 1 to 64 of [A-Za-z0-9_-], got ${show(s.publish_id)}`);
  }
  expect(Array.isArray(s.cues) && s.cues.length >= 1 && s.cues.length <= LIMITS.maxCuesPerState, 'cues',
    `must list 1 to ${LIMITS.maxCuesPerState} cues`);
  s.cues.forEach((c, i) => {
    checkCue(c, `cues[${i}]`);
    if (i > 0) expect(c.effective_at >= s.cues[i - 1].effective_at, `cues[${i}].effective_at`, 'cues must be ordered by effective_at');
  });
}

function checkPointer(p) {
  expect(isObject(p), 'pointer', () => `must be a JSON object, got ${show(p)}`);
  expect(p.v === WIRE_VERSION, 'v', () => `must be ${WIRE_VERSION}, got ${show(p.v)}`);
  expect(intIn(p.version, 1, Number.MAX_SAFE_INTEGER), 'version', () => `must be a whole number from 1, got ${show(p.version)}`);
  expect(p.state === `states/${p.version}.json` && STATE_KEY.test(p.state), 'state',
    () => `must be "states/${p.version}.json", got ${show(p.state)}`);
  expect(intIn(p.poll_ms, LIMITS.minPollMs, LIMITS.maxPollMs), 'poll_ms',
    () => `must be a whole number from ${LIMITS.minPollMs} to ${LIMITS.maxPollMs}, got ${show(p.poll_ms)}`);
  expect(intIn(p.published_at, 0, Number.MAX_SAFE_INTEGER), 'published_at', () => `must be epoch milliseconds, got ${show(p.published_at)}`);
  if (has(p, 'epoch')) {
    expect(typeof p.epoch === 'string' && EPOCH.test(p.epoch), 'epoch', () => `must be 1 to 32 of [A-Za-z0-9_-], got ${show(p.epoch)}`);
  }
  // The publish_id of the state the pointer names: the phone adopts a state only when it carries the same one.
  if (has(p, 'publish_id')) {
    expect(typeof p.publish_id === 'string' && PUBLISH_ID.test(p.publish_id), 'publish_id', () => `must be 1 to 64 of [A-Za-z0-9_-], got ${show(p.publish_id)}`);
  }
  // The version of the newest BLACKOUT: this pointer's own version or an earlier one.
  if (has(p, 'blackout')) {
    expect(intIn(p.blackout, 1, p.version), 'blackout', () => `must be the version of a BLACKOUT, a whole number from 1 to ${p.version} (this pointer's version), got ${show(p.blackout)}`);
  }
}

function problem(check, value) {
  try {
    check(value);
    return null;
  } catch (e) {
    if (e instanceof Invalid) return e.message;
    return `state: cannot be checked (${e?.message ?? e})`; // e.g. a getter that throws: refuse, never crash
  }
}

/**
 * A seat number from a URL, the seat field or storage: digits only (spaces around them and leading zeros are
 * forgiven, "1e1", "-1", "1.5" and "0x0c" are not), from 0 to maxSeats - 1, the range every zone and draw uses.
 * @returns {number | null}
 */
export function parseSeat(text) {
  if (typeof text !== 'string' || !/^[0-9]{1,7}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n < LIMITS.maxSeats ? n : null;
}

/** @returns {string | null} null when `value` is a state this app can show, else what is wrong with it */
export const stateProblem = (value) => problem(checkState, value);
/** @returns {string | null} null when `value` is a valid pointer, else what is wrong with it */
export const pointerProblem = (value) => problem(checkPointer, value);
/** @returns {string | null} null when `value` is a valid cue */
export const cueProblem = (value) => problem((c) => checkCue(c, 'cue'), value);
