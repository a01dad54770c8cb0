package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Deploys the S3 part of infra/cuecast.yaml ({@code node infra/s3-part.js}) as a CloudFormation stack on
 * LocalStack and checks the bucket the publisher will write to. Needs Docker (GitHub Actions has it);
 * skipped, not failed, where no Docker engine answers. What the template declares is asserted without Docker
 * by infra/s3-part.test.js and cfn-lint.
 */
@Testcontainers(disabledWithoutDocker = true)
class TemplateS3PartLocalStackTest {
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STACK_TIMEOUT = Duration.ofMinutes(2);

    private static LocalStackContainer localstack;
    private static CloudFormationClient cloudFormation;
    private static S3Client s3;
    private static String stackName;
    private static String bucket;

    @BeforeAll
    static void deployS3Part() throws Exception {
        String template = s3PartTemplate();
        localstack = new LocalStackContainer(LocalStackFixture.IMAGE).withServices("s3", "cloudformation");
        localstack.start();
        cloudFormation = CloudFormationClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(S3Emulator.staticCredentials(localstack.getAccessKey(), localstack.getSecretKey()))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
        s3 = S3Stores.client(new S3Settings("unused", "", localstack.getRegion(), localstack.getEndpoint()),
                S3Emulator.staticCredentials(localstack.getAccessKey(), localstack.getSecretKey()));

        stackName = "cuecast-s3-" + UUID.randomUUID().toString().substring(0, 8);
        cloudFormation.createStack(b -> b.stackName(stackName).templateBody(template));
        try {
            cloudFormation.waiter().waitUntilStackCreateComplete(b -> b.stackName(stackName), TemplateS3PartLocalStackTest::bounded);
        } catch (SdkClientException e) {
            fail("stack " + stackName + " did not reach CREATE_COMPLETE: " + e.getMessage() + "\n" + failedEvents(), e);
        }
        bucket = outputs().get("BucketName");
    }

    @AfterAll
    static void deleteStack() {
        try {
            if (stackName != null && cloudFormation != null) {
                if (bucket != null) {
                    // As on AWS: CloudFormation only deletes an empty bucket (scripts/teardown empties it first).
                    try (S3ObjectStore store = new S3ObjectStore(s3, settings())) {
                        store.list("").forEach(store::delete);
                    }
                }
                cloudFormation.deleteStack(b -> b.stackName(stackName));
                cloudFormation.waiter().waitUntilStackDeleteComplete(b -> b.stackName(stackName), TemplateS3PartLocalStackTest::bounded);
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
            if (cloudFormation != null) {
                cloudFormation.close();
            }
            if (localstack != null) {
                localstack.stop();
            }
        }
    }

    @Test
    void stack_outputs_name_the_bucket_it_created_and_the_operator_flags_for_it() {
        s3.headBucket(b -> b.bucket(bucket));
        assertEquals("--bucket " + bucket + " --region " + localstack.getRegion(), outputs().get("OperatorFlags"));
    }

    @Test
    void versioning_is_explicitly_suspended_with_the_default_parameters() {
        // A bucket that never had a versioning configuration reports no status at all.
        assertEquals(BucketVersioningStatus.SUSPENDED, s3.getBucketVersioning(b -> b.bucket(bucket)).status());
    }

    @Test
    void the_deployed_bucket_blocks_public_access_and_encrypts_at_rest() {
        // LocalStack 4.14.0's AWS::S3::Bucket provider applies versioning, CORS, object lock, tags, website and
        // notifications but not PublicAccessBlockConfiguration, BucketEncryption or OwnershipControls: here these
        // hold through S3's defaults for new buckets (the same on AWS since 2023). So this checks the bucket the
        // publisher gets, not the template's properties; infra/s3-part.test.js checks those.
        PublicAccessBlockConfiguration block =
                s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
        assertEquals(List.of(true, true, true, true), List.of(block.blockPublicAcls(), block.blockPublicPolicy(),
                block.ignorePublicAcls(), block.restrictPublicBuckets()));
        List<ServerSideEncryptionRule> rules =
                s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules();
        assertTrue(rules.stream().anyMatch(r -> r.applyServerSideEncryptionByDefault().sseAlgorithm() == ServerSideEncryption.AES256),
                "SSE-S3 by default: " + rules);
    }

    @Test
    void a_state_is_written_once_and_a_second_create_loses() throws Exception {
        try (S3ObjectStore store = new S3ObjectStore(s3, settings())) {
            byte[] first = "{\"version\":1}".getBytes(StandardCharsets.UTF_8);
            String etag = store.createOnly("states/1.json", first, CachePolicy.STATE);
            assertThrows(VersionConflictException.class,
                    () -> store.createOnly("states/1.json", "{\"version\":2}".getBytes(StandardCharsets.UTF_8), CachePolicy.STATE));
            StoredObject stored = store.get("states/1.json").orElseThrow();
            assertArrayEquals(first, stored.body());
            assertEquals(etag, stored.etag());
        }
    }

    /** Runs {@code node infra/s3-part.js} from the repository root, bounded in time. */
    private static String s3PartTemplate() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        for (int up = 0; up < 3 && !Files.exists(root.resolve("infra/s3-part.js")); up++) {
            root = root.getParent();
        }
        Path out = Files.createTempFile("cuecast-s3-part", ".json");
        try {
            Process node = new ProcessBuilder("node", "infra/s3-part.js")
                    .directory(root.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!node.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                node.destroyForcibly();
                fail("node infra/s3-part.js did not finish within " + NODE_TIMEOUT);
            }
            assertEquals(0, node.exitValue(), "node infra/s3-part.js failed (see stderr)");
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void bounded(WaiterOverrideConfiguration.Builder waiter) {
        waiter.waitTimeout(STACK_TIMEOUT).backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofSeconds(1)));
    }

    private static S3Settings settings() {
        return new S3Settings(bucket, "", localstack.getRegion(), localstack.getEndpoint());
    }

    private static Map<String, String> outputs() {
        return cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().get(0).outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static String failedEvents() {
        return cloudFormation.describeStackEvents(b -> b.stackName(stackName)).stackEvents().stream()
                .filter(e -> e.resourceStatusReason() != null)
                .map(StackEvent::toString)
                .collect(Collectors.joining("\n"));
    }
}
