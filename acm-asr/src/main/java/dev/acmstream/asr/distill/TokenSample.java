package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.acmstream.asr.model.Tensors;
import java.util.Random;

/** A random minibatch of cached tokens: the same rows of two row-major per-token arrays. */
final class TokenSample {
    private TokenSample() {
    }

    /**
     * @param x {@code [tokens × dx]}
     * @param y {@code [tokens × dy]}
     * @param from sample among the first {@code from} tokens
     * @return {@code [n, dx]} and {@code [n, dy]}
     */
    static NDArray[] of(float[] x, int dx, float[] y, int dy, int from, int n, Random r, NDManager m) {
        float[] xs = new float[n * dx];
        float[] ys = new float[n * dy];
        for (int i = 0; i < n; i++) {
            int t = r.nextInt(from);
            System.arraycopy(x, t * dx, xs, i * dx, dx);
            System.arraycopy(y, t * dy, ys, i * dy, dy);
        }
        return new NDArray[] {Tensors.of(m, xs, new Shape(n, dx)), Tensors.of(m, ys, new Shape(n, dy))};
    }
}
