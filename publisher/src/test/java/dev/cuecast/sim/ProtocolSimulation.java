package dev.cuecast.sim;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.publish.BlackedOutException;
import dev.cuecast.publish.ConflictsExhaustedException;
import dev.cuecast.publish.DeadlineExceededException;
import dev.cuecast.publish.Doctor;
import dev.cuecast.publish.Environment;
import dev.cuecast.publish.LandedLateException;
import dev.cuecast.publish.OutcomeUnknownException;
import dev.cuecast.publish.PublishFailedException;
import dev.cuecast.publish.Published;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.publish.UnrecordedException;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One seed of the protocol simulation: a main and a standby station (each an operator sending GO, timelines, undo
 * and settings, and a BLACKOUT desk), the {@code cuecast} CLI on a host whose clock is seconds off, {@code doctor
 * --repair}, and a vandal damaging the current state, all on one simulated store that delays, reorders, fails and
 * loses answers. The real {@link Publisher} runs in every actor. {@link Ledger} checks the invariants; after the show
 * the faults heal and a last BLACKOUT must land within a second (liveness).
 */
final class ProtocolSimulation {
    static final long T0 = 1_767_225_600_000L;
    /** Simulated show length during which actors start new operations; in-flight ones then finish. */
    private final long showMs;
    private final long seed;
    private final boolean keepWrites;

    ProtocolSimulation(long seed, long showMs, boolean keepWrites) {
        this.seed = seed;
        this.showMs = showMs;
        this.keepWrites = keepWrites;
    }

    record Result(long seed, long steps, List<String> violations, java.util.Map<String, Integer> faults,
                  List<long[]> blackoutLatencies, int ops, int lateVisible, String writes, String story) {
        boolean ok() {
            return violations.isEmpty();
        }
    }

    Result run() {
        SimWorld world = new SimWorld(seed, T0);
        SplittableRandom r = world.random;
        Faults faults = Faults.draw(r);
        Ledger ledger = new Ledger(keepWrites);
        SimStore store = new SimStore(world, faults, ledger);
        ledger.attach(store);
        PublisherConfig config = PublisherConfig.defaults();
        // the stations sync to the phones' time base: a few ms off; the CLI laptop may be seconds off
        Station main = new Station("main", world, store, config, ledger, new SimClock(world, r.nextLong(-20, 21), r.nextDouble(-50, 50)));
        Station standby = new Station("standby", world, store, config, ledger, new SimClock(world, r.nextLong(-20, 21), r.nextDouble(-50, 50)));
        long end = T0 + showMs;
        main.start(end, r.nextLong(0, 500));
        if (r.nextBoolean()) {
            standby.start(end, r.nextLong(0, 3_000));
        }
        if (r.nextDouble() < 0.5) {
            cli(world, store, config, ledger, new SimClock(world, r.nextLong(-5_000, 5_001), r.nextDouble(-200, 200)), end);
        }
        if (r.nextDouble() < 0.4) {
            doctor(world, store, config, ledger, new SimClock(world, r.nextLong(-2_000, 2_001), 0), end);
        }
        if (r.nextDouble() < 0.3) {
            vandal(world, store, end);
        }
        long healAt = end + 15_000;
        world.at(healAt, store::heal);
        // liveness: once the faults heal, a BLACKOUT from the main station lands within a second
        AtomicLong finalBlackout = new AtomicLong(-1);
        world.spawn("final-blackout", healAt + 1, () -> {
            Ledger.Op op = ledger.begin("main", "blackout", world.now(), main.clock);
            if (answer(ledger, op, world, () -> main.publisher.blackout("main")) != null) {
                finalBlackout.set(world.now() - op.pressedAt);
            }
        });
        world.run(healAt + 60_000, 2_000_000);
        if (finalBlackout.get() < 0 || finalBlackout.get() > 1_000) {
            ledger.violation("after the faults healed, BLACKOUT did not land within 1 s (took "
                    + finalBlackout.get() + " ms; -1: never)");
        }
        return new Result(seed, world.steps(), ledger.violations(), ledger.faults(), ledger.blackoutLatencies(),
                ledger.ops().size(), ledger.lateVisible(), keepWrites ? ledger.writesJson(seed) : null, ledger.describe());
    }

    static Environment environment(SimWorld world, SimClock clock, long seed) {
        return new Environment(clock, new SimCalls(), world::sleep, new SplittableRandom(seed));
    }

    /** An operator station: its page's live view, an operator sending changes, a BLACKOUT desk. */
    static final class Station {
        final String name;
        final SimWorld world;
        final Ledger ledger;
        final SimClock clock;
        final Publisher publisher;
        /** The live version the page shows (what GO says the operator saw). */
        final AtomicLong seen = new AtomicLong(0); // before its first look the page knows of nothing published

        Station(String name, SimWorld world, SimStore store, PublisherConfig config, Ledger ledger, SimClock clock) {
            this.name = name;
            this.world = world;
            this.ledger = ledger;
            this.clock = clock;
            this.publisher = Publisher.create(config, store, environment(world, clock, world.random.nextLong()));
        }

        void start(long end, long at) {
            SplittableRandom r = world.random.split();
            world.spawn(name + "-operator", T0 + at, () -> operate(r, end));
            SplittableRandom b = world.random.split();
            world.spawn(name + "-blackout", T0 + at + b.nextLong(200, 4_000), () -> blackouts(b, end));
        }

        private void operate(SplittableRandom r, long end) {
            while (world.now() < end) {
                world.sleep(r.nextLong(50, 2_500));
                if (r.nextDouble() < 0.7) {
                    refreshView();
                }
                long seenNow = seen.get();
                double pick = r.nextDouble();
                String kind = pick < 0.7 ? "cue" : pick < 0.8 ? "timeline" : pick < 0.92 ? "undo" : "settings";
                Ledger.Op op = ledger.begin(name, kind, world.now(), clock);
                String color = color(op.id);
                ledger.colors(op, color);
                long lead = new long[] {0, 0, 300, 1_000, 3_000, 5_000}[r.nextInt(6)];
                long effectiveAt = clock.millis() + lead;
                // the request travels from the page to the server: usually quick, sometimes held by a stalled network
                world.sleep(r.nextDouble() < 0.12 ? r.nextLong(1_000, 10_000) : r.nextLong(1, 60));
                OptionalLong base = OptionalLong.of(seenNow);
                long start = clock.millis();
                switch (kind) {
                    case "cue" -> {
                        op.deadlineHost = Math.max(effectiveAt - 500, start + 2_500);
                        answer(op, () -> publisher.publish(Cue.solid(effectiveAt, color), name, base));
                    }
                    case "timeline" -> {
                        op.deadlineHost = Math.max(effectiveAt - 500, start + 2_500);
                        answer(op, () -> publisher.publishAll(List.of(Cue.solid(effectiveAt, color),
                                Cue.off(effectiveAt + 2_000 + r.nextLong(0, 5_000))), name, base));
                    }
                    case "undo" -> {
                        long target = Math.max(1, seenNow - r.nextLong(1, 4));
                        op.deadlineHost = start + 2_500;
                        answer(op, () -> publisher.undoTo(target, name, base));
                    }
                    default -> answer(op, () -> publisher.setPollMs(r.nextBoolean() ? 1_000 : 20_000, name));
                }
            }
        }

        private void refreshView() {
            try {
                publisher.current().ifPresent(s -> seen.set(s.pointer().version()));
            } catch (PublishFailedException e) {
                // the page keeps its last view while the store does not answer
            }
        }

        private void blackouts(SplittableRandom r, long end) {
            while (world.now() < end) {
                Ledger.Op op = ledger.begin(name, "blackout", world.now(), clock);
                world.sleep(r.nextLong(1, 30));
                answer(op, () -> publisher.blackout(name));
                world.sleep(r.nextLong(1_000, 12_000));
            }
        }

        private void answer(Ledger.Op op, Supplier<Published> call) {
            Published p = ProtocolSimulation.answer(ledger, op, world, call);
            if (p != null) {
                seen.accumulateAndGet(p.version(), Math::max);
            }
        }
    }

    /** Runs one operation and tells the ledger what its caller was told. */
    static Published answer(Ledger ledger, Ledger.Op op, SimWorld world, Supplier<Published> call) {
        try {
            Published p = call.get();
            ledger.answer(op, Ledger.Answer.ACK, p.version(), world.now());
            return p;
        } catch (LandedLateException e) {
            ledger.answer(op, Ledger.Answer.LATE, e.published().version(), world.now());
        } catch (UnrecordedException e) {
            ledger.answer(op, Ledger.Answer.UNRECORDED, e.published().version(), world.now());
        } catch (BlackedOutException e) {
            ledger.answer(op, Ledger.Answer.BLACKED_OUT, 0, world.now());
        } catch (DeadlineExceededException e) {
            ledger.answer(op, Ledger.Answer.DEADLINE, 0, world.now());
        } catch (ConflictsExhaustedException e) {
            ledger.answer(op, Ledger.Answer.CONFLICTS, 0, world.now());
        } catch (OutcomeUnknownException e) {
            ledger.answer(op, Ledger.Answer.UNKNOWN, 0, world.now());
        } catch (PublishFailedException e) {
            ledger.answer(op, Ledger.Answer.UNAVAILABLE, 0, world.now());
        } catch (InvalidCueException e) {
            ledger.answer(op, Ledger.Answer.INVALID, 0, world.now());
        }
        return null;
    }

    /** A distinct colour per operation (never black), so the checker knows whose cue a state lights. */
    static String color(int id) {
        int rgb = (int) ((id * 2_654_435_761L) & 0xFFFFFF) | 0x404040;
        return String.format("#%06X", rgb);
    }

    private static void cli(SimWorld world, SimStore store, PublisherConfig config, Ledger ledger, SimClock clock, long end) {
        SplittableRandom r = world.random.split();
        Publisher cli = Publisher.create(config, store, environment(world, clock, r.nextLong()));
        world.spawn("cli", T0 + r.nextLong(500, 5_000), () -> {
            while (world.now() < end) {
                Ledger.Op op = ledger.begin("cli", "cue", world.now(), clock);
                op.decidesOnFirstRead = true;
                String color = color(op.id);
                ledger.colors(op, color);
                long effectiveAt = clock.millis() + new long[] {0, 1_000, 3_000}[r.nextInt(3)];
                op.deadlineHost = Math.max(effectiveAt - 500, clock.millis() + 2_500);
                answer(ledger, op, world, () -> cli.publish(Cue.solid(effectiveAt, color), "cli"));
                world.sleep(r.nextLong(1_000, 8_000));
            }
        });
    }

    private static void doctor(SimWorld world, SimStore store, PublisherConfig config, Ledger ledger, SimClock clock, long end) {
        SplittableRandom r = world.random.split();
        Publisher publisher = Publisher.create(config, store, environment(world, clock, r.nextLong()));
        world.spawn("doctor", T0 + r.nextLong(1_000, 8_000), () -> {
            while (world.now() < end) {
                Ledger.Op op = ledger.begin("doctor", "restore", world.now(), clock);
                op.decidesOnFirstRead = true;
                try {
                    new Doctor(publisher).repair("doctor");
                } catch (PublishFailedException | InvalidCueException | LandedLateException | UnrecordedException e) {
                    // a repair that could not run (or was dropped by a BLACKOUT), or that landed late or unrecorded: the
                    // ledger judges what landed, whatever the doctor was told
                }
                world.sleep(r.nextLong(1_000, 6_000));
            }
        });
    }

    /** Damages the state the pointer names now and then (a bad disk, a stray tool): the doctor's work. */
    private static void vandal(SimWorld world, SimStore store, long end) {
        SplittableRandom r = world.random.split();
        for (long t = T0 + r.nextLong(1_000, 6_000); t < end; t += r.nextLong(2_000, 8_000)) {
            world.at(t, () -> store.peek(dev.cuecast.cue.Pointer.KEY).ifPresent(body -> {
                String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"state\":\"(states/[0-9]+\\.json)\"").matcher(s);
                if (m.find()) {
                    store.corrupt(m.group(1));
                }
            }));
        }
    }
}
