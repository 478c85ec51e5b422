package dev.acmstream.job.pipeline;

import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.events.ChunkRecord;
import dev.acmstream.job.events.DeadLetter;
import dev.acmstream.job.events.FeatureRecord;
import dev.acmstream.job.events.RawRecord;
import dev.acmstream.job.events.TranscriptEvent;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job's graph, in the order audio flows through it:
 * raw records → wire format decoding → per-stream ordering and channel split → per-stream
 * resampling and log-mel → recognition (ACM encoder + CTC, batched across streams) → events.
 * Bad input leaves through the dead-letter stream at the first two steps.
 */
public final class TranscriptionJob {
    private TranscriptionJob() {
    }

    /**
     * @param maxPayload largest chunk payload accepted, bytes
     * @param reorderWindow chunks that may arrive early before a gap is skipped
     * @param firstChannelRole role of ch0 of a stereo stream
     */
    public record Settings(RecognizerSettings recognizer, BudgetSource budget, int maxPayload, int reorderWindow,
                           ChannelRole firstChannelRole) implements Serializable {
    }

    /** What the graph produces. */
    public record Outputs(DataStream<TranscriptEvent> events, DataStream<DeadLetter> deadLetters) {
    }

    public static Outputs build(DataStream<RawRecord> raw, Settings s) {
        SingleOutputStreamOperator<ChunkRecord> chunks = raw
                .process(new ChunkDecoder(s.maxPayload())).name("decode wire format").uid("decode");
        SingleOutputStreamOperator<ChunkRecord> ordered = chunks
                .keyBy((KeySelector<ChunkRecord, String>) c -> c.streamId, Types.STRING)
                .process(new StreamGuard(s.reorderWindow(), s.firstChannelRole())).name("order and split channels").uid("guard");
        SingleOutputStreamOperator<FeatureRecord> features = ordered
                .keyBy((KeySelector<ChunkRecord, String>) c -> c.streamId, Types.STRING)
                .process(new FeatureExtractor(2 * s.recognizer().idleTimeoutMs())).name("resample and log-mel").uid("features");
        SingleOutputStreamOperator<TranscriptEvent> events = features
                .keyBy((KeySelector<FeatureRecord, String>) f -> f.streamId, Types.STRING)
                .transform("recognize (ACM encoder + CTC)", TypeInformation.of(TranscriptEvent.class),
                        new RecognizerOperator(s.recognizer(), s.budget()))
                .uid("recognizer");
        DataStream<DeadLetter> dead = chunks.getSideOutput(ChunkDecoder.DEAD_LETTERS)
                .union(ordered.getSideOutput(ChunkDecoder.DEAD_LETTERS));
        return new Outputs(events, dead);
    }
}
