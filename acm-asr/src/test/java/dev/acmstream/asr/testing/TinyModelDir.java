package dev.acmstream.asr.testing;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.SpeechEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Writes a small random model directory (calibrated, for ACM models) for recognizer tests. */
public final class TinyModelDir {
    private TinyModelDir() {
    }

    public static Path write(Path dir, ModelConfig c, long seed) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(c, m, seed);
            float[] mean = new float[80];
            float[] std = new float[80];
            java.util.Arrays.fill(mean, -8f);
            java.util.Arrays.fill(std, 4f);
            enc.setFeatureStats(mean, std);
            BudgetCalibration cal = c.isAcm()
                    ? new BudgetCalibrator(enc).calibrate(TinyModels.features(16, 100, 200, seed), BudgetCalibration.defaultGrid(), m)
                    : null;
            ModelDirectory.save(enc, cal, Map.of("test", true), dir);
        }
        return dir;
    }
}
