package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    @Test
    void prefix_is_normalised_to_one_trailing_slash_and_no_leading_slash() {
        assertEquals("shows/final/", new S3Settings("b", "/shows/final//", null, null).prefix());
        assertEquals("shows/", new S3Settings("b", "shows", null, null).prefix());
        assertEquals("", new S3Settings("b", "/", null, null).prefix());
        assertEquals("", new S3Settings("b", null, null, null).prefix());
    }

    @Test
    void blank_region_means_the_default_region_chain() {
        assertNull(new S3Settings("b", "", "  ", null).region());
        assertEquals("eu-west-1", new S3Settings("b", "", " eu-west-1 ", null).region());
    }

    @Test
    void bucket_is_required_and_endpoint_must_be_absolute() {
        assertThrows(NullPointerException.class, () -> new S3Settings(null, "", null, null));
        assertThrows(IllegalArgumentException.class, () -> new S3Settings(" ", "", null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new S3Settings("b", "", null, URI.create("localhost:9000")));
        assertTrue(e.getMessage().contains("http://127.0.0.1:9000"), e.getMessage());
    }
}
