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
 * that gives its learner fraction at that budget (the budget itself, or what a
 * {@link LayerAllocation} gives the layer) on the real tokens seen so far, and then uses it, so
 * that later layers calibrate on the inputs they will see at that budget.
 */
public final class BudgetCalibrator {
    private final SpeechEncoder encoder;

    public BudgetCalibrator(SpeechEncoder encoder) {
        if (!encoder.config().isAcm()) {
            throw new IllegalArgumentException("only ACM models have a budget to calibrate");
        }
        this.encoder = encoder;
    }

    /** Calibrates in one batch, every layer at the budget: for sets small enough to pad together. */
    public BudgetCalibration calibrate(List<float[][]> utterances, double[] grid, NDManager parent) {
        return calibrate(utterances, grid, parent, utterances.size());
    }

    /** As {@link #calibrate(List, double[], LayerAllocation, NDManager, int)}, every layer at the budget. */
    public BudgetCalibration calibrate(List<float[][]> utterances, double[] grid, NDManager parent, int batchSize) {
        return calibrate(utterances, grid, LayerAllocation.uniform(encoder.config().layers()), parent, batchSize);
    }

    /**
     * @param utterances normalized features {@code [frames][melBins]} per utterance
     * @param grid increasing budgets; 1.0 maps to "every learner"
     * @param allocation the learner fraction of each layer at each budget
     * @param batchSize utterances per forward pass: memory stays bounded on large sets. Each
     *     layer's threshold is refitted at every batch on the scores of all batches so far, so the
     *     last batch sets it from the whole set (earlier batches saw thresholds fitted on fewer tokens)
     */
    public BudgetCalibration calibrate(List<float[][]> utterances, double[] grid, LayerAllocation allocation, NDManager parent,
                                       int batchSize) {
        ModelConfig c = encoder.config();
        if (allocation.layers() != c.layers()) {
            throw new IllegalArgumentException("an allocation for " + allocation.layers() + " layers, the model has " + c.layers());
        }
        float[][] table = new float[grid.length][];
        for (int g = 0; g < grid.length; g++) {
            if (grid[g] >= 1.0) {
                table[g] = new float[c.layers()];
                java.util.Arrays.fill(table[g], Float.NEGATIVE_INFINITY);
                continue;
            }
            FittingPolicy fitting = new FittingPolicy(allocation.fractionsFor(grid[g]));
            for (List<float[][]> part : byLength(utterances, batchSize)) {
                try (NDManager m = parent.newSubManager()) {
                    FeatureBatch batch = FeatureBatch.of(part, c, m);
                    ForwardContext ctx = ForwardContext.inference(m, fitting);
                    encoder.forward(batch.features(), batch.frames(), EncoderState.fresh(m, c, batch.frames().length), ctx);
                }
            }
            table[g] = fitting.thresholds();
        }
        return new BudgetCalibration(grid, table);
    }

    /** Batches of at most {@code batchSize}, shortest utterances first: the long ones pad least among themselves. */
    private static List<List<float[][]>> byLength(List<float[][]> utterances, int batchSize) {
        List<float[][]> sorted = new java.util.ArrayList<>(utterances);
        sorted.sort(java.util.Comparator.comparingInt(u -> u.length));
        List<List<float[][]>> out = new java.util.ArrayList<>();
        for (int i = 0; i < sorted.size(); i += batchSize) {
            out.add(sorted.subList(i, Math.min(sorted.size(), i + batchSize)));
        }
        return out;
    }

    /**
     * The policy of a calibration pass: each layer, in order, sets its threshold to the quantile
     * that gives its fraction on the real tokens seen so far in the pass, and then uses it, so
     * that later layers fit on the inputs they will see.
     */
    public static final class FittingPolicy implements LearnerPolicy {
        private final double[] fractions;
        private final float[] tau;
        private final List<List<float[]>> seen = new java.util.ArrayList<>();
        private final int[] seenTokens;

        /** @param fractions the learner fraction of each layer */
        public FittingPolicy(double[] fractions) {
            this.fractions = fractions.clone();
            this.tau = new float[fractions.length];
            this.seenTokens = new int[fractions.length];
            for (int l = 0; l < fractions.length; l++) {
                seen.add(new java.util.ArrayList<>());
            }
        }

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
            tau[layer] = BudgetCalibration.fitThreshold(all, seenTokens[layer], learners, fractions[layer]);
            return LearnerPolicy.thresholds(tau).choose(layer, scores, valid, learners);
        }

        @Override
        public boolean needsGate() {
            return true;
        }

        /** The thresholds fitted so far, one per layer. */
        public float[] thresholds() {
            return tau.clone();
        }
    }
}
