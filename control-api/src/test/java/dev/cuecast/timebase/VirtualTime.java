package dev.cuecast.timebase;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Simulated milliseconds for {@link TimeSync}, as sim/events.js is for clock.js: timers run in order of due time,
 * ties in the order they were set, and time jumps from one to the next. Single-threaded; bounded.
 */
final class VirtualTime implements Timers {
    private static final long MAX_EVENTS = 1_000_000;

    private record Timer(double at, long seq, Runnable fn) {
    }

    private final PriorityQueue<Timer> queue =
            new PriorityQueue<>(Comparator.comparingDouble(Timer::at).thenComparingLong(Timer::seq));
    private double now;
    private long seq;
    private long events;
    private boolean closed;

    VirtualTime(double start) {
        this.now = start;
    }

    double now() {
        return now;
    }

    @Override
    public void later(double ms, Runnable fn) {
        at(now + Math.max(0, ms), fn);
    }

    /** Runs {@code fn} at the instant {@code when} (not before now). */
    void at(double when, Runnable fn) {
        if (!closed) {
            queue.add(new Timer(Math.max(now, when), ++seq, fn));
        }
    }

    /** Runs every timer due up to {@code until} (inclusive); time ends at {@code until}. */
    void runUntil(double until) {
        while (!queue.isEmpty() && queue.peek().at() <= until) {
            Timer t = queue.poll();
            now = t.at();
            t.fn().run();
            if (++events > MAX_EVENTS) {
                throw new IllegalStateException("more than " + MAX_EVENTS + " timers: a loop that never settles");
            }
        }
        now = Math.max(now, until);
    }

    void advance(double ms) {
        runUntil(now + ms);
    }

    /** Timers set and not yet run. */
    int pending() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}
