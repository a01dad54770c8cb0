package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoverageTrackerTest {
    private static final long T0 = 1_767_225_600_000L;

    @Test
    void share_is_the_part_of_the_polling_phones_that_hold_the_version_or_a_later_one() {
        CoverageTracker t = new CoverageTracker(1.0, "edge-log", 1000, 120_000);
        for (int phone = 0; phone < 100; phone++) {
            long holds = phone < 60 ? 42 : phone < 70 ? 43 : 41;
            t.record(new Sighting(phone, T0 + phone, holds));
        }
        Coverage c = t.coverage(42, 1000);
        assertEquals(100, c.active());
        assertEquals(70, c.holding());
        assertEquals(0.70, c.share(), 1e-9);
        assertEquals(1.0, c.sampling());
        assertEquals(T0 + 99, c.asOf());
        assertEquals("edge-log", c.source());
    }

    @Test
    void a_phone_that_stops_polling_leaves_active_after_two_poll_intervals() {
        CoverageTracker t = new CoverageTracker(1.0, "edge-log", 1000, 120_000);
        t.record(new Sighting(1, T0, 5));
        for (long ms = 0; ms <= 2000; ms += 500) {
            t.record(new Sighting(2, T0 + ms, 5));
        }
        assertEquals(2, t.coverage(5, 1000).active(), "phone 1 was seen exactly 2 x poll_ms ago");
        t.record(new Sighting(2, T0 + 2001, 5));
        assertEquals(1, t.coverage(5, 1000).active());
    }

    @Test
    void holding_never_goes_back_when_records_arrive_out_of_order() {
        CoverageTracker t = new CoverageTracker(1.0, "kinesis", 1000, 120_000);
        t.record(new Sighting(1, T0 + 500, 42));
        t.record(new Sighting(1, T0 + 100, 41));
        assertEquals(1, t.coverage(42, 1000).holding());
    }

    @Test
    void at_ten_percent_sampling_the_figures_are_scaled_back_to_the_crowd() {
        CoverageTracker t = new CoverageTracker(0.10, "kinesis", 200_000, 120_000);
        SplittableRandom random = new SplittableRandom(7);
        int phones = 50_000;
        // Every phone polls twice in the window; 80 % hold v9; the log keeps 10 % of the requests.
        for (int poll = 0; poll < 2; poll++) {
            for (int phone = 0; phone < phones; phone++) {
                if (random.nextDouble() < 0.10) {
                    t.record(new Sighting(phone, T0 + poll * 1000L + phone % 1000, phone % 5 == 0 ? 8 : 9));
                }
            }
        }
        Coverage c = t.coverage(9, 1000);
        assertEquals(phones, c.active(), phones * 0.03);
        assertEquals(0.80, c.share(), 0.01);
        assertEquals(0.10, c.sampling());
    }

    @Test
    void memory_is_bounded_new_ids_past_the_cap_are_counted_as_dropped_and_said_so() {
        CoverageTracker t = new CoverageTracker(1.0, "edge-log", 10, 120_000);
        for (int phone = 0; phone < 15; phone++) {
            t.record(new Sighting(phone, T0, 1));
        }
        assertEquals(10, t.size());
        Coverage c = t.coverage(1, 1000);
        assertEquals(10, c.active());
        assertTrue(c.message().contains("5 sightings of new ids dropped"), c.message());
    }

    @Test
    void ids_not_seen_for_the_retention_are_forgotten() {
        CoverageTracker t = new CoverageTracker(1.0, "edge-log", 10, 60_000);
        for (int phone = 0; phone < 10; phone++) {
            t.record(new Sighting(phone, T0, 1));
        }
        t.record(new Sighting(99, T0 + 61_000, 1));
        assertEquals(1, t.size());
    }

    @Test
    void before_any_record_there_is_no_share_and_no_as_of() {
        Coverage c = new CoverageTracker(1.0, "edge-log", 10, 60_000).coverage(3, 1000);
        assertEquals(0, c.active());
        assertNull(c.share());
        assertNull(c.asOf());
    }
}
