package dev.acmstream.job.pipeline;

import dev.acmstream.audio.features.LogMelExtractor;
import dev.acmstream.audio.resample.StreamingResampler;
import dev.acmstream.job.events.ChunkRecord;
import dev.acmstream.job.events.FeatureRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per mono stream: decodes each chunk, resamples it to 16 kHz and emits the log-mel frames it
 * completes. The resampler's history and the extractor's pending samples are written to keyed
 * state after every chunk (a few hundred samples), so a restored job continues where the
 * checkpoint stood; the working objects stay in memory between chunks. A stream that sends
 * nothing for {@code idleTimeoutMs} is forgotten.
 */
public final class FeatureExtractor extends KeyedProcessFunction<String, ChunkRecord, FeatureRecord> {
    private static final long serialVersionUID = 1L;
    /** Accumulator of the chunks that reached the front end, which the load test compares with what it sent. */
    public static final String CHUNKS_ACCUMULATOR = "audio-chunks";

    private final long idleTimeoutMs;
    private transient ValueState<FrontEndState> state;
    private transient ValueState<Long> lastSeen;
    private transient LongCounter chunks;
    private transient Map<String, Live> live;

    private record Live(StreamingResampler resampler, LogMelExtractor extractor) {
    }

    public FeatureExtractor(long idleTimeoutMs) {
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("front-end", FrontEndState.class));
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", Long.class));
        chunks = getRuntimeContext().getLongCounter(CHUNKS_ACCUMULATOR);
        live = new HashMap<>();
    }

    @Override
    public void processElement(ChunkRecord c, Context ctx, Collector<FeatureRecord> out) throws Exception {
        chunks.add(1L);
        String key = ctx.getCurrentKey();
        FrontEndState s = state.value();
        if (s == null) {
            s = new FrontEndState();
            s.inRate = c.sampleRate;
            s.role = c.role;
        }
        Live l = live.get(key);
        if (l == null) {
            l = new Live(s.resampler(), s.extractor());
            live.put(key, l);
        }
        long firstFrame = l.extractor().framesEmitted();
        float[] samples = c.payload.length == 0 ? new float[0] : c.toChunk().samples()[0];
        List<float[]> frames = l.extractor().accept(l.resampler().process(samples));
        if (c.endOfStream) {
            frames = new ArrayList<>(frames);
            frames.addAll(l.extractor().accept(l.resampler().flush()));
        }
        if (!frames.isEmpty() || c.endOfStream) {
            FeatureRecord f = new FeatureRecord();
            f.streamId = c.streamId;
            f.role = s.role;
            f.firstFrame = firstFrame;
            f.count = frames.size();
            int bins = frames.isEmpty() ? 0 : frames.get(0).length;
            f.frames = new float[frames.size() * bins];
            for (int i = 0; i < frames.size(); i++) {
                System.arraycopy(frames.get(i), 0, f.frames, i * bins, bins);
            }
            f.captureTimeMs = c.captureTimeMs + Math.round(1000.0 * samples.length / c.sampleRate);
            f.endOfStream = c.endOfStream;
            out.collect(f);
        }
        if (c.endOfStream) {
            forget(key);
        } else {
            s.save(l.resampler(), l.extractor());
            state.update(s);
            long now = ctx.timerService().currentProcessingTime();
            lastSeen.update(now);
            ctx.timerService().registerProcessingTimeTimer(now + idleTimeoutMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureRecord> out) throws Exception {
        Long seen = lastSeen.value();
        if (seen != null && timestamp - seen >= idleTimeoutMs) {
            forget(ctx.getCurrentKey());
        }
    }

    private void forget(String key) {
        live.remove(key);
        state.clear();
        lastSeen.clear();
    }
}
