package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.FaultProxy.Fault;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The safety invariants through a real fault-injecting HTTP proxy ({@link FaultProxy}, WireMock) in front of a real
 * S3 emulator, with the production S3 client. Each store is checked directly, behind the proxy's back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// a blackout queued behind a stuck publish (the old behaviour) shows as a timeout here, not a hung build
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class FaultProxyContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private S3Emulator emulator;
    private S3Client direct;
    private String bucket;
    private FaultProxy proxy;
    private S3Client viaProxy;
    private ObjectStore store;
    private ObjectStore truth;
    private final Clock clock = Clock.systemUTC();
    private final CanonicalJson json = new CanonicalJson();

    abstract S3Emulator start() throws Exception;

    @BeforeAll
    void startEmulatorAndProxy() throws Exception {
        emulator = start();
        direct = emulator.client();
        bucket = emulator.createBucket(direct);
        proxy = new FaultProxy(emulator.endpoint());
        viaProxy = S3Stores.client(new S3Settings(bucket, "", S3Emulator.REGION, proxy.endpoint()), emulator.credentials());
    }

    @AfterAll
    void stop() {
        viaProxy.close();
        proxy.close();
        direct.close();
        emulator.close();
    }

    @BeforeEach
    void freshPrefix() {
        String prefix = "faults-" + PREFIXES.incrementAndGet();
        proxy.rule(call -> Fault.PASS);
        store = new S3ObjectStore(viaProxy, new S3Settings(bucket, prefix, S3Emulator.REGION, proxy.endpoint()));
        truth = new S3ObjectStore(direct, emulator.settings(bucket, prefix));
    }

    @AfterEach
    void heal() {
        proxy.rule(call -> Fault.PASS);
    }

    Publisher publisher() {
        return Publisher.create(PublisherConfig.defaults(), store, clock);
    }

    Pointer visible() throws Exception {
        return json.read(truth.get(Pointer.KEY).orElseThrow().body(), Pointer.class);
    }

    State state(long version) throws Exception {
        return json.read(truth.get(State.key(version)).orElseThrow().body(), State.class);
    }

    @Test
    void blackout_is_visible_while_a_cue_request_hangs_and_the_cue_never_lands_after_it() throws Exception {
        Publisher publisher = publisher();
        publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "op");
        proxy.holdMs(6_000);
        AtomicBoolean first = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        proxy.rule(call -> {
            if (call.writes("states/2.json") && first.compareAndSet(false, true)) {
                held.countDown();
                return Fault.HANG;
            }
            return Fault.PASS;
        });

        CompletableFuture<Published> go = CompletableFuture.supplyAsync(
                () -> publisher.publish(Cue.solid(clock.millis() + 30_000, "#222222"), "op"));
        assertTrue(held.await(10, TimeUnit.SECONDS), "the GO's state write is stuck in the proxy");

        Published blackout = publisher.blackout("op");
        assertFalse(go.isDone(), "blackout did not wait for the stuck GO");
        assertEquals(blackout.version(), visible().version());
        assertEquals(Mode.OFF, state(blackout.version()).cues().get(0).mode());

        Exception refused = assertThrows(Exception.class, () -> go.get(60, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof BlackedOutException, String.valueOf(refused.getCause()));
        assertEquals(blackout.version(), visible().version(), "the GO never landed after the blackout");
    }

    @Test
    void blackout_lands_through_503_slowdowns_on_its_first_calls() throws Exception {
        Publisher publisher = publisher();
        publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "op");
        AtomicInteger calls = new AtomicInteger();
        proxy.rule(call -> calls.incrementAndGet() <= 3 ? Fault.SLOW_DOWN : Fault.PASS);
        Published blackout = publisher.blackout("op");
        assertEquals(blackout.version(), visible().version());
        assertTrue(proxy.faults() > 0);
    }

    @Test
    void with_every_call_slow_a_cue_due_in_8_s_is_refused_and_never_published_late() throws Exception {
        Publisher publisher = publisher();
        publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "op");
        proxy.slowMs(2_800);
        proxy.rule(call -> Fault.SLOW);
        long effectiveAt = clock.millis() + 8_000;
        assertThrows(DeadlineExceededException.class, () -> publisher.publish(Cue.solid(effectiveAt, "#222222"), "op"));
        proxy.rule(call -> Fault.PASS);
        // a request the proxy was still holding may land now (the last call, held 2.8 s, lands after effective_at):
        // once every one has, nothing more can land, and nothing of the refused cue may be visible
        assertTrue(proxy.awaitIdle(Duration.ofSeconds(10)), "every request the proxy held was forwarded and answered");
        assertEquals(1, visible().version(), "nothing of the refused cue is visible");
        assertTrue(clock.millis() > effectiveAt, "and its effective_at has passed");
    }

    @Test
    void pointer_writes_that_landed_but_answered_badly_are_acknowledged_exactly_once() throws Exception {
        Publisher publisher = publisher();
        publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "op");
        proxy.holdMs(6_000);
        long version = 1;
        for (Fault fault : List.of(Fault.ERROR_AFTER_WRITE, Fault.RESET_AFTER_WRITE, Fault.LOST_RESPONSE)) {
            AtomicBoolean fired = new AtomicBoolean();
            proxy.rule(call -> call.writes("live/pointer.json") && fired.compareAndSet(false, true) ? fault : Fault.PASS);
            Published published = publisher.publish(Cue.solid(clock.millis() + 5_000, "#222222"), "op");
            assertTrue(fired.get(), fault + " was injected");
            assertEquals(published.version(), visible().version(), fault + ": 201 means visible now");
            assertTrue(published.version() > version);
            version = published.version();
            assertTrue(truth.get(ShowStore.historyKey(version)).isPresent(), fault + ": and it has a history entry");
        }
        proxy.rule(call -> Fault.PASS);
        assertEquals(4, publisher.history(10).size(), "three cues and the first: each recorded once");
    }

    @Test
    void a_missing_current_state_does_not_stop_blackout_or_cues() throws Exception {
        Publisher publisher = publisher();
        publisher.publish(Cue.solid(clock.millis() + 60_000, "#111111"), "op");
        truth.delete(State.key(1));
        Published cue = publisher().publish(Cue.solid(clock.millis() + 5_000, "#222222"), "op");
        assertEquals(2, cue.version());
        assertTrue(publisher.history(1).get(0).note().contains("missing"));
        truth.delete(State.key(2));
        assertEquals(3, publisher().blackout("op").version());
    }

    @Test
    void health_probe_reports_a_hanging_store_within_its_timeout() {
        Publisher publisher = publisher();
        assertEquals(Optional.empty(), publisher.probe(Duration.ofMillis(1_500)));
        proxy.holdMs(5_000);
        proxy.rule(call -> Fault.HANG);
        Optional<String> problem = publisher.probe(Duration.ofMillis(500));
        assertTrue(problem.isPresent() && problem.get().contains("did not answer"), String.valueOf(problem));
    }

    @Test
    void with_10_percent_ambiguous_writes_every_ack_matches_what_is_visible() throws Exception {
        Publisher publisher = publisher();
        publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "op");
        proxy.holdMs(4_000);
        Random random = new Random(42);
        List<Fault> ambiguous = List.of(Fault.ERROR_AFTER_WRITE, Fault.RESET_AFTER_WRITE, Fault.LOST_RESPONSE);
        proxy.rule(call -> call.method().equals("PUT") && random.nextInt(10) == 0
                ? ambiguous.get(random.nextInt(ambiguous.size())) : Fault.PASS);
        int acks = 0;
        for (int i = 0; i < 30; i++) {
            long before = visible().version();
            try {
                Published p = publisher.publish(Cue.solid(clock.millis() + 6_000, "#22" + String.format("%04d", i)), "op");
                acks++;
                assertEquals(p.version(), visible().version(), "ack " + i + " names what is visible");
            } catch (DeadlineExceededException | StoreUnavailableException e) {
                assertEquals(before, visible().version(), "refusal " + i + " left nothing visible: " + e.getMessage());
            }
        }
        assertTrue(acks >= 20, "most publishes succeed: " + acks);
        assertTrue(proxy.faults() > 0);
    }
}
