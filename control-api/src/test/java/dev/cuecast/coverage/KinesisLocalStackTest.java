package dev.cuecast.coverage;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** {@link KinesisReaderContract} on LocalStack's Kinesis (Docker; skipped without it, run by CI). */
@Testcontainers(disabledWithoutDocker = true)
class KinesisLocalStackTest extends KinesisReaderContract {
    /** The last release that runs without an auth token. */
    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");
    private static LocalStackContainer localstack;

    @BeforeAll
    static void start() {
        localstack = new LocalStackContainer(IMAGE).withServices("kinesis");
        localstack.start();
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Override
    URI endpoint() {
        return localstack.getEndpoint();
    }

    @Override
    String region() {
        return localstack.getRegion();
    }

    @Override
    AwsBasicCredentials credentials() {
        return AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey());
    }
}
