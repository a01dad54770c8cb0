package dev.cuecast.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One seeded scheduler for everything that happens in a simulated show: simulated milliseconds, one event queue,
 * one PRNG. Actors run the real publisher code on their own threads, but only one thread runs at a time: an actor
 * runs until it waits (a store call, a pause), which hands the baton back; the world then runs the next event in
 * (time, sequence) order. Nothing depends on the OS scheduler or the wall clock, so a seed replays exactly.
 */
final class SimWorld {
    /** Something that happens at a simulated instant. */
    interface Event {
        void run();
    }

    private record Scheduled(long at, long seq, Event event) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    /** Thrown into actor threads when the world stops before they finish. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("the simulation stopped", null, false, false);
        }
    }

    final SplittableRandom random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final Semaphore back = new Semaphore(0);
    private final List<Actor> actors = new ArrayList<>();
    private volatile long now;
    private long seq;
    private long steps;
    private volatile boolean stopping;
    private volatile Throwable crash;

    SimWorld(long seed, long startMs) {
        this.random = new SplittableRandom(seed);
        this.now = startMs;
    }

    long now() {
        return now;
    }

    long steps() {
        return steps;
    }

    void at(long when, Event event) {
        queue.add(new Scheduled(Math.max(when, now), seq++, event));
    }

    /** An actor: its body runs on its own thread, one step at a time, whenever the world hands it the baton. */
    final class Actor {
        final String name;
        private final Semaphore go = new Semaphore(0);
        private final Thread thread;
        private boolean done;

        private Actor(String name, Runnable body) {
            this.name = name;
            this.thread = new Thread(() -> {
                try {
                    go.acquireUninterruptibly();
                    if (!stopping) {
                        body.run();
                    }
                } catch (Stopped e) {
                    // the world ended while this actor waited
                } catch (Throwable t) {
                    if (crash == null) {
                        crash = t;
                    }
                } finally {
                    done = true;
                    back.release();
                }
            }, "sim-" + name);
            thread.setDaemon(true);
        }

        private void resume() {
            if (!done) {
                go.release();
                back.acquireUninterruptibly();
            }
        }
    }

    /** Starts {@code body} as an actor at simulated time {@code when}. */
    Actor spawn(String name, long when, Runnable body) {
        Actor actor = new Actor(name, body);
        actors.add(actor);
        actor.thread.start();
        at(when, actor::resume);
        return actor;
    }

    private final ThreadLocal<Actor> current = new ThreadLocal<>();

    private Actor self() {
        Actor a = current.get();
        if (a == null) {
            for (Actor x : actors) {
                if (x.thread == Thread.currentThread()) {
                    current.set(x);
                    return x;
                }
            }
            throw new IllegalStateException("only actors wait in the simulation");
        }
        return a;
    }

    /** The calling actor waits until simulated time {@code when}; other events run meanwhile. */
    void sleepUntil(long when) {
        Actor me = self();
        at(when, me::resume);
        back.release();
        me.go.acquireUninterruptibly();
        if (stopping) {
            throw new Stopped();
        }
    }

    void sleep(long ms) {
        sleepUntil(now + Math.max(0, ms));
    }

    /**
     * Runs events until none is left or simulated time passes {@code untilMs}, then stops every actor still waiting.
     *
     * @throws IllegalStateException when an actor crashed (a bug in the code under test or in the simulation)
     */
    void run(long untilMs, long maxSteps) {
        while (!queue.isEmpty() && steps < maxSteps) {
            Scheduled next = queue.poll();
            if (next.at > untilMs) {
                break;
            }
            now = next.at;
            steps++;
            next.event.run();
            if (crash != null) {
                break;
            }
        }
        stopping = true;
        for (Actor a : actors) {
            if (!a.done) {
                a.go.release();
                try {
                    if (!back.tryAcquire(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("actor " + a.name + " did not stop");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (crash != null) {
            throw new IllegalStateException("an actor crashed: " + crash, crash);
        }
    }
}
