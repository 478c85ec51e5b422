package dev.acmstream.asr.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.ctc.CtcLoss;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.testing.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSensitivityTest {
    private static final int[][] LABELS = {{3, 4, 5}, {7, 7, 8, 2}};

    /** The summed CTC loss with {@code delta} added to one element of one layer's feed-forward output. */
    private static double loss(SpeechEncoder enc, List<float[][]> feats, int layer, int row, int dim, float delta, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            FeatureBatch fb = FeatureBatch.of(feats, enc.config(), m);
            ForwardContext ctx = ForwardContext.inference(m, LearnerPolicy.full()).withTap((l, h, y) -> {
                if (l != layer) {
                    return y;
                }
                float[] bump = new float[(int) y.size()];
                bump[row * enc.config().dModel() + dim] = delta;
                return y.add(m.create(bump, y.getShape()));
            });
            SpeechEncoder.Output o = enc.forward(fb.features(), fb.frames(), EncoderState.fresh(m, enc.config(), feats.size()), ctx);
            return CtcLoss.loss(o.logits().logSoftmax(2), o.tokens(), LABELS).perUtterance().sum().getFloat();
        }
    }

    /** |∂L/∂y_row|² at one layer by central differences. */
    private static double squaredGradient(SpeechEncoder enc, List<float[][]> feats, int layer, int row, NDManager m) {
        float eps = 1e-2f;
        double sq = 0;
        for (int j = 0; j < enc.config().dModel(); j++) {
            double g = (loss(enc, feats, layer, row, j, eps, m) - loss(enc, feats, layer, row, j, -eps, m)) / (2 * eps);
            sq += g * g;
        }
        return sq;
    }

    @Test
    void weightsFollowTheSquaredLossGradientAtEachToken() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 5);
            List<float[][]> feats = TinyModels.features(2, 48, 64, 9);

            List<TokenSensitivity.Layer> layers = TokenSensitivity.collect(enc, feats, List.of(LABELS), 2, Long.MAX_VALUE, m, null);

            FeatureBatch fb = FeatureBatch.of(feats, enc.config(), m);
            boolean[] valid = FeatureBatch.validTokens(fb.features(), fb.frames());
            int real = 0;
            int firstReal = -1;
            int lastReal = -1;
            for (int r = 0; r < valid.length; r++) {
                if (valid[r]) {
                    firstReal = firstReal < 0 ? r : firstReal;
                    lastReal = r;
                    real++;
                }
            }
            assertThat(layers).hasSize(TinyModels.ACM.layers());
            for (TokenSensitivity.Layer l : layers) {
                assertThat(l.weights()).hasSize(real);
                assertThat(l.activations().tokens()).isEqualTo(real);
                double mean = 0;
                for (float w : l.weights()) {
                    assertThat(w).isGreaterThanOrEqualTo(0f);
                    mean += w / real;
                }
                assertThat(mean).isCloseTo(1.0, within(1e-4));
            }
            // The ratio of two tokens' weights is the ratio of their squared gradients, measured by finite differences.
            for (int layer = 0; layer < layers.size(); layer++) {
                float[] w = layers.get(layer).weights();
                double expected = squaredGradient(enc, feats, layer, firstReal, m) / squaredGradient(enc, feats, layer, lastReal, m);
                assertThat(w[0] / (double) w[real - 1]).isCloseTo(expected, within(0.05 * expected));
            }
        }
    }

    @Test
    void aPowerTempersTheSpreadAndKeepsTheMeanAtOne() {
        float[] raw = {4f, 1f, 0f, 3f};
        TokenSensitivity.Layer layer = new TokenSensitivity.Layer(new ActivationCache.Layer(new float[4], new float[4], 4, 1), raw);

        assertThat(layer.weights(0)).containsExactly(1f, 1f, 1f, 1f);
        float[] half = layer.weights(0.5);
        double mean = (2 + 1 + 0 + Math.sqrt(3)) / 4;
        assertThat(half[0]).isCloseTo((float) (2 / mean), within(1e-5f));
        assertThat(half[2]).isZero();
        assertThat(layer.weights(1)).containsExactly(2f, 0.5f, 0f, 1.5f);
        assertThatThrownBy(() -> layer.weights(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void underALowerBudgetTheRecordedOutputIsStillTheFullSum() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 5);
            List<float[][]> feats = TinyModels.features(2, 48, 64, 9);

            List<TokenSensitivity.Layer> full = TokenSensitivity.collect(enc, feats, List.of(LABELS), 2, Long.MAX_VALUE, m, null);
            List<TokenSensitivity.Layer> one = TokenSensitivity.collect(enc, LearnerPolicy.fixed(1), feats, List.of(LABELS), 2,
                    Long.MAX_VALUE, m, null);

            // Layer 0 sees the same input either way; later layers see the one-learner model's activations.
            assertThat(one.get(0).activations().inputs()).containsExactly(full.get(0).activations().inputs());
            assertThat(one.get(1).activations().inputs()).isNotEqualTo(full.get(1).activations().inputs());
            for (TokenSensitivity.Layer l : one) {
                ActivationCache.Layer a = l.activations();
                AcmFeedForward acm = (AcmFeedForward) enc.layers().get(one.indexOf(l)).feedForward();
                int[] every = new int[a.tokens()];
                java.util.Arrays.fill(every, acm.learners());
                float[] expected = acm.grouped(m.create(a.inputs(), new ai.djl.ndarray.types.Shape(a.tokens(), a.dModel())), every, m)
                        .toFloatArray();
                assertThat(a.outputs()).usingComparatorWithPrecision(1e-5f).containsExactly(expected);
            }
            assertThat(one.get(0).weights()).isNotEqualTo(full.get(0).weights());
        }
    }

    @Test
    void aDenseModelIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder dense = TinyModels.encoder(TinyModels.DENSE, m, 5);
            assertThatThrownBy(() -> TokenSensitivity.collect(dense, TinyModels.features(1, 48, 64, 9), List.of(LABELS[0]), 1, 10, m, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense");
        }
    }

    @Test
    void mismatchedLabelsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 5);
            List<float[][]> feats = TinyModels.features(2, 48, 64, 9);
            assertThatThrownBy(() -> TokenSensitivity.collect(enc, feats, List.of(LABELS[0]), 2, 10, m, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 utterances but 1");
        }
    }
}
