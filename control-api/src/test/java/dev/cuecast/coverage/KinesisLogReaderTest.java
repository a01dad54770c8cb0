package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The reader against an in-memory Kinesis (no Docker, no network): shards, iterators, resharding, expiry. */
class KinesisLogReaderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A stream whose shards hold lists of records; an iterator is "shard:index". */
    static class FakeKinesis implements KinesisClient {
        final Map<String, List<String>> shards = new HashMap<>();
        final Map<String, String> parents = new HashMap<>();
        final List<String> closed = new ArrayList<>();
        final List<GetShardIteratorRequest> iteratorRequests = new ArrayList<>();
        boolean expireNext;

        void put(String shard, String data) {
            shards.computeIfAbsent(shard, s -> new ArrayList<>()).add(data);
        }

        @Override
        public ListShardsResponse listShards(ListShardsRequest request) {
            List<Shard> list = new ArrayList<>();
            shards.keySet().stream().sorted().forEach(id -> list.add(Shard.builder().shardId(id).parentShardId(parents.get(id)).build()));
            return ListShardsResponse.builder().shards(list).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            iteratorRequests.add(request);
            int start = switch (request.shardIteratorType()) {
                case AFTER_SEQUENCE_NUMBER -> Integer.parseInt(request.startingSequenceNumber()) + 1;
                default -> 0; // AT_TIMESTAMP 60 s back and TRIM_HORIZON: everything this fake holds
            };
            return GetShardIteratorResponse.builder().shardIterator(request.shardId() + ":" + start).build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            if (expireNext) {
                expireNext = false;
                throw ExpiredIteratorException.builder().message("expired").build();
            }
            String[] it = request.shardIterator().split(":");
            List<String> data = shards.get(it[0]);
            int from = Integer.parseInt(it[1]);
            List<Record> records = new ArrayList<>();
            for (int i = from; i < data.size(); i++) {
                records.add(Record.builder().sequenceNumber(String.valueOf(i)).partitionKey("k")
                        .data(SdkBytes.fromString(data.get(i), StandardCharsets.UTF_8)).build());
            }
            boolean end = closed.contains(it[0]);
            return GetRecordsResponse.builder().records(records)
                    .nextShardIterator(end ? null : it[0] + ":" + data.size()).millisBehindLatest(0L).build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }

    private final FakeKinesis kinesis = new FakeKinesis();
    private final List<String> lines = new ArrayList<>();
    private final KinesisLogReader reader = new KinesisLogReader(kinesis, "cuecast-logs", lines::add, CLOCK, 200);

    @Test
    void every_line_of_every_record_of_every_shard_reaches_the_sink_once() {
        kinesis.put("shard-0", "1\t200\t/live/pointer.json\tp=a\n2\t200\t/live/pointer.json\tp=b\n");
        kinesis.put("shard-1", "3\t200\t/states/4.json\tp=c\n");
        reader.step();
        kinesis.put("shard-0", "4\t304\t/live/pointer.json\tp=a\n");
        reader.step();
        reader.step();
        assertEquals(List.of("1\t200\t/live/pointer.json\tp=a", "2\t200\t/live/pointer.json\tp=b",
                "3\t200\t/states/4.json\tp=c", "4\t304\t/live/pointer.json\tp=a"), lines);
    }

    @Test
    void shards_start_sixty_seconds_back_so_a_restarted_control_api_sees_the_crowd_at_once() {
        kinesis.put("shard-0", "x");
        reader.step();
        GetShardIteratorRequest first = kinesis.iteratorRequests.get(0);
        assertEquals("AT_TIMESTAMP", first.shardIteratorTypeAsString());
        assertEquals(CLOCK.instant().minusSeconds(60), first.timestamp());
    }

    @Test
    void a_shard_closed_by_resharding_is_followed_into_its_child_from_the_child_start() {
        kinesis.put("shard-0", "a");
        kinesis.put("shard-1", "z");
        reader.step();
        kinesis.put("shard-0", "b");
        kinesis.closed.add("shard-0");
        kinesis.put("shard-2", "c");
        kinesis.parents.put("shard-2", "shard-0");
        kinesis.put("shard-1", "open");
        reader.step(); // reads "b" and sees shard-0 closed
        reader.step(); // lists again although shard-1 is still open, and reads the child
        assertEquals(List.of("a", "z", "b", "open", "c"), lines);
        assertEquals("TRIM_HORIZON", kinesis.iteratorRequests.get(kinesis.iteratorRequests.size() - 1).shardIteratorTypeAsString());
    }

    @Test
    void an_expired_iterator_resumes_after_the_last_record_read_without_repeats() {
        kinesis.put("shard-0", "a");
        reader.step();
        kinesis.put("shard-0", "b");
        kinesis.expireNext = true;
        reader.step();
        reader.step();
        assertEquals(List.of("a", "b"), lines);
    }

    @Test
    void a_stream_that_cannot_be_read_makes_coverage_unknown_with_the_reason() throws InterruptedException {
        FakeKinesis missing = new FakeKinesis() {
            @Override
            public ListShardsResponse listShards(ListShardsRequest request) {
                throw software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.builder()
                        .message("Stream cuecast-logs under account 123456789012 not found.").build();
            }
        };
        try (CoverageSource source = CoverageSource.kinesis(missing, "cuecast-logs", 0.1, CLOCK)) {
            Coverage c = source.coverage(3, 1000, null);
            for (int i = 0; i < 100 && c.active() != null; i++) { // the reader's first round, on its own thread
                Thread.sleep(50);
                c = source.coverage(3, 1000, null);
            }
            assertEquals(null, c.active());
            assertEquals(null, c.share());
            assertEquals("kinesis", c.source());
            org.junit.jupiter.api.Assertions.assertTrue(c.message().startsWith("coverage unknown: reading Kinesis stream cuecast-logs failed"),
                    c.message());
        }
    }

    @Test
    void a_stream_that_cannot_be_read_is_retried_after_doubling_pauses_up_to_10_s_then_read_at_the_poll_pace() {
        int[] refusals = {7};
        FakeKinesis throttled = new FakeKinesis() {
            @Override
            public ListShardsResponse listShards(ListShardsRequest request) {
                if (refusals[0]-- > 0) {
                    throw software.amazon.awssdk.services.kinesis.model.LimitExceededException.builder().message("Rate exceeded").build();
                }
                return super.listShards(request);
            }
        };
        throttled.put("shard-0", "a");
        List<String> failures = new ArrayList<>();
        KinesisLogReader[] r = new KinesisLogReader[1];
        FakeSleeper sleeper = new FakeSleeper(9, i -> failures.add(r[0].failure()));
        r[0] = new KinesisLogReader(throttled, "cuecast-logs", lines::add, CLOCK, 200, sleeper);
        r[0].runLoop();
        assertEquals(List.of(400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L, 200L, 200L), sleeper.pauses);
        assertEquals("reading Kinesis stream cuecast-logs failed: Rate exceeded", failures.get(0));
        assertEquals(null, failures.get(7));
        assertEquals(List.of("a"), lines, "read once it could");
    }
}
