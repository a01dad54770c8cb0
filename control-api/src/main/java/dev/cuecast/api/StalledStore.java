package dev.cuecast.api;

import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ForwardingObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.ShowStore;
import dev.cuecast.publish.VersionConflictException;
import java.nio.charset.StandardCharsets;

/**
 * Test fault (hidden flag {@code --fault-stall-cue-states-ms}): holds every write of a state that lights something
 * (any mode but off) for a while before it reaches the store, like one stuck S3 request under a GO. Blackout
 * states (only "off") pass at once, so a browser test can press BLACKOUT while GO hangs and see it land.
 */
final class StalledStore extends ForwardingObjectStore {
    private final long stallMs;

    StalledStore(ObjectStore delegate, long stallMs) {
        super(delegate);
        this.stallMs = stallMs;
    }

    @Override
    public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        if (key.startsWith(ShowStore.STATES) && lights(body)) {
            try {
                Thread.sleep(stallMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stalled write interrupted", e);
            }
        }
        return super.createOnly(key, body, policy);
    }

    private static boolean lights(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.replace("\"mode\":\"off\"", "").contains("\"mode\":");
    }
}
