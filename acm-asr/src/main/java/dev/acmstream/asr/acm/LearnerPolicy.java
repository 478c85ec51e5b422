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
}
