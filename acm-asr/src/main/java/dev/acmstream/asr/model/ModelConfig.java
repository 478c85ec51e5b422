package dev.acmstream.asr.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The shape of a speech encoder. One record, with the defaults in one place ({@link #DEFAULT}),
 * stored in every model directory as {@code config.json}.
 *
 * @param melBins input features per 10 ms frame
 * @param dModel model width d
 * @param heads attention heads; d must divide by it
 * @param layers encoder layers
 * @param ffnDim feed-forward width F of the dense teacher (and the total width of an ACM's learners)
 * @param learners ACM learners N per layer; 0 means a dense feed-forward (the teacher)
 * @param gateHidden width of the ACM gate's hidden layer (about 1 % of an ACM's cost)
 * @param chunkTokens encoder tokens per attention chunk C (×40 ms)
 * @param leftChunks chunks of left context L that attention sees besides its own chunk
 * @param vocab CTC output classes including blank
 * @param dropout dropout rate in training
 */
public record ModelConfig(int melBins, int dModel, int heads, int layers, int ffnDim, int learners, int gateHidden,
                          int chunkTokens, int leftChunks, int vocab, float dropout) {

    /** Input frames per encoder token: two stride-2 convolutions. */
    public static final int SUBSAMPLING = 4;

    /**
     * d = 256, 4 heads, 8 layers, F = 1024, N = 4 learners (as in the ACM paper), 16-token
     * chunks (640 ms) with 4 chunks (2.56 s) of left context.
     */
    public static final ModelConfig DEFAULT = new ModelConfig(80, 256, 4, 8, 1024, 4, 16, 16, 4, 29, 0.1f);

    public ModelConfig {
        if (dModel % heads != 0 || (dModel / heads) % 2 != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " must split into heads of even width");
        }
        if (learners < 0 || (learners > 0 && ffnDim % learners != 0)) {
            throw new IllegalArgumentException("ffnDim " + ffnDim + " must divide into " + learners + " learners");
        }
        if (layers < 1 || chunkTokens < 1 || leftChunks < 0 || melBins < 1 || vocab < 2) {
            throw new IllegalArgumentException("invalid model configuration");
        }
    }

    @JsonIgnore
    public boolean isAcm() {
        return learners > 0;
    }

    /** Feature frames per chunk: the unit of streaming. */
    public int chunkFrames() {
        return chunkTokens * SUBSAMPLING;
    }

    /** Tokens of left context cached per layer. */
    public int contextTokens() {
        return chunkTokens * leftChunks;
    }

    public int headDim() {
        return dModel / heads;
    }

    public ModelConfig withLearners(int n) {
        return new ModelConfig(melBins, dModel, heads, layers, ffnDim, n, gateHidden, chunkTokens, leftChunks, vocab, dropout);
    }

    public ModelConfig withShape(int d, int h, int l, int f) {
        return new ModelConfig(melBins, d, h, l, f, learners, gateHidden, chunkTokens, leftChunks, vocab, dropout);
    }
}
