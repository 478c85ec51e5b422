package dev.acmstream.asr.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.model.Tensors;
import dev.acmstream.asr.train.CtcTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Phase 3, end-to-end fine-tuning, as a loss hook of the CTC trainer. Every step samples a
 * budget b from [b_min, 1] and runs the student at exactly that mean learner fraction (each
 * layer's threshold is the batch's own score quantile), so every budget is trained. The budget
 * is b = b_min + (1 − b_min)·u^γ with u uniform in [0, 1): γ = 1 samples uniformly, γ > 1
 * trains the low budgets more often (γ = 2 puts 47 % of the steps below b = 0.375). With a static
 * mix p > 0, a fraction p of the steps runs the sampled budget as a static width instead: every
 * token of the batch at k = round(b·N) learners, so the first learners also train on whole
 * batches at each width, as the static-width baseline's do. The loss is
 *
 * <pre>CTC + λ_kd · KL(teacher ‖ student) + λ_gate · Σ_layers gate regression</pre>
 *
 * <p><b>How the gate gets gradient.</b> The run-time rule (take learners while their predicted
 * worth clears τ_l(b)) is a hard threshold, so the task loss gives the gate no gradient, as in
 * the paper's released code. Rather than a relaxation that training would see and inference
 * would not, the gate keeps learning its phase-2 target on live labels: at every layer, the
 * log error reduction each learner brings toward the full module output, computed from the
 * current learners on the current batch (inputs detached). The gate thus tracks the learners as
 * they change, and the budget is met by calibration, not by a penalty: the paper's budget,
 * entropy and diversity terms regularize a gate trained by the task loss and have nothing to act
 * on here.
 */
public final class AcmFineTuning implements CtcTrainer.LossHook {
    private final SpeechEncoder student;
    private final SpeechEncoder teacher;
    private final float distillWeight;
    private final float gateWeight;
    private final double minBudget;
    private final double evalBudget;
    private final double budgetSkew;
    private final int[] staticWidths;
    private final double staticMix;
    private final List<NDArray> gateLosses = new ArrayList<>();
    private double lastBudget = 1;

    /**
     * @param student the ACM model being trained, whose gates learn from live labels
     * @param teacher the model whose CTC posteriors the student matches, run at budget 1: the dense
     *     teacher, or an ACM model (self-distillation); null: no distillation term
     * @param gateWeight weight of the gates' live regression loss (0: the gates get no loss)
     * @param minBudget the lowest budget sampled
     * @param evalBudget the budget of dev evaluations, which pick the best model
     * @param budgetSkew the exponent γ of the budget sampling, at least 1 (1: uniform in [b_min, 1])
     * @param staticMix the fraction of steps, in [0, 1), that run their sampled budget b as a static
     *     width k = round(b·N) on every token instead of through the gate (0: always the gate)
     */
    public AcmFineTuning(SpeechEncoder student, SpeechEncoder teacher, float distillWeight, float gateWeight, double minBudget,
                         double evalBudget, double budgetSkew, double staticMix) {
        this(student, teacher, distillWeight, gateWeight, minBudget, evalBudget, budgetSkew, new int[0], staticMix);
    }

    /**
     * The static-width baseline: the same fine-tuning with every token of a batch at the same k
     * learners (no gate), for the comparison at equal compute. Each step draws k uniformly from
     * {@code widths}, the static counterpart of the ACM's budget sampled per batch, so that one
     * baseline model serves every listed width; a single width trains a model for that width only.
     * Dev evaluations (which pick the best checkpoint) run at the listed width nearest half the
     * learners (the wider on a tie).
     */
    public static AcmFineTuning staticWidth(SpeechEncoder student, SpeechEncoder teacher, float distillWeight, int... widths) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("at least one static width is needed");
        }
        for (int k : widths) {
            if (k < 1 || k > student.config().learners()) {
                throw new IllegalArgumentException("static width must be 1.." + student.config().learners() + ", got " + k);
            }
        }
        return new AcmFineTuning(student, teacher, distillWeight, 0f, 1, 1, 1, widths.clone(), 0);
    }

    private AcmFineTuning(SpeechEncoder student, SpeechEncoder teacher, float distillWeight, float gateWeight, double minBudget,
                          double evalBudget, double budgetSkew, int[] staticWidths, double staticMix) {
        if (!student.config().isAcm()) {
            throw new IllegalArgumentException("the student must be an ACM model");
        }
        if (!(budgetSkew >= 1 && budgetSkew <= 8)) {
            throw new IllegalArgumentException("budget skew must be in [1, 8], got " + budgetSkew);
        }
        if (!(staticMix >= 0 && staticMix < 1)) {
            throw new IllegalArgumentException("static mix must be in [0, 1), got " + staticMix);
        }
        this.student = student;
        this.teacher = teacher;
        this.distillWeight = distillWeight;
        this.gateWeight = gateWeight;
        this.minBudget = minBudget;
        this.evalBudget = evalBudget;
        this.budgetSkew = budgetSkew;
        this.staticWidths = staticWidths;
        this.staticMix = staticMix;
    }

    /** The budget the last training step sampled. */
    public double lastBudget() {
        return lastBudget;
    }

    @Override
    public LearnerPolicy policy(long step, Random r) {
        if (staticWidths.length > 0) {
            int k = step == Long.MAX_VALUE ? evalWidth() : staticWidths[staticWidths.length == 1 ? 0 : r.nextInt(staticWidths.length)];
            lastBudget = k / (double) student.config().learners();
            return LearnerPolicy.fixed(k);
        }
        if (step == Long.MAX_VALUE) {
            return LearnerPolicy.batchQuantile(evalBudget);
        }
        lastBudget = minBudget + (1 - minBudget) * Math.pow(r.nextDouble(), budgetSkew);
        if (staticMix > 0 && r.nextDouble() < staticMix) {
            int n = student.config().learners();
            int k = (int) Math.max(1, Math.min(n, Math.round(lastBudget * n)));
            lastBudget = k / (double) n;
            return LearnerPolicy.fixed(k);
        }
        return lastBudget >= 1 ? LearnerPolicy.full() : LearnerPolicy.batchQuantile(lastBudget);
    }

    private int evalWidth() {
        double half = student.config().learners() / 2.0;
        int best = staticWidths[0];
        for (int k : staticWidths) {
            double d = Math.abs(k - half);
            double bestD = Math.abs(best - half);
            if (d < bestD || d == bestD && k > best) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public void begin(ForwardContext ctx, NDArray features, int[] frames) {
        gateLosses.clear();
        if (gateWeight <= 0 || staticWidths.length > 0) {
            return;
        }
        boolean[] valid = FeatureBatch.validTokens(features, frames);
        ctx.withTap((layer, h, y) -> {
            gateLosses.add(gateLoss((AcmFeedForward) student.layers().get(layer).feedForward(), h, valid, ctx.manager()));
            return y;
        });
    }

    @Override
    public NDArray extend(NDArray ctcLoss, ForwardContext ctx, long step, NDArray features, int[] frames, NDArray logProbs, int[] tokens) {
        NDManager m = ctx.manager();
        NDArray loss = ctcLoss;
        if (teacher != null && distillWeight > 0) {
            ForwardContext tctx = ForwardContext.inference(m, LearnerPolicy.full());
            NDArray t = teacher.forward(features, frames, EncoderState.fresh(m, teacher.config(), frames.length), tctx)
                    .logits().logSoftmax(2).stopGradient();
            long b = logProbs.getShape().get(0);
            long len = logProbs.getShape().get(1);
            float[] mask = new float[(int) (b * len)];
            long real = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < tokens[i]; j++) {
                    mask[(int) (i * len + j)] = 1f;
                }
                real += tokens[i];
            }
            NDArray kl = t.exp().mul(t.sub(logProbs)).sum(new int[] {2}).mul(Tensors.of(m, mask, new Shape(b, len))).sum()
                    .div(Tensors.scalar(m, Math.max(1, real)));
            loss = loss.add(kl.mul(Tensors.scalar(m, distillWeight)));
        }
        for (NDArray g : gateLosses) {
            loss = loss.add(g.mul(Tensors.scalar(m, gateWeight)));
        }
        gateLosses.clear();
        return loss;
    }

    /** MSE between the gate's scores and the live log-worth labels of the real rows; only the gate gets gradient. */
    static NDArray gateLoss(AcmFeedForward acm, NDArray h, boolean[] valid, NDManager m) {
        long[] rows = realRows(valid);
        NDArray x = h.stopGradient().get(Tensors.of(m, rows, new Shape(rows.length)));
        int n = acm.learners();
        NDArray[] outs = new NDArray[n];
        NDArray full = null;
        for (int i = 0; i < n; i++) {
            outs[i] = acm.learner(i, x).stopGradient();
            full = full == null ? outs[i] : full.add(outs[i]);
        }
        float[] energy = full.square().sum(new int[] {1}).toFloatArray();
        double mean = 0;
        for (float e : energy) {
            mean += e;
        }
        mean = Math.max(mean / Math.max(1, energy.length), 1e-12);
        NDArray residual = full;
        float[][] errs = new float[n + 1][];
        errs[0] = energy;
        for (int i = 0; i < n; i++) {
            residual = residual.sub(outs[i]);
            errs[i + 1] = residual.square().sum(new int[] {1}).toFloatArray();
        }
        float[] labels = new float[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < n; j++) {
                labels[r * n + j] = (float) Math.log(Math.max((errs[j][r] - errs[j + 1][r]) / mean, GateTrainer.MIN_WORTH));
            }
        }
        return acm.gate(x).sub(Tensors.of(m, labels, new Shape(rows.length, n))).square().mean();
    }

    private static long[] realRows(boolean[] valid) {
        int n = 0;
        for (boolean v : valid) {
            n += v ? 1 : 0;
        }
        long[] rows = new long[n];
        int p = 0;
        for (int i = 0; i < valid.length; i++) {
            if (valid[i]) {
                rows[p++] = i;
            }
        }
        return rows;
    }
}
