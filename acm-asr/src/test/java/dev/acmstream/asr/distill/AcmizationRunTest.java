package dev.acmstream.asr.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.testing.TinyCorpus;
import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import dev.acmstream.asr.train.TrainingData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train acmize} end to end, all three phases and the gate refit, on a tiny corpus and teacher. */
class AcmizationRunTest {
    private static Acmization.Settings settings(Path dir, Acmization.EndToEnd e2e) {
        DistillConfig distill = new DistillConfig(20, 20, 64, 1e-3f, 2e-3f, 0.1, 1);
        return new Acmization.Settings(dir.resolve("teacher"), dir.resolve("acm"), dir.resolve("run"), 4, 1_000, 4, distill, e2e);
    }

    private static Acmization.EndToEnd e2e(float lr, boolean refit) {
        return new Acmization.EndToEnd(4, lr, 1f, 0.1f, new int[0], 2_000, 2, 0, 1, 0.5, refit);
    }

    @Test
    void allPhasesRunAndARerunResumesOnlyUnderTheSameSettings(@TempDir Path dir) throws Exception {
        TinyModelDir.write(dir.resolve("teacher"), TinyModels.DENSE, 3);
        TrainingData data = new TrainingData(TinyCorpus.write(dir.resolve("corpus")));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        new Acmization(settings(dir, e2e(1e-3f, true)), data, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        String out = log.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("phase 2, layer 1:").contains("gate refit, layer 0:").contains("gate refit, layer 1:")
                .contains("budget 0.25: realised fraction").contains("saved the ACM model to");
        try (ModelDirectory.Loaded acm = ModelDirectory.load(dir.resolve("acm"))) {
            assertThat(acm.encoder().config().isAcm()).isTrue();
            assertThat(acm.calibration()).isNotNull();
            Map<String, Object> card = acm.descriptor().training();
            assertThat(card).containsKeys("phase1", "phase2", "phase3-mix0.5", "gateRefit", "devGreedyByBudget");
            assertThat((List<?>) card.get("gateRefit")).hasSize(2);
        }
        Path progress = dir.resolve("run").resolve("phase3-mix0.5");
        assertThat(progress.resolve(Acmization.RECIPE_FILE)).exists();

        // The same command again resumes the finished run; other settings are refused.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new Acmization(settings(dir, e2e(1e-3f, false)), data, new PrintStream(again, true, StandardCharsets.UTF_8)).run();
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("resumed at step 4").contains("phase3-mix0.5: resumed")
                .doesNotContain("gate refit");
        assertThatThrownBy(() -> new Acmization(settings(dir, e2e(3e-4f, false)), data, new PrintStream(new ByteArrayOutputStream())).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("peakLr 0.001 (now 0.0003)");
        assertThat(Files.exists(dir.resolve("acm").resolve("config.json"))).isTrue();
    }
}
