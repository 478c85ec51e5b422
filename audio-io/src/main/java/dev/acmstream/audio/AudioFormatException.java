package dev.acmstream.audio;

import java.io.IOException;

/**
 * The one exception that audio parsers throw for input they cannot accept. The message names the
 * source (a file path, a stream id, "wire") and the exact problem, so that it can be shown to a
 * user or written to a dead-letter record without a stack trace.
 */
public class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public AudioFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    /** Where the bad input came from. */
    public String source() {
        return source;
    }

    /** What is wrong with it, without the source prefix. */
    public String problem() {
        return problem;
    }
}
