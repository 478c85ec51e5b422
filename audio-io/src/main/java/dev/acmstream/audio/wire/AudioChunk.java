package dev.acmstream.audio.wire;

import dev.acmstream.audio.SampleEncoding;
import java.util.Arrays;
import java.util.Objects;

/**
 * A piece of one audio stream as it travels through Kafka and the job: who it belongs to, where
 * it falls in the stream, when it was captured, and its samples in their original encoding.
 *
 * @param streamId see {@link StreamIds}
 * @param sequence 0, 1, 2, ... per stream; gaps and repeats are detected downstream
 * @param captureTimeMs wall-clock time (epoch ms) when the first sample was captured; lag is measured against it
 * @param sampleRate Hz, 4000–192000
 * @param channels interleaved channels in {@code payload}
 * @param encoding sample encoding of {@code payload}
 * @param endOfStream true on the last chunk of a stream; its payload may be empty
 * @param payload interleaved samples
 */
public record AudioChunk(String streamId, long sequence, long captureTimeMs, int sampleRate, int channels,
                         SampleEncoding encoding, boolean endOfStream, byte[] payload) {

    public AudioChunk {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(payload, "payload");
    }

    /** Samples per channel in the payload. */
    public int frames() {
        return payload.length / (channels * encoding.bytesPerSample());
    }

    /** Decoded samples, one array per channel. */
    public float[][] samples() {
        return encoding.deinterleave(payload, 0, payload.length, channels);
    }

    public double durationSeconds() {
        return frames() / (double) sampleRate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioChunk c && streamId.equals(c.streamId) && sequence == c.sequence
                && captureTimeMs == c.captureTimeMs && sampleRate == c.sampleRate && channels == c.channels
                && encoding == c.encoding && endOfStream == c.endOfStream && Arrays.equals(payload, c.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, sequence, captureTimeMs, sampleRate, channels, encoding, endOfStream)
                * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "AudioChunk[" + streamId + " #" + sequence + " t=" + captureTimeMs + " " + sampleRate + "Hz x"
                + channels + " " + encoding + (endOfStream ? " EOS" : "") + " " + payload.length + "B]";
    }
}
