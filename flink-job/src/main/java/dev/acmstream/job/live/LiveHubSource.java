package dev.acmstream.job.live;

import dev.acmstream.job.events.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * An unbounded source that reads a {@link LiveHub} of the same JVM: one split, read by subtask 0.
 * Live audio cannot be replayed, so the split has no position to checkpoint; the source ends when
 * the hub is finished and drained.
 */
public final class LiveHubSource implements Source<RawRecord, LiveHubSource.HubSplit, Boolean>, ResultTypeQueryable<RawRecord> {
    private static final long serialVersionUID = 1L;
    private final String hubId;

    public LiveHubSource(String hubId) {
        this.hubId = hubId;
    }

    /** The hub, as a split. */
    public record HubSplit(String hubId) implements SourceSplit {
        @Override
        public String splitId() {
            return hubId;
        }
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawRecord, HubSplit> createReader(SourceReaderContext ctx) {
        return new Reader();
    }

    @Override
    public SplitEnumerator<HubSplit, Boolean> createEnumerator(SplitEnumeratorContext<HubSplit> ctx) {
        return new Enumerator(ctx, hubId, false);
    }

    @Override
    public SplitEnumerator<HubSplit, Boolean> restoreEnumerator(SplitEnumeratorContext<HubSplit> ctx, Boolean assigned) {
        return new Enumerator(ctx, hubId, assigned);
    }

    @Override
    public SimpleVersionedSerializer<HubSplit> getSplitSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(HubSplit s) {
                return s.hubId().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public HubSplit deserialize(int version, byte[] b) {
                return new HubSplit(new String(b, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Boolean assigned) {
                return new byte[] {(byte) (assigned ? 1 : 0)};
            }

            @Override
            public Boolean deserialize(int version, byte[] b) throws IOException {
                if (b.length != 1) {
                    throw new IOException("bad live hub enumerator state");
                }
                return b[0] == 1;
            }
        };
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    /** Gives the one split to subtask 0; every other reader gets none. */
    static final class Enumerator implements SplitEnumerator<HubSplit, Boolean> {
        private final SplitEnumeratorContext<HubSplit> ctx;
        private final String hubId;
        private boolean assigned;

        Enumerator(SplitEnumeratorContext<HubSplit> ctx, String hubId, boolean assigned) {
            this.ctx = ctx;
            this.hubId = hubId;
            this.assigned = assigned;
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
        }

        @Override
        public void addSplitsBack(List<HubSplit> splits, int subtaskId) {
            assigned = false;
            addReader(subtaskId);
        }

        @Override
        public void addReader(int subtaskId) {
            if (subtaskId == 0 && !assigned) {
                ctx.assignSplit(new HubSplit(hubId), 0);
                assigned = true;
            }
            if (subtaskId != 0) {
                ctx.signalNoMoreSplits(subtaskId);
            }
        }

        @Override
        public Boolean snapshotState(long checkpointId) {
            return assigned;
        }

        @Override
        public void close() {
        }
    }

    static final class Reader implements SourceReader<RawRecord, HubSplit> {
        private final CompletableFuture<Void> splitArrived = new CompletableFuture<>();
        private HubSplit split;
        private LiveHub hub;
        private boolean noMoreSplits;

        @Override
        public void start() {
        }

        @Override
        public InputStatus pollNext(ReaderOutput<RawRecord> out) {
            if (hub == null) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            RawRecord r = hub.poll();
            if (r != null) {
                out.collect(r);
                return InputStatus.MORE_AVAILABLE;
            }
            return hub.isDrained() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<HubSplit> snapshotState(long checkpointId) {
            List<HubSplit> out = new ArrayList<>(1);
            if (split != null) {
                out.add(split);
            }
            return out;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (hub == null) {
                return noMoreSplits ? CompletableFuture.completedFuture(null) : splitArrived;
            }
            return hub.available();
        }

        @Override
        public void addSplits(List<HubSplit> splits) {
            split = splits.get(0);
            hub = LiveHub.get(split.hubId());
            splitArrived.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            splitArrived.complete(null);
        }

        @Override
        public void close() {
        }
    }
}
