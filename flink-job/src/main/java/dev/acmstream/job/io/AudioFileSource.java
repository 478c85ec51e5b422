package dev.acmstream.job.io;

import dev.acmstream.audio.wire.StreamIds;
import dev.acmstream.job.events.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source of audio files: each file is a split and a stream, read as fast as the job
 * takes it, in wire-format chunks of {@code chunkMs}. Positions are checkpointed.
 */
public final class AudioFileSource implements Source<RawRecord, AudioFileSplit, Collection<AudioFileSplit>>,
        ResultTypeQueryable<RawRecord> {
    private static final long serialVersionUID = 1L;
    private final List<AudioFileSplit> splits;

    private AudioFileSource(List<AudioFileSplit> splits) {
        this.splits = splits;
    }

    /** One stream per file; the map says which stream id each file got. */
    public static AudioFileSource of(Map<String, Path> streams, int chunkMs) {
        List<AudioFileSplit> splits = new ArrayList<>();
        for (Map.Entry<String, Path> e : streams.entrySet()) {
            splits.add(new AudioFileSplit(e.getValue().toString(), e.getKey(), chunkMs, 0));
        }
        return new AudioFileSource(splits);
    }

    /** Stream ids for files: the file name made valid ({@code [A-Za-z0-9._:-]}), numbered if names repeat. */
    public static Map<String, Path> streamIds(List<Path> files) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path f : files) {
            String base = f.getFileName().toString().replaceAll("[^A-Za-z0-9._:-]", "_");
            if (base.length() > 100) {
                base = base.substring(0, 100);
            }
            String id = base;
            for (int n = 2; out.containsKey(id); n++) {
                id = base + "-" + n;
            }
            if (StreamIds.problem(id) != null) {
                id = "file-" + out.size();
            }
            out.put(id, f);
        }
        return out;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, AudioFileSplit> createReader(SourceReaderContext ctx) {
        return new IteratorSourceReader<>(ctx);
    }

    @Override
    public SplitEnumerator<AudioFileSplit, Collection<AudioFileSplit>> createEnumerator(SplitEnumeratorContext<AudioFileSplit> ctx) {
        return new IteratorSourceEnumerator<>(ctx, splits);
    }

    @Override
    public SplitEnumerator<AudioFileSplit, Collection<AudioFileSplit>> restoreEnumerator(SplitEnumeratorContext<AudioFileSplit> ctx,
                                                                                         Collection<AudioFileSplit> checkpoint) {
        return new IteratorSourceEnumerator<>(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<AudioFileSplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<AudioFileSplit>> getEnumeratorCheckpointSerializer() {
        return new CheckpointSerializer();
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    static final class SplitSerializer implements SimpleVersionedSerializer<AudioFileSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(AudioFileSplit s) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                write(out, s);
            }
            return b.toByteArray();
        }

        @Override
        public AudioFileSplit deserialize(int version, byte[] bytes) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                return read(in);
            }
        }

        static void write(DataOutputStream out, AudioFileSplit s) throws IOException {
            out.writeUTF(s.path);
            out.writeUTF(s.streamId);
            out.writeInt(s.chunkMs);
            out.writeInt(s.nextChunk);
        }

        static AudioFileSplit read(DataInputStream in) throws IOException {
            return new AudioFileSplit(in.readUTF(), in.readUTF(), in.readInt(), in.readInt());
        }
    }

    static final class CheckpointSerializer implements SimpleVersionedSerializer<Collection<AudioFileSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Collection<AudioFileSplit> splits) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeInt(splits.size());
                for (AudioFileSplit s : splits) {
                    SplitSerializer.write(out, s);
                }
            }
            return b.toByteArray();
        }

        @Override
        public Collection<AudioFileSplit> deserialize(int version, byte[] bytes) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                int n = in.readInt();
                List<AudioFileSplit> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(SplitSerializer.read(in));
                }
                return out;
            }
        }
    }
}
