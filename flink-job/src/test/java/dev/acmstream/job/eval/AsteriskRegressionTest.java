package dev.acmstream.job.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acmstream.asr.eval.AsteriskManifest;
import dev.acmstream.job.cli.AcmStreamCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Each shipped model (the dense teacher and, where present, the ACM model) on a fixed subset of
 * the Asterisk real-speech prompts (every ninth of the 551, 62 prompts), decoded as
 * {@code acm-stream eval} decodes by default: the test fails when its WER is more than 3 points
 * above the subset WER recorded in that model's card. {@code -Dacm.regression.models=DIR,...}
 * checks other model directories.
 */
class AsteriskRegressionTest {
    static final String MODELS = System.getProperty("acm.regression.models", "../models/teacher,../models/acm");
    static final Path LM = Path.of("../models/lm/trigram.bin");
    /** The card's line: {@code Asterisk regression subset (62 prompts, ...): WER 85.2 %}. */
    static final Pattern RECORDED = Pattern.compile("Asterisk regression subset \\((\\d+) prompts[^)]*\\)[^\\n]*?WER (\\d+(?:\\.\\d+)?) ?%");

    static List<AsteriskManifest.Entry> subset() throws Exception {
        List<AsteriskManifest.Entry> all = AsteriskManifest.load();
        List<AsteriskManifest.Entry> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 9) {
            out.add(all.get(i));
        }
        return out;
    }

    static List<String> models() {
        return List.of(MODELS.split(","));
    }

    @ParameterizedTest
    @MethodSource("models")
    void werStaysWithinThreePointsOfTheModelCard(String model, @TempDir Path dir) throws Exception {
        Path modelDir = Path.of(model);
        assumeTrue(Files.exists(AsteriskManifest.TRANSCRIPTS) && Files.isDirectory(AsteriskManifest.SOUNDS),
                "asterisk-core-sounds-en(-wav) not installed");
        assumeTrue(Files.exists(modelDir.resolve("config.json")), "no shipped model at " + modelDir);
        String card = Files.readString(modelDir.resolve("MODEL_CARD.md"));
        Matcher m = RECORDED.matcher(card);
        assertThat(m.find()).as("the model card records the regression subset's WER").isTrue();
        List<AsteriskManifest.Entry> prompts = subset();
        assertThat(Integer.parseInt(m.group(1))).as("prompts in the card's subset").isEqualTo(prompts.size());
        double recorded = Double.parseDouble(m.group(2));

        Path manifest = dir.resolve("asterisk-subset.tsv");
        AsteriskManifest.write(prompts, manifest);
        CommandLine cl = AcmStreamCli.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute("eval", "--manifest", manifest.toString(), "--model", modelDir.toString(), "--lm", LM.toString(), "--json");
        assertThat(exit).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.get("utterances").asInt()).isEqualTo(prompts.size());
        double wer = 100 * r.get("wer").asDouble();
        System.out.printf("%s: Asterisk regression subset: WER %.1f %% (card: %.1f %%), CER %.1f %%%n", modelDir, wer, recorded,
                100 * r.get("cer").asDouble());
        assertThat(wer).as("subset WER against the card's %.1f %%", recorded).isLessThanOrEqualTo(recorded + 3.0);
    }
}
