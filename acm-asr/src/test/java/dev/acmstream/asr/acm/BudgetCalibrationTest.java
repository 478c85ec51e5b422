package dev.acmstream.asr.acm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetCalibrationTest {

    @Test
    void realisedFractionTracksTheBudgetOnUnseenFeatures(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            BudgetCalibration cal = new BudgetCalibrator(enc).calibrate(TinyModels.features(24, 100, 300, 1),
                    BudgetCalibration.defaultGrid(), m);
            cal.write(dir.resolve("calibration.json"));
            BudgetCalibration loaded = BudgetCalibration.read(dir.resolve("calibration.json"));
            List<float[][]> unseen = TinyModels.features(24, 100, 300, 2);
            double previous = -1;
            for (double b : new double[] {0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1.0}) {
                FeatureBatch batch = FeatureBatch.of(unseen, enc.config(), m);
                ForwardContext ctx = ForwardContext.inference(m, loaded.policyFor(b));
                enc.forward(batch.features(), batch.frames(), EncoderState.fresh(m, enc.config(), unseen.size()), ctx);
                double realised = ctx.learnerFraction(enc.config().learners());
                assertThat(realised).as("budget %s", b).isCloseTo(b, org.assertj.core.data.Offset.offset(0.03));
                assertThat(realised).isGreaterThan(previous);
                previous = realised;
            }
        }
    }

    @Test
    void calibratingInBatchesTracksTheBudgetToo() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            BudgetCalibration cal = new BudgetCalibrator(enc).calibrate(TinyModels.features(48, 100, 300, 1),
                    BudgetCalibration.defaultGrid(), m, 8);
            List<float[][]> unseen = TinyModels.features(24, 100, 300, 2);
            for (double b : new double[] {0.2, 0.5, 0.8}) {
                FeatureBatch batch = FeatureBatch.of(unseen, enc.config(), m);
                ForwardContext ctx = ForwardContext.inference(m, cal.policyFor(b));
                enc.forward(batch.features(), batch.frames(), EncoderState.fresh(m, enc.config(), unseen.size()), ctx);
                assertThat(ctx.learnerFraction(enc.config().learners())).as("budget %s", b)
                        .isCloseTo(b, org.assertj.core.data.Offset.offset(0.03));
            }
        }
    }

    @Test
    void fitThresholdHitsTheQuantile() {
        float[] scores = new float[1000 * 4];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) r.nextGaussian();
        }
        for (double b : new double[] {0.2, 0.5, 0.8}) {
            float tau = BudgetCalibration.fitThreshold(scores, 1000, 4, b);
            int[] k = LearnerPolicy.thresholds(new float[] {tau}).choose(0, scores, new boolean[1000], 4);
            double mean = java.util.Arrays.stream(k).average().orElse(0) / 4;
            assertThat(mean).isCloseTo(b, org.assertj.core.data.Offset.offset(0.001));
        }
    }
}
