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
 * forward pass over the set in which each ACM layer, in order, sets its threshold to the quantile
 * that gives the budget on the real tokens seen so far, and then uses it, so that later layers
 * calibrate on the inputs they will see at that budget.
 */
public final class BudgetCalibrator {
    private final SpeechEncoder encoder;

    public BudgetCalibrator(SpeechEncoder encoder) {
        if (!encoder.config().isAcm()) {
            throw new IllegalArgumentException("only ACM models have a budget to calibrate");
        }
        this.encoder = encoder;
    }

    /** Calibrates in one batch: for sets small enough to pad together. */
    public BudgetCalibration calibrate(List<float[][]> utterances, double[] grid, NDManager parent) {
        return calibrate(utterances, grid, parent, utterances.size());
    }

    /**
     * @param utterances normalized features {@code [frames][melBins]} per utterance
     * @param grid increasing budgets; 1.0 maps to "every learner"
     * @param batchSize utterances per forward pass: memory stays bounded on large sets. Each
     *     layer's threshold is refitted at every batch on the scores of all batches so far, so the
     *     last batch sets it from the whole set (earlier batches saw thresholds fitted on fewer tokens)
     */
    public BudgetCalibration calibrate(List<float[][]> utterances, double[] grid, NDManager parent, int batchSize) {
        ModelConfig c = encoder.config();
        // Longest last: the short batches first fit the thresholds, the long ones pad least among themselves.
        List<float[][]> sorted = new java.util.ArrayList<>(utterances);
        sorted.sort(java.util.Comparator.comparingInt(u -> u.length));
        float[][] table = new float[grid.length][];
        for (int g = 0; g < grid.length; g++) {
            double b = grid[g];
            if (b >= 1.0) {
                table[g] = new float[c.layers()];
                java.util.Arrays.fill(table[g], Float.NEGATIVE_INFINITY);
                continue;
            }
            float[] tau = new float[c.layers()];
            List<List<float[]>> seen = new java.util.ArrayList<>();
            int[] seenTokens = new int[c.layers()];
            for (int l = 0; l < c.layers(); l++) {
                seen.add(new java.util.ArrayList<>());
            }
            LearnerPolicy fitting = new LearnerPolicy() {
                @Override
                public int[] choose(int layer, float[] scores, boolean[] valid, int learners) {
                    float[] kept = LearnerPolicy.validScores(scores, valid, learners);
                    seen.get(layer).add(kept);
                    seenTokens[layer] += kept.length / learners;
                    float[] all = new float[seenTokens[layer] * learners];
                    int q = 0;
                    for (float[] part : seen.get(layer)) {
                        System.arraycopy(part, 0, all, q, part.length);
                        q += part.length;
                    }
                    tau[layer] = BudgetCalibration.fitThreshold(all, seenTokens[layer], learners, b);
                    return LearnerPolicy.thresholds(tau).choose(layer, scores, valid, learners);
                }

                @Override
                public boolean needsGate() {
                    return true;
                }
            };
            for (int i = 0; i < sorted.size(); i += batchSize) {
                List<float[][]> part = sorted.subList(i, Math.min(sorted.size(), i + batchSize));
                try (NDManager m = parent.newSubManager()) {
                    FeatureBatch batch = FeatureBatch.of(part, c, m);
                    ForwardContext ctx = ForwardContext.inference(m, fitting);
                    encoder.forward(batch.features(), batch.frames(), EncoderState.fresh(m, c, batch.frames().length), ctx);
                }
            }
            table[g] = tau;
        }
        return new BudgetCalibration(grid, table);
    }
}
