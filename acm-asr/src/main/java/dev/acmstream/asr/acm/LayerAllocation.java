package dev.acmstream.asr.acm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How a budget b is shared among the ACM layers: layer l serves the learner fraction b_l(b), and
 * the b_l average to b, so the encoder's MACs are those of b whatever the split. Uniform (every
 * layer at b) is what the calibration assumes unless told otherwise; a searched allocation gives
 * more learners to the layers where they lower the loss most.
 *
 * <p>Between the budgets of the table, fractions interpolate linearly (which keeps the mean at
 * b); below the first and above the last budget they shift by b's distance from it, clamped to
 * [0, 1], so that layers keep their order.
 *
 * @param budgets increasing budgets
 * @param fractions {@code fractions[i][layer]}, averaging to {@code budgets[i]}
 */
public record LayerAllocation(double[] budgets, double[][] fractions) {
    /** How far a row's mean may stray from its budget. */
    private static final double MEAN_TOLERANCE = 1e-6;

    public LayerAllocation {
        if (budgets.length == 0 || budgets.length != fractions.length) {
            throw new IllegalArgumentException("an allocation needs one row of fractions per budget, and at least one budget");
        }
        int layers = fractions[0].length;
        for (int i = 0; i < budgets.length; i++) {
            if (i > 0 && budgets[i] <= budgets[i - 1]) {
                throw new IllegalArgumentException("allocation budgets must increase");
            }
            if (fractions[i].length != layers) {
                throw new IllegalArgumentException("every budget needs a fraction for each of the " + layers + " layers");
            }
            double sum = 0;
            for (double f : fractions[i]) {
                if (!(f >= 0 && f <= 1)) {
                    throw new IllegalArgumentException("layer fraction " + f + " at budget " + budgets[i] + " is outside [0, 1]");
                }
                sum += f;
            }
            if (Math.abs(sum / layers - budgets[i]) > MEAN_TOLERANCE) {
                throw new IllegalArgumentException("layer fractions at budget " + budgets[i] + " average " + sum / layers);
            }
        }
    }

    /** Every layer at b. */
    public static LayerAllocation uniform(int layers) {
        double[][] rows = new double[2][layers];
        Arrays.fill(rows[1], 1.0);
        return new LayerAllocation(new double[] {0.0, 1.0}, rows);
    }

    public int layers() {
        return fractions[0].length;
    }

    /** The learner fraction of each layer at budget b. */
    public double[] fractionsFor(double b) {
        int n = budgets.length;
        if (b <= budgets[0]) {
            return shifted(fractions[0], b - budgets[0]);
        }
        if (b >= budgets[n - 1]) {
            return shifted(fractions[n - 1], b - budgets[n - 1]);
        }
        int i = 0;
        while (budgets[i + 1] < b) {
            i++;
        }
        double w = (b - budgets[i]) / (budgets[i + 1] - budgets[i]);
        double[] out = new double[layers()];
        for (int l = 0; l < out.length; l++) {
            out[l] = fractions[i][l] + w * (fractions[i + 1][l] - fractions[i][l]);
        }
        return out;
    }

    /** Every fraction moved by delta, clamped; the clamped excess is spread over the others. */
    private static double[] shifted(double[] row, double delta) {
        double[] out = row.clone();
        double target = 0;
        for (int l = 0; l < out.length; l++) {
            target += row[l] + delta;
        }
        target = Math.min(out.length, Math.max(0, target));
        // Water-filling: one common shift s with Σ clamp(row + s) = target, found by bisection.
        double lo = -1;
        double hi = 1;
        for (int it = 0; it < 60; it++) {
            double s = (lo + hi) / 2;
            double sum = 0;
            for (double r : row) {
                sum += Math.min(1, Math.max(0, r + s));
            }
            if (sum < target) {
                lo = s;
            } else {
                hi = s;
            }
        }
        double s = (lo + hi) / 2;
        for (int l = 0; l < out.length; l++) {
            out[l] = Math.min(1, Math.max(0, row[l] + s));
        }
        return out;
    }

    public void write(Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    public static LayerAllocation read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), LayerAllocation.class);
    }
}
