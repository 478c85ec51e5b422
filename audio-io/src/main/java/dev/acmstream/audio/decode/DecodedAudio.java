package dev.acmstream.audio.decode;

import dev.acmstream.audio.SampleEncoding;

/**
 * Audio decoded to floats in [-1, 1], one array per channel, with the format it came in.
 *
 * @param source where it came from, for messages
 * @param container "wav" or "raw"
 * @param encoding how the samples were stored
 * @param sampleRate samples per second per channel
 * @param samples {@code samples[channel][frame]}; all channels have the same length
 */
public record DecodedAudio(String source, String container, SampleEncoding encoding, int sampleRate, float[][] samples) {

    public int channels() {
        return samples.length;
    }

    public int frames() {
        return samples.length == 0 ? 0 : samples[0].length;
    }

    public double durationSeconds() {
        return frames() / (double) sampleRate;
    }

    /** The given channel alone, as mono audio. */
    public DecodedAudio channel(int c) {
        return new DecodedAudio(source + "#ch" + c, container, encoding, sampleRate, new float[][] {samples[c]});
    }
}
