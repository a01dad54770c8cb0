package dev.cuecast.coverage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads CloudFront real-time log records from a Kinesis data stream ({@code --coverage-stream NAME}) and hands
 * each log line to the sink. Needs only {@code kinesis:ListShards}, {@code kinesis:GetShardIterator} and
 * {@code kinesis:GetRecords} on that stream (infra/cuecast.yaml, CoverageReaderPolicy). Every shard is read
 * from {@link #BACKLOG} ago, so a restarted control API sees the crowd again at once; shards closed by an
 * on-demand stream's resharding are followed into their children.
 */
public final class KinesisLogReader implements AutoCloseable {
    static final Duration BACKLOG = Duration.ofSeconds(60);
    static final Duration RELIST = Duration.ofSeconds(30);
    static final long MAX_RETRY_MS = 10_000;

    private final KinesisClient kinesis;
    private final String stream;
    private final Consumer<String> sink;
    private final Clock clock;
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, String> lastSequence = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private long listedAt;
    private boolean relist = true;
    private final ReaderLoop loop;

    public KinesisLogReader(KinesisClient kinesis, String stream, Consumer<String> sink, Clock clock, long pollMs) {
        this(kinesis, stream, sink, clock, pollMs, Thread::sleep);
    }

    KinesisLogReader(KinesisClient kinesis, String stream, Consumer<String> sink, Clock clock, long pollMs,
                     ReaderLoop.Sleeper sleeper) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.sink = sink;
        this.clock = clock;
        // One round per poll and never a drain: GetRecords allows 5 calls per second per shard. A stream that cannot
        // be read (throttled, missing, no credentials) is tried again after 2, 4, 8... polls, at most every 10 s.
        this.loop = new ReaderLoop("coverage-kinesis", "reading Kinesis stream " + stream, new ReaderLoop.Reader() {
            @Override
            public boolean read() {
                step();
                return false;
            }

            @Override
            public String explain(Exception e) {
                return e.getMessage(); // the SDK's message names the service, status and request id already
            }
        }, new ReaderLoop.Pacing(pollMs, Math.min(pollMs * 2, MAX_RETRY_MS), MAX_RETRY_MS), sleeper);
    }

    public void start() {
        loop.start();
    }

    /** The reading loop on the calling thread (tests, with their own sleeper). */
    void runLoop() {
        loop.run();
    }

    /** One round: (re)list shards when due, then one GetRecords per open shard. Returns lines delivered. */
    int step() {
        long now = clock.millis();
        if (relist || iterators.isEmpty() || now - listedAt >= RELIST.toMillis()) {
            listShards();
            listedAt = now;
            relist = false;
        }
        int lines = 0;
        for (String shard : List.copyOf(iterators.keySet())) {
            lines += read(shard);
        }
        return lines;
    }

    private void listShards() {
        String token = null;
        do {
            ListShardsRequest request = token == null
                    ? ListShardsRequest.builder().streamName(stream).build()
                    : ListShardsRequest.builder().nextToken(token).build();
            ListShardsResponse page = kinesis.listShards(request);
            for (Shard shard : page.shards()) {
                String id = shard.shardId();
                if (iterators.containsKey(id) || finished.contains(id)) {
                    continue;
                }
                // A child of a shard we read to its end starts at its beginning; anything else at the backlog.
                boolean child = finished.contains(shard.parentShardId()) || finished.contains(shard.adjacentParentShardId());
                iterators.put(id, iterator(id, child ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AT_TIMESTAMP, null));
            }
            token = page.nextToken();
        } while (token != null);
    }

    private String iterator(String shard, ShardIteratorType type, String afterSequence) {
        GetShardIteratorRequest.Builder r = GetShardIteratorRequest.builder().streamName(stream).shardId(shard)
                .shardIteratorType(type);
        if (type == ShardIteratorType.AT_TIMESTAMP) {
            r.timestamp(clock.instant().minus(BACKLOG));
        } else if (type == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
            r.startingSequenceNumber(afterSequence);
        }
        return kinesis.getShardIterator(r.build()).shardIterator();
    }

    private int read(String shard) {
        GetRecordsResponse response;
        try {
            response = kinesis.getRecords(r -> r.shardIterator(iterators.get(shard)).limit(10_000));
        } catch (ExpiredIteratorException e) {
            String last = lastSequence.get(shard);
            iterators.put(shard, last == null ? iterator(shard, ShardIteratorType.AT_TIMESTAMP, null)
                    : iterator(shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, last));
            return 0;
        } catch (ProvisionedThroughputExceededException e) {
            return 0; // next round
        }
        int lines = 0;
        for (Record record : response.records()) {
            String data = record.data().asString(StandardCharsets.UTF_8);
            for (String line : data.split("\n")) {
                if (!line.isEmpty()) {
                    sink.accept(line);
                    lines++;
                }
            }
            lastSequence.put(shard, record.sequenceNumber());
        }
        if (response.nextShardIterator() == null) {
            iterators.remove(shard); // closed by resharding: its children are picked up on the next listing
            finished.add(shard);
            relist = true;
        } else {
            iterators.put(shard, response.nextShardIterator());
        }
        return lines;
    }

    /** Why the last round failed, or null while reading works. */
    String failure() {
        return loop.failure();
    }

    @Override
    public void close() {
        loop.stop();
    }
}
