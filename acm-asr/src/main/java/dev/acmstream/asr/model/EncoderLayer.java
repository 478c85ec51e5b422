package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/** A pre-LN transformer layer: x + Attention(LN(x)), then x + FeedForward(LN(x)). */
public final class EncoderLayer extends ModelBlock {
    private final int index;
    private final int dModel;
    private final float dropout;
    private final Parameter ln1g;
    private final Parameter ln1b;
    private final Parameter ln2g;
    private final Parameter ln2b;
    private final RotaryAttention attention;
    private final ModelBlock feedForward;

    public EncoderLayer(int index, ModelConfig c, ModelBlock feedForward) {
        if (!(feedForward instanceof FeedForward)) {
            throw new IllegalArgumentException("not a feed-forward block: " + feedForward);
        }
        this.index = index;
        this.dModel = c.dModel();
        this.dropout = c.dropout();
        ln1g = gamma("ln1_g", dModel);
        ln1b = beta("ln1_b", dModel);
        ln2g = gamma("ln2_g", dModel);
        ln2b = beta("ln2_b", dModel);
        attention = addChildBlock("attn", new RotaryAttention(dModel, c.heads(), c.chunkTokens(), c.leftChunks()));
        this.feedForward = addChildBlock("ffn", feedForward);
    }

    /**
     * @param x {@code [B, T, d]}
     * @param validRows which rows of the flattened batch are real tokens, for the feed-forward's token selection
     * @param cacheK cached keys of the left context
     * @param cacheV cached values of the left context
     * @param shared the call's attention mask and rotary tables
     * @return the layer output and the next cache (keys, values)
     */
    public NDList forward(NDArray x, boolean[] validRows, NDArray cacheK, NDArray cacheV, RotaryAttention.Shared shared,
                          ForwardContext ctx) {
        Shape s = x.getShape();
        NDArray h = norm(x, ln1g, ln1b);
        NDList att = attention.forward(h, cacheK, cacheV, shared, ctx);
        x = x.add(drop(att.get(0), ctx));
        NDArray h2 = norm(x, ln2g, ln2b).reshape(s.get(0) * s.get(1), dModel);
        NDArray y = ((FeedForward) feedForward).forward(h2, validRows, index, ctx);
        if (ctx.tap() != null) {
            y = ctx.tap().tap(index, h2, y);
        }
        x = x.add(drop(y.reshape(s), ctx));
        return new NDList(x, att.get(1), att.get(2));
    }

    private NDArray drop(NDArray x, ForwardContext ctx) {
        if (!ctx.training() || dropout <= 0) {
            return x;
        }
        return Dropout.dropout(x, dropout, true).singletonOrThrow();
    }

    static NDArray norm(NDArray x, Parameter g, Parameter b) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(d), g.getArray(), b.getArray(), 1e-5f).singletonOrThrow();
    }

    public FeedForward feedForward() {
        return (FeedForward) feedForward;
    }

    public RotaryAttention attention() {
        return attention;
    }

    public int index() {
        return index;
    }
}
