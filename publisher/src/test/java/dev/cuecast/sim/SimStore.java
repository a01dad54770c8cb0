package dev.cuecast.sim;

import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.StoreTimeoutException;
import dev.cuecast.publish.StoreUnavailableException;
import dev.cuecast.publish.StoredObject;
import dev.cuecast.publish.VersionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An object store with S3's conditional-write semantics whose every call goes through the {@link SimWorld}: a
 * request travels, lands (its effect applied atomically at that simulated instant), and its answer travels back,
 * each leg with a drawn latency. Faults, drawn from the seed's {@link Faults}: an answer lost (the write landed), a
 * 5xx before landing, a 5xx after landing, a spurious 409, a write that lands after its client gave up, slow calls.
 * Reads and writes land in the order of their landing instants, so the store is linearizable, as S3 is.
 */
final class SimStore implements ObjectStore {
    /** Which call of which actor operation a request belongs to: the ledger ties writes to operations. */
    interface Observer {
        void landed(String key, byte[] body, Ledger.Op op, long at);
    }

    private record Obj(byte[] body, String etag) {
    }

    private final SimWorld world;
    private volatile Faults faults;
    private final Ledger ledger;
    private final TreeMap<String, Obj> objects = new TreeMap<>();
    private long etags;

    SimStore(SimWorld world, Faults faults, Ledger ledger) {
        this.world = world;
        this.faults = faults;
        this.ledger = ledger;
    }

    /** What an actor's call came to, filled in when it lands. */
    private static final class Outcome<T> {
        T value;
        RuntimeException error;
        boolean landed;
    }

    private interface Effect<T> {
        T apply() throws VersionConflictException;
    }

    /** One copy of a request on its way: its fault, when it lands, when its answer arrives, what it came to. */
    private final class Copy<T> {
        final Faults.Kind kind;
        final long answerAt;
        final Outcome<T> outcome = new Outcome<>();

        Copy(long sent, long timeout, Effect<T> effect, boolean write) {
            Faults f = faults;
            kind = f.draw(world.random, write);
            long send = f.latency(world.random);
            long reply = f.latency(world.random);
            if (kind == Faults.Kind.SLOW) {
                send += 300 + f.latency(world.random) * 20; // a stalled connection
            }
            if (kind == Faults.Kind.LAND_LATE) {
                send = Math.max(send, sent - world.now() + timeout + 1 + world.random.nextLong(Faults.LATE_LANDING_MAX_MS));
            }
            long land = world.now() + send;
            boolean applies = kind != Faults.Kind.FAIL_BEFORE && kind != Faults.Kind.SPURIOUS_CONFLICT;
            world.at(land, () -> {
                if (!applies) {
                    return;
                }
                try {
                    outcome.value = effect.apply();
                } catch (VersionConflictException e) {
                    outcome.error = new ConflictCarrier(e);
                } catch (RuntimeException e) {
                    outcome.error = e;
                }
                outcome.landed = true;
            });
            answerAt = kind == Faults.Kind.LOST_ANSWER || kind == Faults.Kind.LAND_LATE ? Long.MAX_VALUE : land + reply;
        }
    }

    /**
     * Sends the request, and a second copy when the first is unanswered after the caller's hedge delay (as the
     * server's store calls do for BLACKOUT), then waits for the first answer or the caller's time limit.
     */
    private <T> T call(String what, boolean write, Effect<T> effect) throws VersionConflictException {
        long t0 = world.now();
        long timeout = SimCalls.timeoutMs();
        long hedge = SimCalls.hedgeMs();
        long giveUp = t0 + Math.max(0, timeout);
        Copy<T> first = new Copy<>(t0, timeout, effect, write);
        Copy<T> answered = first;
        if (hedge > 0 && hedge < timeout && first.answerAt > t0 + hedge) {
            world.sleepUntil(t0 + hedge);
            ledger.fault("hedged (second copy sent)");
            Copy<T> second = new Copy<>(t0, timeout, effect, write);
            answered = second.answerAt < first.answerAt ? second : first;
        }
        world.sleepUntil(Math.min(answered.answerAt, giveUp));
        if (answered.answerAt > giveUp) {
            Faults.Kind kind = first.kind;
            ledger.fault("timeout " + (kind == Faults.Kind.LAND_LATE ? "(lands later)" : kind == Faults.Kind.LOST_ANSWER ? "(answer lost)" : "(slow)"));
            throw new StoreTimeoutException("simulated: no answer within " + timeout + " ms to " + what, null);
        }
        switch (answered.kind) {
            case FAIL_BEFORE -> {
                ledger.fault("5xx before landing");
                throw new StoreUnavailableException("simulated 503 SlowDown to " + what, null);
            }
            case FAIL_AFTER -> {
                ledger.fault("5xx after landing");
                throw new StoreUnavailableException("simulated 500 after the request was received: " + what, null);
            }
            case SPURIOUS_CONFLICT -> {
                ledger.fault("409 ConditionalRequestConflict");
                throw new VersionConflictException("simulated 409 ConditionalRequestConflict: " + what);
            }
            default -> {
            }
        }
        if (answered.outcome.error instanceof ConflictCarrier c) {
            throw c.conflict;
        }
        if (answered.outcome.error != null) {
            throw answered.outcome.error;
        }
        return answered.outcome.value;
    }

    /** Carries a conflict out of the landing event (which cannot throw checked exceptions). */
    private static final class ConflictCarrier extends RuntimeException {
        final VersionConflictException conflict;

        ConflictCarrier(VersionConflictException conflict) {
            super(conflict.getMessage(), null, false, false);
            this.conflict = conflict;
        }
    }

    private <T> T unconditional(String what, Supplier<T> effect) {
        try {
            return call(what, false, effect::get);
        } catch (VersionConflictException e) {
            throw new StoreUnavailableException("simulated 409 on an unconditional call: " + what, e);
        }
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Ledger.Op op = ledger.current();
        return unconditional("get " + key, () -> {
            ledger.read(key, op, world.now());
            Obj o = objects.get(key);
            return o == null ? Optional.empty() : Optional.of(new StoredObject(key, o.body.clone(), o.etag, null, "application/json"));
        });
    }

    @Override
    public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        Ledger.Op op = ledger.current();
        ledger.writing(op);
        return call("create " + key, true, () -> {
            if (objects.containsKey(key)) {
                throw new VersionConflictException(key + " already exists");
            }
            return put(key, body, op);
        });
    }

    @Override
    public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag) throws VersionConflictException {
        Ledger.Op op = ledger.current();
        ledger.writing(op);
        return call("replace " + key, true, () -> {
            Obj o = objects.get(key);
            if (o == null || !o.etag.equals(etag)) {
                throw new VersionConflictException(key + " changed");
            }
            return put(key, body, op);
        });
    }

    private String put(String key, byte[] body, Ledger.Op op) {
        String etag = "\"e" + (++etags) + "\"";
        objects.put(key, new Obj(body.clone(), etag));
        ledger.landed(key, body, op, world.now());
        return etag;
    }

    @Override
    public List<String> list(String prefix) {
        return unconditional("list " + prefix, () -> new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet()));
    }

    @Override
    public void delete(String key) {
        unconditional("delete " + key, () -> objects.remove(key));
    }

    /** From now on every call is answered promptly and nothing fails: liveness is judged after the faults heal. */
    void heal() {
        faults = new Faults(0, 0, 0, 0, 0, 0, 0, Math.min(faults.meanLatencyMs(), 20));
    }

    /** What the store holds now, read by the checkers (no latency, no faults: the checkers are outside the system). */
    Optional<byte[]> peek(String key) {
        Obj o = objects.get(key);
        return o == null ? Optional.empty() : Optional.of(o.body.clone());
    }

    /** Damages an object in place, as a bad disk or a stray tool would (a new ETag, unreadable JSON). */
    void corrupt(String key) {
        if (objects.containsKey(key)) {
            objects.put(key, new Obj("{\"v\":1,\"versi".getBytes(java.nio.charset.StandardCharsets.UTF_8), "\"e" + (++etags) + "\""));
        }
    }

    @Override
    public String toString() {
        return "simulated store";
    }
}
