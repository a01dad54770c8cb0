package dev.cuecast.cli;

import dev.cuecast.publish.CloudFrontInvalidator;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/** What commands need from the outside world; tests pass a fixed clock and emulator credentials. */
record Context(Clock clock, PublisherConfig publisherConfig, StoreOpener stores, Invalidations invalidations) {
    interface StoreOpener {
        /** @param write false for commands that only read: a missing directory is then an error, not created */
        ObjectStore open(StoreConfig config, boolean write);
    }

    interface Invalidations {
        /** Creates a CloudFront invalidation and returns its id; {@code endpoint} null for AWS. */
        String invalidate(URI endpoint, String distributionId, List<String> paths);
    }

    static Context production() {
        return new Context(Clock.systemUTC(), PublisherConfig.defaults(), Context::openStore, Context::invalidate);
    }

    static ObjectStore openStore(StoreConfig config, boolean write) {
        return config.open(write);
    }

    private static String invalidate(URI endpoint, String distributionId, List<String> paths) {
        try (CloudFrontClient client = CloudFrontInvalidator.client(endpoint)) {
            return new CloudFrontInvalidator(client, distributionId).invalidate(paths);
        }
    }

    Publisher publisher(ObjectStore store) {
        return Publisher.create(publisherConfig, store, clock);
    }
}
