package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.LearnerPolicy;

/**
 * What one forward call needs besides its input: the manager its intermediates attach to,
 * training or inference, how ACM layers choose learners, and the accounting it fills in
 * (MACs, learners used per layer), and optionally a tap on every feed-forward block (for distillation).
 */
public final class ForwardContext {
    private final NDManager manager;
    private final boolean training;
    private final LearnerPolicy policy;
    private final Macs macs = new Macs();
    private long[] learnerTokens;
    private long[] tokens;
    private FeedForwardTap tap;
    private long[] rowLearners;

    public ForwardContext(NDManager manager, boolean training, LearnerPolicy policy) {
        this.manager = manager;
        this.training = training;
        this.policy = policy;
    }

    public static ForwardContext inference(NDManager manager, LearnerPolicy policy) {
        return new ForwardContext(manager, false, policy);
    }

    public NDManager manager() {
        return manager;
    }

    public boolean training() {
        return training;
    }

    public LearnerPolicy policy() {
        return policy;
    }

    public Macs macs() {
        return macs;
    }

    /** Records that layer {@code layer} ran {@code learners} learner-evaluations over {@code tokenCount} tokens. */
    public void recordLearners(int layer, long learners, long tokenCount) {
        if (learnerTokens == null) {
            learnerTokens = new long[layer + 1];
            tokens = new long[layer + 1];
        } else if (layer >= tokens.length) {
            learnerTokens = java.util.Arrays.copyOf(learnerTokens, layer + 1);
            tokens = java.util.Arrays.copyOf(tokens, layer + 1);
        }
        learnerTokens[layer] += learners;
        tokens[layer] += tokenCount;
    }

    /** Mean fraction of ACM learners used per token over all layers, or 1 for a dense model. */
    public double learnerFraction(int learnersPerLayer) {
        if (learnerTokens == null || learnersPerLayer == 0) {
            return 1.0;
        }
        long used = 0;
        long total = 0;
        for (int l = 0; l < tokens.length; l++) {
            used += learnerTokens[l];
            total += tokens[l] * learnersPerLayer;
        }
        return total == 0 ? 0 : used / (double) total;
    }

    /** Fraction for one layer. */
    public double learnerFraction(int layer, int learnersPerLayer) {
        if (learnerTokens == null || layer >= tokens.length || tokens[layer] == 0) {
            return 1.0;
        }
        return learnerTokens[layer] / (double) (tokens[layer] * learnersPerLayer);
    }

    /** Adds each row's learner count of one ACM layer to the per-row totals. */
    public void recordRowLearners(int[] k) {
        if (rowLearners == null) {
            rowLearners = new long[k.length];
        }
        for (int i = 0; i < k.length; i++) {
            rowLearners[i] += k[i];
        }
    }

    /** Learners per row summed over layers, or null for a dense model. */
    public long[] rowLearners() {
        return rowLearners;
    }

    public ForwardContext withTap(FeedForwardTap t) {
        this.tap = t;
        return this;
    }

    public FeedForwardTap tap() {
        return tap;
    }

    /**
     * Sees each feed-forward block's input and output: module-wise distillation records them,
     * and a tap may return a replacement output for the layer to go on with (an output plus a
     * zero leaf, say, so that a backward pass yields the loss gradient at the block's output).
     */
    public interface FeedForwardTap {
        /** @return the output the layer adds to its residual stream; {@code ffnOutput} to leave it unchanged */
        NDArray tap(int layer, NDArray ffnInput, NDArray ffnOutput);
    }
}
