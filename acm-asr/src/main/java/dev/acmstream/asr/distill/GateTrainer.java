package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.model.Tensors;
import dev.acmstream.asr.report.ProgressBar;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Phase 2: the gate learns, per token, how much each extra learner is worth, by regression on
 * the error reduction it brings (as D2DMoE regresses expert norms): the label of learner j is
 * {@code log((e_j − e_{j+1}) / E)}, where e_j is the squared error of the first-j prefix against the
 * target and E the layer's mean target energy. At run time a token takes learners while their
 * predicted worth is at least the layer's threshold τ_l(b), which is the greedy allocation of a
 * compute budget when returns diminish. Only the gate's parameters train; the learners are fixed.
 */
public final class GateTrainer {
    /**
     * Relative error on held-out tokens at mean learner fractions {@link #BUDGETS}: with k from
     * the gate at a threshold fitted to the fraction, and with the same k for every token.
     */
    public record Result(int layer, double labelMseBefore, double labelMseAfter, double[] gateError, double[] staticError,
                         double[] oracleError, double seconds) {
    }

    /**
     * Worth below this (a millionth of the mean output energy, or negative: the learner hurts) is
     * one class; the labels are log-worth, so that the gate ranks small gains as carefully as
     * large ones. Thresholds compare scores, and the log keeps their order.
     */
    static final double MIN_WORTH = 1e-6;

    /** Fractions at which phase 2 reports the gate against static width (k = 1, 2, 3 of 4). */
    public static final double[] BUDGETS = {0.25, 0.5, 0.75};

    private final DistillConfig config;
    private final PrintStream log;

    public GateTrainer(DistillConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public Result train(int layer, AcmFeedForward acm, ActivationCache.Layer data, NDManager parent) {
        return train("phase 2", layer, acm, data, parent);
    }

    /** As {@link #train(int, AcmFeedForward, ActivationCache.Layer, NDManager)}, logging under {@code phase}. */
    public Result train(String phase, int layer, AcmFeedForward acm, ActivationCache.Layer data, NDManager parent) {
        return train(phase, layer, acm, data, null, parent);
    }

    /**
     * As {@link #train(String, int, AcmFeedForward, ActivationCache.Layer, NDManager)}, with each
     * token's worth scaled by its weight: with {@link TokenSensitivity}'s weights, a learner's
     * label is the loss increase its absence is expected to cause rather than the module error
     * it removes, so the gate spends learners on the tokens the output depends on.
     *
     * @param tokenWeights one non-negative weight per token of {@code data}, or null for 1 each
     */
    public Result train(String phase, int layer, AcmFeedForward acm, ActivationCache.Layer data, float[] tokenWeights,
                        NDManager parent) {
        if (tokenWeights != null && tokenWeights.length != data.tokens()) {
            throw new IllegalArgumentException(tokenWeights.length + " token weights for " + data.tokens() + " tokens");
        }
        long t0 = System.nanoTime();
        int d = data.dModel();
        int n = acm.learners();
        int heldOut = Math.max(1, (int) (data.tokens() * config.heldOutFraction()));
        int trainTokens = data.tokens() - heldOut;
        PrefixErrors errors = PrefixErrors.of(acm, data.inputs(), data.outputs(), d, 0, data.tokens(), parent);
        double energy = ModuleDistiller.meanEnergy(data.outputs(), trainTokens, d);
        float[] labels = new float[data.tokens() * n];
        for (int t = 0; t < data.tokens(); t++) {
            for (int j = 0; j < n; j++) {
                double worth = (errors.errors[t][j] - errors.errors[t][j + 1]) / Math.max(energy, 1e-12)
                        * (tokenWeights == null ? 1.0 : tokenWeights[t]);
                labels[t * n + j] = (float) Math.log(Math.max(worth, MIN_WORTH));
            }
        }
        double before = labelMse(acm, data, labels, trainTokens, heldOut, parent);
        List<Parameter> params = Arrays.asList(acm.gateParameters());
        Random r = new Random(config.seed() * 17 + layer);
        ProgressBar bar = new ProgressBar(phase + ", layer " + layer, config.gateSteps(), log);
        TokenRegression.fit(new TokenRegression.Task(params, data.inputs(), d, labels, n, trainTokens, config.batchTokens(),
                config.gateLr(), config.gateSteps(), "label mse"), (h, y, m) -> acm.gate(h).sub(y).square().mean(), r, bar, parent);
        double after = labelMse(acm, data, labels, trainTokens, heldOut, parent);

        // Held-out allocation: the gate's k against static k at the same mean fraction.
        float[] scores = scores(acm, data, trainTokens, heldOut, parent);
        PrefixErrors held = PrefixErrors.slice(errors, trainTokens, heldOut);
        double[] gateError = new double[BUDGETS.length];
        double[] staticError = new double[BUDGETS.length];
        double[] oracleError = new double[BUDGETS.length];
        float[] truth = java.util.Arrays.copyOfRange(labels, trainTokens * n, (trainTokens + heldOut) * n);
        boolean[] valid = new boolean[heldOut];
        Arrays.fill(valid, true);
        for (int b = 0; b < BUDGETS.length; b++) {
            float tau = BudgetCalibration.fitThreshold(scores, heldOut, n, BUDGETS[b]);
            float[] taus = new float[layer + 1];
            taus[layer] = tau;
            gateError[b] = held.relative(LearnerPolicy.thresholds(taus).choose(layer, scores, valid, n));
            taus[layer] = BudgetCalibration.fitThreshold(truth, heldOut, n, BUDGETS[b]);
            oracleError[b] = held.relative(LearnerPolicy.thresholds(taus).choose(layer, truth, valid, n));
            staticError[b] = held.relative(LearnerPolicy.fixed((int) Math.round(BUDGETS[b] * n)).choose(layer, null, valid, n));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "%s, layer %d: label mse %.4f -> %.4f; held-out relative error at fractions %s: gate %s, static %s, "
                + "perfect gate %s (%.0f s)%n", phase, layer, before, after, Arrays.toString(BUDGETS), ModuleDistiller.format(gateError),
                ModuleDistiller.format(staticError), ModuleDistiller.format(oracleError), secs);
        return new Result(layer, before, after, gateError, staticError, oracleError, secs);
    }

    /**
     * The layer's cached inputs with the ACM's own full output (all N learners) as the target, in
     * place of the teacher's: after end-to-end fine-tuning the learners no longer approximate the
     * teacher's feed-forward, and a gate refitted on these targets ranks each learner by what it
     * adds toward the module's own output, as phase 3's live gate labels do.
     */
    public static ActivationCache.Layer ownTargets(AcmFeedForward acm, ActivationCache.Layer data, NDManager parent) {
        int d = data.dModel();
        float[] outputs = new float[data.tokens() * d];
        int slice = 2048;
        for (int s = 0; s < data.tokens(); s += slice) {
            int rows = Math.min(slice, data.tokens() - s);
            try (NDManager m = parent.newSubManager()) {
                float[] in = new float[rows * d];
                System.arraycopy(data.inputs(), s * d, in, 0, rows * d);
                NDArray full = acm.sumOfAll(Tensors.of(m, in, new Shape(rows, d)), m);
                System.arraycopy(full.toFloatArray(), 0, outputs, s * d, rows * d);
            }
        }
        return new ActivationCache.Layer(data.inputs(), outputs, data.tokens(), d);
    }

    private static float[] scores(AcmFeedForward acm, ActivationCache.Layer data, int first, int count, NDManager parent) {
        int d = data.dModel();
        float[] in = new float[count * d];
        System.arraycopy(data.inputs(), first * d, in, 0, count * d);
        try (NDManager m = parent.newSubManager()) {
            return acm.gate(Tensors.of(m, in, new Shape(count, d))).toFloatArray();
        }
    }

    private static double labelMse(AcmFeedForward acm, ActivationCache.Layer data, float[] labels, int first, int count, NDManager parent) {
        int n = acm.learners();
        float[] s = scores(acm, data, first, count, parent);
        double sum = 0;
        for (int i = 0; i < count * n; i++) {
            double e = s[i] - labels[first * n + i];
            sum += e * e;
        }
        return sum / (count * n);
    }
}
