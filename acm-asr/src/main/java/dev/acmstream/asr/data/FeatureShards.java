package dev.acmstream.asr.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Feature shards on disk. A shard is a pair: {@code NAME.bin} holds the features of its
 * utterances one after another as little-endian fp16 {@code [frames][bins]}, and {@code NAME.tsv}
 * indexes them. The index is written last, by rename, so a shard with an index is complete.
 */
public final class FeatureShards {
    private final Path dir;
    private final int bins;
    private final Map<String, MappedByteBuffer> mapped = new ConcurrentHashMap<>();

    public FeatureShards(Path dir, int bins) {
        this.dir = dir;
        this.bins = bins;
    }

    public Path dir() {
        return dir;
    }

    /** Writes one complete shard atomically. */
    public void write(String name, List<Utterance> utterances, List<float[][]> features) throws IOException {
        Files.createDirectories(dir);
        Path bin = dir.resolve(name + ".bin");
        Path tmpBin = dir.resolve(name + ".bin.tmp");
        List<String> lines = new ArrayList<>();
        lines.add(Utterance.HEADER);
        long offset = 0;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmpBin), 1 << 16))) {
            for (int u = 0; u < utterances.size(); u++) {
                float[][] f = features.get(u);
                Utterance meta = utterances.get(u);
                lines.add(new Utterance(meta.id(), meta.split(), meta.speaker(), meta.source(), f.length, meta.seconds(),
                        name, offset, meta.label()).toTsv());
                for (float[] frame : f) {
                    if (frame.length != bins) {
                        throw new IllegalArgumentException("frame of " + frame.length + " bins, expected " + bins);
                    }
                    for (float v : frame) {
                        short h = Fp16.fromFloat(v);
                        out.write(h & 0xff);
                        out.write((h >> 8) & 0xff);
                    }
                }
                offset += (long) f.length * bins * 2;
            }
        }
        Files.move(tmpBin, bin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path tmpTsv = dir.resolve(name + ".tsv.tmp");
        Files.write(tmpTsv, lines, StandardCharsets.UTF_8);
        Files.move(tmpTsv, dir.resolve(name + ".tsv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean isComplete(String name) {
        return Files.exists(dir.resolve(name + ".tsv"));
    }

    public List<Utterance> index(String name) throws IOException {
        List<Utterance> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve(name + ".tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            out.add(Utterance.fromTsv(line, name));
        }
        return out;
    }

    /** Every complete shard's utterances, in shard-name order. */
    public List<Utterance> indexAll() throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tsv"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        List<Utterance> all = new ArrayList<>();
        for (String n : names) {
            all.addAll(index(n));
        }
        return all;
    }

    /** Reads one utterance's features, {@code [frames][bins]}. */
    public float[][] read(Utterance u) throws IOException {
        MappedByteBuffer m = mapped.computeIfAbsent(u.shard(), this::map);
        ByteBuffer b = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) u.offset());
        float[][] f = new float[u.frames()][bins];
        for (int t = 0; t < u.frames(); t++) {
            for (int k = 0; k < bins; k++) {
                f[t][k] = Fp16.toFloat(b.getShort());
            }
        }
        return f;
    }

    private MappedByteBuffer map(String shard) {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(shard + ".bin").toFile(), "r")) {
            return f.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, f.length());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot map shard " + shard, e);
        }
    }
}
