package dev.cuecast.cli;

import dev.cuecast.publish.CloudFrontInvalidator;
import dev.cuecast.publish.DirObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.publish.S3Stores;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        if (!config.local()) {
            return S3Stores.open(config.s3());
        }
        // a new --prefix inside an existing --dir is a new show; a --dir that does not exist is a typo (or --create)
        if (!Files.isDirectory(write ? config.dir() : config.root()) && !(write && config.create())) {
            throw new UncheckedIOException(new NoSuchFileException(config.root().toString(), null,
                    "no such directory; check --dir" + (write ? ", or pass --create to start a new store there"
                            : " (publish something first)")));
        }
        return new DirObjectStore(config.root());
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
