package dev.cuecast.api.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeEndpointTest {
    @Test
    void time_body_keeps_microseconds_without_scientific_notation() {
        assertEquals("{\"t\":1767225600123.456}", new String(TimeEndpoint.body(1_767_225_600_123_456_789L)));
        assertEquals("{\"t\":1767225600000.007}", new String(TimeEndpoint.body(1_767_225_600_000_007_000L)));
    }
}
