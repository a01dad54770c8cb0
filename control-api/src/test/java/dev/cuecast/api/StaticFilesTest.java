package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {
    @TempDir
    Path pwa;

    private TestServer serverWithPwa() throws Exception {
        Files.createDirectories(pwa.resolve("lib"));
        Files.createDirectories(pwa.resolve("icons"));
        Files.writeString(pwa.resolve("index.html"), "<!doctype html><title>spectator</title>");
        Files.writeString(pwa.resolve("sw.js"), "self.addEventListener('activate', () => {});");
        Files.writeString(pwa.resolve("show-sw.js"), "self.addEventListener('fetch', () => {});");
        Files.writeString(pwa.resolve("manifest.webmanifest"), "{\"name\":\"Cuecast\"}");
        Files.writeString(pwa.resolve("app.js"), "import './lib/show.js';");
        Files.writeString(pwa.resolve("lib/show.js"), "export const x = 1;");
        Files.writeString(pwa.resolve("lib/show.test.js"), "test");
        Files.writeString(pwa.resolve("icons/icon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        return new TestServer(ApiConfig.of(TestServer.TOKEN).withPwaDir(pwa).withIdempotencyKeys(10));
    }

    private static String header(HttpResponse<String> res, String name) {
        return res.headers().firstValue(name).orElse("");
    }

    @Test
    void the_app_shell_revalidates_and_other_assets_are_briefly_cached() throws Exception {
        try (TestServer server = serverWithPwa()) {
            HttpResponse<String> index = server.get("/show");
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains("spectator"));
            assertTrue(header(index, "Content-Type").startsWith("text/html"));
            assertEquals("no-cache", header(index, "Cache-Control"));
            assertEquals("no-cache", header(server.get("/sw.js"), "Cache-Control"));
            assertEquals("no-cache", header(server.get("/show-sw.js"), "Cache-Control"));
            assertTrue(header(server.get("/sw.js"), "Content-Type").startsWith("text/javascript"));
            HttpResponse<String> manifest = server.get("/manifest.webmanifest");
            assertEquals("no-cache", header(manifest, "Cache-Control"));
            assertEquals("application/manifest+json", header(manifest, "Content-Type"));
            assertEquals("public, max-age=300", header(server.get("/app.js"), "Cache-Control"));
            assertEquals(200, server.get("/lib/show.js").statusCode());
            assertEquals("image/svg+xml", header(server.get("/icons/icon.svg"), "Content-Type"));
        }
    }

    @Test
    void the_app_is_its_page_show_and_qr_codes_and_old_links_to_the_root_are_sent_there_with_their_query() throws Exception {
        try (TestServer server = serverWithPwa()) {
            for (String[] c : new String[][]{{"/", "show"}, {"/?seat=12", "show?seat=12"}, {"/?seat=12&debug=1", "show?seat=12&debug=1"},
                    {"/show/", "../show"}, {"/show/?seat=4", "../show?seat=4"}, {"/?" + "q".repeat(1025), "show"}}) {
                HttpResponse<String> res = server.get(c[0]);
                assertEquals(302, res.statusCode(), c[0]);
                assertEquals(c[1], header(res, "Location"), c[0]);
                // a week in the phone's own cache (an offline re-scan still finds the page), never in a shared one
                assertEquals("private, max-age=604800", header(res, "Cache-Control"), c[0]);
            }
            HttpResponse<String> page = server.get("/show?seat=12");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("spectator"));
            assertEquals("no-cache", header(page, "Cache-Control"));
            assertEquals(header(server.get("/index.html"), "ETag"), header(page, "ETag"), "the page is index.html");
            assertEquals(404, server.get("/showcase").statusCode());
            assertEquals(200, server.get("/operator").statusCode(), "the console is not redirected");
        }
    }

    @Test
    void assets_answer_304_to_a_matching_etag() throws Exception {
        try (TestServer server = serverWithPwa()) {
            String etag = header(server.get("/app.js"), "ETag");
            HttpResponse<String> again = server.send(HttpRequest.newBuilder(URI.create(server.origin + "/app.js"))
                    .header("If-None-Match", etag));
            assertEquals(304, again.statusCode());
            Files.writeString(pwa.resolve("app.js"), "changed");
            HttpResponse<String> changed = server.send(HttpRequest.newBuilder(URI.create(server.origin + "/app.js"))
                    .header("If-None-Match", etag));
            assertEquals(200, changed.statusCode(), "--pwa-dir files are re-read, so edits show at once");
        }
    }

    @Test
    void test_files_dot_files_and_paths_outside_the_app_are_not_served() throws Exception {
        Files.writeString(pwa.getParent().resolve("secret.txt"), "TOP-SECRET-CONTENT");
        try (TestServer server = serverWithPwa()) {
            Files.writeString(pwa.resolve(".env"), "x");
            for (String path : new String[]{"/lib/show.test.js", "/.env", "/lib/..%2F..%2Fsecret.txt", "/..%2Fsecret.txt",
                    "/lib/%2e%2e", "/nope.js"}) {
                HttpResponse<String> res = server.get(path);
                assertTrue(res.statusCode() == 404 || res.statusCode() == 400, path + " -> " + res.statusCode());
                assertTrue(!res.body().contains("TOP-SECRET-CONTENT"), path);
            }
        }
    }

    @Test
    void the_bundled_app_is_served_from_the_jar_without_its_tests() {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> index = server.get("/show");
            assertEquals(200, index.statusCode(), "pwa/ is bundled into the jar");
            assertEquals("no-cache", header(index, "Cache-Control"));
            assertEquals(200, server.get("/lib/clock.js").statusCode());
            assertEquals(404, server.get("/lib/clock.test.js").statusCode());
            assertEquals(null, StaticFilesTest.class.getClassLoader().getResource("pwa/lib/clock.test.js"));
        }
    }

    @Test
    void the_operator_page_and_its_modules_are_served_without_caching() {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> page = server.get("/operator");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("BLACKOUT"));
            assertEquals("no-cache", header(page, "Cache-Control"));
            assertTrue(header(server.get("/operator/operator.js"), "Content-Type").startsWith("text/javascript"));
            assertEquals(200, server.get("/operator/cue-model.js").statusCode());
            assertEquals(200, server.get("/operator/operator.css").statusCode());
        }
    }

    @Test
    void the_qr_sheet_links_every_seat_to_the_app() {
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN).withPublicUrl("https://show.example/").withIdempotencyKeys(10))) {
            assertEquals(401, server.get("/operator/qr?from=10&to=14").statusCode(), "the sheet is for the operator only");
            HttpResponse<String> sheet = server.getAuthed("/operator/qr?from=10&to=14");
            assertEquals(200, sheet.statusCode());
            assertEquals(5, sheet.body().split("<svg ", -1).length - 1);
            for (int seat = 10; seat <= 14; seat++) {
                assertTrue(sheet.body().contains("https://show.example/?seat=" + seat), "seat " + seat);
            }
            assertEquals(422, server.getAuthed("/operator/qr?from=0&to=100000").statusCode());
            assertEquals(422, server.getAuthed("/operator/qr?from=9&to=3").statusCode());
        }
    }
}
