package dev.cuecast.api.operations;

import dev.cuecast.api.http.ApiError;
import dev.cuecast.api.http.ApiException;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Winners;
import dev.cuecast.cue.WinnersBitset;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.ShowStore;
import dev.cuecast.publish.VersionConflictException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/** Draws winners with a cryptographic RNG and keeps each draw in the store for audit and seat checks. */
public final class Draws {
    private static final int MAX_ID_ATTEMPTS = 50;

    private final ObjectStore store;
    private final CanonicalJson json;
    private final SecureRandom random;
    private final Clock clock;

    public Draws(ObjectStore store, CanonicalJson json, SecureRandom random, Clock clock) {
        this.store = store;
        this.json = json;
        this.random = random;
        this.clock = clock;
    }

    Draw create(DrawRequest request, String actor) {
        if (request.seats() == null || request.seats() < 1 || request.seats() > Limits.MAX_SEATS) {
            throw ApiException.invalid("seats must be an integer between 1 and " + Limits.MAX_SEATS);
        }
        int seats = request.seats();
        if (request.count() == null || request.count() < 1 || request.count() > seats) {
            throw ApiException.invalid("count must be an integer between 1 and seats (" + seats + ")");
        }
        String bits = WinnersBitset.encode(seats, pick(seats, request.count()));
        long next = store.list(ShowStore.DRAWS).size() + 1L;
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++, next++) {
            Draw draw = new Draw("d" + next, seats, request.count(), bits, actor, clock.millis());
            try {
                store.createOnly(key(draw.draw()), json.write(draw), CachePolicy.PRIVATE);
                return draw;
            } catch (VersionConflictException e) {
                // another draw took this id meanwhile: try the next one
            }
        }
        throw new ApiException(ApiError.STORE_BUSY, "could not allocate a draw id; try again");
    }

    /** A cue's winners from the stored draw {@code id}, lit in {@code color}; empty when there is no such draw. */
    public Optional<Winners> winners(String id, String color) {
        // a few winners among many seats go out as a seat list, far smaller than the bitset
        return find(id).map(draw -> Winners.compact(draw.draw(), draw.seats(), draw.bits(), color));
    }

    /** The stored draw, or empty when no draw has this id (including ids that could never exist). */
    Optional<Draw> find(String id) {
        if (id == null || !Winners.DRAW_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return store.get(key(id)).map(o -> json.readUnchecked(o.body(), Draw.class));
    }

    /** Distinct uniform seats: rejection sampling on the smaller side (winners, or losers when most seats win). */
    private List<Integer> pick(int seats, int count) {
        boolean pickLosers = count > seats / 2;
        int toPick = pickLosers ? seats - count : count;
        BitSet picked = new BitSet(seats);
        for (int n = 0; n < toPick; ) {
            int seat = random.nextInt(seats);
            if (!picked.get(seat)) {
                picked.set(seat);
                n++;
            }
        }
        if (pickLosers) {
            picked.flip(0, seats);
        }
        List<Integer> winners = new ArrayList<>(count);
        picked.stream().forEach(winners::add);
        return winners;
    }

    private static String key(String id) {
        return ShowStore.drawKey(id);
    }
}
