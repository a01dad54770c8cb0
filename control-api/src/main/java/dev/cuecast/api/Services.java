package dev.cuecast.api;

import dev.cuecast.api.operations.MeteredObjectStore;
import dev.cuecast.api.operations.Metrics;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.timebase.TimeBase;
import java.time.Clock;

/**
 * What the control API works with besides its configuration. {@link #of} wires the usual set; a test that needs
 * something else (a publisher on a store it watches) builds the record itself.
 *
 * @param publisher publishes the show; it writes to {@code store} and stamps on {@code timeBase}'s clock
 * @param store     the show's store: the publisher's, the local origin's, the draws' and the coverage history's
 * @param timeBase  the phones' time, on which cues are stamped (refused while it is unsynced)
 * @param hostClock this host's own clock: this server's {@code /time}, and the log throttle of unreadable requests
 * @param metrics   the meters behind {@code /metrics}
 * @param coverage  the log behind {@code GET /api/coverage}
 */
public record Services(Publisher publisher, ObjectStore store, TimeBase timeBase, Clock hostClock, Metrics metrics,
                       CoverageSource coverage) {
    /** A publisher with {@code publisherConfig} on {@code store}, metered (lost conditional writes count in /metrics). */
    public static Services of(PublisherConfig publisherConfig, ObjectStore store, TimeBase timeBase, Clock hostClock,
                              CoverageSource coverage) {
        Metrics metrics = new Metrics();
        ObjectStore metered = new MeteredObjectStore(store, metrics);
        return new Services(Publisher.create(publisherConfig, metered, timeBase.clock()), metered, timeBase, hostClock,
                metrics, coverage);
    }
}
