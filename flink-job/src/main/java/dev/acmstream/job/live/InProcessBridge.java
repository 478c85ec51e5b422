package dev.acmstream.job.live;

import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.job.events.RawRecord;
import dev.acmstream.job.io.LocalFlink;
import dev.acmstream.job.pipeline.TranscriptionJob;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcription job on an embedded Flink inside the gateway's JVM, fed through a
 * {@link LiveHub}: no broker, and finals reach the client as soon as an endpoint closes them.
 * Live audio cannot be replayed, so this mode takes no checkpoints; a failure ends the job and
 * the gateway closes its streams with 1011.
 */
public final class InProcessBridge extends PipelineBridge {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessBridge.class);
    /** About 10 minutes of 100 ms chunks across all streams. */
    private static final int QUEUE_CAPACITY = 6000;

    private final LiveHub hub;
    private final AudioChunkWireFormat wire;
    private final JobClient job;
    /** Set once when the job ends, so sending a chunk costs no RPC to the cluster. */
    private volatile boolean ended;

    public InProcessBridge(TranscriptionJob.Settings settings) throws Exception {
        this.hub = LiveHub.create(QUEUE_CAPACITY);
        this.wire = new AudioChunkWireFormat(settings.maxPayload());
        hub.onEvent(this::route);
        StreamExecutionEnvironment env = LocalFlink.environment(1);
        DataStream<RawRecord> raw = env.fromSource(new LiveHubSource(hub.id()), WatermarkStrategy.noWatermarks(), "live gateway")
                .setParallelism(1).uid("live-source");
        TranscriptionJob.Outputs out = TranscriptionJob.build(raw, settings);
        out.events().sinkTo(new LiveHubSink(hub.id())).name("live gateway").uid("live-sink");
        out.deadLetters().map(d -> "dead letter: " + d).name("dead letters").print().setParallelism(1);
        this.job = env.executeAsync("acm-stream serve");
        job.getJobExecutionResult().whenComplete((r, e) -> ended = true);
    }

    @Override
    public boolean send(AudioChunk chunk) {
        if (ended) {
            return false;
        }
        return hub.offer(new RawRecord(chunk.streamId(), wire.encode(chunk), "websocket"));
    }

    @Override
    public String describe() {
        return "in-process Flink job " + job.getJobID();
    }

    /** True while the embedded job runs. */
    public boolean isRunning() {
        return !ended;
    }

    @Override
    public void close() throws Exception {
        // End of input: the job closes every open stream, emits their last finals, and finishes.
        hub.finish();
        try {
            job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("the embedded job did not finish within 30 s; cancelling it");
            job.cancel().get(30, TimeUnit.SECONDS);
        } finally {
            hub.release();
        }
    }
}
