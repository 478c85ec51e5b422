package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAcmizeCommandTest {
    /** A teacher directory tuned to LM weight 0.6 and word bonus 3.0. */
    private static Path tunedTeacher(Path dir) throws Exception {
        Path teacher = Files.createDirectories(dir.resolve("teacher"));
        Files.writeString(teacher.resolve(DecoderTuning.FILE), "lmWeight=0.6\nwordBonus=3.0\n");
        return teacher;
    }

    @Test
    void theStudentDecodesWithItsTeachersTuning(@TempDir Path dir) throws Exception {
        Path teacher = tunedTeacher(dir);
        Path student = Files.createDirectories(dir.resolve("acm"));
        assertThat(DecoderTuning.read(student)).isEqualTo(DecoderTuning.DEFAULT);

        TrainAcmizeCommand.carryDecoderTuning(teacher, student);

        assertThat(DecoderTuning.read(student)).isEqualTo(new DecoderTuning(0.6f, 3.0f, 0f));
    }

    @Test
    void aTuningOfTheStudentsOwnIsKept(@TempDir Path dir) throws Exception {
        Path teacher = tunedTeacher(dir);
        Path student = Files.createDirectories(dir.resolve("acm"));
        Files.writeString(student.resolve(DecoderTuning.FILE), "lmWeight=0.8\nwordBonus=2.0\n");

        TrainAcmizeCommand.carryDecoderTuning(teacher, student);

        assertThat(DecoderTuning.read(student)).isEqualTo(new DecoderTuning(0.8f, 2.0f, 0f));
    }

    @Test
    void anUntunedTeacherLeavesTheDefaults(@TempDir Path dir) throws Exception {
        Path teacher = Files.createDirectories(dir.resolve("teacher"));
        Path student = Files.createDirectories(dir.resolve("acm"));

        TrainAcmizeCommand.carryDecoderTuning(teacher, student);

        assertThat(Files.exists(student.resolve(DecoderTuning.FILE))).isFalse();
    }

    @Test
    void aPhaseThreeRunIsNotResumedUnderOtherSettings(@TempDir Path dir) throws Exception {
        Path progress = Files.createDirectories(dir.resolve("run").resolve("phase3-mix0.5"));
        Files.writeString(progress.resolve("recipe.json"), "{\"peakLr\":\"0.0003\",\"distillWeight\":\"1\",\"gateWeight\":\"0.1\","
                + "\"staticWidths\":\"\",\"batchFrames\":\"12000\",\"budgetSkew\":\"1\",\"staticMix\":\"0.5\"}");

        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "acmize", "--teacher", "../models/teacher", "--corpus",
                dir.resolve("no-corpus").toString(), "--out", dir.resolve("acm").toString(), "--run", dir.resolve("run").toString(),
                "--e2e-steps", "10", "--static-mix", "0.5", "--e2e-lr", "1e-3");

        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("holds a training run with other settings: peakLr 0.0003 (now 0.001)").doesNotContain("\tat ");
    }
}
