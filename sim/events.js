// Discrete-event time for the crowd simulator and the PWA unit tests: simulated milliseconds, a timer
// queue ordered by due time, and a run loop that drains promise continuations after every event so
// async code (the real clock and poller) sees the simulated clock advance exactly as timers fire.

/** Binary min-heap of timers by (at, seq); sifts move a hole instead of swapping (the crowd runs ~10^8 of them). */
class TimerHeap {
  constructor() { this.items = []; }
  get size() { return this.items.length; }
  push(item) {
    const a = this.items;
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p];
      if (parent.at < item.at || (parent.at === item.at && parent.seq < item.seq)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && less(a[r], a[l])) m = r;
        if (!less(a[m], last)) break;
        a[i] = a[m];
        i = m;
      }
      a[i] = last;
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
  let now = start;
  let seq = 0;
  let events = 0;
  return {
    now: () => now,
    /**
     * @param {() => void} fn @param {number} [ms]
     * @returns {object} a handle for clearTimeout (opaque, as a browser's id is)
     */
    setTimeout(fn, ms = 0) {
      const timer = { at: now + Math.max(0, Number(ms) || 0), seq: ++seq, fn };
      heap.push(timer);
      return timer;
    },
    clearTimeout(timer) { if (timer != null && typeof timer === 'object') timer.fn = null; },
    /** Number of events run so far. */
    events: () => events,
    /** Runs every timer due up to `until` (inclusive), in order; time ends at `until`. */
    async runUntil(until, { maxEvents = 50_000_000 } = {}) {
      await drainMicrotasks();
      while (heap.size > 0 && heap.peek().at <= until) {
        const t = heap.pop();
        if (t.fn === null) continue; // cleared
        now = t.at;
        const fn = t.fn;
        t.fn = null;
        fn();
        if (++events > maxEvents) throw new Error(`event budget of ${maxEvents} exceeded`);
        await drainMicrotasks();
      }
      now = Math.max(now, until);
    },
    /** Advances by `ms` of simulated time. */
    advance(ms) { return this.runUntil(now + ms); },
  };
}
