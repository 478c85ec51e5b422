package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchBudgetCurveCommandTest {
    private static final Path SAMPLE = Path.of("../samples/hello-16k.wav").toAbsolutePath();

    @Test
    void measuresEverySeriesAndComparesThemInPairs(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("set.tsv");
        Files.writeString(manifest, SAMPLE + "\tgood morning i would like to check the status of my order\n"
                + SAMPLE + "\thello i am calling about my bill\n");

        AudioInspectCliTest.Result r = AudioInspectCliTest.run("bench", "budget-curve", "--model", "../models/acm", "--teacher",
                "../models/teacher", "--no-lm", "--set", "calls=" + manifest, "--budgets", "1,0.5", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        Map<String, Double> wer = new HashMap<>();
        for (JsonNode row : json.get("rows")) {
            String series = row.get("series").asText();
            int k = row.get("staticWidth").asInt();
            String label = series + (k > 0 ? " k=" + k : series.equals("ACM") ? String.format(java.util.Locale.ROOT, " b=%.2f", row.get("budget").asDouble()) : "");
            wer.put(label, 100 * row.get("wer").asDouble());
        }
        assertThat(wer).containsOnlyKeys("ACM b=1.00", "ACM b=0.50", "static width, ACM weights k=1", "static width, ACM weights k=2",
                "static width, ACM weights k=3", "static width, ACM weights k=4", "dense teacher");
        List<String> pairs = new ArrayList<>();
        for (JsonNode c : json.get("comparisons")) {
            String a = c.get("a").asText();
            String b = c.get("b").asText();
            pairs.add(a + " | " + b);
            assertThat(c.get("set").asText()).isEqualTo("calls");
            assertThat(c.get("werDifference").asDouble()).as(a + " vs " + b).isCloseTo(wer.get(a) - wer.get(b), within(1e-9));
            assertThat(c.get("low").asDouble()).isLessThanOrEqualTo(c.get("high").asDouble());
        }
        assertThat(pairs).containsExactlyInAnyOrder("ACM b=1.00 | dense teacher", "ACM b=0.50 | dense teacher",
                "ACM b=0.50 | static width, ACM weights k=2", "static width, ACM weights k=1 | dense teacher",
                "static width, ACM weights k=2 | dense teacher", "static width, ACM weights k=3 | dense teacher",
                "static width, ACM weights k=4 | dense teacher");
    }
}
