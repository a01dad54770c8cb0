package dev.cuecast.sim;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.ShowStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checker, outside the system under test: it sees every write land in the store (ground truth, simulated
 * time) and every answer an actor got, and holds the safety invariants after every step:
 * <ul>
 *   <li>nothing pressed before a BLACKOUT lands after it, and no state visible after a BLACKOUT lights a cue pressed
 *       before it (repairs included; an undo pressed after the BLACKOUT may bring older cues back on purpose);</li>
 *   <li>201 ⇔ visible with a history entry, as the version acknowledged, once; 409/422/503/504 ⇔ never visible;
 *       a late or unrecorded answer is visible;</li>
 *   <li>no 201 for a version visible after its deadline (one the store lands late anyway is counted);</li>
 *   <li>within an epoch the pointer's versions only grow (a fence re-stamps the same version and publish id).</li>
 * </ul>
 */
final class Ledger {
    enum Answer {
        ACK(false), BLACKED_OUT(true), DEADLINE(true), CONFLICTS(true), UNAVAILABLE(true), INVALID(true),
        UNKNOWN(false), LATE(false), UNRECORDED(false);

        final boolean neverVisible;

        Answer(boolean neverVisible) {
            this.neverVisible = neverVisible;
        }
    }

    /** One thing an actor did: a GO, a timeline, an undo, settings, a BLACKOUT, a repair. */
    static final class Op {
        final int id;
        final String actor;
        final String kind;
        long pressedAt;
        /** A writer with no view of its own (the CLI, doctor) decides when its first read of the pointer lands. */
        boolean decidesOnFirstRead;
        long lastPointerRead;
        final SimClock clock;
        String color;
        long deadlineHost = Long.MAX_VALUE;
        Long visibleAt;
        long visibleVersion;
        Answer answer;
        long answeredAt;
        long ackedVersion;

        Op(int id, String actor, String kind, long pressedAt, SimClock clock) {
            this.id = id;
            this.actor = actor;
            this.kind = kind;
            this.pressedAt = pressedAt;
            this.clock = clock;
        }

        boolean droppedByBlackout() {
            return !kind.equals("settings") && !kind.equals("blackout");
        }

        @Override
        public String toString() {
            return "#" + id + " " + kind + " by " + actor + " pressed at " + pressedAt;
        }
    }

    private final CanonicalJson json = new CanonicalJson();
    private final List<Op> ops = new ArrayList<>();
    private final ThreadLocal<Op> current = new ThreadLocal<>();
    private final Map<String, Op> byPublishId = new HashMap<>();
    /** When each cue colour was (re)pressed: a cue lights only if pressed after every BLACKOUT visible before it. */
    private final Map<String, Long> pressedColor = new HashMap<>();
    private final List<Op> blackoutsVisible = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Integer> faults = new TreeMap<>();
    private final List<long[]> blackoutLatencies = new ArrayList<>();
    private final List<String> writes = new ArrayList<>();
    private final boolean keepWrites;
    private SimStore store;
    private String epoch;
    private long lastVersion;
    private String lastPublishId;
    private int lateVisible;
    private long lateBy;
    private int twiceDark;

    Ledger(boolean keepWrites) {
        this.keepWrites = keepWrites;
    }

    void attach(SimStore store) {
        this.store = store;
    }

    Op begin(String actor, String kind, long at, SimClock clock) {
        Op op = new Op(ops.size() + 1, actor, kind, at, clock);
        ops.add(op);
        current.set(op);
        return op;
    }

    Op current() {
        return current.get();
    }

    void fault(String kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    /** A cue of {@code op} carries this colour: the checker tells whose cue a state lights. */
    void colors(Op op, String color) {
        op.color = color;
        pressedColor.put(color, op.pressedAt);
    }

    /**
     * A read landed: a writer with no view of its own (the CLI, doctor) decides on the last pointer it read before it
     * writes anything.
     */
    void read(String key, Op op, long at) {
        if (op != null && op.decidesOnFirstRead && key.equals(Pointer.KEY)) {
            op.lastPointerRead = at;
        }
    }

    /** The operation is about to write: for a writer with no view, this fixes when it decided. */
    void writing(Op op) {
        if (op != null && op.decidesOnFirstRead && op.lastPointerRead > 0) {
            op.decidesOnFirstRead = false;
            op.pressedAt = op.lastPointerRead;
            if (op.color != null) {
                pressedColor.put(op.color, op.pressedAt);
            }
        }
    }

    void landed(String key, byte[] body, Op op, long at) {
        if (keepWrites) {
            writes.add("{\"t\":" + at + ",\"key\":" + quote(key) + ",\"body\":" + quote(new String(body, StandardCharsets.UTF_8)) + "}");
        }
        try {
            if (key.startsWith(ShowStore.STATES)) {
                State s = json.read(body, State.class);
                if (op != null && s.publishId() != null) {
                    byPublishId.put(s.publishId(), op);
                }
            } else if (key.equals(Pointer.KEY)) {
                pointerLanded(json.read(body, Pointer.class), at);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            if (op != null) {
                violation("the publisher wrote an unreadable " + key + " (" + e.getMessage() + ") in " + op);
            }
        }
    }

    private void pointerLanded(Pointer p, long at) {
        if (p.epoch() != null && p.epoch().equals(epoch)) {
            boolean fence = p.version() == lastVersion && java.util.Objects.equals(p.publishId(), lastPublishId);
            if (p.version() <= lastVersion && !fence) {
                violation("version " + p.version() + " after version " + lastVersion + " in epoch " + epoch + " at " + at);
            }
        }
        epoch = p.epoch();
        lastVersion = p.version();
        lastPublishId = p.publishId();
        Op op = p.publishId() == null ? null : byPublishId.get(p.publishId());
        if (op == null) {
            violation("the pointer names version " + p.version() + " whose state no operation wrote, at " + at);
            return;
        }
        if (op.visibleAt != null) {
            if (op.visibleVersion != p.version() && op.kind.equals("blackout")) {
                // a BLACKOUT whose first write had an unknown outcome writes again rather than risk not landing:
                // dark twice is still dark; it is acknowledged as its last version
                op.visibleVersion = p.version();
                twiceDark++;
            } else if (op.visibleVersion != p.version()) {
                violation(op + " is visible twice: as version " + op.visibleVersion + " and as version " + p.version());
            }
            return;
        }
        op.visibleAt = at;
        op.visibleVersion = p.version();
        if (op.answer != null && op.answer.neverVisible) {
            violation(op + " was answered " + op.answer + " but became visible as version " + p.version() + " at " + at);
        }
        long host = op.clock.at(at);
        if (host > op.deadlineHost) {
            // A write the store lands after its caller gave up can win the race against the fence sent at the deadline
            // (a stalled or heavy-tailed call lands when it lands): no client can prevent that; what the publisher
            // guarantees, and the ACK check holds, is that such a version is never acknowledged as on time. Counted.
            // (This was a violation past deadline + 300 ms until the first 100,000-seed run showed 19 such seeds, all
            // unacknowledged: that bound assumed late landings the store model does not bound. See bench/sim.md.)
            lateVisible++;
            lateBy = Math.max(lateBy, host - op.deadlineHost);
        }
        if (op.droppedByBlackout()) {
            for (Op b : blackoutsVisible) {
                if (b.pressedAt > op.pressedAt) {
                    violation(op + " landed as version " + p.version() + " at " + at + ", after " + b
                            + " had landed as version " + b.visibleVersion);
                }
            }
        }
        if (op.kind.equals("blackout")) {
            blackoutsVisible.add(op);
            blackoutLatencies.add(new long[] {op.pressedAt, at - op.pressedAt});
        }
        if (op.kind.equals("undo")) {
            // an undo pressed after a BLACKOUT brings back what it names on purpose: those cues count as pressed now
            State s = store.peek(State.key(p.version())).map(this::state).orElse(null);
            if (s != null) {
                s.cues().forEach(c -> pressedColor.merge(c.color() == null ? "" : c.color(), op.pressedAt, Math::max));
            }
        }
        checkLit(p, at);
    }

    /** No cue pressed before the newest visible BLACKOUT may show (or be pending) in a state visible after it. */
    private void checkLit(Pointer p, long at) {
        if (blackoutsVisible.isEmpty()) {
            return;
        }
        long lastBlackoutPress = blackoutsVisible.stream().mapToLong(b -> b.pressedAt).max().orElse(0);
        State s = store.peek(State.key(p.version())).map(this::state).orElse(null);
        if (s == null) {
            return;
        }
        long inForceSince = Long.MIN_VALUE; // older cues are kept for the flash check only: no phone shows them
        for (Cue c : s.cues()) {
            if (c.effectiveAt() <= s.publishedAt()) {
                inForceSince = c.effectiveAt();
            }
        }
        for (Cue c : s.cues()) {
            if (c.mode() == Mode.OFF || c.color() == null || c.effectiveAt() < inForceSince) {
                continue;
            }
            Long pressed = pressedColor.get(c.color());
            if (pressed != null && pressed < lastBlackoutPress) {
                violation("version " + p.version() + " visible at " + at + " lights " + c.color() + " (pressed at " + pressed
                        + "), though a BLACKOUT pressed at " + lastBlackoutPress + " had landed");
            }
        }
    }

    private State state(byte[] body) {
        try {
            return json.read(body, State.class);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    void answer(Op op, Answer answer, long version, long at) {
        op.answer = answer;
        op.answeredAt = at;
        op.ackedVersion = version;
        switch (answer) {
            case ACK -> {
                if (op.visibleAt == null) {
                    violation(op + " was acknowledged as version " + version + " but never became visible");
                } else if (op.visibleVersion != version) {
                    violation(op + " was acknowledged as version " + version + " but became visible as " + op.visibleVersion);
                } else if (op.clock.at(op.visibleAt) > op.deadlineHost) {
                    violation(op + " was acknowledged though version " + version + " became visible after its deadline");
                }
                if (store.peek(ShowStore.historyKey(version)).isEmpty()) {
                    violation(op + " was acknowledged as version " + version + " without a history entry");
                }
                if ((op.kind.equals("cue") || op.kind.equals("timeline")) && op.color != null) {
                    State s = store.peek(State.key(version)).map(this::state).orElse(null);
                    if (s != null && s.cues().stream().noneMatch(c -> op.color.equals(c.color()))) {
                        violation(op + " was acknowledged as version " + version + ", whose state does not hold its cue");
                    }
                }
            }
            case LATE, UNRECORDED -> {
                if (op.visibleAt == null) {
                    violation(op + " was answered " + answer + " (live) but never became visible");
                }
            }
            default -> {
                if (answer.neverVisible && op.visibleAt != null) {
                    violation(op + " was answered " + answer + " but is visible as version " + op.visibleVersion);
                }
            }
        }
    }

    /** Every operation with its answer and when it became visible: what a failing seed prints when replayed. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (Op op : ops) {
            b.append(op).append(" -> ").append(op.answer).append(op.answer == null ? "" : " at " + op.answeredAt + " v" + op.ackedVersion)
                    .append(op.visibleAt == null ? ", never visible" : ", visible as v" + op.visibleVersion + " at " + op.visibleAt)
                    .append('\n');
        }
        return b.toString();
    }

    void violation(String what) {
        violations.add(what);
    }

    List<String> violations() {
        return violations;
    }

    List<Op> ops() {
        return ops;
    }

    Map<String, Integer> faults() {
        return faults;
    }

    List<long[]> blackoutLatencies() {
        return blackoutLatencies;
    }

    int twiceDark() {
        return twiceDark;
    }

    long lateBy() {
        return lateBy;
    }

    int lateVisible() {
        return lateVisible;
    }

    /** Every write that landed, in order, for the phone half of the simulation ({@code sim/protocol-phones.js}). */
    String writesJson(long seed) {
        return "{\"seed\":" + seed + ",\"source\":\"java-protocol-simulation\",\"events\":[\n" + String.join(",\n", writes) + "\n]}\n";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
