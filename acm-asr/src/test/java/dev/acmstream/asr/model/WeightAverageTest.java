package dev.acmstream.asr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.acmstream.asr.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    @Test
    void everyParameterBecomesTheMeanOfTheModels() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder a = TinyModels.encoder(TinyModels.ACM, m, 1);
            SpeechEncoder b = TinyModels.encoder(TinyModels.ACM, m, 2);
            SpeechEncoder c = TinyModels.encoder(TinyModels.ACM, m, 3);
            List<float[]> va = values(a);
            List<float[]> vb = values(b);
            List<float[]> vc = values(c);
            int random = 0;
            while (java.util.Arrays.equals(va.get(random), vb.get(random))) {
                random++;
            }

            WeightAverage.averageInto(a, List.of(b, c));

            List<float[]> mean = values(a);
            assertThat(mean).hasSameSizeAs(va);
            for (int p = 0; p < mean.size(); p++) {
                for (int i = 0; i < mean.get(p).length; i++) {
                    assertThat(mean.get(p)[i]).isCloseTo((va.get(p)[i] + vb.get(p)[i] + vc.get(p)[i]) / 3f, within(1e-6f));
                }
            }
            // The others are read, not changed.
            assertThat(values(b).get(random)).containsExactly(vb.get(random));
            assertThat(mean.get(random)).isNotEqualTo(va.get(random));
        }
    }

    @Test
    void refusesModelsThatDoNotShareAShapeOrFeatureStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder a = TinyModels.encoder(TinyModels.ACM, m, 1);
            SpeechEncoder dense = TinyModels.encoder(TinyModels.DENSE, m, 2);
            assertThatThrownBy(() -> WeightAverage.averageInto(a, List.of(dense))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("different shapes");
            SpeechEncoder other = TinyModels.encoder(TinyModels.ACM, m, 3);
            float[] mean = new float[80];
            float[] std = new float[80];
            java.util.Arrays.fill(std, 2f);
            other.setFeatureStats(mean, std);
            assertThatThrownBy(() -> WeightAverage.averageInto(a, List.of(other))).hasMessageContaining("feature statistics");
            assertThatThrownBy(() -> WeightAverage.averageInto(a, List.of())).hasMessageContaining("at least two");
        }
    }

    private static List<float[]> values(SpeechEncoder e) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : e.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
