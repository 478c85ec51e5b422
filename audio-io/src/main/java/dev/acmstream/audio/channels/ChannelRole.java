package dev.acmstream.audio.channels;

import java.util.Locale;

/** Who speaks on a channel of a two-party call. */
public enum ChannelRole {
    AGENT, CUSTOMER;

    /** The lower-case name used in transcript events. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChannelRole parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
