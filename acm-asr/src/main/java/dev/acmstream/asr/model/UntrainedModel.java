package dev.acmstream.asr.model;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Models with random weights, and random normalized features: for tests, benchmarks of speed
 * (which do not depend on the weights) and deployment smoke tests before a trained model exists.
 * Their transcripts are gibberish, but deterministic for a seed.
 */
public final class UntrainedModel {
    private UntrainedModel() {
    }

    /** An encoder of shape {@code c} with weights drawn from {@code seed}. */
    public static SpeechEncoder encoder(ModelConfig c, NDManager m, long seed) {
        m.getEngine().setRandomSeed((int) seed);
        return new SpeechEncoder(c).initialize(m);
    }

    /** {@code count} sequences of standard-normal features, {@code minFrames} to {@code maxFrames} frames each. */
    public static List<float[][]> features(int count, int minFrames, int maxFrames, int melBins, long seed) {
        Random r = new Random(seed);
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int t = minFrames + r.nextInt(maxFrames - minFrames + 1);
            float[][] f = new float[t][melBins];
            for (float[] frame : f) {
                for (int k = 0; k < melBins; k++) {
                    frame[k] = (float) r.nextGaussian();
                }
            }
            out.add(f);
        }
        return out;
    }

    /**
     * Writes a model directory: random weights, feature statistics typical of log-mel input, and
     * for an ACM model a budget calibration fitted on random features.
     */
    public static Path write(Path dir, ModelConfig c, long seed) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = encoder(c, m, seed);
            float[] mean = new float[c.melBins()];
            float[] std = new float[c.melBins()];
            Arrays.fill(mean, -8f);
            Arrays.fill(std, 4f);
            enc.setFeatureStats(mean, std);
            BudgetCalibration cal = c.isAcm()
                    ? new BudgetCalibrator(enc).calibrate(features(16, 100, 200, c.melBins(), seed), BudgetCalibration.defaultGrid(), m)
                    : null;
            ModelDirectory.save(enc, cal, Map.of("untrained", true, "seed", seed), dir);
        }
        return dir;
    }
}
