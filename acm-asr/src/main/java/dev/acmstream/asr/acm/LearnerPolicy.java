package dev.acmstream.asr.acm;

/**
 * How an ACM layer picks k, the number of learners, for each token. Under every policy used at
 * run time, a token's k depends only on its own gate scores and the policy's per-layer
 * threshold, never on the other tokens of the batch or chunk.
 */
public interface LearnerPolicy {

    /**
     * @param layer the encoder layer
     * @param scores gate scores, {@code tokens × learners} row-major, or null if {@link #needsGate()} is false
     * @param valid which tokens are real (padding gets k = 0 whatever this returns)
     * @param learners N
     * @return k per token, each in [0, N]
     */
    int[] choose(int layer, float[] scores, boolean[] valid, int learners);

    /** Whether {@link #choose} reads the gate scores, so the gate must run. */
    boolean needsGate();

    /** Every learner for every token: the dense model's compute (budget 1). */
    static LearnerPolicy full() {
        return new LearnerPolicy() {
            @Override
            public int[] choose(int layer, float[] scores, boolean[] valid, int learners) {
                int tokens = valid.length;
                int[] k = new int[tokens];
                java.util.Arrays.fill(k, learners);
                return k;
            }

            @Override
            public boolean needsGate() {
                return false;
            }
        };
    }

    /** Static width: the same k for every token. */
    static LearnerPolicy fixed(int k) {
        return new LearnerPolicy() {
            @Override
            public int[] choose(int layer, float[] scores, boolean[] valid, int learners) {
                int tokens = valid.length;
                int[] out = new int[tokens];
                java.util.Arrays.fill(out, Math.min(k, learners));
                return out;
            }

            @Override
            public boolean needsGate() {
                return false;
            }
        };
    }

    /**
     * Thresholds per layer: a token takes learner j (1-based) while its scores for learners
     * 1..j are all at least {@code tau[layer]}. {@code -Infinity} gives every learner.
     */
    static LearnerPolicy thresholds(float[] tau) {
        float[] t = tau.clone();
        return new LearnerPolicy() {
            @Override
            public int[] choose(int layer, float[] scores, boolean[] valid, int learners) {
                int tokens = valid.length;
                int[] k = new int[tokens];
                float th = t[layer];
                for (int i = 0; i < tokens; i++) {
                    int j = 0;
                    while (j < learners && scores[i * learners + j] >= th) {
                        j++;
                    }
                    k[i] = j;
                }
                return k;
            }

            @Override
            public boolean needsGate() {
                return true;
            }
        };
    }

    /**
     * For training only: each layer's threshold is the quantile of this batch's own scores that
     * gives mean fraction {@code b} over the batch's real tokens, so every step trains at exactly
     * the budget it sampled. A token's k then depends on the other tokens of the batch, which
     * run-time policies must never do.
     */
    static LearnerPolicy batchQuantile(double b) {
        return new LearnerPolicy() {
            @Override
            public int[] choose(int layer, float[] scores, boolean[] valid, int learners) {
                float[] kept = validScores(scores, valid, learners);
                float[] tau = new float[layer + 1];
                tau[layer] = BudgetCalibration.fitThreshold(kept, kept.length / learners, learners, b);
                return thresholds(tau).choose(layer, scores, valid, learners);
            }

            @Override
            public boolean needsGate() {
                return true;
            }
        };
    }

    /** The score rows of the real tokens, {@code real × learners} row-major. */
    static float[] validScores(float[] scores, boolean[] valid, int learners) {
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
        return kept;
    }
}
