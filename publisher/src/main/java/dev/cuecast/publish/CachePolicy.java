package dev.cuecast.publish;

/** Cache-Control per object kind (design "Object layout"); stored with the object and sent by origin and CDN. */
public enum CachePolicy {
    POINTER("public, max-age=1, s-maxage=1, stale-while-revalidate=2, stale-if-error=30"),
    STATE("public, max-age=31536000, immutable"),
    APP_SHELL("no-cache"),
    /** App files without a content hash in their name: a deploy reaches phones within five minutes. */
    APP_ASSET("public, max-age=300"),
    NO_STORE("no-store"),
    /** Audit records and draws under private/: never cached, never served by the CDN. */
    PRIVATE("private, no-store");

    private final String header;

    CachePolicy(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }

    /** The policy an object stored under {@code key} is written with (used when its stored headers are lost). */
    public static CachePolicy forKey(String key) {
        if (key.equals(ShowStore.POINTER)) {
            return POINTER;
        }
        if (key.startsWith(ShowStore.STATES)) {
            return STATE;
        }
        return key.startsWith("private/") ? PRIVATE : NO_STORE;
    }
}
