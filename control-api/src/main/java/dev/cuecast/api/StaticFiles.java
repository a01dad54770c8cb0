package dev.cuecast.api;

import dev.cuecast.api.http.ApiException;
import dev.cuecast.api.http.Etags;
import dev.cuecast.publish.CachePolicy;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Static files (the PWA, the operator page) from the jar or, while developing, from a directory. Each response
 * carries an ETag (304 on If-None-Match) and the Cache-Control its name calls for.
 *
 * <p>The spectator app (the files under {@code pwa/}) is the page {@value #APP_PAGE}: its service worker's scope is
 * that page alone, so it never covers the operator console, the QR sheet or the API on the same origin. {@code /}
 * (with {@code ?seat=N}: printed QR codes and old links) is redirected there with its query; the app's files stay
 * where they were, and {@code sw.js} is now the retired worker that removes the old scope-{@code /} one. The CDN does
 * the same with a viewer-request function ({@code infra/edge/app.js}).
 */
final class StaticFiles {
    /** The spectator app's page, relative to where its files are. */
    static final String APP_PAGE = "show";
    /**
     * The redirect to the app page: browsers keep it a week, so a phone that scanned a seat's code once still opens
     * the app with no network (its service worker serves the page); "private" keeps it out of shared caches, whose
     * keys leave the query out.
     */
    static final String APP_REDIRECT_CACHE = "private, max-age=604800";
    private static final String SPECTATOR_APP = "pwa/";
    /** A longer query (a seat's is a few bytes) is not carried into the Location header. */
    private static final int MAX_CARRIED_QUERY = 1024;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,100}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private record Asset(byte[] body, String etag) {
    }

    private final Path dir;
    private final String resourceBase;
    private final Function<String, String> cacheControl;
    private final Map<String, Asset> jarCache = new ConcurrentHashMap<>();
    private final boolean spectatorApp;

    /**
     * @param dir files from this directory when not null (re-read on each request), else from the jar under resourceBase
     * @param resourceBase {@code pwa/} serves the spectator app with its page at {@value #APP_PAGE}
     */
    StaticFiles(Path dir, String resourceBase, Function<String, String> cacheControl) {
        this.dir = dir;
        this.resourceBase = resourceBase;
        this.cacheControl = cacheControl;
        this.spectatorApp = SPECTATOR_APP.equals(resourceBase);
    }

    /** The PWA's caching rules from the design: the shell revalidates every time, other assets briefly cached. */
    static String pwaCacheControl(String path) {
        return switch (path) {
            case "index.html", "show-sw.js", "sw.js", "manifest.webmanifest" -> CachePolicy.APP_SHELL.header();
            default -> CachePolicy.APP_ASSET.header();
        };
    }

    void serve(Context ctx, String path) {
        if (spectatorApp && (ctx.path().equals("/") || (path.equals(APP_PAGE) && ctx.path().endsWith("/")))) {
            // "/" and "/?seat=N" (QR codes, old links), and "/show/": to the app's page, query and all
            String query = ctx.queryString();
            boolean carried = query != null && !query.isEmpty() && query.length() <= MAX_CARRIED_QUERY;
            ctx.header("Cache-Control", APP_REDIRECT_CACHE);
            ctx.redirect((ctx.path().equals("/") ? "" : "../") + APP_PAGE + (carried ? "?" + query : ""), HttpStatus.FOUND);
            return;
        }
        String file = spectatorApp && path.equals(APP_PAGE) ? "index.html" : path;
        Asset asset = find(file).orElseThrow(() -> ApiException.notFound("no file /" + path));
        ctx.header("Cache-Control", cacheControl.apply(file));
        ctx.header("ETag", asset.etag());
        if (Etags.matches(ctx.header("If-None-Match"), asset.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(type(file)).result(asset.body());
    }

    private Optional<Asset> find(String path) {
        if (!safe(path)) {
            return Optional.empty();
        }
        if (dir != null) {
            Path file = dir.resolve(path);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(asset(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Asset cached = jarCache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resourceBase + path)) {
            if (in == null) {
                return Optional.empty();
            }
            Asset asset = asset(in.readAllBytes());
            jarCache.put(path, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only plain relative names: no dot-files, no "..", no test files. */
    private static boolean safe(String path) {
        if (path.endsWith(".test.js")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String type(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream" : TYPES.getOrDefault(path.substring(dot + 1), "application/octet-stream");
    }

    private static Asset asset(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(body, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
