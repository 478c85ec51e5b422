package dev.acmstream.asr.ctc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class CtcLossTest {
    private static final int V = 4;

    @RepeatedTest(20)
    void equalsBruteForceOverAllAlignments(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        int b = 1 + r.nextInt(3);
        int t = 1 + r.nextInt(5);
        int[] lengths = new int[b];
        int[][] labels = new int[b][];
        float[] logits = new float[b * t * V];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (2 * r.nextGaussian());
        }
        for (int i = 0; i < b; i++) {
            lengths[i] = 1 + r.nextInt(t);
            labels[i] = new int[r.nextInt(4)];
            for (int j = 0; j < labels[i].length; j++) {
                labels[i][j] = 1 + r.nextInt(V - 1);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lp = m.create(logits, new Shape(b, t, V)).logSoftmax(2);
            CtcLoss.Result res = CtcLoss.loss(lp, lengths, labels);
            float[] got = res.perUtterance().toFloatArray();
            float[] logProbs = lp.toFloatArray();
            int skipped = 0;
            for (int i = 0; i < b; i++) {
                double p = bruteForce(logProbs, i, t, lengths[i], labels[i]);
                if (p == 0) {
                    skipped++;
                    assertThat(got[i]).isEqualTo(0f);
                } else {
                    assertThat((double) got[i]).isCloseTo(-Math.log(p), org.assertj.core.data.Offset.offset(2e-4 * Math.max(1, -Math.log(p))));
                }
            }
            assertThat(res.skipped()).isEqualTo(skipped);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int b = 2;
        int t = 6;
        Random r = new Random(5);
        double[] logits = new double[b * t * V];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = r.nextGaussian();
        }
        int[] lengths = {6, 4};
        int[][] labels = {{1, 2, 2}, {3}};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(logits, new Shape(b, t, V)).toType(DataType.FLOAT32, false);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = CtcLoss.loss(x.logSoftmax(2), lengths, labels).perUtterance().sum();
                gc.backward(loss);
            }
            float[] grad = x.getGradient().toFloatArray();
            double eps = 1e-2;
            for (int i = 0; i < logits.length; i++) {
                double[] plus = logits.clone();
                double[] minus = logits.clone();
                plus[i] += eps;
                minus[i] -= eps;
                double numeric = (total(m, plus, b, t, lengths, labels) - total(m, minus, b, t, lengths, labels)) / (2 * eps);
                assertThat((double) grad[i]).as("d loss / d logit %d", i).isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3));
            }
        }
    }

    @Test
    void aLabelLongerThanItsFramesIsSkippedNotNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lp = m.randomNormal(new Shape(2, 3, V)).logSoftmax(2);
            CtcLoss.Result res = CtcLoss.loss(lp, new int[] {3, 3}, new int[][] {{1, 1, 1}, {1, 2}});
            float[] l = res.perUtterance().toFloatArray();
            assertThat(res.skipped()).isEqualTo(1); // "aaa" needs 5 frames
            assertThat(l[0]).isEqualTo(0f);
            assertThat(Float.isFinite(l[1])).isTrue();
        }
    }

    private static double total(NDManager m, double[] logits, int b, int t, int[] lengths, int[][] labels) {
        NDArray x = m.create(logits, new Shape(b, t, V));
        // Double precision for the numeric side.
        double sum = 0;
        double[] lp = x.logSoftmax(2).toDoubleArray();
        for (int i = 0; i < b; i++) {
            sum += -Math.log(bruteForceDouble(lp, i, t, lengths[i], labels[i]));
        }
        return sum;
    }

    /** Sum of path probabilities over every alignment that collapses to the label. */
    private static double bruteForce(float[] logProbs, int row, int t, int len, int[] label) {
        double[] d = new double[logProbs.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = logProbs[i];
        }
        return bruteForceDouble(d, row, t, len, label);
    }

    private static double bruteForceDouble(double[] logProbs, int row, int t, int len, int[] label) {
        double total = 0;
        int paths = (int) Math.pow(V, len);
        for (int code = 0; code < paths; code++) {
            int[] path = new int[len];
            int c = code;
            for (int i = 0; i < len; i++) {
                path[i] = c % V;
                c /= V;
            }
            if (collapse(path).equals(asList(label))) {
                double lp = 0;
                for (int i = 0; i < len; i++) {
                    lp += logProbs[(row * t + i) * V + path[i]];
                }
                total += Math.exp(lp);
            }
        }
        return total;
    }

    private static List<Integer> collapse(int[] path) {
        List<Integer> out = new ArrayList<>();
        int prev = -1;
        for (int p : path) {
            if (p != prev && p != 0) {
                out.add(p);
            }
            prev = p;
        }
        return out;
    }

    private static List<Integer> asList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }
}
