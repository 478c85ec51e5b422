package dev.acmstream.asr.acm;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import java.util.List;

/**
 * Fits a {@link BudgetCalibration} on a set of feature sequences: for every grid budget, one
 * forward pass in which each ACM layer, in order, sets its threshold to the quantile that gives
 * the budget on this set's real tokens, and then uses it, so that later layers calibrate on
 * the inputs they will see at that budget.
 */
public final class BudgetCalibrator {
    private final SpeechEncoder encoder;

    public BudgetCalibrator(SpeechEncoder encoder) {
        if (!encoder.config().isAcm()) {
            throw new IllegalArgumentException("only ACM models have a budget to calibrate");
        }
        this.encoder = encoder;
    }

    /**
     * @param utterances normalized features {@code [frames][melBins]} per utterance
     * @param grid increasing budgets; 1.0 maps to "every learner"
     */
    public BudgetCalibration calibrate(List<float[][]> utterances, double[] grid, NDManager parent) {
        ModelConfig c = encoder.config();
        float[][] table = new float[grid.length][];
        for (int g = 0; g < grid.length; g++) {
            double b = grid[g];
            if (b >= 1.0) {
                table[g] = new float[c.layers()];
                java.util.Arrays.fill(table[g], Float.NEGATIVE_INFINITY);
                continue;
            }
            float[] tau = new float[c.layers()];
            LearnerPolicy fitting = new LearnerPolicy() {
                @Override
                public int[] choose(int layer, float[] scores, boolean[] valid, int learners) {
                    int real = 0;
                    for (boolean v : valid) {
                        real += v ? 1 : 0;
                    }
                    float[] kept = new float[real * learners];
                    int p = 0;
                    for (int r = 0; r < valid.length; r++) {
                        if (valid[r]) {
                            System.arraycopy(scores, r * learners, kept, p, learners);
                            p += learners;
                        }
                    }
                    tau[layer] = BudgetCalibration.fitThreshold(kept, real, learners, b);
                    return LearnerPolicy.thresholds(tau).choose(layer, scores, valid, learners);
                }

                @Override
                public boolean needsGate() {
                    return true;
                }
            };
            try (NDManager m = parent.newSubManager()) {
                FeatureBatch batch = FeatureBatch.of(utterances, c, m);
                ForwardContext ctx = ForwardContext.inference(m, fitting);
                encoder.forward(batch.features(), batch.frames(), EncoderState.fresh(m, c, batch.frames().length), ctx);
            }
            table[g] = tau;
        }
        return new BudgetCalibration(grid, table);
    }
}
