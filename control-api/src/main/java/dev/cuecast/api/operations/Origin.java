package dev.cuecast.api.operations;

import dev.cuecast.api.http.ApiException;
import dev.cuecast.api.http.Etags;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.ShowStore;
import dev.cuecast.publish.StoredObject;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * The local stand-in for the CDN origin: serves the pointer and states from the store with the Cache-Control
 * they were stored with, their ETag, and 304 on a matching If-None-Match, like S3 behind CloudFront.
 */
public final class Origin {
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,19}");

    private final ObjectStore store;

    public Origin(ObjectStore store) {
        this.store = store;
    }

    public void pointer(Context ctx) {
        serve(ctx, ShowStore.POINTER);
    }

    public void state(Context ctx) {
        String version = ctx.pathParam("version");
        if (!VERSION.matcher(version).matches()) {
            throw ApiException.notFound("no state " + version + ": versions are whole numbers");
        }
        serve(ctx, ShowStore.STATES + version + ".json");
    }

    private void serve(Context ctx, String key) {
        StoredObject object = store.get(key)
                .orElseThrow(() -> ApiException.notFound("no object " + key + " (nothing published yet?)"));
        ctx.header("Cache-Control", object.cacheControl());
        if (object.etag() != null) {
            ctx.header("ETag", object.etag());
            if (Etags.matches(ctx.header("If-None-Match"), object.etag())) {
                ctx.status(304);
                return;
            }
        }
        ctx.contentType(object.contentType() == null ? "application/json" : object.contentType()).result(object.body());
    }
}
