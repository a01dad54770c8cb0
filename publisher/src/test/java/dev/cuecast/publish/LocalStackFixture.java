package dev.cuecast.publish;

import java.net.URI;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** LocalStack (S3 only) in Docker via Testcontainers; callers check Docker first. */
public final class LocalStackFixture implements S3Emulator {
    /** The last release that runs without an auth token. */
    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

    private final LocalStackContainer container;

    private LocalStackFixture(LocalStackContainer container) {
        this.container = container;
    }

    public static LocalStackFixture start() {
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices("s3");
        container.start();
        return new LocalStackFixture(container);
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return S3Emulator.staticCredentials(container.getAccessKey(), container.getSecretKey());
    }

    @Override
    public void close() {
        container.stop();
    }
}
