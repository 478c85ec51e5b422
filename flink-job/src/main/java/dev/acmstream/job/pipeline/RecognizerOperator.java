package dev.acmstream.job.pipeline;

import dev.acmstream.asr.model.ResidentState;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerStream;
import dev.acmstream.asr.recognizer.RecognizerStreamCodec;
import dev.acmstream.asr.recognizer.Segment;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.control.RecognizerLoad;
import dev.acmstream.job.events.FeatureRecord;
import dev.acmstream.job.events.TranscriptEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs the streaming recognizer on many streams at once.
 *
 * <p>A keyed function sees one key at a time, so this is an operator: it keeps every live
 * stream's {@link RecognizerStream} in memory, collects the chunks that become ready across
 * keys, and decodes them together in one batch when {@code batchSize} streams are ready or
 * {@code maxDelayMs} after the first one. Each stream's state is written to keyed state (one
 * {@code byte[]} per key, see {@link RecognizerStreamCodec}) when a checkpoint is taken, with the
 * key context set to that stream, so restore and rescaling redistribute it like any keyed state.
 *
 * <p>Emits partial results at most every {@code partialIntervalMs} per stream and a final event
 * per closed segment; an end-of-stream flag closes the stream at once, and a stream silent for
 * {@code idleTimeoutMs} is closed too. About once a second it reports its load to the
 * {@link BudgetSource} and takes the budget it returns.
 */
public final class RecognizerOperator extends AbstractStreamOperator<TranscriptEvent>
        implements OneInputStreamOperator<FeatureRecord, TranscriptEvent> {
    private static final long serialVersionUID = 1L;
    private static final String STATE = "recognizer-stream";
    private static final long CONTROL_INTERVAL_MS = 1000;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Accumulator of encoder tokens decoded (40 ms of audio each), read by the load test. */
    public static final String TOKENS_ACCUMULATOR = "decoded-tokens";
    /**
     * Accumulator of the CPU time of the recognizer's task thread (ns): decoding, but also
     * deserializing its input and writing its state at checkpoints. Audio decoded per CPU second
     * is the number of real-time streams one subtask sustains, which the load test's capacity
     * probe reads.
     */
    public static final String TASK_CPU_ACCUMULATOR = "recognizer-task-cpu-ns";
    /** Accumulator of the wall time in the encoder (ns), on the task thread: its share of the CPU above. */
    public static final String ENCODER_NS_ACCUMULATOR = "recognizer-encoder-ns";
    /** Accumulator of the wall time in the beam search with the LM (ns), on the task thread. */
    public static final String SEARCH_NS_ACCUMULATOR = "recognizer-search-ns";

    private final RecognizerSettings settings;
    private final BudgetSource budgetSource;

    private transient Recognizer recognizer;
    private transient ResidentState resident;
    private transient ValueState<byte[]> streamState;
    private transient Map<String, Live> live;
    private transient boolean flushScheduled;
    private transient double budget;
    private transient RecognizerMetrics metrics;
    private transient org.apache.flink.api.common.accumulators.LongCounter tokensCounter;
    private transient org.apache.flink.api.common.accumulators.LongCounter taskCpu;
    private transient org.apache.flink.api.common.accumulators.LongCounter encoderNs;
    private transient org.apache.flink.api.common.accumulators.LongCounter searchNs;
    private transient long lastThreadCpuNs;

    /** A stream in memory, with what the operator knows of it besides the recognizer state. */
    private static final class Live {
        final RecognizerStream stream;
        String role;
        long lastSeenMs;
        long newestCaptureMs;
        long lastPartialMs;
        String lastPartialText = "";
        long tokensAtLastFlush;

        Live(RecognizerStream stream, String role) {
            this.stream = stream;
            this.role = role;
        }

        /**
         * Processing lag: wall clock minus the capture time of the newest audio decoded. Audio
         * that has arrived but waits in the stream's frame buffer counts as lag, so a recognizer
         * that falls behind shows it at once, whether the backlog sits upstream or here.
         */
        Long lagMs(long now) {
            if (newestCaptureMs <= 0) {
                return null;
            }
            return now - newestCaptureMs + stream.pendingFrames() * 10L;
        }
    }

    public RecognizerOperator(RecognizerSettings settings, BudgetSource budgetSource) {
        this.settings = settings;
        this.budgetSource = budgetSource;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        streamState = getKeyedStateStore().getState(new ValueStateDescriptor<>(STATE, BytePrimitiveArraySerializer.INSTANCE));
    }

    @Override
    public void open() throws Exception {
        super.open();
        recognizer = SharedRecognizers.acquire(settings);
        resident = recognizer.newResidentState();
        live = new HashMap<>();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        budgetSource.open(getRuntimeContext(), subtask);
        budget = budgetSource.current();
        metrics = new RecognizerMetrics(getMetricGroup(), recognizer.modelConfig(), () -> budget);
        tokensCounter = getRuntimeContext().getLongCounter(TOKENS_ACCUMULATOR);
        encoderNs = getRuntimeContext().getLongCounter(ENCODER_NS_ACCUMULATOR);
        searchNs = getRuntimeContext().getLongCounter(SEARCH_NS_ACCUMULATOR);
        taskCpu = getRuntimeContext().getLongCounter(TASK_CPU_ACCUMULATOR);
        lastThreadCpuNs = THREADS.getCurrentThreadCpuTime(); // open() runs on the task thread; model loading is not counted
        // Streams restored from a checkpoint are live even if no audio arrives for them again:
        // load them now so that the idle timeout can close them.
        List<String> keys = new ArrayList<>();
        org.apache.flink.runtime.state.KeyedStateBackend<Object> backend = getKeyedStateBackend();
        try (var stream = backend.getKeys(STATE, VoidNamespace.INSTANCE)) {
            stream.forEach(k -> keys.add((String) k));
        }
        for (String k : keys) {
            setCurrentKey(k);
            byte[] b = streamState.value();
            if (b != null) {
                Live l = new Live(RecognizerStreamCodec.decode(b, recognizer), null);
                l.lastSeenMs = now();
                live.put(k, l);
            }
        }
        scheduleControl();
    }

    @Override
    public void processElement(StreamRecord<FeatureRecord> element) throws Exception {
        FeatureRecord f = element.getValue();
        Live l = live.get(f.streamId);
        if (l == null) {
            byte[] b = streamState.value();
            l = new Live(b != null ? RecognizerStreamCodec.decode(b, recognizer) : recognizer.createStream(f.streamId), f.role);
            live.put(f.streamId, l);
        }
        if (f.role != null) {
            l.role = f.role;
        }
        l.lastSeenMs = now();
        l.newestCaptureMs = Math.max(l.newestCaptureMs, f.captureTimeMs);
        if (!l.stream.isInputFinished()) {
            int bins = recognizer.modelConfig().melBins();
            List<float[]> frames = new ArrayList<>(f.count);
            for (int i = 0; i < f.count; i++) {
                frames.add(Arrays.copyOfRange(f.frames, i * bins, (i + 1) * bins));
            }
            l.stream.acceptFeatures(frames);
            if (f.endOfStream) {
                l.stream.inputFinished();
            }
        }
        if (f.endOfStream) {
            flush();
            return;
        }
        if (l.stream.isReady()) {
            long ready = live.values().stream().filter(x -> x.stream.isReady()).count();
            if (ready >= settings.batchSize()) {
                flush();
            } else if (!flushScheduled) {
                flushScheduled = true;
                getProcessingTimeService().registerTimer(now() + settings.maxDelayMs(), t -> {
                    flushScheduled = false;
                    flush();
                });
            }
        }
    }

    /** Decodes every ready stream, in batches, until none is ready; emits what that produced. */
    private void flush() {
        List<RecognizerStream> streams = new ArrayList<>(live.size());
        for (Live l : live.values()) {
            streams.add(l.stream);
        }
        long t0 = System.nanoTime();
        long tokens = 0;
        long learners = 0;
        long macs = 0;
        while (streams.stream().anyMatch(RecognizerStream::isReady)) {
            Recognizer.DecodeStats st = recognizer.decode(streams, budget, resident, settings.maxChunksPerCall());
            tokens += st.tokens();
            learners += st.learners();
            macs += st.macs().encoder();
            encoderNs.add(st.encoderNanos());
            searchNs.add(st.searchNanos());
        }
        metrics.decoded(System.nanoTime() - t0, tokens, learners, macs, budget);
        if (tokens > 0) {
            tokensCounter.add(tokens);
        }
        long now = now();
        List<String> closed = new ArrayList<>();
        for (Map.Entry<String, Live> e : live.entrySet()) {
            Live l = e.getValue();
            Long lag = l.lagMs(now);
            if (lag != null && l.stream.tokensDecoded() > l.tokensAtLastFlush) {
                metrics.lag(lag); // one sample per stream per decode: the controller's primary input
            }
            l.tokensAtLastFlush = l.stream.tokensDecoded();
            for (Segment s : l.stream.drainFinals()) {
                output.collect(new StreamRecord<>(TranscriptEvent.of(s, l.role, lag)));
                l.lastPartialText = "";
            }
            if (l.stream.isClosed()) {
                output.collect(new StreamRecord<>(TranscriptEvent.end(e.getKey(), l.role,
                        l.stream.tokensDecoded() * RecognizerStream.TOKEN_SECONDS, lag)));
                closed.add(e.getKey());
            } else if (settings.partialIntervalMs() > 0 && now - l.lastPartialMs >= settings.partialIntervalMs()) {
                Segment p = l.stream.partial();
                if (!p.text().isEmpty() && !p.text().equals(l.lastPartialText)) {
                    output.collect(new StreamRecord<>(TranscriptEvent.of(p, l.role, lag)));
                    l.lastPartialText = p.text();
                    l.lastPartialMs = now;
                }
            }
        }
        for (String k : closed) {
            live.remove(k);
            setCurrentKey(k);
            streamState.clear();
        }
    }

    /** About once a second: close idle streams, report load, take the new budget. */
    private void control(long timestamp) throws Exception {
        long now = now();
        accountCpu();
        boolean any = false;
        for (Live l : live.values()) {
            if (!l.stream.isInputFinished() && now - l.lastSeenMs > settings.idleTimeoutMs()) {
                l.stream.inputFinished();
                any = true;
            }
        }
        if (any) {
            flush();
        }
        double backlog = 0;
        for (Live l : live.values()) {
            backlog += l.stream.pendingFrames() / 100.0;
        }
        RecognizerLoad load = metrics.interval(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), backlog, budget, now);
        budget = budgetSource.update(load);
        scheduleControl();
    }

    private void accountCpu() {
        long cpu = THREADS.getCurrentThreadCpuTime();
        taskCpu.add(cpu - lastThreadCpuNs);
        lastThreadCpuNs = cpu;
    }

    private void scheduleControl() {
        getProcessingTimeService().registerTimer(now() + CONTROL_INTERVAL_MS, this::control);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        resident.flush();
        for (Map.Entry<String, Live> e : live.entrySet()) {
            setCurrentKey(e.getKey());
            streamState.update(RecognizerStreamCodec.encode(e.getValue().stream));
        }
    }

    @Override
    public void finish() throws Exception {
        // Bounded input ended: close every stream so that no final segment is lost.
        for (Live l : live.values()) {
            if (!l.stream.isInputFinished()) {
                l.stream.inputFinished();
            }
        }
        flush();
        accountCpu();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        budgetSource.close();
        if (resident != null) {
            resident.close();
        }
        if (recognizer != null) {
            SharedRecognizers.release(settings);
            recognizer = null;
        }
        super.close();
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }
}
