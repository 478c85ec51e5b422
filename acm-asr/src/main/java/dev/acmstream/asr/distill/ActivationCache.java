package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.data.Fp16;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.report.ProgressBar;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The teacher's feed-forward inputs (the layer-normed hidden states) and outputs for every real
 * token of a set of utterances, per layer, in fp16 on disk: what phase 1 (module-wise
 * distillation) and phase 2 (gate training) learn from. The teacher runs on whole utterances with
 * the streaming chunk mask, as in training. Built once; {@code meta.json} marks it complete.
 */
public final class ActivationCache {
    /** What the cache holds. */
    public record Meta(int layers, int dModel, long tokens, int utterances, double audioSeconds) {
    }

    /** One layer's tokens: {@code inputs} and {@code outputs} are {@code [tokens × d]} row-major. */
    public record Layer(float[] inputs, float[] outputs, int tokens, int dModel) {
    }

    private ActivationCache() {
    }

    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve("meta.json"));
    }

    public static Meta meta(Path dir) throws IOException {
        return new ObjectMapper().readValue(dir.resolve("meta.json").toFile(), Meta.class);
    }

    /**
     * Runs the teacher over {@code utterances} (normalized features) in batches of
     * {@code batchSize} and writes the cache, stopping after {@code maxTokens} tokens.
     */
    public static Meta build(SpeechEncoder teacher, List<float[][]> utterances, long maxTokens, int batchSize, Path dir,
                             NDManager parent, PrintStream log) throws IOException {
        ModelConfig c = teacher.config();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("meta.json"));
        List<DataOutputStream> ins = new ArrayList<>();
        List<DataOutputStream> outs = new ArrayList<>();
        long tokens = 0;
        int used = 0;
        double audio = 0;
        ProgressBar bar = new ProgressBar("teacher activations", maxTokens, log);
        try {
            for (int l = 0; l < c.layers(); l++) {
                ins.add(open(dir.resolve("layer" + l + ".in.f16")));
                outs.add(open(dir.resolve("layer" + l + ".out.f16")));
            }
            for (int i = 0; i < utterances.size() && tokens < maxTokens; i += batchSize) {
                List<float[][]> part = utterances.subList(i, Math.min(utterances.size(), i + batchSize));
                try (NDManager m = parent.newSubManager()) {
                    FeatureBatch fb = FeatureBatch.of(part, c, m);
                    boolean[] valid = FeatureBatch.validTokens(fb.features(), fb.frames());
                    IOException[] failure = new IOException[1];
                    ForwardContext ctx = ForwardContext.inference(m, LearnerPolicy.full()).withTap((layer, h, y) -> {
                        try {
                            write(ins.get(layer), h.toFloatArray(), valid, c.dModel());
                            write(outs.get(layer), y.toFloatArray(), valid, c.dModel());
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                        return y;
                    });
                    teacher.forward(fb.features(), fb.frames(), EncoderState.fresh(m, c, part.size()), ctx);
                    if (failure[0] != null) {
                        throw failure[0];
                    }
                    for (boolean v : valid) {
                        tokens += v ? 1 : 0;
                    }
                    for (float[][] u : part) {
                        audio += u.length / 100.0;
                    }
                    used += part.size();
                }
                bar.update(Math.min(tokens, maxTokens), used + " utterances");
            }
        } finally {
            for (DataOutputStream s : ins) {
                s.close();
            }
            for (DataOutputStream s : outs) {
                s.close();
            }
        }
        bar.update(Math.min(tokens, maxTokens), used + " utterances, done");
        Meta meta = new Meta(c.layers(), c.dModel(), tokens, used, audio);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("meta.json").toFile(), meta);
        return meta;
    }

    private static DataOutputStream open(Path p) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16));
    }

    private static void write(DataOutputStream out, float[] rows, boolean[] valid, int d) throws IOException {
        for (int r = 0; r < valid.length; r++) {
            if (valid[r]) {
                for (int k = 0; k < d; k++) {
                    out.writeShort(Fp16.fromFloat(rows[r * d + k]));
                }
            }
        }
    }

    /** Reads one layer back as floats. */
    public static Layer load(Path dir, int layer) throws IOException {
        Meta meta = meta(dir);
        if (layer < 0 || layer >= meta.layers()) {
            throw new IllegalArgumentException("layer " + layer + " of a " + meta.layers() + "-layer cache");
        }
        long n = meta.tokens() * meta.dModel();
        if (n > Integer.MAX_VALUE) {
            throw new IOException("a layer of " + meta.tokens() + " tokens is too large to load at once");
        }
        return new Layer(read(dir.resolve("layer" + layer + ".in.f16"), n, (int) n),
                read(dir.resolve("layer" + layer + ".out.f16"), n, (int) n), (int) meta.tokens(), meta.dModel());
    }

    /** The feed-forward inputs of the first {@code maxTokens} tokens of one layer, {@code [tokens × d]} row-major. */
    public static float[] loadInputs(Path dir, int layer, int maxTokens) throws IOException {
        Meta meta = meta(dir);
        if (layer < 0 || layer >= meta.layers()) {
            throw new IllegalArgumentException("layer " + layer + " of a " + meta.layers() + "-layer cache");
        }
        int tokens = (int) Math.min(meta.tokens(), maxTokens);
        return read(dir.resolve("layer" + layer + ".in.f16"), (int) (meta.tokens() * meta.dModel()), tokens * meta.dModel());
    }

    /** The first {@code n} of the {@code total} values a complete file holds. */
    private static float[] read(Path p, long total, int n) throws IOException {
        if (Files.size(p) != 2L * total) {
            throw new IOException(p + " holds " + Files.size(p) + " bytes, expected " + 2L * total + ": the cache is incomplete");
        }
        float[] out = new float[n];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
            for (int i = 0; i < n; i++) {
                out[i] = Fp16.toFloat(in.readShort());
            }
        }
        return out;
    }
}
