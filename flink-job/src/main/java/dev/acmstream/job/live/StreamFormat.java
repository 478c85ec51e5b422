package dev.acmstream.job.live;

import dev.acmstream.audio.SampleEncoding;
import java.util.Locale;
import java.util.Map;

/**
 * The audio a client declares when it connects, as query parameters:
 * {@code encoding=s16le} (default) at {@code rate} 8000 to 48000 Hz (default 16000), or
 * {@code encoding=mulaw} at 8000 Hz; {@code channels} 1 (default) or 2 (agent and customer).
 */
public record StreamFormat(SampleEncoding encoding, int sampleRate, int channels) {
    /** Bytes of one sample frame (one sample of every channel). */
    public int frameBytes() {
        return encoding.bytesPerSample() * channels;
    }

    public int bytesPerSecond() {
        return frameBytes() * sampleRate;
    }

    /** The format the query asks for, or an exception whose message says what is wrong. */
    public static StreamFormat parse(Map<String, String> query) {
        String enc = query.getOrDefault("encoding", "s16le").toLowerCase(Locale.ROOT);
        SampleEncoding encoding = switch (enc) {
            case "s16le", "pcm", "linear16" -> SampleEncoding.S16LE;
            case "mulaw", "ulaw", "pcmu" -> SampleEncoding.MULAW;
            default -> throw new IllegalArgumentException("unsupported encoding '" + enc + "' (use s16le or mulaw)");
        };
        int rate = integer(query, "rate", encoding == SampleEncoding.MULAW ? 8000 : 16000);
        int channels = integer(query, "channels", 1);
        if (encoding == SampleEncoding.MULAW && rate != 8000) {
            throw new IllegalArgumentException("mulaw streams must be 8000 Hz, got rate=" + rate);
        }
        if (rate < 8000 || rate > 48000) {
            throw new IllegalArgumentException("rate must be 8000 to 48000 Hz, got " + rate);
        }
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2, got " + channels);
        }
        return new StreamFormat(encoding, rate, channels);
    }

    private static int integer(Map<String, String> q, String name, int def) {
        String v = q.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
        }
    }
}
