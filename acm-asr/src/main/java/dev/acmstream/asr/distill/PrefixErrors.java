package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.model.Tensors;

/**
 * For tokens of one layer: the squared error of every prefix of the learners against a target,
 * {@code e_k = ||y − Σ_{i<k} learner_i(h)||²} for k = 0..N, and the target's energy ||y||².
 * Phase 1 reports them, phase 2 learns from their differences.
 */
final class PrefixErrors {
    /** {@code errors[t][k]} for k = 0..N, and {@code energy[t]}. */
    final double[][] errors;
    final double[] energy;

    private PrefixErrors(double[][] errors, double[] energy) {
        this.errors = errors;
        this.energy = energy;
    }

    /** Errors of {@code count} tokens from {@code first}, computed in slices without gradients. */
    static PrefixErrors of(AcmFeedForward acm, float[] inputs, float[] targets, int d, int first, int count, NDManager parent) {
        int n = acm.learners();
        double[][] errors = new double[count][n + 1];
        double[] energy = new double[count];
        int slice = 2048;
        for (int s = 0; s < count; s += slice) {
            int rows = Math.min(slice, count - s);
            try (NDManager m = parent.newSubManager()) {
                float[] in = new float[rows * d];
                float[] tg = new float[rows * d];
                System.arraycopy(inputs, (first + s) * d, in, 0, rows * d);
                System.arraycopy(targets, (first + s) * d, tg, 0, rows * d);
                NDArray h = Tensors.of(m, in, new Shape(rows, d));
                NDArray residual = Tensors.of(m, tg, new Shape(rows, d));
                float[] e0 = residual.square().sum(new int[] {1}).toFloatArray();
                for (int r = 0; r < rows; r++) {
                    errors[s + r][0] = e0[r];
                    energy[s + r] = e0[r];
                }
                for (int i = 0; i < n; i++) {
                    residual = residual.sub(acm.learner(i, h));
                    float[] e = residual.square().sum(new int[] {1}).toFloatArray();
                    for (int r = 0; r < rows; r++) {
                        errors[s + r][i + 1] = e[r];
                    }
                }
            }
        }
        return new PrefixErrors(errors, energy);
    }

    /** Tokens {@code first .. first+count} of {@code all}. */
    static PrefixErrors slice(PrefixErrors all, int first, int count) {
        return new PrefixErrors(java.util.Arrays.copyOfRange(all.errors, first, first + count),
                java.util.Arrays.copyOfRange(all.energy, first, first + count));
    }

    /** Σ e_k / Σ ||y||² over the tokens, for each k: the relative error of a static width k. */
    double[] relativeByK() {
        int n = errors[0].length;
        double[] out = new double[n];
        double total = 0;
        for (int t = 0; t < errors.length; t++) {
            total += energy[t];
            for (int k = 0; k < n; k++) {
                out[k] += errors[t][k];
            }
        }
        for (int k = 0; k < n; k++) {
            out[k] /= Math.max(total, 1e-12);
        }
        return out;
    }

    /** The relative error when token t uses {@code k[t]} learners. */
    double relative(int[] k) {
        double err = 0;
        double total = 0;
        for (int t = 0; t < errors.length; t++) {
            err += errors[t][k[t]];
            total += energy[t];
        }
        return err / Math.max(total, 1e-12);
    }
}
