package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Pointer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded hostile traffic: every request is invalid by construction (bad JSON, wrong types, out-of-range or huge
 * numbers, unknown fields, odd unicode, deep nesting, oversize bodies, wrong methods, content types or tokens).
 * None may yield a 5xx, and none may publish.
 */
class HostileRequestFuzzTest {
    private static final long SEED = 20_260_101L;
    private static final int REQUESTS = 2_400;
    private static final long NOW_MS = TestServer.NOW.toEpochMilli();

    private final Random random = new Random(SEED);

    @Test
    void hostile_requests_never_get_a_5xx_and_never_publish() {
        try (TestServer server = new TestServer()) {
            assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#102040\"}").statusCode());
            byte[] pointerBefore = server.store.get(Pointer.KEY).orElseThrow().body();
            int drawsBefore = server.store.list("private/draws/").size();

            List<Supplier<HttpRequest.Builder>> generators = generators(server);
            Map<Integer, Integer> statuses = new TreeMap<>();
            long deadline = System.nanoTime() + 120_000_000_000L;
            String previous = "";
            for (int i = 0; i < REQUESTS && System.nanoTime() < deadline; i++) {
                int kind = random.nextInt(generators.size() + 1);
                String label;
                int status;
                String body;
                if (kind == generators.size()) {
                    // oversize bodies go over their own connection, as a careful client sends a large upload
                    String path = pick("/api/cues", "/api/settings", "/api/draws", "/api/blackout");
                    label = "oversize POST " + path;
                    String[] res = RawHttp.postExpectContinue(server.app.port(), path, TestServer.TOKEN, oversize());
                    status = Integer.parseInt(res[0]);
                    body = res[1];
                } else {
                    HttpRequest request = generators.get(kind).get().build();
                    label = request.method() + " " + request.uri() + " (generator " + kind + ", headers " + request.headers().map() + ")";
                    HttpResponse<String> res;
                    try {
                        res = server.send(HttpRequest.newBuilder(request, (n, v) -> true));
                    } catch (RuntimeException e) {
                        throw new AssertionError("request " + i + " " + label + " got no answer; previous: " + previous, e);
                    }
                    status = res.statusCode();
                    body = res.body();
                }
                statuses.merge(status, 1, Integer::sum);
                assertTrue(status < 500, "request " + i + " " + label + " -> " + status + " " + body);
                assertTrue(status >= 400 || label.startsWith("GET"), "request " + i + " " + label + " was accepted: " + status + " " + body + "; previous: " + previous);
                previous = label;
            }
            assertEquals(REQUESTS, statuses.values().stream().mapToInt(Integer::intValue).sum(), "all requests sent in time");
            assertArrayEquals(pointerBefore, server.store.get(Pointer.KEY).orElseThrow().body(), "pointer unchanged");
            assertEquals(drawsBefore, server.store.list("private/draws/").size(), "no draw recorded");
            for (int status : new int[]{400, 401, 404, 405, 413, 415, 422}) {
                assertTrue(statuses.getOrDefault(status, 0) > 0, "the fuzz reaches " + status + ": " + statuses);
            }
        }
    }

    private List<Supplier<HttpRequest.Builder>> generators(TestServer s) {
        List<Supplier<HttpRequest.Builder>> g = new ArrayList<>();
        g.add(() -> post(s, "/api/cues", truncated(validCue())));
        g.add(() -> post(s, "/api/cues", withUnknownField(validCue())));
        g.add(() -> post(s, "/api/cues", withWrongType()));
        g.add(() -> post(s, "/api/cues", withBadNumber()));
        g.add(() -> post(s, "/api/cues", withBadUnicode()));
        g.add(() -> post(s, "/api/cues", deeplyNested()));
        g.add(() -> post(s, "/api/cues", randomBytes()));
        g.add(() -> post(s, "/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"color\":\"#00FF00\"}"));
        g.add(() -> post(s, "/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"effective_at\":"
                + pick(String.valueOf(NOW_MS - 10_000 - random.nextInt(1_000_000)), String.valueOf(NOW_MS + 90_000_000L + random.nextInt(1_000_000)), "0", "-1") + "}"));
        g.add(() -> post(s, "/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"winners\":{\"draw\":\""
                + pick("d999", "../../live/pointer", "", "D1", "d1/../x") + "\",\"color\":\"#00FF00\"}}"));
        g.add(() -> post(s, pick("/api/settings"), "{\"poll_ms\":" + pick("0", "499", "60001", "-5", "\"1000\"", "1000.5", "null", "[]", "1e9") + "}"));
        g.add(() -> post(s, "/api/draws", "{\"seats\":" + pick("0", "-1", "1000001", "\"10\"", "1.5", "null")
                + ",\"count\":" + pick("0", "-3", "5", "\"1\"") + "}"));
        g.add(() -> post(s, "/api/blackout", pick("{", "[]", "{\"x\":1}", "null", "\"off\"", "{\"mode\":\"off\"}")));
        g.add(() -> post(s, "/api/cues", validCue()).setHeader("Content-Type",
                pick("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "json")));
        g.add(() -> post(s, pick("/api/cues", "/api/blackout", "/api/settings", "/api/draws"), validCue())
                .setHeader("Authorization", pick("Bearer", "Bearer wrong", "Bearer " + TestServer.TOKEN.toUpperCase(), "Basic " + TestServer.TOKEN,
                        "Bearer " + TestServer.TOKEN.substring(1), "Bearer " + TestServer.TOKEN + "\u00e9")));
        g.add(() -> unauthenticated(s, pick("/api/cues", "/api/blackout", "/api/settings", "/api/draws"), validCue()));
        g.add(() -> HttpRequest.newBuilder(URI.create(s.origin + pick("/api/cues", "/api/blackout", "/time", "/live/pointer.json", "/api/state", "/states/1.json")))
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                .method(pick("PUT", "DELETE", "PATCH"), HttpRequest.BodyPublishers.ofString(validCue())));
        g.add(() -> HttpRequest.newBuilder(URI.create(s.origin + pick("/api/history?limit=0", "/api/history?limit=-1", "/api/history?limit=99999999999",
                        "/api/history?limit=%F0%9F%92%A5", "/api/draws/d1/seats/-1", "/api/draws/%2e%2e/seats/1", "/states/abc.json",
                        "/states/-1.json", "/states/99999999999999999999.json", "/operator/qr?from=5&to=1", "/operator/qr?from=0&to=100000",
                        "/operator/..%2F..%2Fpom.xml", "/lib/..%2F..%2Fpom.xml", "/api/nope", "/.git/config", "/%00")))
                .header("Authorization", "Bearer " + TestServer.TOKEN).GET());
        g.add(() -> post(s, "/api/cues", validCue()).header(ControlApi.ACTOR_HEADER, pick("a".repeat(65), "%01x", "%zz", "%E0%A4", "x%0Ay")));
        g.add(() -> post(s, "/api/cues", withUnknownField(validCue())).header("Idempotency-Key", "k" + random.nextInt(50)));
        return g;
    }

    private HttpRequest.Builder post(TestServer s, String path, String body) {
        return HttpRequest.newBuilder(URI.create(s.origin + path))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder unauthenticated(TestServer s, String path, String body) {
        return HttpRequest.newBuilder(URI.create(s.origin + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private String validCue() {
        return pick("{\"mode\":\"solid\",\"color\":\"#FF0000\"}",
                "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":600,\"lead_ms\":2000}",
                "{\"mode\":\"wave\",\"color\":\"#0000FF\",\"period_ms\":1000,\"span\":50}",
                "{\"mode\":\"sequence\",\"steps\":[{\"offset_ms\":0,\"color\":\"#FF0000\"},{\"offset_ms\":400,\"color\":\"#00FF00\"}]}",
                "{\"mode\":\"off\"}");
    }

    private String truncated(String json) {
        return json.substring(0, random.nextInt(json.length()));
    }

    private String withUnknownField(String json) {
        String name = pick("colour", "Color", "mode ", "periodMs", "leadMs", "\u00fcber", "\u0000", "", "__proto__", "zone2", "\ud83d\udca5");
        return "{\"" + name.replace("\u0000", "\\u0000") + "\":" + pick("1", "\"x\"", "null", "[]", "{}") + "," + json.substring(1);
    }

    private String withWrongType() {
        String field = pick("mode", "color", "lead_ms", "effective_at", "period_ms", "span", "steps", "zone", "winners");
        String value = pick("true", "[]", "{}", "\"\"", "[1,2]", "{\"a\":1}", "\"500\"", "1.5", "-0.0");
        String base = field.equals("mode") ? "{\"color\":\"#FF0000\"" : "{\"mode\":\"solid\",\"color\":\"#FF0000\"";
        if (field.equals("color")) {
            base = "{\"mode\":\"solid\"";
        }
        return base + ",\"" + field + "\":" + value + "}";
    }

    private String withBadNumber() {
        String n = pick("1e400", "-1e400", "99999999999999999999999999", "-99999999999999999999", "9".repeat(2_000),
                "0.0000001", "NaN", "Infinity", "0x10", "1_000", "+5", "01", "333", "0", "-334");
        return "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":" + n + "}";
    }

    private String withBadUnicode() {
        return "{\"mode\":\"" + pick("s\u00f6lid", "SOLID", "solid\u200b", "\u202esolid", "so\\u006cid\\u0000", "\ud83d\udd34")
                + "\",\"color\":\"" + pick("#FF00\u0660\u0660", "\uff03FF0000", "#ff000g", "#FF0000\\n", "\ud800") + "\"}";
    }

    private String deeplyNested() {
        int depth = 10 + random.nextInt(5_000);
        String field = pick("mode", "zone", "steps", "unknown", "winners");
        return "{\"" + field + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    private String oversize() {
        int size = (int) ApiConfig.DEFAULT_MAX_REQUEST_BYTES + 1 + random.nextInt(200_000);
        return "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"pad\":\"" + "x".repeat(size) + "\"}";
    }

    private String randomBytes() {
        byte[] b = new byte[1 + random.nextInt(200)];
        random.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
