package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenApiTest {
    @Test
    void openapi_paths_and_methods_match_the_registered_routes_exactly() throws Exception {
        try (TestServer server = new TestServer()) {
            Set<String> routes = server.app.unsafe.internalRouter.allHttpHandlers().stream()
                    .map(e -> e.endpoint)
                    .filter(e -> e.method != HandlerType.BEFORE_MATCHED && e.method != HandlerType.AFTER_MATCHED
                            && e.method != HandlerType.BEFORE && e.method != HandlerType.AFTER)
                    .map(e -> e.method.name().toLowerCase(Locale.ROOT) + " " + e.path)
                    .collect(Collectors.toCollection(TreeSet::new));

            var res = server.get("/openapi.json");
            assertEquals(200, res.statusCode());
            JsonNode doc = new ObjectMapper().readTree(res.body());
            assertEquals("3.1.0", doc.path("openapi").asText());
            Set<String> documented = new TreeSet<>();
            for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                doc.path("paths").path(path).fieldNames().forEachRemaining(method -> documented.add(method + " " + path));
            }
            assertTrue(routes.size() > 15, "routes found: " + routes);
            assertEquals(routes, documented);
        }
    }
}
