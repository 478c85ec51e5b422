package dev.acmstream.audio.wire;

/**
 * Stream ids: 1–128 bytes of {@code [A-Za-z0-9._:-]}. {@code #} is reserved: {@code X#ch0} and
 * {@code X#ch1} name the channels of stream {@code X} after the channel split.
 */
public final class StreamIds {
    public static final int MAX_LENGTH = 128;

    private StreamIds() {
    }

    /** Null if the id is valid, else what is wrong with it. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "stream id is empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "stream id is " + id.length() + " characters, over " + MAX_LENGTH;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAllowed(c)) {
                return String.format("stream id has character %s at %d; only [A-Za-z0-9._:-] are allowed",
                        c == '#' ? "'#' (reserved for channels)" : String.format("U+%04X", (int) c), i);
            }
        }
        return null;
    }

    public static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
    }

    /** The id of channel {@code c} of stream {@code id}. */
    public static String channel(String id, int c) {
        return id + "#ch" + c;
    }
}
