package dev.acmstream.audio.decode;

import dev.acmstream.audio.AudioFormatException;
import dev.acmstream.audio.SampleEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Decodes headerless interleaved PCM (s16le by default) with a rate and channel count given by the caller. */
public final class RawPcmDecoder {
    private final AudioLimits limits;

    public RawPcmDecoder() {
        this(AudioLimits.DEFAULT);
    }

    public RawPcmDecoder(AudioLimits limits) {
        this.limits = limits;
    }

    public DecodedAudio decode(Path file, SampleEncoding encoding, int sampleRate, int channels) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            throw new AudioFormatException(file.toString(), "file is " + size + " bytes, over the limit of " + limits.maxBytes());
        }
        return decode(Files.readAllBytes(file), file.toString(), encoding, sampleRate, channels);
    }

    public DecodedAudio decode(byte[] data, String source, SampleEncoding encoding, int sampleRate, int channels)
            throws AudioFormatException {
        if (channels < 1) {
            throw new AudioFormatException(source, "zero channels");
        }
        if (channels > limits.maxChannels()) {
            throw new AudioFormatException(source, channels + " channels is over the limit of " + limits.maxChannels());
        }
        if (sampleRate < limits.minSampleRate() || sampleRate > limits.maxSampleRate()) {
            throw new AudioFormatException(source, "sample rate " + sampleRate + " Hz is out of range ["
                    + limits.minSampleRate() + ", " + limits.maxSampleRate() + "]");
        }
        if (data.length > limits.maxBytes()) {
            throw new AudioFormatException(source, "input is " + data.length + " bytes, over the limit of " + limits.maxBytes());
        }
        int frameBytes = channels * encoding.bytesPerSample();
        if (data.length % frameBytes != 0) {
            throw new AudioFormatException(source, "data size " + data.length + " is not a whole number of frames ("
                    + frameBytes + " bytes per frame)");
        }
        return new DecodedAudio(source, "raw", encoding, sampleRate, encoding.deinterleave(data, 0, data.length, channels));
    }
}
