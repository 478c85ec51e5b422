package dev.acmstream.audio.wire;

import dev.acmstream.audio.AudioFormatException;

/** A record that is not a valid AudioChunk, with the kind of problem for dead-letter routing. */
public final class WireFormatException extends AudioFormatException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem; dead-letter records carry it. */
    public enum Kind { TRUNCATED, BAD_MAGIC, UNKNOWN_VERSION, BAD_FIELD, OVERSIZED, LENGTH_MISMATCH }

    private final Kind kind;

    public WireFormatException(Kind kind, String problem) {
        super("wire", problem);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
