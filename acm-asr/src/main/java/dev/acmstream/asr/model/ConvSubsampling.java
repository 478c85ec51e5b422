package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * Two causal stride-2 convolutions over time (kernel 3, GELU): 10 ms frames become 40 ms
 * tokens. Each convolution sees frames {@code 2t-2, 2t-1, 2t}, written as a reshape of the
 * input plus a 2-frame history, so that streaming only has to carry the last two frames of
 * each layer's input across chunk edges.
 *
 * <p>At the default shape it costs about 8 M MACs per second of audio, under 5 % of the encoder
 * (the issue caps it at 15 %).
 */
public final class ConvSubsampling extends ModelBlock {
    /** Frames of history each convolution needs: kernel 3 minus 1. */
    public static final int HISTORY = 2;

    private final int melBins;
    private final int dModel;
    private final Parameter w1;
    private final Parameter b1;
    private final Parameter w2;
    private final Parameter b2;

    public ConvSubsampling(int melBins, int dModel) {
        this.melBins = melBins;
        this.dModel = dModel;
        w1 = weight("conv1_w", dModel, 3L * melBins);
        b1 = bias("conv1_b", dModel);
        w2 = weight("conv2_w", dModel, 3L * dModel);
        b2 = bias("conv2_b", dModel);
    }

    /**
     * @param x features {@code [B, T, melBins]}, T a multiple of 4
     * @param history1 the two frames before x, {@code [B, 2, melBins]}
     * @param history2 the two first-layer outputs before this chunk's, {@code [B, 2, dModel]}
     * @return tokens {@code [B, T/4, dModel]}, and the histories for the next chunk
     */
    public NDList forward(NDArray x, NDArray history1, NDArray history2, ForwardContext ctx) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray h1 = conv(x, history1, w1, b1, melBins);
        NDArray y = conv(h1, history2, w2, b2, dModel);
        ctx.macs().addSubsampling(b * (t / 2) * 3L * melBins * dModel + b * (t / 4) * 3L * dModel * dModel);
        NDArray next1 = tail(x, history1);
        NDArray next2 = tail(h1, history2);
        return new NDList(y, next1, next2);
    }

    private static NDArray conv(NDArray x, NDArray history, Parameter w, Parameter bias, int channels) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray p = NDArrays.concat(new NDList(history, x), 1); // [B, T+2, C]
        NDArray pairs = p.get(new NDIndex(":, 0:{}, :", t)).reshape(b, t / 2, 2L * channels); // frames 2t-2, 2t-1
        NDArray next = p.get(new NDIndex(":, 2:, :")).reshape(b, t / 2, 2L * channels)
                .get(new NDIndex(":, :, 0:{}", channels)); // frame 2t
        NDArray window = NDArrays.concat(new NDList(pairs, next), 2);
        return Activation.gelu(Linear.linear(window, w.getArray(), bias.getArray()).singletonOrThrow());
    }

    private static NDArray tail(NDArray x, NDArray history) {
        long t = x.getShape().get(1);
        if (t >= HISTORY) {
            return x.get(new NDIndex(":, {}:, :", t - HISTORY));
        }
        return NDArrays.concat(new NDList(history, x), 1).get(new NDIndex(":, {}:, :", t));
    }

    public int dModel() {
        return dModel;
    }
}
