package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
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
        Coverage c = t.coverage(42, 1000, null);
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
        assertEquals(2, t.coverage(5, 1000, null).active(), "phone 1 was seen exactly 2 x poll_ms ago");
        t.record(new Sighting(2, T0 + 2001, 5));
        assertEquals(1, t.coverage(5, 1000, null).active());
    }

    @Test
    void holding_never_goes_back_when_records_arrive_out_of_order() {
        CoverageTracker t = new CoverageTracker(1.0, "kinesis", 1000, 120_000);
        t.record(new Sighting(1, T0 + 500, 42));
        t.record(new Sighting(1, T0 + 100, 41));
        assertEquals(1, t.coverage(42, 1000, null).holding());
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
        Coverage c = t.coverage(9, 1000, null);
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
        Coverage c = t.coverage(1, 1000, null);
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
        Coverage c = new CoverageTracker(1.0, "edge-log", 10, 60_000).coverage(3, 1000, null);
        assertEquals(0, c.active());
        assertNull(c.share());
        assertNull(c.asOf());
    }

    /** Readings of a crowd where the first {@code share} of the phones fetched v9 long ago: |share error| each. */
    private static List<Double> steadyReadings(int phones, double share, double sampling, long seed, int readings) {
        CoverageTracker t = new CoverageTracker(sampling, "kinesis", CoverageSource.MAX_PHONES, CoverageSource.RETENTION_MS);
        SimulatedCrowd crowd = new SimulatedCrowd(t, phones, sampling, 1000, seed);
        int holders = (int) Math.round(share * phones);
        for (int i = 0; i < phones; i++) {
            crowd.fetch(i, i < holders ? 9 : 8, null);
        }
        long at = SimulatedCrowd.T0 + 31_000; // longer than the longest window at 10 %: every phone's newest request
        crowd.runUntil(at);
        List<Double> errors = new ArrayList<>();
        for (int r = 0; r < readings; r++) {
            Coverage c = t.coverage(9, 1000, null);
            errors.add(Math.abs(c.share() - (double) holders / phones));
            at += 2000;
            crowd.runUntil(at);
        }
        return errors;
    }

    @Test
    void at_ten_percent_every_reading_of_2000_phones_is_within_5_points_over_100_seeded_readings() {
        double worst = 0;
        for (long seed = 0; seed < 20; seed++) {
            for (double e : steadyReadings(2000, 0.5 + 0.02 * seed, 0.10, 1400 + seed, 5)) {
                worst = Math.max(worst, e);
            }
        }
        // The window is chosen for a standard error of 1 point: 5 points is 5 standard errors.
        assertTrue(worst <= 0.05, "worst reading " + worst);
        assertTrue(worst > 0, "a 10 % sample of 2000 phones is not exact: the readings are real estimates");
    }

    @Test
    void a_sampled_small_crowd_gets_a_longer_window_and_a_stadium_crowd_keeps_two_poll_intervals() {
        for (int phones : new int[]{2000, 50_000}) {
            CoverageTracker t = new CoverageTracker(0.10, "kinesis", CoverageSource.MAX_PHONES, CoverageSource.RETENTION_MS);
            SimulatedCrowd crowd = new SimulatedCrowd(t, phones, 0.10, 1000, 7);
            for (int i = 0; i < phones; i++) {
                crowd.fetch(i, i % 10 < 7 ? 9 : 8, null);
            }
            crowd.runUntil(SimulatedCrowd.T0 + 31_000);
            Coverage c = t.coverage(9, 1000, null);
            // seen ≈ phones × (1 − 0.9^k); the first k whose standard error √(¼(1 − q)/seen) ≤ 1 point
            long expectedWindow = phones == 2000 ? 8000 : 2000;
            assertEquals(expectedWindow, c.windowMs(), phones + " phones: " + c);
            assertEquals(0.70, c.share(), 0.05);
            double q = 1 - Math.pow(0.9, expectedWindow / 1000.0);
            assertEquals(2 * Math.sqrt(0.7 * 0.3 * (1 - q) / (phones * q)), c.margin(), 0.004, "two binomial standard errors");
        }
    }

    @Test
    void with_every_request_logged_the_share_is_exact_over_two_poll_intervals_with_no_margin() {
        CoverageTracker t = new CoverageTracker(1.0, "edge-log", 10_000, 120_000);
        SimulatedCrowd crowd = new SimulatedCrowd(t, 600, 1.0, 1000, 3);
        for (int i = 0; i < 600; i++) {
            crowd.fetch(i, i < 420 ? 9 : 8, null);
        }
        crowd.runUntil(SimulatedCrowd.T0 + 10_000);
        Coverage c = t.coverage(9, 1000, null);
        assertEquals(0.70, c.share(), 1e-9);
        assertEquals(600, c.active());
        assertEquals(2000, c.windowMs());
        assertEquals(0.0, c.margin());
    }

    @Test
    void the_figure_catches_up_with_a_fetch_within_the_window() {
        CoverageTracker t = new CoverageTracker(0.10, "kinesis", CoverageSource.MAX_PHONES, CoverageSource.RETENTION_MS);
        SimulatedCrowd crowd = new SimulatedCrowd(t, 2000, 0.10, 1000, 11);
        for (int i = 0; i < 2000; i++) {
            crowd.fetch(i, 8, null);
        }
        long at = SimulatedCrowd.T0 + 31_000;
        crowd.runUntil(at);
        for (int i = 0; i < 1200; i++) { // 60 % fetch v9 at their next poll, within one poll interval
            crowd.fetch(i, 9, null);
        }
        crowd.runUntil(at + 1000);
        long window = t.coverage(9, 1000, null).windowMs();
        crowd.runUntil(at + 1000 + window);
        Coverage c = t.coverage(9, 1000, null);
        assertEquals(0.60, c.share(), 0.05, "one window after the last fetch: " + c);
    }

    @Test
    void at_ten_percent_phones_that_stop_polling_leave_active_within_two_poll_intervals() {
        CoverageTracker t = new CoverageTracker(0.10, "kinesis", CoverageSource.MAX_PHONES, CoverageSource.RETENTION_MS);
        SimulatedCrowd crowd = new SimulatedCrowd(t, 4000, 0.10, 1000, 5);
        long at = SimulatedCrowd.T0 + 20_000;
        crowd.runUntil(at);
        long before = t.coverage(1, 1000, null).active();
        for (int i = 0; i < 2000; i++) {
            crowd.stop(i);
        }
        crowd.runUntil(at + 2000);
        long after = t.coverage(1, 1000, null).active();
        assertEquals(4000, before, 4000 * 0.15);
        assertEquals(2000, after, 2000 * 0.15, "half the crowd gone 2 x poll_ms later: " + before + " -> " + after);
    }

    @Test
    void a_new_store_epoch_counts_only_phones_holding_its_versions() {
        CoverageTracker t = new CoverageTracker(1.0, "edge-log", 1000, 120_000);
        // Old epoch "a" had reached v57; the store was rebuilt as epoch "b", whose versions start again at 1.
        for (int phone = 0; phone < 10; phone++) {
            t.record(new Sighting(phone, T0, 57, Sighting.epochKey("a")));
        }
        for (int phone = 0; phone < 4; phone++) {
            t.record(new Sighting(phone, T0 + 500, 3, Sighting.epochKey("b")));
        }
        for (int phone = 4; phone < 10; phone++) {
            t.record(new Sighting(phone, T0 + 500, 57, Sighting.epochKey("a"))); // still polling on the old one
        }
        Coverage b = t.coverage(3, 1000, "b");
        assertEquals(10, b.active());
        assertEquals(0.4, b.share(), 1e-9, "v57 of epoch a is not v3 of epoch b");
        assertEquals(0.6, t.coverage(3, 1000, "a").share(), 1e-9);
        // A late record of the old epoch does not take a phone back.
        t.record(new Sighting(0, T0 + 100, 57, Sighting.epochKey("a")));
        assertEquals(0.4, t.coverage(3, 1000, "b").share(), 1e-9);
    }

    @Test
    void a_phone_that_names_no_epoch_never_holds_a_version_of_one() {
        CoverageTracker t = new CoverageTracker(1.0, "edge-log", 1000, 120_000);
        t.record(new Sighting(1, T0, 57));
        t.record(new Sighting(2, T0, 3, Sighting.epochKey("b")));
        assertEquals(0.5, t.coverage(3, 1000, "b").share(), 1e-9);
        assertEquals(0.5, t.coverage(3, 1000, null).share(), 1e-9, "a store without epochs: versions alone");
    }

    @Test
    void every_steady_reading_is_within_5_points_and_the_figures_are_consistent() {
        // a pinned run: the bounds are statistical (5 standard errors), so every build checks the same 1,000 crowds
        Seeds.check(1_000, 14, seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            steadyReadingHolds(Seeds.between(r, 1000, 8000), Seeds.between(r, 5, 95) / 100.0,
                    new double[]{0.05, 0.10, 0.25, 1.0}[r.nextInt(4)], r.nextLong(0, 1_000_001));
        });
    }

    private static void steadyReadingHolds(int phones, double share, double sampling, long seed) {
        CoverageTracker t = new CoverageTracker(sampling, "kinesis", CoverageSource.MAX_PHONES, CoverageSource.RETENTION_MS);
        SimulatedCrowd crowd = new SimulatedCrowd(t, phones, sampling, 1000, seed);
        int holders = (int) Math.round(share * phones);
        for (int i = 0; i < phones; i++) {
            crowd.fetch(i, i < holders ? 9 : 8, null);
        }
        crowd.runUntil(SimulatedCrowd.T0 + 31_000);
        Coverage c = t.coverage(9, 1000, null);
        double truth = (double) holders / phones;
        assertTrue(Math.abs(c.share() - truth) <= 0.05, phones + " phones at " + sampling + ": " + c + " truth " + truth);
        assertTrue(c.share() >= 0 && c.share() <= 1 && c.holding() <= c.active() && c.seen() <= phones, c.toString());
        assertTrue(c.windowMs() >= 2000 && c.windowMs() <= 29_000, c.toString());
        assertTrue(c.margin() >= 0 && c.margin() <= 0.025, "at most 2.5 points at >= 1000 phones: " + c);
        if (sampling == 1.0) {
            assertEquals(truth, c.share(), 1e-9);
        }
    }
}
