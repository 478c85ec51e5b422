package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.model.DenseFeedForward;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.model.Tensors;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a dense teacher into an ACM model with the same function at full budget: every
 * parameter outside the feed-forward blocks is copied, and each teacher feed-forward's F hidden
 * units are split into N learners of F/N units. Because the teacher's second linear has no bias,
 * the sum of all N learners is exactly the teacher's block.
 *
 * <p>The units are ordered by importance before the split (mean |GELU activation| on sample
 * tokens times the norm of the unit's output weights), so that the first learners carry the
 * most of the block's output and the prefixes are good before distillation starts.
 */
public final class AcmConversion {
    private AcmConversion() {
    }

    /**
     * @param samples per layer, sample FFN inputs {@code [tokens × d]} row-major for the importance
     *     order, or null for the teacher's own unit order
     */
    public static SpeechEncoder fromTeacher(SpeechEncoder teacher, int learners, NDManager manager, float[][] samples) {
        ModelConfig tc = teacher.config();
        if (tc.isAcm()) {
            throw new IllegalArgumentException("the teacher must be a dense model");
        }
        SpeechEncoder student = new SpeechEncoder(tc.withLearners(learners)).initialize(manager);
        student.setFeatureStats(teacher.featureMean(), teacher.featureStd());
        Map<String, Parameter> from = new HashMap<>();
        for (Pair<String, Parameter> p : teacher.getParameters()) {
            from.put(p.getKey(), p.getValue());
        }
        for (Pair<String, Parameter> p : student.getParameters()) {
            Parameter t = from.get(p.getKey());
            if (t != null) {
                p.getValue().getArray().set(t.getArray().toFloatArray());
            }
        }
        for (int l = 0; l < tc.layers(); l++) {
            DenseFeedForward dense = (DenseFeedForward) teacher.layers().get(l).feedForward();
            AcmFeedForward acm = (AcmFeedForward) student.layers().get(l).feedForward();
            int[] order = samples == null ? identity(tc.ffnDim()) : importanceOrder(dense, samples[l], tc.dModel(), manager);
            split(dense, acm, order, tc.dModel());
        }
        return student;
    }

    static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    /** Hidden units, most important first. */
    static int[] importanceOrder(DenseFeedForward dense, float[] inputs, int d, NDManager parent) {
        int f = (int) dense.b1().getArray().getShape().get(0);
        int tokens = inputs.length / d;
        float[] importance;
        try (NDManager m = parent.newSubManager()) {
            NDArray h = Tensors.of(m, inputs, new Shape(tokens, d));
            NDArray act = Activation.gelu(ai.djl.nn.core.Linear.linear(h, dense.w1().getArray(), dense.b1().getArray()).singletonOrThrow());
            float[] meanAbs = act.abs().mean(new int[] {0}).toFloatArray();
            float[] w2 = dense.w2().getArray().toFloatArray(); // [d, F]
            importance = new float[f];
            for (int u = 0; u < f; u++) {
                double norm = 0;
                for (int k = 0; k < d; k++) {
                    norm += (double) w2[k * f + u] * w2[k * f + u];
                }
                importance[u] = (float) (meanAbs[u] * Math.sqrt(norm));
            }
        }
        Integer[] idx = new Integer[f];
        for (int i = 0; i < f; i++) {
            idx[i] = i;
        }
        float[] imp = importance;
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(imp[b], imp[a]));
        int[] order = new int[f];
        for (int i = 0; i < f; i++) {
            order[i] = idx[i];
        }
        return order;
    }

    /** Learner i gets units {@code order[i·W .. (i+1)·W)}. */
    static void split(DenseFeedForward dense, AcmFeedForward acm, int[] order, int d) {
        int f = order.length;
        int w = acm.width();
        float[] w1 = dense.w1().getArray().toFloatArray(); // [F, d]
        float[] b1 = dense.b1().getArray().toFloatArray(); // [F]
        float[] w2 = dense.w2().getArray().toFloatArray(); // [d, F]
        for (int i = 0; i < acm.learners(); i++) {
            float[] lw1 = new float[w * d];
            float[] lb1 = new float[w];
            float[] lw2 = new float[d * w];
            for (int j = 0; j < w; j++) {
                int u = order[i * w + j];
                System.arraycopy(w1, u * d, lw1, j * d, d);
                lb1[j] = b1[u];
                for (int k = 0; k < d; k++) {
                    lw2[k * w + j] = w2[k * f + u];
                }
            }
            acm.w1(i).getArray().set(lw1);
            acm.b1(i).getArray().set(lb1);
            acm.w2(i).getArray().set(lw2);
        }
    }
}
