package dev.cuecast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.publish.S3Settings;
import dev.cuecast.publish.S3Stores;
import java.net.URI;
import java.time.Clock;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** --bucket/--prefix/--region/--endpoint reach S3 through the same factory as the CLI (s3proxy in-process). */
class ServerS3StoreTest {
    private static final String KEY = "cuecast-test";
    private static final String SECRET = "cuecast-test-secret";

    @Test
    void bucket_flags_publish_to_s3_under_the_prefix() throws Exception {
        var blobs = BlobStores.create("transient", new Properties());
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).stopTimeout(0).build();
        proxy.start();
        for (int i = 0; i < 2_000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        // the server takes credentials from the AWS default chain, whose first link is these system properties
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        try (S3Client admin = S3Stores.client(new S3Settings("show", "", "us-east-1", URI.create(endpoint)),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))) {
            admin.createBucket(b -> b.bucket("show"));
            ServerCommand server = ServerCommandTest.parsed("--bucket", "show", "--prefix", "shows/final",
                    "--region", "us-east-1", "--endpoint", endpoint);
            try (ObjectStore store = server.storeConfig().open(true)) {
                Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, Clock.systemUTC());
                long version = publisher.publish(Cue.solid(System.currentTimeMillis() + 10_000, "#FF0000"), "test").version();
                var keys = admin.listObjectsV2(b -> b.bucket("show").prefix("shows/final/")).contents().stream()
                        .map(o -> o.key()).toList();
                assertTrue(keys.contains("shows/final/live/pointer.json"), keys.toString());
                assertTrue(keys.contains("shows/final/states/" + version + ".json"), keys.toString());
                assertEquals("public, max-age=1, s-maxage=1, stale-while-revalidate=2, stale-if-error=30",
                        store.get("live/pointer.json").orElseThrow().cacheControl());
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            proxy.stop();
            blobs.close();
        }
    }
}
