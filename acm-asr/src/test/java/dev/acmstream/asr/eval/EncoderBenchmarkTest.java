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
            List<EncoderBenchmark.Result> rs = new EncoderBenchmark(enc, cal).run(EncoderBenchmark.budgets(1.0, 0.5), 4, 2, frames, 3, m);
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
    void staticWidthsSpendTheirShareOfTheLearnersAndZeroRunsNoFeedForward() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            int n = enc.config().learners();
            List<float[]> frames = new ArrayList<>();
            for (float[][] u : TinyModels.features(8, 100, 300, 2)) {
                frames.addAll(Arrays.asList(u));
            }
            List<EncoderBenchmark.Setting> settings = new ArrayList<>(EncoderBenchmark.budgets(1.0));
            settings.add(EncoderBenchmark.Setting.width(0, n));
            settings.add(EncoderBenchmark.Setting.width(1, n));
            settings.add(EncoderBenchmark.Setting.width(n, n));
            List<EncoderBenchmark.Result> rs = new EncoderBenchmark(enc, null).run(settings, 2, 2, frames, 1, m);
            EncoderBenchmark.Result full = rs.get(0);
            EncoderBenchmark.Result none = rs.get(1);
            EncoderBenchmark.Result one = rs.get(2);
            EncoderBenchmark.Result all = rs.get(3);
            assertThat(none.setting().label()).isEqualTo("k=0");
            assertThat(none.learnerFraction()).isZero();
            assertThat(none.acmMacs()).isZero();
            assertThat(none.totalMacs()).isPositive().isLessThan(full.totalMacs());
            assertThat(one.budget()).isEqualTo(1.0 / n);
            assertThat(one.learnerFraction()).isEqualTo(1.0 / n);
            assertThat((double) one.acmMacs() * n).isCloseTo(full.acmMacs(), offset((double) n)); // per-second rounding
            assertThat(all.learnerFraction()).isEqualTo(1.0);
            assertThat(all.totalMacs()).isEqualTo(full.totalMacs());
        }
    }

    @Test
    void aWidthOutsideZeroToNIsRefused() {
        assertThatThrownBy(() -> EncoderBenchmark.Setting.width(5, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..4");
        assertThat(EncoderBenchmark.Setting.budget(0.5).label()).isEqualTo("b=0.50");
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
            assertThatThrownBy(() -> new EncoderBenchmark(enc, null).run(EncoderBenchmark.budgets(1.0), 1, 2, frames, 0, m))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round");
        }
    }

    @Test
    void tooFewFramesForOneCallPerStreamIsAnError() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            List<float[]> frames = new ArrayList<>(Arrays.asList(TinyModels.features(1, 40, 40, 1).get(0)));
            assertThatThrownBy(() -> new EncoderBenchmark(enc, null).run(EncoderBenchmark.budgets(1.0), 4, 2, frames, 1, m))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40 frames");
        }
    }
}
