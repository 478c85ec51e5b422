package dev.acmstream.job.pipeline;

import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.audio.wire.WireFormatException;
import dev.acmstream.job.events.ChunkRecord;
import dev.acmstream.job.events.DeadLetter;
import dev.acmstream.job.events.RawRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses wire-format records. Anything that is not a valid AudioChunk goes to the dead-letter
 * side output with its reason, and the job goes on.
 */
public final class ChunkDecoder extends ProcessFunction<RawRecord, ChunkRecord> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
        private static final long serialVersionUID = 1L;
    };

    private final int maxPayload;
    private transient AudioChunkWireFormat wire;

    public ChunkDecoder(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<ChunkRecord> out) {
        if (wire == null) {
            wire = new AudioChunkWireFormat(maxPayload);
        }
        AudioChunk c;
        try {
            c = wire.decode(r.value);
        } catch (WireFormatException e) {
            DeadLetter.Reason reason = switch (e.kind()) {
                case UNKNOWN_VERSION -> DeadLetter.Reason.UNKNOWN_VERSION;
                case OVERSIZED -> DeadLetter.Reason.OVERSIZED;
                default -> DeadLetter.Reason.WIRE_FORMAT;
            };
            ctx.output(DEAD_LETTERS, DeadLetter.of(reason, e.problem(), r.key, r.origin, r.value));
            return;
        }
        if (r.key != null && !r.key.equals(c.streamId())) {
            ctx.output(DEAD_LETTERS, DeadLetter.of(DeadLetter.Reason.KEY_MISMATCH,
                    "record key '" + r.key + "' but stream id '" + c.streamId() + "'", c.streamId(), r.origin, r.value));
            return;
        }
        out.collect(ChunkRecord.of(c, null));
    }
}
