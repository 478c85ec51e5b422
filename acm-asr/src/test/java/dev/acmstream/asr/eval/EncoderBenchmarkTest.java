package dev.acmstream.asr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.BudgetCalibrator;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.testing.TinyModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderBenchmarkTest {
    @Test
    void givenFramesAreStreamedAtTheCalibratedFractions() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            List<float[][]> utterances = TinyModels.features(12, 100, 300, 1);
            BudgetCalibration cal = new BudgetCalibrator(enc).calibrate(utterances, new double[] {0.2, 0.4, 0.6, 1.0}, m);
            List<float[]> frames = new ArrayList<>();
            for (float[][] u : TinyModels.features(24, 100, 300, 2)) {
                frames.addAll(Arrays.asList(u));
            }
            List<EncoderBenchmark.Result> rs = new EncoderBenchmark(enc, cal).run(new double[] {1.0, 0.5}, 4, 2, frames, 3, m);
            assertThat(enc.layers().get(0).feedForward()).isInstanceOfSatisfying(dev.acmstream.asr.acm.AcmFeedForward.class,
                    a -> assertThat(a.isFrozen()).isTrue());
            assertThat(rs.get(0).learnerFraction()).isEqualTo(1.0);
            assertThat(rs.get(1).learnerFraction()).isCloseTo(0.5, offset(0.05));
            assertThat(rs.get(1).acmMacs()).isLessThan(rs.get(0).acmMacs());
            assertThat(rs.get(1).msPerAudioSecond()).isPositive();
            assertThat(rs.get(1).roundMs()).hasSize(3);
            assertThat(Arrays.stream(rs.get(1).roundMs()).min().getAsDouble()).isPositive();
            assertThat(rs.get(1).msPerAudioSecond()).isEqualTo(EncoderBenchmark.median(rs.get(1).roundMs()));
            assertThat(rs.get(0).medianRatioTo(rs.get(0))).isEqualTo(1.0);
            double[] ratios = rs.get(1).ratiosTo(rs.get(0));
            assertThat(ratios).hasSize(3);
            assertThat(ratios[0]).isLessThanOrEqualTo(rs.get(1).medianRatioTo(rs.get(0)));
            assertThat(ratios[2]).isGreaterThanOrEqualTo(rs.get(1).medianRatioTo(rs.get(0)));
        }
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(EncoderBenchmark.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(EncoderBenchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void noTimedRoundIsAnError() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            List<float[]> frames = new ArrayList<>();
            for (float[][] u : TinyModels.features(4, 100, 300, 2)) {
                frames.addAll(Arrays.asList(u));
            }
            assertThatThrownBy(() -> new EncoderBenchmark(enc, null).run(new double[] {1.0}, 1, 2, frames, 0, m))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round");
        }
    }

    @Test
    void tooFewFramesForOneCallPerStreamIsAnError() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            List<float[]> frames = new ArrayList<>(Arrays.asList(TinyModels.features(1, 40, 40, 1).get(0)));
            assertThatThrownBy(() -> new EncoderBenchmark(enc, null).run(new double[] {1.0}, 4, 2, frames, 1, m))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40 frames");
        }
    }
}
