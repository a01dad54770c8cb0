package dev.cuecast.publish;

import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;

/** The pointer and the state it names, read together. */
public record Snapshot(Pointer pointer, State state) {
}
