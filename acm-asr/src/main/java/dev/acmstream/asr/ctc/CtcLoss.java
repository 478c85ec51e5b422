package dev.acmstream.asr.ctc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.acmstream.asr.model.Tensors;

/**
 * Connectionist temporal classification loss (Graves et al., 2006), in NDArray operations, since
 * DJL has none. The log-space forward recursion runs over time and is vectorized over the batch
 * and over all positions of the blank-extended labels; autograd gives the gradient.
 *
 * <p>log 0 is the finite floor −1e4, never −∞, so that no gradient becomes NaN, and logsumexp is
 * built from max, exp and log (DJL's JNI has no logsumexp). Utterances whose labels cannot fit
 * their frames (each label needs a frame, each repeat an extra blank) get zero loss and are
 * counted in {@link Result#skipped()}.
 */
public final class CtcLoss {
    /** log(0) floor. */
    public static final float LOG_ZERO = -1e4f;

    private CtcLoss() {
    }

    /**
     * @param logProbs log-softmax outputs {@code [B, T, V]}
     * @param inputLengths real frames per row
     * @param labels label indices per row (no blanks)
     * @return per-row negative log-likelihoods {@code [B]} (0 for skipped rows) and the skip count
     */
    public static Result loss(NDArray logProbs, int[] inputLengths, int[][] labels) {
        NDManager m = logProbs.getManager();
        int b = (int) logProbs.getShape().get(0);
        int t = (int) logProbs.getShape().get(1);
        int maxU = 0;
        for (int[] l : labels) {
            maxU = Math.max(maxU, l.length);
        }
        int s = 2 * maxU + 1;
        long[] ext = new long[b * t * s];
        float[] skip = new float[b * s];
        float[] feasible = new float[b];
        long[] finalIdx = new long[b * 2];
        int skipped = 0;
        for (int i = 0; i < b; i++) {
            int[] l = labels[i];
            int needed = l.length;
            for (int j = 1; j < l.length; j++) {
                if (l[j] == l[j - 1]) {
                    needed++;
                }
            }
            boolean ok = needed <= inputLengths[i] && inputLengths[i] > 0;
            feasible[i] = ok ? 1f : 0f;
            if (!ok) {
                skipped++;
            }
            for (int p = 0; p < s; p++) {
                int sym = (p % 2 == 1 && (p - 1) / 2 < l.length) ? l[(p - 1) / 2] : Vocabulary.BLANK;
                for (int tt = 0; tt < t; tt++) {
                    ext[(i * t + tt) * s + p] = sym;
                }
                if (p >= 2 && p % 2 == 1 && (p - 1) / 2 < l.length && (p - 3) / 2 >= 0 && l[(p - 1) / 2] != l[(p - 3) / 2]) {
                    skip[i * s + p] = 1f;
                }
            }
            int sb = 2 * l.length + 1;
            finalIdx[i * 2] = sb - 1;
            finalIdx[i * 2 + 1] = Math.max(0, sb - 2);
        }
        NDArray emissions = logProbs.gather(Tensors.of(m, ext, new Shape(b, t, s)), 2); // [B, T, S]
        NDArray skipMask = Tensors.of(m, skip, new Shape(b, s));
        NDArray skipPenalty = skipMask.sub(Tensors.scalar(m, 1f)).mul(Tensors.scalar(m, -LOG_ZERO)); // 0 where allowed, LOG_ZERO where not

        float[] init = new float[b * s];
        java.util.Arrays.fill(init, LOG_ZERO);
        float[] initMask = new float[b * s];
        for (int i = 0; i < b; i++) {
            init[i * s] = 0f;
            initMask[i * s] = 1f;
            if (labels[i].length > 0) {
                init[i * s + 1] = 0f;
                initMask[i * s + 1] = 1f;
            }
        }
        // alpha_0 = emissions_0 where the path may start, LOG_ZERO elsewhere.
        NDArray alpha = emissions.get(new NDIndex(":, 0, :")).mul(Tensors.of(m, initMask, new Shape(b, s)))
                .add(Tensors.of(m, init, new Shape(b, s)));
        NDArray pad1 = m.full(new Shape(b, 1), LOG_ZERO);
        NDArray pad2 = m.full(new Shape(b, 2), LOG_ZERO);
        for (int tt = 1; tt < t; tt++) {
            NDArray a1 = NDArrays.concat(new NDList(pad1, alpha.get(new NDIndex(":, 0:{}", s - 1))), 1);
            NDArray next;
            if (s >= 3) {
                NDArray a2 = NDArrays.concat(new NDList(pad2, alpha.get(new NDIndex(":, 0:{}", s - 2))), 1).add(skipPenalty);
                next = logSumExp(alpha, a1, a2);
            } else {
                next = logSumExp(alpha, a1, null);
            }
            next = next.add(emissions.get(new NDIndex(":, {}, :", tt)));
            float[] live = new float[b];
            boolean any = false;
            boolean all = true;
            for (int i = 0; i < b; i++) {
                live[i] = tt < inputLengths[i] ? 1f : 0f;
                any |= live[i] > 0;
                all &= live[i] > 0;
            }
            if (!any) {
                break;
            }
            if (all) {
                alpha = next;
            } else {
                NDArray keep = Tensors.of(m, live, new Shape(b, 1));
                alpha = next.mul(keep).add(alpha.mul(keep.neg().add(Tensors.scalar(m, 1f))));
            }
        }
        NDArray ends = alpha.gather(Tensors.of(m, finalIdx, new Shape(b, 2)), 1); // [B, 2]
        NDArray lastTwo = logSumExp(ends.get(new NDIndex(":, 0")), ends.get(new NDIndex(":, 1")), null);
        // For an empty label both indices are 0: subtract the double count log(2).
        float[] emptyFix = new float[b];
        for (int i = 0; i < b; i++) {
            emptyFix[i] = labels[i].length == 0 ? (float) Math.log(2) : 0f;
        }
        NDArray logLik = lastTwo.sub(Tensors.of(m, emptyFix, new Shape(b)));
        NDArray nll = logLik.neg().mul(Tensors.of(m, feasible, new Shape(b)));
        return new Result(nll, skipped);
    }

    /** log(e^a + e^b [+ e^c]) through the maximum, stable for the −1e4 floor. */
    static NDArray logSumExp(NDArray a, NDArray b, NDArray c) {
        NDArray max = a.maximum(b);
        if (c != null) {
            max = max.maximum(c);
        }
        max = max.stopGradient();
        NDArray sum = a.sub(max).exp().add(b.sub(max).exp());
        if (c != null) {
            sum = sum.add(c.sub(max).exp());
        }
        return sum.log().add(max);
    }

    /** Per-row losses {@code [B]} and how many rows were skipped as infeasible. */
    public record Result(NDArray perUtterance, int skipped) {
    }
}
