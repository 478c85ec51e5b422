package dev.acmstream.job.pipeline;

import dev.acmstream.audio.features.LogMelExtractor;
import dev.acmstream.audio.resample.StreamingResampler;
import dev.acmstream.job.events.ChunkRecord;
import dev.acmstream.job.events.FeatureRecord;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per mono stream: decodes each chunk, resamples it to 16 kHz and emits the log-mel frames it
 * completes. The resampler's history and the extractor's pending samples live in keyed state,
 * so a restored job continues exactly where the checkpoint stood.
 */
public final class FeatureExtractor extends KeyedProcessFunction<String, ChunkRecord, FeatureRecord> {
    private static final long serialVersionUID = 1L;
    /** Accumulator of the chunks that reached the front end, which the load test compares with what it sent. */
    public static final String CHUNKS_ACCUMULATOR = "audio-chunks";

    private transient ValueState<FrontEndState> state;
    private transient org.apache.flink.api.common.accumulators.LongCounter chunks;

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("front-end", FrontEndState.class));
        chunks = getRuntimeContext().getLongCounter(CHUNKS_ACCUMULATOR);
    }

    @Override
    public void processElement(ChunkRecord c, Context ctx, Collector<FeatureRecord> out) throws Exception {
        chunks.add(1L);
        FrontEndState s = state.value();
        if (s == null) {
            s = new FrontEndState();
            s.inRate = c.sampleRate;
            s.role = c.role;
        }
        StreamingResampler r = s.resampler();
        LogMelExtractor e = s.extractor();
        long firstFrame = e.framesEmitted();
        float[] samples = c.payload.length == 0 ? new float[0] : c.toChunk().samples()[0];
        List<float[]> frames = e.accept(r.process(samples));
        if (c.endOfStream) {
            frames = new java.util.ArrayList<>(frames);
            frames.addAll(e.accept(r.flush()));
        }
        long captureEnd = c.captureTimeMs + Math.round(1000.0 * samples.length / c.sampleRate);
        if (!frames.isEmpty() || c.endOfStream) {
            FeatureRecord f = new FeatureRecord();
            f.streamId = c.streamId;
            f.role = s.role;
            f.firstFrame = firstFrame;
            f.count = frames.size();
            f.frames = new float[frames.size() * (frames.isEmpty() ? 0 : frames.get(0).length)];
            for (int i = 0; i < frames.size(); i++) {
                System.arraycopy(frames.get(i), 0, f.frames, i * frames.get(i).length, frames.get(i).length);
            }
            f.captureTimeMs = captureEnd;
            f.endOfStream = c.endOfStream;
            out.collect(f);
        }
        if (c.endOfStream) {
            state.clear();
        } else {
            s.save(r, e);
            state.update(s);
        }
    }
}
