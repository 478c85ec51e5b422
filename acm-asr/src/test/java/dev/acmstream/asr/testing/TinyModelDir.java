package dev.acmstream.asr.testing;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.UntrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a small random model directory (calibrated, for ACM models) for recognizer tests. */
public final class TinyModelDir {
    private TinyModelDir() {
    }

    public static Path write(Path dir, ModelConfig c, long seed) throws IOException {
        return UntrainedModel.write(dir, c, seed);
    }

    /** Every parameter of the model in {@code dir}, by name, in the encoder's order. */
    public static Map<String, float[]> parameters(Path dir) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (ModelDirectory.Loaded m = ModelDirectory.load(dir)) {
            for (Pair<String, Parameter> p : m.encoder().getParameters()) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }
}
