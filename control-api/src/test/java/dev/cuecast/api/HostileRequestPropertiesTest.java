package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.StoredObject;
import dev.cuecast.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of every HTTP surface of the real server (in-process, real HTTP over loopback): whatever
 * the request (see {@link HostileRequests} for the input classes), the answer is a well-formed HTTP response, never
 * a 5xx or a reset; under /api a refusal has the JSON error body; a refusal leaves the pointer as it was; anything
 * published is a valid state holding exactly the cue that was asked for.
 */
class HostileRequestPropertiesTest {
    private final TestServer server = new TestServer();
    private final RawClient client = new RawClient(server.app.port(), 30_000);
    private final HostileRequests requests = new HostileRequests(TestServer.TOKEN, TestServer.NOW::toEpochMilli,
            ApiConfig.DEFAULT_MAX_REQUEST_BYTES);
    private final CanonicalJson json = new CanonicalJson();
    private final ObjectMapper plain = new ObjectMapper();
    /** The connection is kept alive across cases: a failure may be the previous request's doing. */
    private String previous = "(none)";

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void any_request_gets_a_well_formed_answer_never_a_5xx_or_a_reset_and_a_refusal_changes_nothing() {
        // Edge seeds go first and recur among the drawn ones, so identical requests recur: one that carries an
        // Idempotency-Key, twice in a row (a true retry from the start), then 0, ±1, ±2 and the ends of a long.
        long retried = firstSeed(r -> r.path().equals("/api/cues") && new String(r.head(), StandardCharsets.ISO_8859_1)
                .contains("Idempotency-Key: k"));
        Seeds.check(10_000, this::anyRequest, retried, retried, 0, 1, -1, 2, -2, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                Long.MAX_VALUE, Long.MAX_VALUE - 1);
    }

    private void anyRequest(long seed) throws Exception {
        HostileRequests.Request request = requests.next(new Random(seed));
        byte[] pointerBefore = server.store.get(Pointer.KEY).map(StoredObject::body).orElse(null);
        RawClient.Exchange answer = client.send(request.head(), request.body(), request.pieceBytes(), request.headRequest());
        String what = request.describe() + "\n -> " + answer.status() + " " + answer.headers() + " "
                + (answer.failure() != null ? answer.failure() : answer.bodyText()) + "\n previous request on this connection: " + previous;
        previous = request.describe() + " -> " + answer.status() + " " + answer.headers();

        assertTrue(answer.status() >= 100, "no well-formed answer (reset or malformed): " + what);
        // answer correlation: bytes waiting before this request was sent were an extra answer to an earlier one
        assertTrue(client.unsolicited.isEmpty(), "an answer nobody asked for (request/response desync): " + client.unsolicited);
        assertTrue(answer.status() < 500, "5xx: " + what);
        if (request.isApi() && answer.status() >= 400 && !request.headRequest()) {
            assertTrue(String.valueOf(answer.header("content-type")).startsWith("application/json"), "JSON error: " + what);
            JsonNode error = plain.readTree(answer.body());
            assertTrue(error.path("error").isTextual() && !error.path("error").asText().isEmpty(), "error code: " + what);
            assertTrue(error.path("message").isTextual() && !error.path("message").asText().isEmpty(), "message: " + what);
        }
        byte[] pointerAfter = server.store.get(Pointer.KEY).map(StoredObject::body).orElse(null);
        // a dry run publishes nothing, whatever it answers
        boolean published = request.isWrite() && answer.status() == 201 && !request.path().equals("/api/draws")
                && !request.path().contains("dry_run");
        if (!published) {
            assertArrayEquals(pointerBefore, pointerAfter, "the pointer changed without a 201: " + what);
        } else {
            Pointer pointer = json.read(pointerAfter, Pointer.class);
            State state = json.read(server.store.get(pointer.state()).orElseThrow().body(), State.class);
            JsonNode ack = plain.readTree(answer.body());
            // edge seeds recur, so an identical request with the same Idempotency-Key is a true retry: it gets the
            // first answer, whose version the pointer has since passed
            boolean retry = new String(request.head(), StandardCharsets.ISO_8859_1).contains("Idempotency-Key:");
            if (retry) {
                assertTrue(ack.path("version").asLong() <= pointer.version(), "a retried ack names a published version: " + what);
            } else {
                assertEquals(pointer.version(), ack.path("version").asLong(), "the ack names the version the pointer names: " + what);
            }
            assertNotNull(state.cues().get(0), what);
        }
    }

    @Test
    void head_answers_with_the_status_and_headers_of_get_and_no_body() {
        Seeds.check(600, this::headLikeGet);
    }

    private void headLikeGet(long seed) {
        Random random = new Random(seed);
        if (server.store.get(Pointer.KEY).isEmpty()) {
            assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#102040\"}").statusCode());
        }
        String path = pick(random, "/live/pointer.json", "/states/1.json", "/states/999.json", "/", "/index.html", "/sw.js",
                "/app.js", "/lib/show.js", "/manifest.webmanifest", "/icons/icon.svg", "/operator", "/operator/operator.js",
                "/time", "/health", "/openapi.json", "/nope.js", "/api/state");
        String head = " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.TOKEN + "\r\n\r\n";
        RawClient.Exchange get = client.send(("GET" + head).getBytes(StandardCharsets.US_ASCII), new byte[0], 1, false);
        RawClient.Exchange headAnswer = client.send(("HEAD" + head).getBytes(StandardCharsets.US_ASCII), new byte[0], 1, true);
        assertEquals(get.status(), headAnswer.status(), path);
        for (String name : new String[]{"cache-control", "etag", "content-type", "content-length"}) {
            if (!path.equals("/time") || !name.equals("content-length")) { // /time's body length follows the clock
                assertEquals(get.header(name), headAnswer.header(name), path + " " + name);
            }
        }
    }

    /** The first seed from 0 up whose request matches: looked up, not written down, so it stays one as HostileRequests changes. */
    private long firstSeed(Predicate<HostileRequests.Request> wanted) {
        return LongStream.range(0, 1_000_000).filter(seed -> wanted.test(requests.next(new Random(seed)))).findFirst().orElseThrow();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
