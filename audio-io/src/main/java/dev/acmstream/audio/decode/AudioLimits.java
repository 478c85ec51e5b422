package dev.acmstream.audio.decode;

/**
 * Bounds that every decoder enforces before it allocates.
 *
 * @param minSampleRate lowest accepted rate, Hz
 * @param maxSampleRate highest accepted rate, Hz
 * @param maxChannels most channels in one stream or file
 * @param maxBytes largest input accepted, checked against declared lengths before reading
 */
public record AudioLimits(int minSampleRate, int maxSampleRate, int maxChannels, long maxBytes) {

    /** 4–192 kHz, up to 64 channels, 1 GiB: a 30-minute 16-channel 48 kHz recording fits. */
    public static final AudioLimits DEFAULT = new AudioLimits(4_000, 192_000, 64, 1L << 30);

    public AudioLimits {
        if (minSampleRate < 1 || maxSampleRate < minSampleRate || maxChannels < 1 || maxBytes < 1
                || maxBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("invalid audio limits");
        }
    }
}
