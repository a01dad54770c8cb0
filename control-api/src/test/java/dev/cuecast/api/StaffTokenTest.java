package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read-only staff token: it may check a winner's seat and read what is live, the history, the clock and the
 * coverage; every other route, every write included, answers 403 and publishes nothing.
 */
class StaffTokenTest {
    static final String STAFF = "test-staff-token-0123456789";
    /** What docs/security.md promises staff, and nothing more. */
    static final Set<String> STAFF_MAY = Set.of(
            "GET /api/state", "GET /api/history", "GET /api/station", "GET /api/clock", "GET /api/coverage",
            "GET /api/coverage/history", "GET /api/draws/{draw}/seats/{seat}");

    private TestServer server;
    private String draw;

    @BeforeEach
    void start() {
        server = new TestServer(ApiConfig.of(TestServer.TOKEN).withStaffToken(STAFF));
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}").statusCode());
        HttpResponse<String> created = server.post("/api/draws", "{\"seats\":10,\"count\":10}");
        assertEquals(201, created.statusCode(), created.body());
        draw = body(created).path("draw").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> asStaff(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.origin + path))
                .header("Authorization", "Bearer " + STAFF);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return server.send(request);
    }

    /** Every /api route and the QR sheet, as "METHOD /path", from the server's own route table. */
    private Set<String> tokenRoutes() {
        return server.app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint)
                .filter(e -> e.method == HandlerType.GET || e.method == HandlerType.POST)
                .filter(e -> e.path.startsWith("/api/") || e.path.equals("/operator/qr"))
                .map(e -> e.method.name() + " " + e.path)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void staff_may_read_exactly_the_routes_the_security_model_names_and_nothing_else() {
        Set<String> routes = tokenRoutes();
        assertTrue(routes.containsAll(STAFF_MAY), "every promised route exists: " + routes);
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{draw}", draw).replace("{seat}", "3");
            HttpResponse<String> res = asStaff(method, path, method.equals("POST") ? "{}" : null);
            if (STAFF_MAY.contains(route)) {
                assertEquals(200, res.statusCode(), route + ": " + res.body());
            } else {
                assertEquals(403, res.statusCode(), route + ": " + res.body());
                assertEquals("forbidden", body(res).path("error").asText(), route);
                assertTrue(body(res).path("message").asText().contains("the staff token is read-only"), res.body());
            }
        }
    }

    @Test
    void staff_checks_a_winners_seat_and_sees_what_is_live() {
        HttpResponse<String> seat = asStaff("GET", "/api/draws/" + draw + "/seats/7", null);
        assertEquals(200, seat.statusCode(), seat.body());
        assertEquals("{\"draw\":\"" + draw + "\",\"seat\":7,\"winner\":true}", seat.body());
        HttpResponse<String> state = asStaff("GET", "/api/state", null);
        assertEquals("#FF0000", body(state).path("state").path("cues").path(0).path("color").asText(), state.body());
        assertEquals(200, asStaff("HEAD", "/api/state", null).statusCode(), "HEAD is a GET");
    }

    @Test
    void staff_never_publishes_whatever_it_sends() {
        String before = server.pointerBytes();
        List<String[]> writes = List.of(
                new String[] {"/api/cues", "{\"mode\":\"solid\",\"color\":\"#00FF00\"}"},
                new String[] {"/api/cues?dry_run=true", "{\"mode\":\"solid\",\"color\":\"#00FF00\"}"},
                new String[] {"/api/timeline", "{\"cues\":[{\"mode\":\"off\",\"lead_ms\":5000}]}"},
                new String[] {"/api/undo", "{\"version\":1}"},
                new String[] {"/api/blackout", null},
                new String[] {"/api/settings", "{\"poll_ms\":20000}"},
                new String[] {"/api/draws", "{\"seats\":10,\"count\":1}"});
        for (String[] write : writes) {
            HttpResponse<String> res = asStaff("POST", write[0], write[1]);
            assertEquals(403, res.statusCode(), write[0] + ": " + res.body());
            assertTrue(res.body().contains("needs the operator token"), res.body());
        }
        assertEquals(before, server.pointerBytes(), "nothing was published");
        assertEquals(403, asStaff("GET", "/operator/qr?from=0&to=3", null).statusCode(), "the QR sheet is the operator's");
        assertTrue(server.get("/metrics").body().contains("code=\"forbidden\""), "refusals are counted by code");
    }

    @Test
    void the_operator_token_still_opens_every_route() {
        assertEquals(200, server.getAuthed("/api/state").statusCode());
        assertEquals(201, server.post("/api/blackout", null).statusCode());
        assertEquals(200, server.getAuthed("/operator/qr?from=0&to=3").statusCode());
    }

    @Test
    void without_a_staff_token_configured_no_token_is_the_staffs() {
        try (TestServer plain = new TestServer(ApiConfig.of(TestServer.TOKEN))) {
            HttpResponse<String> res = plain.send(HttpRequest.newBuilder(URI.create(plain.origin + "/api/state"))
                    .header("Authorization", "Bearer " + STAFF));
            assertEquals(401, res.statusCode(), res.body());
        }
    }

    @Test
    void wrong_tokens_are_throttled_as_before_and_the_staff_token_still_passes() {
        server.close();
        server = new TestServer(ApiConfig.of(TestServer.TOKEN).withStaffToken(STAFF));
        for (int i = 0; i < ApiConfig.DEFAULT_MAX_LOGIN_FAILURES; i++) {
            HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(URI.create(server.origin + "/api/state"))
                    .header("Authorization", "Bearer guess-" + i));
            assertEquals(401, wrong.statusCode());
        }
        HttpResponse<String> throttled = server.send(HttpRequest.newBuilder(URI.create(server.origin + "/api/state"))
                .header("Authorization", "Bearer guess-next"));
        assertEquals(429, throttled.statusCode(), throttled.body());
        assertEquals(200, asStaff("GET", "/api/state", null).statusCode(), "a right token always passes");
        assertEquals(403, asStaff("POST", "/api/blackout", null).statusCode(), "and staff is still read-only");
    }

    @Test
    void a_staff_token_equal_to_the_operator_token_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.of(TestServer.TOKEN).withStaffToken(TestServer.TOKEN));
        assertThrows(IllegalArgumentException.class, () -> ApiConfig.of(TestServer.TOKEN).withStaffToken(" "));
    }
}
