package dev.acmstream.asr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.data.Utterance;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.testing.TinyCorpus;
import dev.acmstream.asr.testing.TinyModels;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    @Test
    void aTrainedModelsStatisticsReplaceTheCorpusOwnForItsFeatures() throws Exception {
        TrainingData data = new TrainingData(TinyCorpus.write(dir));
        Utterance u = data.train().get(0);
        float[][] own = data.features(u); // the tiny corpus's statistics are mean 0, std 1: the raw features
        float[] mean = new float[80];
        float[] std = new float[80];
        Arrays.fill(mean, 0.5f);
        Arrays.fill(std, 2f);
        mean[7] = -1.5f;
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder model = TinyModels.encoder(TinyModels.ACM, m, 3);
            model.setFeatureStats(mean, std);

            double drift = data.normalizeFor(model, QUIET);

            assertThat(drift).as("largest |corpus mean - model mean| / model std").isCloseTo(0.75, within(1e-6));
            float[][] asModel = data.features(u);
            for (int t = 0; t < own.length; t++) {
                for (int k = 0; k < 80; k++) {
                    assertThat(asModel[t][k]).isCloseTo((own[t][k] - mean[k]) / std[k], within(1e-5f));
                }
            }
            assertThat(data.stats().mean()).containsExactly(mean);
            assertThat(data.normalizeFor(model, QUIET)).as("the corpus's own statistics are kept for the comparison").isCloseTo(0.75, within(1e-6));
        }
    }

    @Test
    void aModelOfAnotherFeatureSizeIsRefused() throws Exception {
        TrainingData data = new TrainingData(TinyCorpus.write(dir));
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder model = TinyModels.encoder(new ModelConfig(40, 32, 2, 2, 64, 4, 8, 4, 2, 29, 0f), m, 3);
            assertThatThrownBy(() -> data.normalizeFor(model, QUIET)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40 mel bins");
        }
    }
}
