// Discrete-event time for the crowd simulator and the PWA unit tests: simulated milliseconds, a timer
// queue ordered by due time, and a run loop that drains promise continuations after every event so
// async code (the real clock and poller) sees the simulated clock advance exactly as timers fire.

/** Binary min-heap of timers by (at, seq). */
class TimerHeap {
  constructor() { this.items = []; }
  get size() { return this.items.length; }
  push(item) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p], a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
  peek() { return this.items[0]; }
}
const less = (x, y) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

const drainMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

/**
 * @param {number} [start] simulated epoch ms at which time begins
 */
export function createEventLoop(start = 0) {
  const heap = new TimerHeap();
  const cancelled = new Set();
  let now = start;
  let seq = 0;
  let events = 0;
  return {
    now: () => now,
    /** @param {() => void} fn @param {number} [ms] */
    setTimeout(fn, ms = 0) {
      const id = ++seq;
      heap.push({ at: now + Math.max(0, Number(ms) || 0), seq: id, fn });
      return id;
    },
    clearTimeout(id) { if (id != null) cancelled.add(id); },
    /** Number of events run so far. */
    events: () => events,
    /** Runs every timer due up to `until` (inclusive), in order; time ends at `until`. */
    async runUntil(until, { maxEvents = 50_000_000 } = {}) {
      await drainMicrotasks();
      while (heap.size > 0 && heap.peek().at <= until) {
        const t = heap.pop();
        if (cancelled.delete(t.seq)) continue;
        now = t.at;
        t.fn();
        if (++events > maxEvents) throw new Error(`event budget of ${maxEvents} exceeded`);
        await drainMicrotasks();
      }
      now = Math.max(now, until);
    },
    /** Advances by `ms` of simulated time. */
    advance(ms) { return this.runUntil(now + ms); },
  };
}
