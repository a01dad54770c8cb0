package dev.cuecast.publish;

/** An object as read back from a store. {@code etag} is opaque and quoted as the store returns it. */
public record StoredObject(String key, byte[] body, String etag, String cacheControl, String contentType) {
}
