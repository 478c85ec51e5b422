package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.testing.TinyCorpus;
import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainRegateCommandTest {
    @Test
    void theGatesAreRefittedAndRecalibratedWhileTheLearnersStay(@TempDir Path dir) throws Exception {
        Path model = TinyModelDir.write(dir.resolve("acm"), TinyModels.ACM, 3);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));
        Path out = dir.resolve("regated");

        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "regate", "--model", model.toString(), "--corpus", corpus.toString(),
                "--out", out.toString(), "--utterances", "8", "--dev-utterances", "4", "--batch", "4", "--sensitivity-budget", "0.5");

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, float[]> before = TinyModelDir.parameters(model);
        Map<String, float[]> after = TinyModelDir.parameters(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        int gates = 0;
        for (String name : before.keySet()) {
            if (name.contains("gate_")) {
                gates += java.util.Arrays.equals(before.get(name), after.get(name)) ? 0 : 1;
            } else {
                assertThat(after.get(name)).as(name).containsExactly(before.get(name));
            }
        }
        assertThat(gates).isGreaterThan(0);
        try (ModelDirectory.Loaded m = ModelDirectory.load(out)) {
            assertThat(m.calibration()).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> refit = (Map<String, Object>) m.descriptor().training().get("sensitivityGateRefit");
            assertThat(refit).containsEntry("sensitivityPower", 0.25).containsEntry("sensitivityBudget", 0.5).containsEntry("utterances", 8).containsKeys("tokens", "devGreedy");
            assertThat((List<?>) refit.get("layers")).hasSize(TinyModels.ACM.layers());
        }
    }

    @Test
    void badSettingsAreRefusedClearly(@TempDir Path dir) throws Exception {
        Path model = TinyModelDir.write(dir.resolve("acm"), TinyModels.ACM, 3);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));

        AudioInspectCliTest.Result power = AudioInspectCliTest.run("train", "regate", "--model", model.toString(), "--corpus",
                corpus.toString(), "--sensitivity-power", "5");
        AudioInspectCliTest.Result noCorpus = AudioInspectCliTest.run("train", "regate", "--model", model.toString(), "--corpus",
                dir.resolve("nothing").toString());
        AudioInspectCliTest.Result dense = AudioInspectCliTest.run("train", "regate", "--model",
                TinyModelDir.write(dir.resolve("dense"), TinyModels.DENSE, 3).toString(), "--corpus", corpus.toString());

        assertThat(power.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(power.err()).contains("--sensitivity-power must be within [0, 4]");
        assertThat(noCorpus.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(noCorpus.err()).contains("no feature corpus at");
        AudioInspectCliTest.Result budget = AudioInspectCliTest.run("train", "regate", "--model", model.toString(), "--corpus",
                corpus.toString(), "--sensitivity-budget", "0.1");
        assertThat(budget.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(budget.err()).contains("--sensitivity-budget must be within [0.2, 1]");
        assertThat(dense.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(dense.err()).contains("is not an ACM model").doesNotContain("\tat ");
    }
}
