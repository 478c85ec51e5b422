package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.testing.TinyCorpus;
import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAverageCommandTest {
    @Test
    void theAverageHoldsTheMeanWeightsAndANewCalibration(@TempDir Path dir) throws Exception {
        Path a = TinyModelDir.write(dir.resolve("a"), TinyModels.ACM, 3);
        Path b = TinyModelDir.write(dir.resolve("b"), TinyModels.ACM, 4);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));
        Path out = dir.resolve("soup");

        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "average", "--model", a.toString(), "--with", b.toString(),
                "--corpus", corpus.toString(), "--out", out.toString(), "--dev-utterances", "4");

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, float[]> pa = TinyModelDir.parameters(a);
        Map<String, float[]> pb = TinyModelDir.parameters(b);
        Map<String, float[]> mean = TinyModelDir.parameters(out);
        assertThat(mean.keySet()).isEqualTo(pa.keySet());
        for (String name : pa.keySet()) {
            for (int i = 0; i < pa.get(name).length; i++) {
                float want = (pa.get(name)[i] + pb.get(name)[i]) / 2;
                // Stored as fp16: within half a unit in the last place.
                assertThat(mean.get(name)[i]).as(name).isCloseTo(want, within(Math.abs(want) / 1024 + 1e-7f));
            }
        }
        // The first model is read, not changed.
        Map<String, float[]> again = TinyModelDir.parameters(a);
        pa.forEach((name, v) -> assertThat(again.get(name)).as(name).containsExactly(v));
        try (ModelDirectory.Loaded m = ModelDirectory.load(out)) {
            assertThat(m.calibration()).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> card = (Map<String, Object>) m.descriptor().training().get("weightAverage");
            assertThat(card).containsKey("devGreedy");
            assertThat(card.get("models")).isEqualTo(List.of(a.toString(), b.toString()));
        }
    }

    @Test
    void modelsThatCannotBeAveragedAreRefusedClearly(@TempDir Path dir) throws Exception {
        Path a = TinyModelDir.write(dir.resolve("a"), TinyModels.ACM, 3);
        Path dense = TinyModelDir.write(dir.resolve("dense"), TinyModels.DENSE, 3);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));

        AudioInspectCliTest.Result shape = AudioInspectCliTest.run("train", "average", "--model", a.toString(), "--with",
                dense.toString(), "--corpus", corpus.toString(), "--out", dir.resolve("x").toString(), "--dev-utterances", "4");
        AudioInspectCliTest.Result missing = AudioInspectCliTest.run("train", "average", "--model", a.toString(), "--with",
                dir.resolve("nothing").toString(), "--corpus", corpus.toString());
        AudioInspectCliTest.Result noWith = AudioInspectCliTest.run("train", "average", "--model", a.toString(), "--corpus",
                corpus.toString());

        assertThat(shape.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(shape.err()).contains("different shapes").doesNotContain("\tat ");
        assertThat(dir.resolve("x")).doesNotExist();
        assertThat(missing.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(missing.err()).contains("no model at " + dir.resolve("nothing"));
        assertThat(noWith.exit()).isNotZero();
        assertThat(noWith.err()).contains("--with");
    }
}
