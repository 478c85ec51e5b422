package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * Linear(d→F) → GELU → Linear(F→d). The second linear has no bias, like each ACM learner, so
 * that the teacher is exactly the sum of N learners made by splitting its hidden units.
 */
public final class DenseFeedForward extends ModelBlock implements FeedForward {
    private final int dModel;
    private final int ffnDim;
    private final Parameter w1;
    private final Parameter b1;
    private final Parameter w2;

    public DenseFeedForward(int dModel, int ffnDim) {
        this.dModel = dModel;
        this.ffnDim = ffnDim;
        w1 = weight("w1", ffnDim, dModel);
        b1 = bias("b1", ffnDim);
        w2 = weight("w2", dModel, ffnDim);
    }

    @Override
    public NDArray forward(NDArray h, boolean[] valid, int layer, ForwardContext ctx) {
        NDArray hidden = Activation.gelu(Linear.linear(h, w1.getArray(), b1.getArray()).singletonOrThrow());
        ctx.macs().addFeedForward(h.getShape().get(0) * 2L * dModel * ffnDim);
        return Linear.linear(hidden, w2.getArray()).singletonOrThrow();
    }

    public Parameter w1() {
        return w1;
    }

    public Parameter b1() {
        return b1;
    }

    public Parameter w2() {
        return w2;
    }
}
