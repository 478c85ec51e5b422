package dev.acmstream.job.pipeline;

import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.audio.channels.ChannelSplitter;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.job.events.ChunkRecord;
import dev.acmstream.job.events.DeadLetter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per stream (keyed by stream id): puts chunks in sequence order, holding early ones for up to
 * {@code window} chunks; sends duplicates, late chunks and format changes to dead letters; and
 * splits multi-channel chunks into one stream per channel ({@code X#ch0}, {@code X#ch1}) with
 * their roles. An end-of-stream chunk clears the stream.
 */
public final class StreamGuard extends KeyedProcessFunction<String, ChunkRecord, ChunkRecord> {
    private static final long serialVersionUID = 1L;

    private final int window;
    private final ChannelRole firstChannelRole;
    private transient ValueState<StreamGuardState> state;
    private transient ChannelSplitter splitter;

    public StreamGuard(int window, ChannelRole firstChannelRole) {
        this.window = window;
        this.firstChannelRole = firstChannelRole;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("guard", StreamGuardState.class));
        splitter = new ChannelSplitter(firstChannelRole);
    }

    @Override
    public void processElement(ChunkRecord c, Context ctx, Collector<ChunkRecord> out) throws Exception {
        StreamGuardState s = state.value();
        if (s == null) {
            s = new StreamGuardState();
            s.nextSequence = c.sequence;
            s.sampleRate = c.sampleRate;
            s.encoding = c.encoding;
            s.channels = c.channels;
        }
        if (c.sampleRate != s.sampleRate || c.encoding != s.encoding || c.channels != s.channels) {
            ctx.output(ChunkDecoder.DEAD_LETTERS, DeadLetter.of(DeadLetter.Reason.FORMAT_CHANGE,
                    String.format("chunk %d is %d Hz, encoding %d, %d channels; the stream began %d Hz, encoding %d, %d channels",
                            c.sequence, c.sampleRate, c.encoding, c.channels, s.sampleRate, s.encoding, s.channels),
                    c.streamId, "stream", null));
            state.update(s);
            return;
        }
        if (c.sequence < s.nextSequence || contains(s.early, c.sequence)) {
            ctx.output(ChunkDecoder.DEAD_LETTERS, DeadLetter.of(DeadLetter.Reason.SEQUENCE,
                    "sequence " + c.sequence + (c.sequence < s.nextSequence ? " is behind " + s.nextSequence + " (duplicate or too late)"
                            : " is a duplicate"), c.streamId, "stream", null));
            state.update(s);
            return;
        }
        List<ChunkRecord> early = new ArrayList<>(Arrays.asList(s.early));
        early.add(c);
        early.sort(Comparator.comparingLong(r -> r.sequence));
        boolean ended = false;
        while (!early.isEmpty() && (early.get(0).sequence == s.nextSequence || early.size() > window)) {
            ChunkRecord next = early.remove(0);
            if (next.sequence != s.nextSequence) {
                s.gaps += next.sequence - s.nextSequence;
            }
            s.nextSequence = next.sequence + 1;
            emit(next, out);
            if (next.endOfStream) {
                ended = true;
                break;
            }
        }
        if (ended) {
            state.clear();
            return;
        }
        s.early = early.toArray(new ChunkRecord[0]);
        state.update(s);
    }

    private void emit(ChunkRecord c, Collector<ChunkRecord> out) {
        if (c.channels == 1) {
            out.collect(c);
            return;
        }
        for (AudioChunk part : splitter.split(c.toChunk())) {
            ChannelRole role = splitter.roleOf(part.streamId(), c.channels);
            out.collect(ChunkRecord.of(part, role == null ? null : role.wireName()));
        }
    }

    private static boolean contains(ChunkRecord[] early, long seq) {
        for (ChunkRecord r : early) {
            if (r.sequence == seq) {
                return true;
            }
        }
        return false;
    }
}
