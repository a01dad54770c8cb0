package dev.cuecast.cue;

import java.util.List;

/** Seats a cue applies to; seats outside keep showing the cue before it. */
public record Zone(List<SeatRange> seats) {
    public Zone {
        Limits.require(seats != null && !seats.isEmpty(), "zone.seats must list at least one [first,last] range");
        Limits.require(seats.size() <= Limits.MAX_ZONE_RANGES,
                "zone.seats has " + seats.size() + " ranges; at most " + Limits.MAX_ZONE_RANGES);
        Limits.require(seats.stream().allMatch(java.util.Objects::nonNull),
                "zone.seats must hold [first,last] pairs, not null");
        seats = List.copyOf(seats);
    }

    public boolean contains(int seat) {
        return seats.stream().anyMatch(r -> r.contains(seat));
    }
}
