package dev.cuecast.publish;

import java.util.Locale;
import java.util.Map;

/** Content-Type by key extension: every store serves the same type for the same key. */
public final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.of(
            "json", "application/json",
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "webmanifest", "application/manifest+json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private ContentTypes() {
    }

    public static String forKey(String key) {
        int dot = key.lastIndexOf('.');
        String ext = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
        return BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
    }
}
