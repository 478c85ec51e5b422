package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.testing.TinyCorpus;
import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainFinetuneCommandTest {
    @Test
    void theLearnersTrainUnderFixedGatesAndTheModelIsRecalibrated(@TempDir Path dir) throws Exception {
        Path model = TinyModelDir.write(dir.resolve("acm"), TinyModels.ACM, 3);
        Path teacher = TinyModelDir.write(dir.resolve("teacher"), TinyModels.DENSE, 4);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));
        Path out = dir.resolve("tuned");
        Path run = dir.resolve("run");

        AudioInspectCliTest.Result r = withStderr("train", "finetune", "--model", model.toString(), "--corpus",
                corpus.toString(), "--teacher", teacher.toString(), "--out", out.toString(), "--run", run.toString(), "--steps", "3",
                "--eval-every", "3", "--batch-frames", "400", "--lr", "1e-2", "--dev-utterances", "4");

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, float[]> before = TinyModelDir.parameters(model);
        Map<String, float[]> after = TinyModelDir.parameters(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        int changed = 0;
        for (String name : before.keySet()) {
            if (name.contains("gate_")) {
                assertThat(after.get(name)).as(name).containsExactly(before.get(name));
            } else if (!Arrays.equals(before.get(name), after.get(name))) {
                changed++;
            }
        }
        assertThat(changed).as("parameters changed by training").isGreaterThan(before.size() / 2);
        assertThat(run.resolve("checkpoint").resolve("state.json")).exists();
        try (ModelDirectory.Loaded m = ModelDirectory.load(out)) {
            assertThat(m.calibration()).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> card = (Map<String, Object>) m.descriptor().training().get("fixedGateFineTuning");
            assertThat(card).containsEntry("steps", 3).containsEntry("from", model.toString()).containsEntry("teacher", teacher.toString())
                    .containsEntry("corpus", corpus.toString()).containsEntry("specAugmentFullAtEpoch", 2.0).containsKeys("devGreedy", "wallHours", "bestDevGreedyCerAtBudgetHalf");
            assertThat((List<?>) card.get("devGreedy")).hasSize(4);
        }

        Path again = dir.resolve("tuned-again");
        AudioInspectCliTest.Result second = withStderr("train", "finetune", "--model", out.toString(), "--corpus",
                corpus.toString(), "--teacher", teacher.toString(), "--out", again.toString(), "--run", dir.resolve("run2").toString(),
                "--steps", "2", "--eval-every", "2", "--batch-frames", "400", "--lr", "1e-2", "--dev-utterances", "4");
        assertThat(second.exit()).as(second.err()).isZero();
        // the second run's "before" figures are of its starting model as written: the first run's "after"
        assertThat(figureColumns(second.err(), 1)).isEqualTo(figureColumns(r.err(), 5)).hasSize(4);
        try (ModelDirectory.Loaded first = ModelDirectory.load(out); ModelDirectory.Loaded m = ModelDirectory.load(again)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> card = (Map<String, Object>) m.descriptor().training().get("fixedGateFineTuning");
            assertThat(card).containsEntry("steps", 2).containsEntry("from", out.toString());
            assertThat(card.get("previous")).as("the first fine-tune's entry, kept").isEqualTo(
                    first.descriptor().training().get("fixedGateFineTuning"));
        }

        AudioInspectCliTest.Result otherRecipe = AudioInspectCliTest.run("train", "finetune", "--model", model.toString(), "--corpus",
                corpus.toString(), "--teacher", teacher.toString(), "--out", out.toString(), "--run", run.toString(), "--steps", "3",
                "--batch-frames", "400", "--lr", "1e-3");
        assertThat(otherRecipe.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(otherRecipe.err()).contains("holds a training run with other settings: peakLr 0.01 (now 0.001)").doesNotContain("\tat ");

        Path otherModel = TinyModelDir.write(dir.resolve("other-acm"), TinyModels.ACM, 5);
        AudioInspectCliTest.Result otherStart = AudioInspectCliTest.run("train", "finetune", "--model", otherModel.toString(), "--corpus",
                corpus.toString(), "--teacher", teacher.toString(), "--out", dir.resolve("tuned-other").toString(), "--run", run.toString(),
                "--steps", "3", "--eval-every", "3", "--batch-frames", "400", "--lr", "1e-2", "--dev-utterances", "4");
        assertThat(otherStart.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(otherStart.err()).contains("holds a training run with other settings: startingWeights").doesNotContain("\tat ");
        assertThat(dir.resolve("tuned-other")).doesNotExist();
    }

    @Test
    void badSettingsAreRefusedClearly(@TempDir Path dir) throws Exception {
        Path model = TinyModelDir.write(dir.resolve("acm"), TinyModels.ACM, 3);
        Path dense = TinyModelDir.write(dir.resolve("dense"), TinyModels.DENSE, 3);
        Path otherVocab = TinyModelDir.write(dir.resolve("other-vocab"), new ModelConfig(80, 32, 2, 2, 64, 0, 8,
                4, 2, 31, 0f), 3);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));

        AudioInspectCliTest.Result steps = AudioInspectCliTest.run("train", "finetune", "--model", model.toString(), "--corpus",
                corpus.toString(), "--steps", "0");
        AudioInspectCliTest.Result noTeacher = AudioInspectCliTest.run("train", "finetune", "--model", model.toString(), "--corpus",
                corpus.toString(), "--run", dir.resolve("r1").toString());
        AudioInspectCliTest.Result vocab = AudioInspectCliTest.run("train", "finetune", "--model", model.toString(), "--corpus",
                corpus.toString(), "--teacher", otherVocab.toString(), "--run", dir.resolve("r2").toString());
        AudioInspectCliTest.Result denseModel = AudioInspectCliTest.run("train", "finetune", "--model", dense.toString(), "--corpus",
                corpus.toString(), "--distill-weight", "0", "--run", dir.resolve("r3").toString());

        assertThat(steps.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(steps.err()).contains("must be at least 1");
        assertThat(noTeacher.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(noTeacher.err()).contains("names no teacher: pass --teacher, or --distill-weight 0");
        assertThat(vocab.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(vocab.err()).contains("has 31 output symbols").contains("distillation needs the same vocabulary").doesNotContain("\tat ");
        assertThat(dir.resolve("r2")).doesNotExist();
        assertThat(denseModel.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(denseModel.err()).contains("is not an ACM model").doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("r1"))).isFalse();
    }

    @Test
    void anAcmModelTeachesAtBudgetOne(@TempDir Path dir) throws Exception {
        Path model = TinyModelDir.write(dir.resolve("acm"), TinyModels.ACM, 3);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));
        Path out = dir.resolve("self");

        AudioInspectCliTest.Result r = withStderr("train", "finetune", "--model", model.toString(), "--corpus", corpus.toString(),
                "--teacher", model.toString(), "--out", out.toString(), "--run", dir.resolve("run").toString(), "--steps", "2",
                "--eval-every", "2", "--batch-frames", "400", "--lr", "1e-2", "--dev-utterances", "4");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("distilling from the ACM model " + model + " at budget 1");
        try (ModelDirectory.Loaded m = ModelDirectory.load(out)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> card = (Map<String, Object>) m.descriptor().training().get("fixedGateFineTuning");
            assertThat(card).containsEntry("teacher", model.toString()).containsEntry("from", model.toString());
        }
    }

    /** From each budget row of the before/after table, the three figures (fraction, CER, WER) from token {@code from}. */
    private static List<String> figureColumns(String log, int from) {
        return log.lines().filter(l -> l.matches("0\\.\\d\\d {4}.*\\|.*")).map(l -> {
            String[] t = l.trim().split("\\s+");
            return String.join(" ", Arrays.copyOfRange(t, from, from + 3));
        }).toList();
    }

    /** The command's run, with what it logs to System.err (training progress, the figures) added to its err. */
    private static AudioInspectCliTest.Result withStderr(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            AudioInspectCliTest.Result r = AudioInspectCliTest.run(args);
            return new AudioInspectCliTest.Result(r.exit(), r.out(), r.err() + log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }
}
