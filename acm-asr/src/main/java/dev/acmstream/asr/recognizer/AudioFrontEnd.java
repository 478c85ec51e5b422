package dev.acmstream.asr.recognizer;

import dev.acmstream.audio.features.LogMelConfig;
import dev.acmstream.audio.features.LogMelExtractor;
import dev.acmstream.audio.resample.StreamingResampler;
import java.util.ArrayList;
import java.util.List;

/** Samples at any rate in, raw log-mel frames out: the streaming resampler and extractor in one. */
public final class AudioFrontEnd {
    private final StreamingResampler resampler;
    private final LogMelExtractor mel = new LogMelExtractor(LogMelConfig.DEFAULT);

    public AudioFrontEnd(int sampleRate) {
        this.resampler = new StreamingResampler(sampleRate, LogMelConfig.DEFAULT.sampleRate());
    }

    public List<float[]> accept(float[] samples) {
        return mel.accept(resampler.process(samples));
    }

    /** Every raw log-mel frame of one whole channel of a recording. */
    public static List<float[]> frames(float[] samples, int sampleRate) {
        AudioFrontEnd fe = new AudioFrontEnd(sampleRate);
        List<float[]> out = new ArrayList<>(fe.accept(samples));
        out.addAll(fe.finish());
        return out;
    }

    /** The frames that the end of input completes. */
    public List<float[]> finish() {
        return new ArrayList<>(mel.accept(resampler.flush()));
    }
}
