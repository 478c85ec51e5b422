package dev.acmstream.job.pipeline;

import dev.acmstream.audio.features.LogMelConfig;
import dev.acmstream.audio.features.LogMelExtractor;
import dev.acmstream.audio.resample.StreamingResampler;

/**
 * Keyed state of {@link FeatureExtractor}: the resampler's input tail and the extractor's
 * pending samples, as plain arrays so that Flink's POJO serializer checkpoints them.
 */
public class FrontEndState {
    public String role;
    public int inRate;
    public float[] resamplerTail = new float[0];
    public long resamplerTailStart;
    public long resamplerEmitted;
    public float[] melPending = new float[0];
    public long melPendingStart;
    public long framesEmitted;

    public FrontEndState() {
    }

    StreamingResampler resampler() {
        return StreamingResampler.restore(new StreamingResampler.Snapshot(inRate, LogMelConfig.DEFAULT.sampleRate(), resamplerTail,
                resamplerTailStart, resamplerEmitted, false));
    }

    LogMelExtractor extractor() {
        return LogMelExtractor.restore(LogMelConfig.DEFAULT, new LogMelExtractor.Snapshot(melPending, melPendingStart, framesEmitted));
    }

    void save(StreamingResampler r, LogMelExtractor e) {
        StreamingResampler.Snapshot rs = r.snapshot();
        resamplerTail = rs.tail();
        resamplerTailStart = rs.tailStart();
        resamplerEmitted = rs.emitted();
        LogMelExtractor.Snapshot es = e.snapshot();
        melPending = es.pending();
        melPendingStart = es.pendingStart();
        framesEmitted = es.framesEmitted();
    }
}
