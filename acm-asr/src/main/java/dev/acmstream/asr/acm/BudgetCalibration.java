package dev.acmstream.asr.acm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The per-layer threshold table τ_l(b) that turns a run-time budget b (the target mean fraction
 * of ACM learners per token) into a {@link LearnerPolicy#thresholds} policy.
 *
 * <p>A token takes learner j while min(s_1..s_j) ≥ τ, so the number of learners it takes is the
 * number of its running minima m_j at or above τ. The mean fraction over a calibration set is
 * then b exactly when τ is the (b·N·tokens)-th largest running minimum. {@code calibrate} fits τ
 * at each grid budget in that way, layer after layer with the earlier layers already at b, and
 * run time interpolates linearly between grid points.
 *
 * @param budgets increasing grid of budgets, the last one 1.0
 * @param thresholds {@code thresholds[i][layer]} for {@code budgets[i]}
 */
public record BudgetCalibration(double[] budgets, float[][] thresholds) {
    /** The smallest budget a model serves. */
    public static final double MIN_BUDGET = 0.2;

    public BudgetCalibration {
        if (budgets.length != thresholds.length || budgets.length < 2) {
            throw new IllegalArgumentException("calibration needs at least two budgets, one threshold row each");
        }
        for (int i = 1; i < budgets.length; i++) {
            if (budgets[i] <= budgets[i - 1]) {
                throw new IllegalArgumentException("calibration budgets must increase");
            }
        }
    }

    /** The grid that {@code calibrate} fits: 0.2, 0.225, ..., 1.0. */
    public static double[] defaultGrid() {
        int n = 33;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.round((MIN_BUDGET + i * 0.025) * 1000) / 1000.0;
        }
        return g;
    }

    /**
     * Thresholds for budget b. Below the grid it clamps to the lowest budget; between grid points
     * it interpolates; between the last finite point and b = 1 (every learner, τ = −∞) it
     * extrapolates the last interval's slope.
     */
    public float[] thresholdsFor(double b) {
        int layers = thresholds[0].length;
        float[] out = new float[layers];
        if (b >= 1.0) {
            Arrays.fill(out, Float.NEGATIVE_INFINITY);
            return out;
        }
        int finite = budgets.length;
        while (finite > 0 && Float.isInfinite(thresholds[finite - 1][0])) {
            finite--;
        }
        if (finite < 2) {
            throw new IllegalStateException("calibration has fewer than two finite budgets");
        }
        double x = Math.max(budgets[0], b);
        int i = 0;
        while (i + 2 < finite && budgets[i + 1] < x) {
            i++;
        }
        double w = (x - budgets[i]) / (budgets[i + 1] - budgets[i]);
        for (int l = 0; l < layers; l++) {
            out[l] = (float) (thresholds[i][l] + w * (thresholds[i + 1][l] - thresholds[i][l]));
        }
        return out;
    }

    public LearnerPolicy policyFor(double b) {
        return LearnerPolicy.thresholds(thresholdsFor(b));
    }

    /**
     * τ such that the mean number of learners over these tokens is {@code b · N}.
     *
     * @param scores gate scores {@code tokens × N}, row-major
     */
    public static float fitThreshold(float[] scores, int tokens, int learners, double b) {
        float[] minima = new float[tokens * learners];
        for (int t = 0; t < tokens; t++) {
            float run = Float.POSITIVE_INFINITY;
            for (int j = 0; j < learners; j++) {
                run = Math.min(run, scores[t * learners + j]);
                minima[t * learners + j] = run;
            }
        }
        Arrays.sort(minima);
        long want = Math.round(b * learners * tokens);
        if (want <= 0) {
            return Float.POSITIVE_INFINITY;
        }
        if (want >= minima.length) {
            return Float.NEGATIVE_INFINITY;
        }
        // The want-th largest value; the midpoint to the next one keeps ties on the right side.
        float kth = minima[minima.length - (int) want];
        float below = minima[minima.length - (int) want - 1];
        return below == kth ? kth : (kth + below) / 2f;
    }

    public void write(Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new Json(budgets, encode(thresholds)));
    }

    public static BudgetCalibration read(Path file) throws IOException {
        Json j = new ObjectMapper().readValue(file.toFile(), Json.class);
        return new BudgetCalibration(j.budgets(), decode(j.thresholds()));
    }

    /** JSON has no infinities: −∞ is written as null. */
    private record Json(double[] budgets, Float[][] thresholds) {
    }

    private static Float[][] encode(float[][] t) {
        Float[][] out = new Float[t.length][];
        for (int i = 0; i < t.length; i++) {
            out[i] = new Float[t[i].length];
            for (int l = 0; l < t[i].length; l++) {
                out[i][l] = Float.isInfinite(t[i][l]) ? null : t[i][l];
            }
        }
        return out;
    }

    private static float[][] decode(Float[][] t) {
        float[][] out = new float[t.length][];
        for (int i = 0; i < t.length; i++) {
            out[i] = new float[t[i].length];
            for (int l = 0; l < t[i].length; l++) {
                out[i][l] = t[i][l] == null ? Float.NEGATIVE_INFINITY : t[i][l];
            }
        }
        return out;
    }
}
