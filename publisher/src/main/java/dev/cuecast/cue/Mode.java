package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a phone shows for a cue. Wire names are lower case. */
public enum Mode {
    OFF, SOLID, STROBE, PULSE, WAVE, SEQUENCE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Mode fromWire(String name) {
        for (Mode m : values()) {
            if (m.wireName().equals(name)) {
                return m;
            }
        }
        throw new InvalidCueException("unknown mode \"" + name + "\"; use one of "
                + Arrays.stream(values()).map(Mode::wireName).collect(Collectors.joining(", ")));
    }

    /** Modes whose colour alternates over time and therefore fall under the 3 Hz flash limit. */
    public boolean periodic() {
        return this == STROBE || this == PULSE || this == WAVE;
    }
}
