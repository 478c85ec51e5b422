package dev.acmstream.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Utterances padded with zeros (the normalized mean) to a common, chunk-aligned length.
 *
 * @param features {@code [B, T, melBins]}
 * @param frames real frames per row
 */
public record FeatureBatch(NDArray features, int[] frames) {

    /** @param utterances normalized features {@code [frames][melBins]} */
    public static FeatureBatch of(List<float[][]> utterances, ModelConfig c, NDManager m) {
        int max = 0;
        for (float[][] u : utterances) {
            max = Math.max(max, u.length);
        }
        int chunk = c.chunkFrames();
        int t = Math.max(chunk, (max + chunk - 1) / chunk * chunk);
        float[] flat = new float[utterances.size() * t * c.melBins()];
        int[] frames = new int[utterances.size()];
        for (int i = 0; i < utterances.size(); i++) {
            float[][] u = utterances.get(i);
            frames[i] = u.length;
            for (int f = 0; f < u.length; f++) {
                System.arraycopy(u[f], 0, flat, (i * t + f) * c.melBins(), c.melBins());
            }
        }
        return new FeatureBatch(Tensors.of(m, flat, new Shape(utterances.size(), t, c.melBins())), frames);
    }

    /**
     * Which encoder tokens of a batch are real, flattened row-major over {@code [B, T']}: what the
     * encoder feeds its feed-forward blocks as {@code valid}.
     *
     * @param features {@code [B, T, melBins]}, T a multiple of the subsampling
     * @param frames real frames per row
     */
    public static boolean[] validTokens(NDArray features, int[] frames) {
        int padded = (int) (features.getShape().get(1) / ModelConfig.SUBSAMPLING);
        boolean[] valid = new boolean[frames.length * padded];
        for (int b = 0; b < frames.length; b++) {
            int real = Math.min(padded, (frames[b] + ModelConfig.SUBSAMPLING - 1) / ModelConfig.SUBSAMPLING);
            for (int t = 0; t < real; t++) {
                valid[b * padded + t] = true;
            }
        }
        return valid;
    }
}
