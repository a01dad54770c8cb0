package dev.cuecast.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Hostile HTTP requests, one input class at a time, from a seeded {@link Random}: random JSON shapes, wrong types,
 * odd Unicode and invalid UTF-8, huge and non-finite numbers, deep nesting, duplicate keys, mutated valid cues,
 * zones of the wrong shape, bad headers, content types, methods and paths, chunked and oversized bodies. Shared by
 * the property tests (seeded per case by {@code dev.cuecast.testing.Seeds}) and {@code scripts/bench fuzz}.
 */
final class HostileRequests {
    /** One request as raw bytes; {@code headRequest} marks a HEAD (no response body). */
    record Request(String inputClass, String method, String path, byte[] head, byte[] body, int pieceBytes, boolean headRequest) {
        Request withClass(String name) {
            return new Request(name, method, path, head, body, pieceBytes, headRequest);
        }

        boolean isApi() {
            return path.startsWith("/api/");
        }

        boolean isWrite() {
            return method.equals("POST") && isApi();
        }

        String describe() {
            String text = new String(head, StandardCharsets.ISO_8859_1) + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return inputClass + ": " + (text.length() > 600 ? text.substring(0, 600) + "..." : text)
                    + (body.length > 300 ? " [" + body.length + " body bytes]" : "");
        }
    }

    record InputClass(String name, Function<Random, Request> generate) {
    }

    private static final String[] WRITE_PATHS = {"/api/cues", "/api/cues?dry_run=true", "/api/blackout", "/api/settings", "/api/draws",
            "/api/undo"};
    private static final String[] READ_PATHS = {"/api/state", "/api/history?limit=5", "/live/pointer.json", "/states/1.json",
            "/time", "/health", "/", "/index.html", "/sw.js", "/app.js", "/lib/show.js", "/manifest.webmanifest",
            "/operator", "/operator/operator.js", "/openapi.json"};
    private static final String[] FIELDS = {"mode", "color", "lead_ms", "effective_at", "period_ms", "span", "steps", "zone",
            "winners", "poll_ms", "seats", "count", "draw", "offset_ms", "version"};
    private static final String[] MODES = {"off", "solid", "strobe", "pulse", "wave", "sequence"};
    private static final String[] ODD_STRINGS = {"", " ", "\u0000", "\u202esolid", "solid\u200b", "\ud83d\udd34", "\uff03FF0000",
            "#FF00\u0660\u0660", "#ff000g", "#FF0000\n", "SOLID", "s\u00f6lid", "\u00e9", "../../live/pointer", "d1/../x",
            "<script>alert(1)</script>", "%00", "\\u0000", "NaN", "null", "true", "\ud800", "\udfff", "a".repeat(10_000)};
    private static final String[] ODD_NUMBERS = {"1e400", "-1e400", "1e-400", "99999999999999999999999999", "-99999999999999999999",
            "9223372036854775808", "9007199254740993", "4294967296", "2147483648", "-2147483649", "NaN", "Infinity", "-Infinity",
            "0x10", "1_000", "+5", "01", "-0", "-0.0", "0.5", "1.0", "1e3", "333", "334", "0", "-1", "1E2", ".5", "5.", "1e", "--1",
            "9".repeat(2_000)};

    private final String token;
    /** The server's clock (fixed in tests, the wall clock in the bench): effective_at values are drawn around it. */
    private final LongSupplier nowMs;
    private final long maxBodyBytes;
    private final List<InputClass> classes;

    HostileRequests(String token, LongSupplier nowMs, long maxBodyBytes) {
        this.token = token;
        this.nowMs = nowMs;
        this.maxBodyBytes = maxBodyBytes;
        this.classes = List.of(
                new InputClass("random JSON shape", r -> json(r, pick(r, WRITE_PATHS), randomJson(r, 0))),
                new InputClass("mutated valid cue", r -> json(r, pick(r, "/api/cues", "/api/cues?dry_run=true"), mutatedCue(r))),
                new InputClass("wrong types", r -> json(r, pick(r, WRITE_PATHS), wrongTypes(r))),
                new InputClass("odd unicode", r -> json(r, pick(r, WRITE_PATHS), oddUnicode(r))),
                new InputClass("invalid UTF-8", r -> request(r, "POST", pick(r, WRITE_PATHS), jsonHeaders(), invalidUtf8(r), false)),
                new InputClass("huge and non-finite numbers", r -> json(r, pick(r, WRITE_PATHS), oddNumber(r))),
                new InputClass("deep nesting", r -> json(r, pick(r, WRITE_PATHS), deep(r))),
                new InputClass("duplicate keys", r -> json(r, pick(r, WRITE_PATHS), duplicateKeys(r))),
                new InputClass("zone shapes", r -> json(r, pick(r, "/api/cues", "/api/cues?dry_run=true"), zone(r))),
                new InputClass("bad headers", this::badHeaders),
                new InputClass("bad content type", r -> request(r, "POST", pick(r, WRITE_PATHS), "Authorization: Bearer " + token
                        + "\r\nContent-Type: " + pick(r, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/jsonx", "json", "application/json; charset=latin1;;;",
                        "application/*", "", "*/*", "application/json\u00e9") + "\r\n", validCue(r).getBytes(StandardCharsets.UTF_8), false)),
                new InputClass("methods and paths", this::methodsAndPaths),
                new InputClass("HEAD", r -> request(r, "HEAD", pick(r, READ_PATHS), "Authorization: Bearer " + token + "\r\n", new byte[0], false)),
                new InputClass("chunked body", r -> request(r, "POST", pick(r, WRITE_PATHS), jsonHeaders(),
                        r.nextInt(4) == 0 ? oversize(r) : validCue(r).getBytes(StandardCharsets.UTF_8), true)),
                new InputClass("oversized body", r -> request(r, pick(r, "POST", "POST", "POST", "PUT"), pick(r, WRITE_PATHS),
                        r.nextBoolean() ? jsonHeaders() : "Content-Type: application/json\r\n", oversize(r), false)));
    }

    List<InputClass> classes() {
        return classes;
    }

    /**
     * A small request that is refused whatever the server's state (the bench's refusal-cost phase): a truncated
     * cue (400), an unknown field (422), a bad colour (422), a wrong token (401) or a wrong content type (415).
     */
    Request cheapRefusal(Random r) {
        String cue = validCue(r);
        return switch (r.nextInt(5)) {
            case 0 -> request(r, "POST", "/api/cues", jsonHeaders(), cue.substring(0, r.nextInt(cue.length() - 1) + 1)
                    .getBytes(StandardCharsets.UTF_8), false).withClass("truncated JSON");
            case 1 -> request(r, "POST", "/api/cues", jsonHeaders(), cue.replace("\"mode\"", "\"" + pick(r, "colour", "Mode", "mode ", "modes") + "\"")
                    .getBytes(StandardCharsets.UTF_8), false).withClass("unknown field");
            case 2 -> request(r, "POST", "/api/cues", jsonHeaders(), ("{\"mode\":\"solid\",\"color\":\"" + pick(r, ODD_STRINGS)
                    .replace("\\", "").replace("\"", "") + "\"}").getBytes(StandardCharsets.UTF_8), false).withClass("bad colour");
            case 3 -> request(r, "POST", pick(r, WRITE_PATHS), "Authorization: Bearer " + pick(r, "wrong", token.substring(1))
                    // (wrong tokens the mixed classes send too: no new guesses for the login throttle)
                    + "\r\nContent-Type: application/json\r\n", cue.getBytes(StandardCharsets.UTF_8), false).withClass("wrong token");
            default -> request(r, "POST", pick(r, WRITE_PATHS), "Authorization: Bearer " + token + "\r\nContent-Type: text/plain\r\n",
                    cue.getBytes(StandardCharsets.UTF_8), false).withClass("wrong content type");
        };
    }

    Request next(Random r) {
        InputClass c = classes.get(r.nextInt(classes.size()));
        return c.generate().apply(r).withClass(c.name());
    }

    // --- bodies ----------------------------------------------------------------------------------------------

    String validCue(Random r) {
        String lead = r.nextBoolean() ? ",\"lead_ms\":" + r.nextInt(5_000) : ",\"effective_at\":" + (nowMs.getAsLong() + r.nextInt(60_000));
        return switch (r.nextInt(6)) {
            case 0 -> "{\"mode\":\"solid\",\"color\":\"" + color(r) + "\"" + lead + "}";
            case 1 -> "{\"mode\":\"strobe\",\"color\":\"" + color(r) + "\",\"period_ms\":" + (334 + r.nextInt(2_000)) + lead + "}";
            case 2 -> "{\"mode\":\"pulse\",\"color\":\"" + color(r) + "\",\"period_ms\":" + (334 + r.nextInt(5_000)) + lead + "}";
            case 3 -> "{\"mode\":\"wave\",\"color\":\"" + color(r) + "\",\"period_ms\":1000,\"span\":" + (1 + r.nextInt(500)) + lead + "}";
            case 4 -> "{\"mode\":\"sequence\",\"steps\":[{\"offset_ms\":0,\"color\":\"" + color(r) + "\"},{\"offset_ms\":"
                    + (334 + r.nextInt(1_000)) + ",\"color\":\"" + color(r) + "\"}]" + lead + "}";
            default -> "{\"mode\":\"off\"" + lead + "}";
        };
    }

    private static String color(Random r) {
        return String.format("#%06X", r.nextInt(0x1000000));
    }

    private String mutatedCue(Random r) {
        String cue = validCue(r);
        int mutations = 1 + r.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            if (cue.isEmpty()) {
                cue = "{}"; // truncated to nothing by an earlier mutation
            }
            cue = switch (r.nextInt(7)) {
                case 0 -> cue.replaceFirst("\"" + pick(r, FIELDS) + "\":", "\"" + pick(r, "colour", "Color", "mode ", "periodMs", "__proto__", "", "\u00fcber", pick(r, FIELDS)) + "\":");
                case 1 -> cue.replaceFirst(":(\"[^\"]*\"|-?[0-9]+)", ":" + randomJson(r, 3).replace("\\", "\\\\").replace("$", "\\$"));
                case 2 -> "{\"" + pick(r, FIELDS) + "\":" + randomJson(r, 3) + "," + cue.substring(1);
                case 3 -> cue.substring(0, r.nextInt(cue.length() + 1));
                case 4 -> cue.replace("\"mode\":\"" + pick(r, MODES) + "\"", "\"mode\":\"" + pick(r, MODES) + "\"");
                case 5 -> cue.replaceFirst("[0-9]+", pick(r, ODD_NUMBERS));
                default -> cue.replaceFirst("}$", ",\"zone\":" + zoneValue(r) + "}");
            };
        }
        return cue;
    }

    private String wrongTypes(Random r) {
        String field = pick(r, FIELDS);
        String value = pick(r, "true", "false", "[]", "{}", "\"\"", "[1,2]", "{\"a\":1}", "\"500\"", "1.5", "-0.0", "null", "[null]", "[[]]");
        String base = field.equals("mode") ? "{\"color\":\"#FF0000\"" : "{\"mode\":\"" + pick(r, MODES) + "\",\"color\":\"#FF0000\"";
        return base + ",\"" + field + "\":" + value + "}";
    }

    private String oddUnicode(Random r) {
        return "{\"mode\":\"" + escapeNothing(pick(r, ODD_STRINGS)) + "\",\"color\":\"" + escapeNothing(pick(r, ODD_STRINGS)) + "\"}";
    }

    /** Raw characters straight into the document (control characters and lone surrogates included). */
    private static String escapeNothing(String s) {
        return s;
    }

    private byte[] invalidUtf8(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"mode\":\"".getBytes(StandardCharsets.US_ASCII));
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {0}};
        out.writeBytes(bad[r.nextInt(bad.length)]);
        out.writeBytes("solid\",\"color\":\"#FF0000\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private String oddNumber(Random r) {
        String field = pick(r, "period_ms", "lead_ms", "effective_at", "span", "poll_ms", "seats", "count");
        return "{\"mode\":\"" + pick(r, "strobe", "wave", "solid") + "\",\"color\":\"#FFFFFF\",\"" + field + "\":" + pick(r, ODD_NUMBERS) + "}";
    }

    private String deep(Random r) {
        int depth = 10 + r.nextInt(r.nextInt(10) == 0 ? 20_000 : 2_000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return "{\"" + pick(r, FIELDS) + "\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
    }

    private String duplicateKeys(Random r) {
        String field = pick(r, FIELDS);
        return "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"" + field + "\":" + randomJson(r, 2) + ",\"" + field + "\":" + randomJson(r, 2) + "}";
    }

    private String zone(Random r) {
        return "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"zone\":" + zoneValue(r) + "}";
    }

    private String zoneValue(Random r) {
        StringBuilder seats = new StringBuilder("[");
        int ranges = r.nextInt(r.nextInt(10) == 0 ? 150 : 4);
        for (int i = 0; i < ranges; i++) {
            seats.append(i == 0 ? "" : ",").append(pick(r,
                    "[" + r.nextInt(1000) + "," + (1000 + r.nextInt(1000)) + "]",
                    "[0,4999,20000,24999]", "[5]", "[]", "[10,5]", "[-1,3]", "[0,1000000]", "[0.5,3]", "[\"0\",\"3\"]",
                    "{\"first\":0,\"last\":3}", "5", "null", "[0,4294967296]", "[1e3,2e3]", "[[0,1]]"));
        }
        seats.append("]");
        return pick(r, "{\"seats\":" + seats + "}", "{\"seats\":" + seats + ",\"x\":1}", seats.toString(), "{}", "null", "{\"seats\":null}");
    }

    private String randomJson(Random r, int depth) {
        int kind = depth > 4 ? r.nextInt(5) : r.nextInt(8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> r.nextBoolean() ? String.valueOf(r.nextLong()) : pick(r, ODD_NUMBERS);
            case 3 -> "\"" + (r.nextBoolean() ? pick(r, MODES) : r.nextBoolean() ? color(r) : pick(r, ODD_STRINGS)) + "\"";
            case 4 -> String.valueOf(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 5, 6 -> {
                StringBuilder o = new StringBuilder("{");
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    o.append(i == 0 ? "" : ",").append('"').append(r.nextInt(3) == 0 ? pick(r, ODD_STRINGS).replace("\"", "") : pick(r, FIELDS))
                            .append("\":").append(randomJson(r, depth + 1));
                }
                yield o.append('}').toString();
            }
            default -> {
                StringBuilder a = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    a.append(i == 0 ? "" : ",").append(randomJson(r, depth + 1));
                }
                yield a.append(']').toString();
            }
        };
    }

    private byte[] oversize(Random r) {
        int size = (int) maxBodyBytes + 1 + r.nextInt(r.nextInt(8) == 0 ? 3_000_000 : 200_000);
        byte[] body = new byte[size];
        byte[] prefix = "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        java.util.Arrays.fill(body, prefix.length, size - 2, (byte) 'x');
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    // --- headers, methods, paths -------------------------------------------------------------------------------

    private String jsonHeaders() {
        return "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n";
    }

    private Request badHeaders(Random r) {
        String headers = switch (r.nextInt(9)) {
            case 0 -> "Authorization: " + pick(r, "Bearer", "Bearer wrong", "Bearer " + token.toUpperCase(), "Basic " + token,
                    "Bearer " + token.substring(1), "Bearer  " + token + " x", "bearer " + token + "\u00e9", "") + "\r\nContent-Type: application/json\r\n";
            case 1 -> "Content-Type: application/json\r\n"; // no token
            case 2 -> jsonHeaders() + "X-Cuecast-Actor: " + pick(r, "<script>", "a".repeat(41), "x;y", "x/y", "{}", "\u00e9\u00e9", " ") + "\r\n";
            case 3 -> jsonHeaders() + "Idempotency-Key: " + pick(r, "k" + r.nextInt(20), "", "\u00e9", "x".repeat(2_000)) + "\r\n";
            case 4 -> jsonHeaders() + "X-Junk: " + "v".repeat(r.nextInt(r.nextInt(4) == 0 ? 40_000 : 2_000)) + "\r\n";
            // a length shorter than the body: the rest reads as a second, garbage request, so the client
            // gives up this connection after the answer (it lied; only this answer is owed to it)
            case 5 -> jsonHeaders() + "Content-Length: 5\r\nConnection: close\r\n";
            case 6 -> jsonHeaders() + "Transfer-Encoding: " + pick(r, "gzip", "identity", "chunked, chunked", "xchunked") + "\r\n";
            case 7 -> jsonHeaders() + pick(r, "Bad Header: x", "NoColon", ": empty-name", "X-\u0001: ctl", "X-Tab:\tvalue") + "\r\n";
            default -> jsonHeaders() + "Expect: " + pick(r, "100-continue", "200-ok", "") + "\r\n";
        };
        return request(r, "POST", pick(r, WRITE_PATHS), headers, validCue(r).getBytes(StandardCharsets.UTF_8), false);
    }

    private Request methodsAndPaths(Random r) {
        String method = pick(r, "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get", "G\u00c9T", "");
        String path = pick(r, "/api/nope", "/api/cues/", "/api//cues", "/API/CUES", "/.git/config", "/%00", "/%2e%2e/%2e%2e/etc/passwd",
                "/lib/..%2F..%2Fpom.xml", "/operator/..%2F..%2Fpom.xml", "/states/abc.json", "/states/-1.json",
                "/states/99999999999999999999.json", "/states/1.json%00", "/api/history?limit=" + pick(r, ODD_NUMBERS),
                "/api/draws/d1/seats/" + pick(r, ODD_NUMBERS), "/api/draws/%2e%2e/seats/1", "/operator/qr?from=" + pick(r, ODD_NUMBERS) + "&to=5",
                "/?" + "q".repeat(r.nextInt(20_000)), "/" + "a/".repeat(r.nextInt(3_000)), "/live/pointer.json?p=" + r.nextLong(),
                "/time?x=%ZZ", "/%", "/\u00e9", "*", "http://evil.example/api/cues", pick(r, WRITE_PATHS), pick(r, READ_PATHS));
        byte[] body = r.nextBoolean() ? validCue(r).getBytes(StandardCharsets.UTF_8) : new byte[0];
        return request(r, method, path, body.length > 0 ? jsonHeaders() : "Authorization: Bearer " + token + "\r\n", body, false);
    }

    /** Assembles the request; a chunked body is re-encoded as chunks of random sizes. */
    private Request request(Random r, String method, String path, String headers, byte[] body, boolean chunked) {
        StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n").append(headers);
        byte[] wire = body;
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
            int chunk = 1 + r.nextInt(r.nextBoolean() ? 64 : 65_536);
            for (int i = 0; i < body.length; i += chunk) {
                int n = Math.min(chunk, body.length - i);
                out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, i, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            wire = out.toByteArray();
        } else if (body.length > 0 && !headers.contains("Content-Length")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (body.length == 0 && method.equals("POST")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        // Header values travel as UTF-8 bytes, as a careless client would send them
        return new Request(null, method, path, head.toString().getBytes(StandardCharsets.UTF_8), wire,
                chunked ? 1 + r.nextInt(65_536) : 65_536, method.equals("HEAD"));
    }

    private Request json(Random r, String path, String body) {
        return request(r, "POST", path, jsonHeaders(), body.getBytes(StandardCharsets.UTF_8), r.nextInt(10) == 0);
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
