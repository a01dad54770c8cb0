package dev.cuecast.timebase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** {@link TimeSync}'s fetchTime in the server: {@code GET timeUrl} → {@code {"t":<epoch ms>}}, never from a cache. */
final class HttpTimeSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpTimeSource() {
    }

    /** Each call sends one request; a failure names the URL and what was wrong with the answer. */
    static Supplier<CompletableFuture<Double>> over(URI timeUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(timeUrl).timeout(Duration.ofSeconds(2))
                .header("Cache-Control", "no-store").GET().build();
        return () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(res -> {
            if (res.statusCode() != 200) {
                throw new IllegalStateException(timeUrl + " answered HTTP " + res.statusCode());
            }
            try {
                JsonNode t = JSON.readTree(res.body()).get("t");
                if (t == null || !t.isNumber()) {
                    throw new IllegalStateException(timeUrl + " answered without a numeric \"t\"");
                }
                return t.asDouble();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(timeUrl + " answered malformed JSON", e);
            }
        });
    }
}
