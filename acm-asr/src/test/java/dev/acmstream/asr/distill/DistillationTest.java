package dev.acmstream.asr.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.model.DenseFeedForward;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.testing.TinyModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phases 1 and 2 of ACMization on a tiny random dense teacher. */
class DistillationTest {
    static NDManager manager;
    static SpeechEncoder teacher;
    static List<float[][]> features;
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        teacher = TinyModels.encoder(TinyModels.DENSE, manager, 3);
        features = TinyModels.features(40, 120, 240, 7);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Logits of the real tokens (padding rows differ: an ACM gives them no learners). */
    private static float[] logits(SpeechEncoder e, LearnerPolicy policy) {
        try (NDManager m = manager.newSubManager()) {
            FeatureBatch fb = FeatureBatch.of(features.subList(0, 4), e.config(), m);
            SpeechEncoder.Output out = e.forward(fb.features(), fb.frames(), EncoderState.fresh(m, e.config(), 4),
                    ForwardContext.inference(m, policy));
            float[] all = out.logits().toFloatArray();
            int t = (int) out.logits().getShape().get(1);
            int v = e.config().vocab();
            float[] real = new float[0];
            for (int b = 0; b < 4; b++) {
                int n = out.tokens()[b] * v;
                float[] more = java.util.Arrays.copyOf(real, real.length + n);
                System.arraycopy(all, b * t * v, more, real.length, n);
                real = more;
            }
            return real;
        }
    }

    private static ActivationCache.Layer cachedLayer(Path dir, int layer) throws Exception {
        if (!ActivationCache.exists(dir)) {
            ActivationCache.build(teacher, features, Long.MAX_VALUE, 8, dir, manager, QUIET);
        }
        return ActivationCache.load(dir, layer);
    }

    @Test
    void theCacheHoldsEveryRealTokenOfEveryLayerInFp16(@TempDir Path dir) throws Exception {
        ActivationCache.Meta meta = ActivationCache.build(teacher, features, Long.MAX_VALUE, 8, dir, manager, QUIET);
        long expected = 0;
        for (float[][] f : features) {
            expected += (f.length + 3) / 4;
        }
        assertThat(meta.tokens()).isEqualTo(expected);
        assertThat(meta.layers()).isEqualTo(TinyModels.DENSE.layers());
        // The cached outputs are the teacher FFN applied to the cached inputs (up to fp16 rounding).
        ActivationCache.Layer l = ActivationCache.load(dir, 1);
        DenseFeedForward ffn = (DenseFeedForward) teacher.layers().get(1).feedForward();
        try (NDManager m = manager.newSubManager()) {
            int n = 200;
            int d = l.dModel();
            float[] in = java.util.Arrays.copyOf(l.inputs(), n * d);
            float[] y = ffn.forward(dev.acmstream.asr.model.Tensors.of(m, in, new ai.djl.ndarray.types.Shape(n, d)), new boolean[n], 1,
                    ForwardContext.inference(m, LearnerPolicy.full())).toFloatArray();
            for (int i = 0; i < n * d; i++) {
                assertThat(l.outputs()[i]).isCloseTo(y[i], within(2e-2f + 2e-3f * Math.abs(y[i])));
            }
        }
        ActivationCache.Meta capped = ActivationCache.build(teacher, features, 100, 8, dir.resolve("capped"), manager, QUIET);
        assertThat(capped.utterances()).isLessThan(features.size());
        assertThat(capped.tokens()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void theConvertedModelIsTheTeacherAtFullBudgetWithTheImportantUnitsFirst(@TempDir Path dir) throws Exception {
        float[][] samples = new float[TinyModels.DENSE.layers()][];
        for (int l = 0; l < samples.length; l++) {
            samples[l] = cachedLayer(dir, l).inputs();
        }
        SpeechEncoder ordered = AcmConversion.fromTeacher(teacher, 4, manager, samples);
        SpeechEncoder plain = AcmConversion.fromTeacher(teacher, 4, manager, null);
        assertThat(ordered.config().isAcm()).isTrue();
        float[] t = logits(teacher, LearnerPolicy.full());
        float[] a = logits(ordered, LearnerPolicy.full());
        for (int i = 0; i < t.length; i++) {
            assertThat(a[i]).isCloseTo(t[i], within(1e-4f));
        }
        for (int l = 0; l < samples.length; l++) {
            ActivationCache.Layer layer = cachedLayer(dir, l);
            double[] byImportance = PrefixErrors.of(ffn(ordered, l), layer.inputs(), layer.outputs(), layer.dModel(), 0, layer.tokens(), manager)
                    .relativeByK();
            double[] byIndex = PrefixErrors.of(ffn(plain, l), layer.inputs(), layer.outputs(), layer.dModel(), 0, layer.tokens(), manager)
                    .relativeByK();
            assertThat(byImportance[0]).isCloseTo(1.0, within(1e-9));
            assertThat(byImportance[4]).isLessThan(1e-3);
            assertThat(byImportance[1]).as("layer %d, one learner", l).isLessThan(byIndex[1]);
        }
    }

    private static AcmFeedForward ffn(SpeechEncoder e, int l) {
        return (AcmFeedForward) e.layers().get(l).feedForward();
    }

    @Test
    void phaseOneImprovesEveryPrefix(@TempDir Path dir) throws Exception {
        ActivationCache.Layer layer = cachedLayer(dir, 0);
        SpeechEncoder student = AcmConversion.fromTeacher(teacher, 4, manager, null);
        DistillConfig cfg = new DistillConfig(300, 400, 256, 3e-3f, 5e-3f, 0.1, 1);
        ModuleDistiller.Result r1 = new ModuleDistiller(cfg, QUIET).distill(0, ffn(student, 0), layer, manager);
        double meanBefore = (r1.before()[1] + r1.before()[2] + r1.before()[3] + r1.before()[4]) / 4;
        double meanAfter = (r1.after()[1] + r1.after()[2] + r1.after()[3] + r1.after()[4]) / 4;
        assertThat(meanAfter).as("mean prefix error %s -> %s", ModuleDistiller.format(r1.before()), ModuleDistiller.format(r1.after()))
                .isLessThan(0.8 * meanBefore);
        assertThat(r1.after()[1]).isLessThan(r1.before()[1]);
        for (int k = 1; k < 4; k++) {
            assertThat(r1.after()[k + 1]).as("more learners, less error").isLessThan(r1.after()[k]);
        }
    }

    /**
     * Tokens whose feed-forward output is larger (here: as a function of the input the gate sees)
     * gain more from every learner; a trained gate gives them more learners and so beats the same
     * k for every token at the same mean fraction.
     */
    @Test
    void phaseTwoLearnsWhichTokensNeedMoreLearners(@TempDir Path dir) throws Exception {
        ActivationCache.Layer cached = cachedLayer(dir, 0);
        int d = cached.dModel();
        float[] targets = cached.outputs().clone();
        for (int t = 0; t < cached.tokens(); t++) {
            float scale = (float) Math.exp(1.5 * cached.inputs()[t * d]);
            for (int k = 0; k < d; k++) {
                targets[t * d + k] *= scale;
            }
        }
        ActivationCache.Layer layer = new ActivationCache.Layer(cached.inputs(), targets, cached.tokens(), d);
        SpeechEncoder student = AcmConversion.fromTeacher(teacher, 4, manager, null);
        DistillConfig cfg = new DistillConfig(0, 500, 256, 3e-3f, 5e-3f, 0.1, 1);
        GateTrainer.Result r = new GateTrainer(cfg, QUIET).train(0, ffn(student, 0), layer, manager);
        assertThat(r.labelMseAfter()).isLessThan(0.5 * r.labelMseBefore());
        for (int b = 0; b < GateTrainer.BUDGETS.length; b++) {
            assertThat(r.gateError()[b]).as("fraction %.2f: gate %.4f vs static %.4f", GateTrainer.BUDGETS[b], r.gateError()[b],
                    r.staticError()[b]).isLessThan(r.staticError()[b]);
        }
    }

    @Test
    void aGateRefitTargetsTheModulesOwnFullOutput(@TempDir Path dir) throws Exception {
        ActivationCache.Layer cached = cachedLayer(dir, 1);
        SpeechEncoder student = AcmConversion.fromTeacher(teacher, 4, manager, null);
        AcmFeedForward acm = ffn(student, 1);
        // Fine-tuning moved the learners away from the teacher: the last one now adds twice as much.
        acm.w2(3).getArray().muli(2f);

        ActivationCache.Layer own = GateTrainer.ownTargets(acm, cached, manager);

        assertThat(own.inputs()).isSameAs(cached.inputs());
        assertThat(own.tokens()).isEqualTo(cached.tokens());
        int d = cached.dModel();
        try (NDManager m = manager.newSubManager()) {
            int[] all = new int[cached.tokens()];
            java.util.Arrays.fill(all, 4);
            float[] expected = acm.maskedReference(dev.acmstream.asr.model.Tensors.of(m, cached.inputs(),
                    new ai.djl.ndarray.types.Shape(cached.tokens(), d)), all, m).toFloatArray();
            assertThat(own.outputs()).containsExactly(expected, within(1e-4f));
        }
        PrefixErrors teacherErrors = PrefixErrors.of(acm, cached.inputs(), cached.outputs(), d, 0, cached.tokens(), manager);
        PrefixErrors ownErrors = PrefixErrors.of(acm, own.inputs(), own.outputs(), d, 0, own.tokens(), manager);
        assertThat(teacherErrors.relativeByK()[4]).isGreaterThan(0.01);
        assertThat(ownErrors.relativeByK()[4]).isLessThan(1e-6);

        DistillConfig cfg = new DistillConfig(0, 300, 256, 3e-3f, 5e-3f, 0.1, 1);
        GateTrainer.Result r = new GateTrainer(cfg, QUIET).train("gate refit", 1, acm, own, manager);
        assertThat(r.labelMseAfter()).isLessThan(r.labelMseBefore());
    }

    @Test
    void onlyADenseTeacherConverts() {
        SpeechEncoder acm = TinyModels.encoder(TinyModels.ACM, manager, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AcmConversion.fromTeacher(acm, 4, manager, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ModelConfig.DEFAULT.withLearners(0).isAcm()).isFalse();
    }
}
