package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.model.Tensors;
import dev.acmstream.asr.report.ProgressBar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Phase 1: each ACM learns its teacher feed-forward's output from cached activations, layer by
 * layer and independently. The loss is the mean over k = 1..N of the squared error of the
 * first-k prefix, divided by the layer's mean output energy, so every prefix is trained to be a
 * good output on its own.
 */
public final class ModuleDistiller {
    /** Relative error of static width k = 0..N on held-out tokens, before and after. */
    public record Result(int layer, double[] before, double[] after, int steps, double seconds) {
    }

    private final DistillConfig config;
    private final PrintStream log;

    public ModuleDistiller(DistillConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public Result distill(int layer, AcmFeedForward acm, ActivationCache.Layer data, NDManager parent) {
        long t0 = System.nanoTime();
        int d = data.dModel();
        int heldOut = Math.max(1, (int) (data.tokens() * config.heldOutFraction()));
        int trainTokens = data.tokens() - heldOut;
        double[] before = PrefixErrors.of(acm, data.inputs(), data.outputs(), d, trainTokens, heldOut, parent).relativeByK();
        double energy = meanEnergy(data.outputs(), trainTokens, d);
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i < acm.learners(); i++) {
            params.add(acm.w1(i));
            params.add(acm.b1(i));
            params.add(acm.w2(i));
        }
        Random r = new Random(config.seed() * 31 + layer);
        ProgressBar bar = new ProgressBar("phase 1, layer " + layer, config.moduleSteps(), log);
        TokenRegression.fit(new TokenRegression.Task(params, data.inputs(), d, data.outputs(), d, trainTokens, config.batchTokens(),
                config.moduleLr(), config.moduleSteps(), "loss"), (h, y, m) -> prefixLoss(acm, h, y, energy, m), r, bar, parent);
        double[] after = PrefixErrors.of(acm, data.inputs(), data.outputs(), d, trainTokens, heldOut, parent).relativeByK();
        double secs = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "phase 1, layer %d: relative error by k (held out) %s -> %s in %.0f s%n", layer, format(before),
                format(after), secs);
        return new Result(layer, before, after, config.moduleSteps(), secs);
    }

    /** Mean over k = 1..N of ||y − prefix_k||², over the mean energy; differentiable in the learners. */
    static NDArray prefixLoss(AcmFeedForward acm, NDArray h, NDArray y, double energy, NDManager m) {
        NDArray residual = y;
        NDArray total = null;
        long rows = h.getShape().get(0);
        for (int i = 0; i < acm.learners(); i++) {
            residual = residual.sub(acm.learner(i, h));
            NDArray e = residual.square().sum();
            total = total == null ? e : total.add(e);
        }
        return total.div(Tensors.scalar(m, (float) (acm.learners() * rows * Math.max(energy, 1e-12))));
    }

    static double meanEnergy(float[] outputs, int tokens, int d) {
        double s = 0;
        for (int i = 0; i < tokens * d; i++) {
            s += (double) outputs[i] * outputs[i];
        }
        return s / Math.max(1, tokens);
    }

    static String format(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return sb.append(']').toString();
    }
}
