package dev.cuecast.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * How S3ObjectStore classifies S3's answers, including ones no emulator produces on demand (409
 * ConditionalRequestConflict, PreconditionFailed under an odd status, 503 SlowDown): a scripted HTTP endpoint
 * on loopback answers the real SDK client built by {@link S3Stores}.
 */
class S3ObjectStoreErrorsTest {
    private record Reply(int status, String errorCode, String etag) {
    }

    private record Seen(String method, String path, Headers headers) {
    }

    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private HttpServer server;
    private S3Client client;
    private S3ObjectStore store;

    @BeforeEach
    void startScriptedS3() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        S3Settings settings = new S3Settings("show-bucket", "shows/final", "eu-west-1",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        client = S3Stores.client(settings, S3Emulator.staticCredentials("k", "s"));
        store = new S3ObjectStore(client, settings);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestHeaders()));
        Reply reply = script.isEmpty() ? new Reply(500, "InternalError", null) : script.poll();
        if (reply.etag() != null) {
            exchange.getResponseHeaders().add("ETag", reply.etag());
        }
        byte[] body = new byte[0];
        if (reply.errorCode() != null) {
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + reply.errorCode()
                    + "</Code><Message>scripted</Message><RequestId>r1</RequestId></Error>").getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
        }
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void then(int status, String errorCode) {
        script.add(new Reply(status, errorCode, null));
    }

    private void thenOk(String etag) {
        script.add(new Reply(200, null, etag));
    }

    @Test
    void create_only_sends_if_none_match_star_with_the_cache_headers_under_the_prefix() throws Exception {
        thenOk("\"e1\"");

        assertEquals("\"e1\"", store.createOnly("states/42.json", "{}".getBytes(UTF_8), CachePolicy.STATE));

        Seen put = seen.get(0);
        assertEquals("PUT", put.method());
        assertEquals("/show-bucket/shows/final/states/42.json", put.path());
        assertEquals("*", put.headers().getFirst("If-None-Match"));
        assertNull(put.headers().getFirst("If-Match"));
        assertEquals(CachePolicy.STATE.header(), put.headers().getFirst("Cache-Control"));
        assertEquals("application/json", put.headers().getFirst("Content-Type"));
        // small bodies: waiting for "100 Continue" would cost a round trip per write on real S3
        assertNull(put.headers().getFirst("Expect"));
    }

    @Test
    void replace_sends_if_match_with_the_etag_read() throws Exception {
        thenOk("\"e2\"");

        store.replaceIfMatch("live/pointer.json", "{}".getBytes(UTF_8), CachePolicy.POINTER, "\"e1\"");

        assertEquals("\"e1\"", seen.get(0).headers().getFirst("If-Match"));
        assertNull(seen.get(0).headers().getFirst("If-None-Match"));
    }

    @Test
    void precondition_failed_is_a_conflict_and_is_not_retried() {
        then(412, "PreconditionFailed");

        assertThrows(VersionConflictException.class,
                () -> store.createOnly("states/1.json", new byte[1], CachePolicy.STATE));
        assertEquals(1, seen.size());
    }

    @Test
    void precondition_failed_under_an_odd_status_is_still_a_conflict() {
        then(400, "PreconditionFailed");

        assertThrows(VersionConflictException.class,
                () -> store.replaceIfMatch("live/pointer.json", new byte[1], CachePolicy.POINTER, "\"e\""));
    }

    @Test
    void conditional_request_conflict_409_is_a_conflict() {
        then(409, "ConditionalRequestConflict");

        VersionConflictException e = assertThrows(VersionConflictException.class,
                () -> store.replaceIfMatch("live/pointer.json", new byte[1], CachePolicy.POINTER, "\"e\""));
        assertTrue(e.getMessage().contains("409 ConditionalRequestConflict"), e.getMessage());
    }

    @Test
    void if_match_on_a_missing_key_404_is_a_conflict() {
        then(404, "NoSuchKey");

        assertThrows(VersionConflictException.class,
                () -> store.replaceIfMatch("live/pointer.json", new byte[1], CachePolicy.POINTER, "\"e\""));
    }

    @Test
    void a_missing_bucket_propagates_instead_of_looking_like_a_conflict() {
        then(404, "NoSuchBucket");

        assertThrows(NoSuchBucketException.class,
                () -> store.replaceIfMatch("live/pointer.json", new byte[1], CachePolicy.POINTER, "\"e\""));
    }

    @Test
    void throttling_is_retried_with_backoff_until_it_succeeds() throws Exception {
        then(503, "SlowDown");
        then(503, "SlowDown");
        thenOk("\"e3\"");

        assertEquals("\"e3\"", store.createOnly("states/3.json", new byte[1], CachePolicy.STATE));
        assertEquals(3, seen.size());
    }

    @Test
    void server_errors_are_retried_a_bounded_number_of_times_then_propagate() {
        for (int i = 0; i < 10; i++) {
            then(500, "InternalError");
        }

        S3Exception e = assertThrows(S3Exception.class,
                () -> store.createOnly("states/3.json", new byte[1], CachePolicy.STATE));
        assertEquals(500, e.statusCode());
        assertEquals(S3Stores.MAX_ATTEMPTS, seen.size());
    }

    @Test
    void access_denied_propagates_at_once() {
        then(403, "AccessDenied");

        S3Exception e = assertThrows(S3Exception.class,
                () -> store.createOnly("states/3.json", new byte[1], CachePolicy.STATE));
        assertInstanceOf(S3Exception.class, e);
        assertEquals(403, e.statusCode());
        assertEquals(1, seen.size());
    }

    @Test
    void get_of_a_missing_key_is_empty_but_a_denied_get_propagates() {
        then(404, "NoSuchKey");
        then(403, "AccessDenied");

        assertTrue(store.get("live/pointer.json").isEmpty());
        assertThrows(S3Exception.class, () -> store.get("live/pointer.json"));
    }
}
