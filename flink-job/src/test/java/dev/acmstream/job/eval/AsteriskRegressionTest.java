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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shipped teacher on a fixed subset of the Asterisk real-speech prompts (every ninth of the
 * 551, 62 prompts), decoded as {@code acm-stream eval} decodes by default: the test fails when
 * its WER is more than 3 points above the subset WER recorded in the model card.
 */
class AsteriskRegressionTest {
    static final Path MODEL = Path.of(System.getProperty("acm.regression.model", "../models/teacher"));
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

    @Test
    void werStaysWithinThreePointsOfTheModelCard(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(AsteriskManifest.TRANSCRIPTS) && Files.isDirectory(AsteriskManifest.SOUNDS),
                "asterisk-core-sounds-en(-wav) not installed");
        assumeTrue(Files.exists(MODEL.resolve("config.json")), "no shipped teacher at " + MODEL);
        String card = Files.readString(MODEL.resolve("MODEL_CARD.md"));
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
        int exit = cl.execute("eval", "--manifest", manifest.toString(), "--model", MODEL.toString(), "--lm", LM.toString(), "--json");
        assertThat(exit).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.get("utterances").asInt()).isEqualTo(prompts.size());
        double wer = 100 * r.get("wer").asDouble();
        System.out.printf("Asterisk regression subset: WER %.1f %% (card: %.1f %%), CER %.1f %%%n", wer, recorded,
                100 * r.get("cer").asDouble());
        assertThat(wer).as("subset WER against the card's %.1f %%", recorded).isLessThanOrEqualTo(recorded + 3.0);
    }
}
