package dev.cuecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden vectors under the repository's testdata/, shared with the node tests. */
public final class TestData {
    private static final Path ROOT = Path.of("..", "testdata");

    private TestData() {
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(ROOT.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String name) {
        try {
            return new ObjectMapper().readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
