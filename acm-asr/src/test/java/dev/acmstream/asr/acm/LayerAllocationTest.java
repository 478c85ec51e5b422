package dev.acmstream.asr.acm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

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

class LayerAllocationTest {
    private final LayerAllocation allocation = new LayerAllocation(new double[] {0.3, 0.6},
            new double[][] {{0.1, 0.5}, {0.4, 0.8}});

    @Test
    void uniformGivesEveryLayerTheBudget() {
        assertThat(LayerAllocation.uniform(3).fractionsFor(0.37)).containsExactly(new double[] {0.37, 0.37, 0.37}, offset(1e-12));
    }

    @Test
    void fractionsInterpolateBetweenBudgetsAndKeepTheMean() {
        assertThat(allocation.fractionsFor(0.45)).containsExactly(new double[] {0.25, 0.65}, offset(1e-12));
        for (double b : new double[] {0.2, 0.25, 0.3, 0.41, 0.6, 0.75, 0.95, 1.0}) {
            double[] f = allocation.fractionsFor(b);
            assertThat((f[0] + f[1]) / 2).as("budget %s", b).isCloseTo(b, offset(1e-9));
            assertThat(f[0]).isBetween(0.0, 1.0);
            assertThat(f[1]).isBetween(0.0, 1.0);
        }
    }

    @Test
    void outsideTheTableFractionsShiftAndClamp() {
        // Below 0.3 the first layer reaches 0 and the second takes the rest of the budget.
        assertThat(allocation.fractionsFor(0.2)).containsExactly(new double[] {0.0, 0.4}, offset(1e-9));
        // Above 0.6 the second layer reaches 1 first; at 1 both are full.
        assertThat(allocation.fractionsFor(0.8)).containsExactly(new double[] {0.6, 1.0}, offset(1e-9));
        assertThat(allocation.fractionsFor(1.0)).containsExactly(new double[] {1.0, 1.0}, offset(1e-9));
    }

    @Test
    void rejectsRowsThatDoNotAverageToTheirBudget() {
        assertThatThrownBy(() -> new LayerAllocation(new double[] {0.5}, new double[][] {{0.5, 0.7}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("average");
        assertThatThrownBy(() -> new LayerAllocation(new double[] {0.5}, new double[][] {{-0.1, 1.1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void roundTripsThroughJson(@TempDir Path dir) throws Exception {
        allocation.write(dir.resolve("allocation.json"));
        LayerAllocation read = LayerAllocation.read(dir.resolve("allocation.json"));
        assertThat(read.budgets()).containsExactly(0.3, 0.6);
        assertThat(read.fractionsFor(0.45)).containsExactly(allocation.fractionsFor(0.45), offset(1e-12));
    }

    @Test
    void calibrationRealisesEachLayersFraction() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(TinyModels.ACM, m, 7);
            LayerAllocation uneven = new LayerAllocation(new double[] {0.5}, new double[][] {{0.3, 0.7}});
            List<float[][]> set = TinyModels.features(24, 100, 300, 1);
            BudgetCalibration cal = new BudgetCalibrator(enc).calibrate(set, new double[] {0.4, 0.5, 1.0}, uneven, m, 24);
            FeatureBatch batch = FeatureBatch.of(set, enc.config(), m);
            ForwardContext ctx = ForwardContext.inference(m, cal.policyFor(0.5));
            enc.forward(batch.features(), batch.frames(), EncoderState.fresh(m, enc.config(), set.size()), ctx);
            int n = enc.config().learners();
            assertThat(ctx.learnerFraction(0, n)).isCloseTo(0.3, offset(0.01));
            assertThat(ctx.learnerFraction(1, n)).isCloseTo(0.7, offset(0.01));
            assertThat(ctx.learnerFraction(n)).isCloseTo(0.5, offset(0.01));
        }
    }
}
