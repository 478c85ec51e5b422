package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the model commands is one clear line and the bad-input exit code, before any work starts. */
class ModelCommandsCliTest {
    @Test
    void benchEncoderOnSpeechNeedsAModel(@TempDir Path dir) {
        AudioInspectCliTest.Result r = AudioInspectCliTest.run("bench", "encoder", "--manifest", dir.resolve("m.tsv").toString());
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--manifest needs --model").doesNotContain("\tat ");
    }

    @Test
    void benchEncoderRejectsAWidthBeyondTheModelsLearners() {
        AudioInspectCliTest.Result r = AudioInspectCliTest.run("bench", "encoder", "--widths", "0,5", "--seconds", "1");
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--widths must lie in 0..4").doesNotContain("\tat ");
    }

    @Test
    void benchEncoderRejectsABudgetOutsideTheServedRange() {
        AudioInspectCliTest.Result r = AudioInspectCliTest.run("bench", "encoder", "--budgets", "1,0.1", "--seconds", "1");
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--budgets must be in [0.2, 1], got 0.1");
    }

    @Test
    void allocateRejectsBudgetsOutsideTheServedRange(@TempDir Path dir) {
        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "allocate", "--model", "../models/acm", "--corpus", dir.toString(),
                "--budgets", "0.1,0.5");
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--budgets must increase within [0.2, 1)");
    }

    @Test
    void allocateNeedsAModelDirectory(@TempDir Path dir) {
        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "allocate", "--model", dir.resolve("none").toString(), "--corpus",
                dir.toString());
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("no model at");
    }

    @Test
    void evalRefusesABudgetBelowOneForADenseModel(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("m.tsv");
        java.nio.file.Files.writeString(manifest, Path.of("../samples/hello-16k.wav").toAbsolutePath() + "\tgood morning\n");
        AudioInspectCliTest.Result r = AudioInspectCliTest.run("eval", "--manifest", manifest.toString(), "--model", "../models/teacher",
                "--no-lm", "--budget", "0.5");
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--budget below 1 needs an ACM model with a calibration").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("WER");
    }
}
