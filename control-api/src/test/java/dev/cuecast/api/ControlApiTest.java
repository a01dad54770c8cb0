package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.api.operations.TimeEndpoint;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.WinnersBitset;
import dev.cuecast.publish.CachePolicy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW_MS = TestServer.NOW.toEpochMilli();
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Optional<JsonNode> pointer() {
        return server.store.get(Pointer.KEY).map(o -> {
            try {
                return JSON.readTree(o.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private void assertError(HttpResponse<String> res, int status, String code) {
        assertEquals(status, res.statusCode(), res.body());
        JsonNode b = body(res);
        assertEquals(code, b.path("error").asText(), res.body());
        assertFalse(b.path("message").asText().isBlank(), "an error says what to fix: " + res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    // --- /time, /health ---------------------------------------------------------------------------------

    @Test
    void time_answers_server_epoch_millis_with_a_fraction_and_is_never_cached() throws Exception {
        HttpResponse<String> res = server.get("/time");
        assertEquals(200, res.statusCode());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(res.body().matches("\\{\"t\":[0-9]+\\.[0-9]{3}}"), res.body());
        double t = body(res).path("t").asDouble();
        assertTrue(t >= NOW_MS && t <= NOW_MS + TimeEndpoint.MAX_DRIFT_MS + 1, "t follows the injected clock: " + t);
    }

    @Test
    void health_answers_ok() {
        HttpResponse<String> res = server.get("/health");
        assertEquals(200, res.statusCode());
        assertEquals("ok", body(res).path("status").asText());
    }

    // --- auth -------------------------------------------------------------------------------------------

    @Test
    void every_api_route_refuses_a_missing_or_wrong_token_and_publishes_nothing() {
        List<String[]> routes = List.of(
                new String[]{"POST", "/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}"},
                new String[]{"POST", "/api/blackout", ""},
                new String[]{"POST", "/api/settings", "{\"poll_ms\":1000}"},
                new String[]{"POST", "/api/draws", "{\"seats\":10,\"count\":1}"},
                new String[]{"GET", "/api/state", null},
                new String[]{"GET", "/api/history", null},
                new String[]{"GET", "/api/draws/d1/seats/0", null});
        for (String[] route : routes) {
            for (String auth : new String[]{null, "Bearer wrong-token", "Bearer " + TestServer.TOKEN + "x", "Basic abc", "Bearer "}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.origin + route[1]))
                        .header("Content-Type", "application/json")
                        .method(route[0], route[2] == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(route[2]));
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                HttpResponse<String> res = server.send(b);
                assertError(res, 401, "unauthorized");
                assertEquals("Bearer", res.headers().firstValue("WWW-Authenticate").orElse(""));
            }
        }
        assertTrue(pointer().isEmpty(), "nothing published");
        assertTrue(server.store.list("private/draws/").isEmpty(), "no draw recorded");
    }

    @Test
    void a_token_differing_only_in_case_is_refused_even_on_a_connection_that_sent_the_right_one() {
        String cue = "{\"mode\":\"off\"}";
        assertEquals(201, server.post("/api/cues", cue).statusCode());
        for (String auth : new String[]{"Bearer " + TestServer.TOKEN.toUpperCase(), "BEARER " + TestServer.TOKEN.toUpperCase()}) {
            assertError(server.post("/api/cues", cue, b -> b.setHeader("Authorization", auth)), 401, "unauthorized");
        }
        assertEquals(201, server.post("/api/cues", cue, b -> b.setHeader("Authorization", "bearer " + TestServer.TOKEN)).statusCode(),
                "the scheme name is case-insensitive (RFC 9110)");
    }

    // --- cues -------------------------------------------------------------------------------------------

    @Test
    void cue_is_acknowledged_only_once_the_origin_pointer_names_it() throws Exception {
        HttpResponse<String> res = server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#ff0000\",\"lead_ms\":3000}");
        assertEquals(201, res.statusCode(), res.body());
        JsonNode ack = body(res);
        long version = ack.path("version").asLong();
        assertEquals(NOW_MS + 3000, ack.path("effective_at").asLong());
        assertEquals("states/" + version + ".json", ack.path("state").asText());

        HttpResponse<String> live = server.get("/live/pointer.json");
        assertEquals(200, live.statusCode());
        assertEquals(version, body(live).path("version").asLong());
        HttpResponse<String> state = server.get("/states/" + version + ".json");
        assertEquals(200, state.statusCode());
        JsonNode last = body(state).path("cues").get(body(state).path("cues").size() - 1);
        assertEquals("{\"effective_at\":" + (NOW_MS + 3000) + ",\"mode\":\"solid\",\"color\":\"#FF0000\"}", last.toString());
    }

    @Test
    void cue_accepts_an_absolute_effective_at_and_every_mode_parameter() throws Exception {
        String draw = body(server.post("/api/draws", "{\"seats\":64,\"count\":3}")).path("draw").asText();
        List<String> cues = List.of(
                "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":600,\"effective_at\":" + (NOW_MS + 1000) + "}",
                "{\"mode\":\"pulse\",\"color\":\"#00FF00\",\"period_ms\":2000}",
                "{\"mode\":\"wave\",\"color\":\"#0000FF\",\"period_ms\":1000,\"span\":40}",
                "{\"mode\":\"sequence\",\"steps\":[{\"offset_ms\":0,\"color\":\"#FF0000\"},{\"offset_ms\":500,\"color\":\"#00FF00\"}]}",
                "{\"mode\":\"solid\",\"color\":\"#123456\",\"zone\":{\"seats\":[[0,9],[20,29]]}}",
                "{\"mode\":\"solid\",\"color\":\"#222222\",\"winners\":{\"draw\":\"" + draw + "\",\"color\":\"#00ff00\"}}");
        for (String cue : cues) {
            assertEquals(201, server.post("/api/cues", cue).statusCode(), cue);
        }
        JsonNode state = body(server.getAuthed("/api/state")).path("state");
        JsonNode winners = null;
        for (JsonNode cue : state.path("cues")) {
            winners = cue.has("winners") ? cue.path("winners") : winners;
        }
        assertNotNull(winners, "the winners cue is in the state: " + state);
        String stored = JSON.readTree(server.store.get("private/draws/" + draw + ".json").orElseThrow().body()).path("bits").asText();
        assertEquals(draw, winners.path("draw").asText());
        assertEquals(64, winners.path("seats").asInt());
        List<Integer> drawn = WinnersBitset.decode(stored).stream().boxed().toList();
        List<Integer> carried = new java.util.ArrayList<>();
        winners.path("list").forEach(n -> carried.add(n.asInt()));
        assertEquals(drawn, carried, "the cue carries the stored draw's 3 winners as a seat list (smaller than the bitset)");
        assertFalse(winners.has("bits"));
        assertEquals("#00FF00", winners.path("color").asText());
    }

    @Test
    void unknown_field_is_refused_and_never_publishes_a_default() {
        HttpResponse<String> res = server.post("/api/cues", "{\"mode\":\"solid\",\"colour\":\"#FF0000\"}");
        assertError(res, 422, "unknown_field");
        assertTrue(body(res).path("message").asText().contains("colour"), res.body());
        assertTrue(body(res).path("message").asText().contains("color"), "lists the allowed fields: " + res.body());
        assertTrue(pointer().isEmpty());
    }

    @Test
    void bad_values_are_refused_with_422_and_publish_nothing() {
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#101010\"}").statusCode());
        JsonNode before = pointer().orElseThrow();
        List<String> bad = List.of(
                "{\"mode\":\"disco\",\"color\":\"#FF0000\"}",
                "{\"color\":\"#FF0000\"}",
                "{\"mode\":\"solid\",\"color\":\"red\"}",
                "{\"mode\":\"solid\",\"color\":\"#FF00001\"}",
                "{\"mode\":\"solid\"}",
                "{\"mode\":\"off\",\"color\":\"#FF0000\"}",
                "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":100}",
                "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\"}",
                "{\"mode\":\"wave\",\"color\":\"#FFFFFF\",\"period_ms\":1000}",
                "{\"mode\":\"sequence\",\"steps\":[{\"offset_ms\":0,\"color\":\"#FF0000\"},{\"offset_ms\":100,\"color\":\"#00FF00\"}]}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"effective_at\":" + (NOW_MS - 60_000) + "}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"effective_at\":" + (NOW_MS + 2 * 86_400_000L) + "}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":-5}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":10,\"effective_at\":" + (NOW_MS + 10) + "}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":\"3000\"}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":1.5}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":99999999999999999999999}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"zone\":{\"seats\":[[9,0]]}}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"winners\":{\"draw\":\"d99\",\"color\":\"#00FF00\"}}",
                "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"winners\":{\"draw\":\"../x\",\"color\":\"#00FF00\"}}",
                "[1,2,3]",
                "null",
                "\"solid\"");
        for (String b : bad) {
            HttpResponse<String> res = server.post("/api/cues", b);
            assertEquals(422, res.statusCode(), b + " -> " + res.body());
            assertEquals(before, pointer().orElseThrow(), "nothing published for " + b);
        }
    }

    @Test
    void malformed_json_is_a_400() {
        for (String b : List.of("{", "{\"mode\":", "{'mode':'solid'}", "{\"mode\":\"solid\"} trailing",
                "{\"mode\":\"solid\",\"mode\":\"off\"}", "")) {
            HttpResponse<String> res = server.post("/api/cues", b);
            assertEquals(400, res.statusCode(), b + " -> " + res.body());
            assertTrue(Optional.of(body(res).path("error").asText()).filter(c -> c.equals("malformed_json") || c.equals("bad_request")).isPresent());
        }
        assertTrue(pointer().isEmpty());
    }

    @Test
    void a_body_that_is_not_json_is_a_415() {
        HttpResponse<String> res = server.post("/api/cues", "mode=solid", b -> b.setHeader("Content-Type", "text/plain"));
        assertError(res, 415, "unsupported_media_type");
        res = server.post("/api/cues", "{\"mode\":\"off\"}", b -> b.setHeader("Content-Type", "application/x-www-form-urlencoded"));
        assertError(res, 415, "unsupported_media_type");
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"off\"}",
                b -> b.setHeader("Content-Type", "application/json; charset=utf-8")).statusCode());
    }

    @Test
    void a_body_above_the_limit_is_a_413() {
        String huge = "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"x\":\"" + "a".repeat((int) ApiConfig.DEFAULT_MAX_REQUEST_BYTES) + "\"}";
        assertError(server.post("/api/cues", huge), 413, "payload_too_large");
        assertTrue(pointer().isEmpty());
    }

    @Test
    void unknown_routes_are_404_and_wrong_methods_405() {
        assertError(server.getAuthed("/api/nope"), 404, "not_found");
        assertError(server.get("/no/such/thing"), 404, "not_found");
        assertError(server.get("/%00"), 400, "bad_request");
        assertError(server.getAuthed("/api/cues"), 405, "method_not_allowed");
        assertError(server.send(HttpRequest.newBuilder(URI.create(server.origin + "/time"))
                .POST(HttpRequest.BodyPublishers.noBody())), 405, "method_not_allowed");
        assertError(server.send(HttpRequest.newBuilder(URI.create(server.origin + "/api/cues"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).DELETE()), 405, "method_not_allowed");
    }

    // --- blackout, settings, state, history ---------------------------------------------------------------

    @Test
    void blackout_is_effective_now_and_drops_pending_cues() {
        server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
        server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#00FF00\",\"lead_ms\":60000}");
        HttpResponse<String> res = server.post("/api/blackout", null);
        assertEquals(201, res.statusCode(), res.body());
        assertEquals(NOW_MS, body(res).path("effective_at").asLong());
        JsonNode state = body(server.get("/" + body(res).path("state").asText()));
        JsonNode cues = state.path("cues");
        assertEquals("off", cues.get(cues.size() - 1).path("mode").asText());
        for (JsonNode cue : cues) {
            assertFalse(cue.path("effective_at").asLong() > NOW_MS, "no pending cue survives a blackout: " + state);
        }
    }

    @Test
    void blackout_accepts_an_empty_object_but_no_fields() {
        assertEquals(201, server.post("/api/blackout", "{}").statusCode());
        assertError(server.post("/api/blackout", "{\"now\":true}"), 422, "unknown_field");
    }

    @Test
    void settings_publish_the_polling_hint_in_the_pointer() {
        assertEquals(201, server.post("/api/settings", "{\"poll_ms\":20000}").statusCode());
        assertEquals(20000, body(server.get("/live/pointer.json")).path("poll_ms").asInt());
        JsonNode before = pointer().orElseThrow();
        assertError(server.post("/api/settings", "{\"poll_ms\":10}"), 422, "invalid_value");
        assertError(server.post("/api/settings", "{}"), 422, "invalid_value");
        assertError(server.post("/api/settings", "{\"poll\":1000}"), 422, "unknown_field");
        assertEquals(before, pointer().orElseThrow());
    }

    @Test
    void state_is_empty_before_the_first_publish_then_names_pointer_and_state() {
        assertEquals("{}", server.getAuthed("/api/state").body());
        server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
        JsonNode snap = body(server.getAuthed("/api/state"));
        assertEquals(snap.path("pointer").path("version").asLong(), snap.path("state").path("version").asLong());
        assertEquals("#FF0000", snap.path("state").path("cues").get(0).path("color").asText());
    }

    @Test
    void any_unicode_operator_name_up_to_64_characters_reaches_the_history_percent_encoded_or_plain() {
        String longest = "é".repeat(63) + "\uD83D\uDCA1"; // 64 characters, the last outside the BMP
        List<String> names = List.of("O'Brien", "Anne (FOH)", "照明 太郎", "x;y <b>", "100% Dave", longest);
        for (String name : names) {
            String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
            HttpResponse<String> res = server.post("/api/blackout", null, b -> b.header(ControlApi.ACTOR_HEADER, encoded));
            assertEquals(201, res.statusCode(), name + " -> " + res.body());
            assertEquals(name + " @ main", body(server.getAuthed("/api/history?limit=1")).path("history").get(0).path("actor").asText(),
                    "recorded with the station it was pressed at");
        }
        HttpResponse<String> plain = server.post("/api/blackout", null, b -> b.header(ControlApi.ACTOR_HEADER, "Anne (FOH)"));
        assertEquals(201, plain.statusCode(), plain.body());
        assertEquals("Anne (FOH) @ main", body(server.getAuthed("/api/history?limit=1")).path("history").get(0).path("actor").asText());

        HttpResponse<String> tooLong = server.post("/api/blackout", null, b -> b.header(ControlApi.ACTOR_HEADER, "a".repeat(65)));
        assertEquals(422, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("64"), tooLong.body());
    }

    @Test
    void history_lists_versions_newest_first_with_who_and_what() {
        server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}", b -> b.header(ControlApi.ACTOR_HEADER, "Ana"));
        server.post("/api/blackout", null);
        JsonNode history = body(server.getAuthed("/api/history?limit=10")).path("history");
        assertEquals(2, history.size(), history.toString());
        assertEquals("blackout", history.get(0).path("action").asText());
        assertEquals("Ana @ main", history.get(1).path("actor").asText());
        assertTrue(history.get(0).path("version").asLong() > history.get(1).path("version").asLong());
        assertEquals(1, body(server.getAuthed("/api/history?limit=1")).path("history").size());
        assertError(server.getAuthed("/api/history?limit=0"), 422, "invalid_value");
        assertError(server.getAuthed("/api/history?limit=abc"), 422, "invalid_value");
    }

    // --- draws ------------------------------------------------------------------------------------------

    @Test
    void a_draw_picks_distinct_winners_records_them_privately_and_verifies_seats() throws Exception {
        HttpResponse<String> res = server.post("/api/draws", "{\"seats\":200,\"count\":7}", b -> b.header(ControlApi.ACTOR_HEADER, "Ana"));
        assertEquals(201, res.statusCode(), res.body());
        String id = body(res).path("draw").asText();
        assertEquals(7, body(res).path("count").asInt());
        JsonNode stored = JSON.readTree(server.store.get("private/draws/" + id + ".json").orElseThrow().body());
        assertEquals("Ana @ main", stored.path("created_by").asText());
        assertEquals(NOW_MS, stored.path("created_at").asLong());
        var bits = WinnersBitset.decode(stored.path("bits").asText());
        assertEquals(7, bits.cardinality());
        int winner = bits.nextSetBit(0);
        int loser = bits.nextClearBit(0);
        assertEquals("{\"draw\":\"" + id + "\",\"seat\":" + winner + ",\"winner\":true}",
                server.getAuthed("/api/draws/" + id + "/seats/" + winner).body());
        assertFalse(body(server.getAuthed("/api/draws/" + id + "/seats/" + loser)).path("winner").asBoolean());
        assertError(server.getAuthed("/api/draws/" + id + "/seats/200"), 422, "invalid_value");
        assertError(server.getAuthed("/api/draws/nope/seats/1"), 404, "not_found");
        assertError(server.get("/private/draws/" + id + ".json"), 404, "not_found");
        assertNotEquals(id, body(server.post("/api/draws", "{\"seats\":200,\"count\":7}")).path("draw").asText());
    }

    @Test
    void a_draw_with_most_seats_winning_is_exact() throws Exception {
        String id = body(server.post("/api/draws", "{\"seats\":100,\"count\":99}")).path("draw").asText();
        String bits = JSON.readTree(server.store.get("private/draws/" + id + ".json").orElseThrow().body()).path("bits").asText();
        assertEquals(99, WinnersBitset.decode(bits).cardinality());
    }

    @Test
    void bad_draws_are_refused() {
        for (String b : List.of("{\"seats\":0,\"count\":1}", "{\"seats\":10,\"count\":11}", "{\"seats\":10}",
                "{\"seats\":10,\"count\":0}", "{\"seats\":2000000,\"count\":1}", "{\"seats\":10,\"count\":1,\"x\":1}")) {
            assertEquals(422, server.post("/api/draws", b).statusCode(), b);
        }
        assertTrue(server.store.list("private/draws/").isEmpty());
    }

    // --- idempotency --------------------------------------------------------------------------------------

    @Test
    void a_retried_post_with_the_same_idempotency_key_returns_the_first_answer_and_publishes_once() {
        String cue = "{\"mode\":\"solid\",\"color\":\"#FF0000\"}";
        HttpResponse<String> first = server.post("/api/cues", cue, b -> b.header("Idempotency-Key", "k1"));
        HttpResponse<String> retry = server.post("/api/cues", cue, b -> b.header("Idempotency-Key", "k1"));
        assertEquals(201, first.statusCode());
        assertEquals(first.statusCode(), retry.statusCode());
        assertEquals(first.body(), retry.body());
        assertEquals(1, body(server.getAuthed("/api/history")).path("history").size(), "published once");
        assertError(server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#00FF00\"}",
                b -> b.header("Idempotency-Key", "k1")), 422, "invalid_value");
        HttpResponse<String> other = server.post("/api/cues", cue, b -> b.header("Idempotency-Key", "k2"));
        assertNotEquals(body(first).path("version"), body(other).path("version"));
    }

    @Test
    void concurrent_retries_with_one_idempotency_key_publish_once() throws Exception {
        String cue = "{\"mode\":\"solid\",\"color\":\"#ABCDEF\"}";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> server.post("/api/cues", cue, b -> b.header("Idempotency-Key", "same"))));
            }
            java.util.Set<String> bodies = new java.util.HashSet<>();
            for (var answer : answers) {
                HttpResponse<String> res = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(201, res.statusCode(), res.body());
                bodies.add(res.body());
            }
            assertEquals(1, bodies.size(), "every retry got the first answer: " + bodies);
            assertEquals(1, body(server.getAuthed("/api/history")).path("history").size(), "published once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idempotency_memory_is_bounded_oldest_keys_forgotten_first() {
        try (TestServer small = new TestServer(ApiConfig.of(TestServer.TOKEN).withIdempotencyKeys(2))) {
            String cue = "{\"mode\":\"off\"}";
            for (String key : new String[]{"a", "b", "c"}) {
                assertEquals(201, small.post("/api/cues", cue, b -> b.header("Idempotency-Key", key)).statusCode());
            }
            String replayOfC = small.post("/api/cues", cue, b -> b.header("Idempotency-Key", "c")).body();
            assertEquals(3, body(small.getAuthed("/api/history")).path("history").size(), "c was remembered");
            assertTrue(replayOfC.contains("\"version\":3"), replayOfC);
            small.post("/api/cues", cue, b -> b.header("Idempotency-Key", "a"));
            assertEquals(4, body(small.getAuthed("/api/history")).path("history").size(), "a was forgotten (capacity 2)");
        }
    }

    @Test
    void a_refused_request_is_not_remembered_under_its_key() {
        assertEquals(422, server.post("/api/draws", "{\"seats\":1,\"count\":5}", b -> b.header("Idempotency-Key", "d")).statusCode());
        assertEquals(422, server.post("/api/draws", "{\"seats\":1,\"count\":5}", b -> b.header("Idempotency-Key", "d")).statusCode());
        assertTrue(server.store.list("private/draws/").isEmpty());
    }

    // --- origin -------------------------------------------------------------------------------------------

    @Test
    void origin_serves_pointer_and_states_with_the_cdn_headers_and_304() {
        server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
        HttpResponse<String> p = server.get("/live/pointer.json");
        assertEquals(CachePolicy.POINTER.header(), p.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(p.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String etag = p.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = server.send(HttpRequest.newBuilder(URI.create(server.origin + "/live/pointer.json"))
                .header("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElse(""));

        String stateKey = body(p).path("state").asText();
        HttpResponse<String> s = server.get("/" + stateKey);
        assertEquals(CachePolicy.STATE.header(), s.headers().firstValue("Cache-Control").orElse(""));
        assertNotNull(s.headers().firstValue("ETag").orElse(null));
        assertError(server.get("/states/999.json"), 404, "not_found");
        assertError(server.get("/states/..%2Fprivate.json"), 404, "not_found");
    }

    @Test
    void origin_pointer_is_404_before_anything_is_published() {
        assertError(server.get("/live/pointer.json"), 404, "not_found");
    }

    // --- metrics --------------------------------------------------------------------------------------------

    @Test
    void metrics_count_publishes_latency_errors_by_code_and_time_requests() {
        server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
        server.post("/api/cues", "{\"mode\":\"solid\",\"colour\":\"#FF0000\"}");
        server.get("/time");
        server.get("/time");
        String m = server.get("/metrics").body();
        assertTrue(m.contains("cuecast_cues_published_total 1.0"), m);
        assertTrue(m.contains("cuecast_publish_latency_seconds_bucket"), m);
        assertTrue(m.contains("cuecast_api_errors_total{code=\"unknown_field\"} 1.0"), m);
        assertTrue(m.contains("cuecast_time_requests_total 2.0"), m);
        assertTrue(m.contains("cuecast_store_conflicts_total 0.0"), m);
    }
}
