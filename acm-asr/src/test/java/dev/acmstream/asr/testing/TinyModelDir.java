package dev.acmstream.asr.testing;

import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.UntrainedModel;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a small random model directory (calibrated, for ACM models) for recognizer tests. */
public final class TinyModelDir {
    private TinyModelDir() {
    }

    public static Path write(Path dir, ModelConfig c, long seed) throws IOException {
        return UntrainedModel.write(dir, c, seed);
    }
}
