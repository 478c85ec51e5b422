package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.acm.LayerAllocation;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.testing.TinyCorpus;
import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAllocateCommandTest {
    @Test
    void theBudgetIsSharedAmongLayersAndTheSearchIsRecordedWithItsCorpus(@TempDir Path dir) throws Exception {
        Path model = TinyModelDir.write(dir.resolve("acm"), TinyModels.ACM, 3);
        Path corpus = TinyCorpus.write(dir.resolve("corpus"));
        Path out = dir.resolve("allocated");

        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "allocate", "--model", model.toString(), "--corpus",
                corpus.toString(), "--out", out.toString(), "--budgets", "0.4,0.6", "--search-utterances", "2", "--dev-utterances",
                "4", "--rounds", "1");

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, float[]> before = TinyModelDir.parameters(model);
        Map<String, float[]> after = TinyModelDir.parameters(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String name : before.keySet()) {
            assertThat(after.get(name)).as(name).containsExactly(before.get(name));
        }
        try (ModelDirectory.Loaded m = ModelDirectory.load(out)) {
            assertThat(m.calibration()).isNotNull();
        }
        LayerAllocation allocation = LayerAllocation.read(out.resolve("allocation.json"));
        assertThat(allocation.budgets()).containsExactly(0.4, 0.6);
        for (int i = 0; i < 2; i++) {
            assertThat(allocation.fractions()[i]).hasSize(TinyModels.ACM.layers());
            assertThat(Arrays.stream(allocation.fractions()[i]).average().orElseThrow()).isCloseTo(allocation.budgets()[i], within(1e-6));
        }
        JsonNode search = new ObjectMapper().readTree(out.resolve("allocation-search.json").toFile());
        assertThat(search.get("corpus").asText()).startsWith(corpus.toString());
        assertThat(search.get("searchUtterances").asInt()).isEqualTo(2);
        assertThat(search.get("rounds").asInt()).isEqualTo(1);
        assertThat(search.get("budgets")).hasSize(2);
        for (JsonNode b : search.get("budgets")) {
            assertThat(b.get("loss").asDouble()).isLessThanOrEqualTo(b.get("uniformLoss").asDouble());
            assertThat(b.get("fractions")).hasSize(TinyModels.ACM.layers());
        }
    }
}
