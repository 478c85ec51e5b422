package dev.acmstream.asr.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.ctc.CtcLoss;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.testing.TinyModels;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Phase 3's loss hook on a tiny teacher and its converted ACM student. */
class AcmFineTuningTest {
    NDManager manager;
    SpeechEncoder teacher;
    SpeechEncoder student;
    List<float[][]> features = TinyModels.features(6, 100, 200, 5);
    int[][] labels = {{1, 2, 3}, {4, 5}, {6, 7, 8, 9}, {2}, {3, 3}, {10, 11}};

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        teacher = TinyModels.encoder(TinyModels.DENSE, manager, 3);
        student = AcmConversion.fromTeacher(teacher, 4, manager, null);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** One training step's loss with the hook; gradients stay on the parameters for inspection. */
    private float step(AcmFineTuning hook, LearnerPolicy policy, double[] fraction) {
        for (Pair<String, Parameter> p : student.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
        }
        try (NDManager m = manager.newSubManager()) {
            FeatureBatch fb = FeatureBatch.of(features, student.config(), m);
            ForwardContext ctx = new ForwardContext(m, true, policy);
            hook.begin(ctx, fb.features(), fb.frames());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                SpeechEncoder.Output out = student.forward(fb.features(), fb.frames(), EncoderState.fresh(m, student.config(), 6), ctx);
                NDArray logProbs = out.logits().logSoftmax(2);
                NDArray ctc = CtcLoss.loss(logProbs, out.tokens(), labels).perUtterance().mean();
                NDArray loss = hook.extend(ctc, ctx, 0, fb.features(), fb.frames(), logProbs, out.tokens());
                gc.backward(loss);
                fraction[0] = ctx.learnerFraction(4);
                return loss.getFloat() - ctc.getFloat();
            }
        }
    }

    private double gradNorm(Parameter p) {
        float[] g = p.getArray().getGradient().toFloatArray();
        double s = 0;
        for (float v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void theConvertedStudentAtFullBudgetHasNoDistillationLoss() {
        AcmFineTuning hook = new AcmFineTuning(student, teacher, 1f, 0f, 0.2, 0.5, 1, 0);
        double[] f = new double[1];
        float extra = step(hook, LearnerPolicy.full(), f);
        assertThat(extra).isCloseTo(0f, within(1e-4f));
        float atQuarter = step(hook, LearnerPolicy.batchQuantile(0.25), f);
        assertThat(atQuarter).as("a quarter of the learners departs from the teacher").isGreaterThan(1e-4f);
        assertThat(f[0]).isCloseTo(0.25, within(0.02));
    }

    @Test
    void theGateLearnsOnlyFromItsRegressionLoss() {
        AcmFeedForward ffn = (AcmFeedForward) student.layers().get(0).feedForward();
        double[] f = new double[1];
        step(new AcmFineTuning(student, teacher, 1f, 0f, 0.2, 0.5, 1, 0), LearnerPolicy.batchQuantile(0.5), f);
        assertThat(gradNorm(ffn.gateParameters()[0])).as("no gradient from CTC and KL through hard thresholds").isZero();
        assertThat(gradNorm(ffn.w1(0))).isPositive();
        double extraWithGate = step(new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 1, 0), LearnerPolicy.batchQuantile(0.5), f);
        assertThat(gradNorm(ffn.gateParameters()[0])).isPositive();
        assertThat(extraWithGate).isPositive();
    }

    @Test
    void trainingSamplesBudgetsOverTheWholeRangeAndStaticWidthPinsK() {
        AcmFineTuning hook = new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 1, 0);
        Random r = new Random(1);
        double lo = 1;
        double hi = 0;
        for (int i = 0; i < 200; i++) {
            hook.policy(i, r);
            lo = Math.min(lo, hook.lastBudget());
            hi = Math.max(hi, hook.lastBudget());
        }
        assertThat(lo).isBetween(0.2, 0.25);
        assertThat(hi).isBetween(0.95, 1.0);
        AcmFineTuning fixed = AcmFineTuning.staticWidth(student, teacher, 1f, 2);
        int[] k = fixed.policy(3, r).choose(0, null, new boolean[] {true, true, true}, 4);
        assertThat(k).containsExactly(2, 2, 2);
    }

    @Test
    void aStaticWidthListDrawsEveryListedWidthPerBatchAndEvaluatesNearHalf() {
        AcmFineTuning mixed = AcmFineTuning.staticWidth(student, teacher, 1f, 1, 3, 4);
        Random r = new Random(2);
        Set<Integer> seen = new TreeSet<>();
        boolean[] valid = {true, true};
        for (int i = 0; i < 100; i++) {
            int[] k = mixed.policy(i, r).choose(0, null, valid, 4);
            assertThat(k[0]).isEqualTo(k[1]);
            assertThat(mixed.lastBudget()).isEqualTo(k[0] / 4.0);
            seen.add(k[0]);
        }
        assertThat(seen).containsExactly(1, 3, 4);
        assertThat(mixed.policy(Long.MAX_VALUE, r).choose(0, null, valid, 4)).containsExactly(3, 3);
        assertThatThrownBy(() -> AcmFineTuning.staticWidth(student, teacher, 1f, 1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBudgetSkewTrainsTheLowBudgetsMoreOftenAndKeepsTheRange() {
        AcmFineTuning uniform = new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 1, 0);
        AcmFineTuning skewed = new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 2, 0);
        Random ru = new Random(3);
        Random rs = new Random(3);
        int lowUniform = 0;
        int lowSkewed = 0;
        double lo = 1;
        double hi = 0;
        for (int i = 0; i < 2000; i++) {
            uniform.policy(i, ru);
            skewed.policy(i, rs);
            lowUniform += uniform.lastBudget() < 0.375 ? 1 : 0;
            lowSkewed += skewed.lastBudget() < 0.375 ? 1 : 0;
            lo = Math.min(lo, skewed.lastBudget());
            hi = Math.max(hi, skewed.lastBudget());
        }
        // P(b < 0.375) is 0.175 / 0.8 = 0.22 uniformly and sqrt(0.22) = 0.47 with γ = 2.
        assertThat(lowUniform / 2000.0).isBetween(0.19, 0.25);
        assertThat(lowSkewed / 2000.0).isBetween(0.43, 0.51);
        assertThat(lo).isGreaterThanOrEqualTo(0.2);
        assertThat(hi).isBetween(0.9, 1.0);
        assertThatThrownBy(() -> new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStaticMixRunsThatShareOfTheBudgetsAsAStaticWidthAndLeavesTheRestToTheGate() {
        AcmFineTuning gated = new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 1, 0);
        Random rg = new Random(5);
        for (int i = 0; i < 50; i++) {
            assertThat(gated.policy(i, rg).needsGate() || gated.lastBudget() >= 1).isTrue();
        }
        AcmFineTuning mixed = new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 1, 0.5);
        Random r = new Random(5);
        boolean[] valid = {true, true, true};
        int fixed = 0;
        Set<Integer> widths = new TreeSet<>();
        for (int i = 0; i < 2000; i++) {
            LearnerPolicy p = mixed.policy(i, r);
            if (!p.needsGate()) {
                fixed++;
                int[] k = p.choose(0, null, valid, 4);
                assertThat(k).containsOnly(k[0]);
                assertThat(mixed.lastBudget()).isEqualTo(k[0] / 4.0);
                widths.add(k[0]);
            }
        }
        assertThat(fixed / 2000.0).isBetween(0.46, 0.54);
        // b in [0.2, 1): round(4b) reaches every width 1..4.
        assertThat(widths).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(mixed.policy(Long.MAX_VALUE, r).needsGate()).isTrue();
        assertThatThrownBy(() -> new AcmFineTuning(student, teacher, 1f, 0.1f, 0.2, 0.5, 1, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
