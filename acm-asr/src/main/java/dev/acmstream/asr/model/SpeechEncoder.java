package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.acmstream.asr.acm.AcmFeedForward;
import java.util.ArrayList;
import java.util.List;

/**
 * The speech encoder: global feature normalization → {@link ConvSubsampling} (×4) → N ×
 * {@link EncoderLayer} (chunked rotary attention + dense or ACM feed-forward) → final LayerNorm →
 * CTC head over the {@link dev.acmstream.asr.ctc.Vocabulary}.
 *
 * <p>One {@link #forward} serves training on whole utterances and streaming chunk by chunk: a
 * batch of features plus an {@link EncoderState} in, logits plus the next state out.
 */
public final class SpeechEncoder extends ModelBlock {
    private final ModelConfig config;
    private final ConvSubsampling subsampling;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Parameter lnG;
    private final Parameter lnB;
    private final Parameter headW;
    private final Parameter headB;
    private float[] mean;
    private float[] invStd;

    public SpeechEncoder(ModelConfig c) {
        this.config = c;
        subsampling = addChildBlock("subsampling", new ConvSubsampling(c.melBins(), c.dModel()));
        for (int l = 0; l < c.layers(); l++) {
            ModelBlock ffn = c.isAcm() ? new AcmFeedForward(c.dModel(), c.ffnDim(), c.learners(), c.gateHidden())
                    : new DenseFeedForward(c.dModel(), c.ffnDim());
            layers.add(addChildBlock("layer" + l, new EncoderLayer(l, c, ffn)));
        }
        lnG = gamma("final_ln_g", c.dModel());
        lnB = beta("final_ln_b", c.dModel());
        headW = weight("ctc_w", c.vocab(), c.dModel());
        headB = bias("ctc_b", c.vocab());
        mean = new float[c.melBins()];
        invStd = new float[c.melBins()];
        java.util.Arrays.fill(invStd, 1f);
    }

    /** Creates the parameters on {@code manager} with their initializers. */
    public SpeechEncoder initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, config.chunkFrames(), config.melBins()));
        return this;
    }

    public ModelConfig config() {
        return config;
    }

    public List<EncoderLayer> layers() {
        return layers;
    }

    /** Sets the global feature statistics of the training corpus. */
    public void setFeatureStats(float[] mean, float[] std) {
        if (mean.length != config.melBins() || std.length != config.melBins()) {
            throw new IllegalArgumentException("feature statistics of " + mean.length + " bins for a " + config.melBins() + "-bin model");
        }
        this.mean = mean.clone();
        this.invStd = new float[std.length];
        for (int i = 0; i < std.length; i++) {
            invStd[i] = 1f / std[i];
        }
    }

    public float[] featureMean() {
        return mean.clone();
    }

    public float[] featureStd() {
        float[] s = new float[invStd.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1f / invStd[i];
        }
        return s;
    }

    /** Normalizes one raw log-mel frame in place, as the model expects its input. */
    public void normalize(float[] frame) {
        for (int k = 0; k < frame.length; k++) {
            frame[k] = (frame[k] - mean[k]) * invStd[k];
        }
    }

    /**
     * Runs the encoder.
     *
     * @param features normalized features {@code [B, T, melBins]}, T a multiple of {@link ModelConfig#chunkFrames()}
     * @param frames real (unpadded) frames per row
     * @param state left context; {@link EncoderState#fresh} for whole utterances
     * @return logits {@code [B, T/4, vocab]}, the next state and the number of real tokens per row
     */
    public Output forward(NDArray features, int[] frames, EncoderState state, ForwardContext ctx) {
        NDManager m = ctx.manager();
        long b = features.getShape().get(0);
        long t = features.getShape().get(1);
        if (t % config.chunkFrames() != 0) {
            throw new IllegalArgumentException(t + " frames is not a whole number of " + config.chunkFrames() + "-frame chunks");
        }
        int tokens = (int) (t / ModelConfig.SUBSAMPLING);
        int[] realTokens = new int[(int) b];
        float[] validFlat = new float[(int) b * tokens];
        boolean[] validRows = new boolean[(int) b * tokens];
        for (int i = 0; i < b; i++) {
            realTokens[i] = Math.min(tokens, (frames[i] + ModelConfig.SUBSAMPLING - 1) / ModelConfig.SUBSAMPLING);
            for (int j = 0; j < realTokens[i]; j++) {
                validFlat[i * tokens + j] = 1f;
                validRows[i * tokens + j] = true;
            }
        }
        NDArray valid = Tensors.of(m, validFlat, new Shape(b, tokens));

        NDList sub = subsampling.forward(features, state.history1, state.history2, ctx);
        NDArray x = sub.get(0);
        RotaryAttention.Shared shared = RotaryAttention.shared(valid, state.valid, state.positions, config.chunkTokens(), config.leftChunks(),
                config.headDim(), m);
        NDArray[] nextK = new NDArray[layers.size()];
        NDArray[] nextV = new NDArray[layers.size()];
        for (EncoderLayer layer : layers) {
            int l = layer.index();
            NDList out = layer.forward(x, validRows, state.keys[l], state.values[l], shared, ctx);
            x = out.get(0);
            nextK[l] = out.get(1);
            nextV[l] = out.get(2);
        }
        NDArray nextValid = shared.nextValid();
        x = EncoderLayer.norm(x, lnG, lnB);
        NDArray logits = Linear.linear(x, headW.getArray(), headB.getArray()).singletonOrThrow();
        ctx.macs().addHead(b * tokens * (long) config.dModel() * config.vocab());
        long[] nextPositions = new long[(int) b];
        for (int i = 0; i < b; i++) {
            nextPositions[i] = state.positions[i] + tokens;
        }
        EncoderState next = new EncoderState(sub.get(1), sub.get(2), nextK, nextV, nextValid, nextPositions);
        return new Output(logits, next, realTokens);
    }

    /** Encoder output: logits {@code [B, T', vocab]}, next state, real tokens per row. */
    public record Output(NDArray logits, EncoderState state, int[] tokens) {
    }

    /**
     * Prepares the encoder for inference only: each ACM block fuses its learners' weights
     * ({@link AcmFeedForward#freeze}). The weights must not change afterwards.
     */
    public SpeechEncoder freeze() {
        for (EncoderLayer layer : layers) {
            if (layer.feedForward() instanceof AcmFeedForward acm) {
                acm.freeze();
            }
        }
        return this;
    }

    /** The convolutional subsampling front end. */
    public ConvSubsampling subsampling() {
        return subsampling;
    }
}
