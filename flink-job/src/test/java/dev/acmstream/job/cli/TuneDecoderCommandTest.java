package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneDecoderCommandTest {
    private static final Path SAMPLE = Path.of("../samples/hello-16k.wav").toAbsolutePath();

    @Test
    void searchesTheGridAtTheGivenBudgetAndStoresTheBestPair(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("acm"));
        try (Stream<Path> files = Files.list(Path.of("../models/acm"))) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        Files.deleteIfExists(model.resolve(DecoderTuning.FILE));
        Path manifest = dir.resolve("dev.tsv");
        Files.writeString(manifest, SAMPLE + "\tgood morning i would like to check the status of my order\n");

        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "tune-decoder", "--model", model.toString(), "--lm",
                "../models/lm/trigram.bin", "--manifest", manifest.toString(), "--budget", "0.5", "--weights", "0.4,0.8", "--bonuses",
                "1,3", "--blank-penalties", "0,1");

        assertThat(r.exit()).as(r.err()).isZero();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(model.resolve(DecoderTuning.FILE))) {
            p.load(in);
        }
        assertThat(p.getProperty("budget")).isEqualTo("0.5");
        assertThat(p.getProperty("devUtterances")).isEqualTo("1");
        assertThat(p.getProperty("lmWeight")).isIn(List.of("0.4", "0.8"));
        assertThat(p.getProperty("wordBonus")).isIn(List.of("1.0", "3.0"));
        assertThat(p.getProperty("blankPenalty")).isIn(List.of("0.0", "1.0"));
        assertThat(r.err()).contains("blank penalty 1.00  lm weight 0.80  word bonus 3.00  dev WER");
        assertThat(Double.parseDouble(p.getProperty("devWer"))).isBetween(0.0, 1.0);
        assertThat(DecoderTuning.read(model).lmWeight()).isEqualTo(Float.parseFloat(p.getProperty("lmWeight")));
    }

    /** tune-decoder on the shipped model with a manifest that does not exist, so only option checks can end it. */
    private static AudioInspectCliTest.Result tuneShippedModel(Path dir, String flag, String value) {
        return AudioInspectCliTest.run("train", "tune-decoder", "--model", "../models/acm", "--lm", "../models/lm/trigram.bin",
                "--manifest", dir.resolve("dev.tsv").toString(), flag, value);
    }

    @Test
    void aBudgetOutsideTheServedRangeIsRefused(@TempDir Path dir) {
        AudioInspectCliTest.Result r = tuneShippedModel(dir, "--budget", "0.1");
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--budget must be in [0.2, 1], got 0.1").doesNotContain("\tat ");
        assertThat(Path.of("../models/acm").resolve(DecoderTuning.FILE)).exists();
    }

    @Test
    void aNegativeBlankPenaltyIsRefused(@TempDir Path dir) {
        AudioInspectCliTest.Result r = tuneShippedModel(dir, "--blank-penalties", "0,-1");
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--blank-penalties must be finite and at least 0, got -1").doesNotContain("\tat ");
    }

    @Test
    void aBudgetBelowOneNeedsAnAcmModel(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("dev.tsv");
        Files.writeString(manifest, SAMPLE + "\tgood morning\n");
        AudioInspectCliTest.Result r = AudioInspectCliTest.run("train", "tune-decoder", "--model", "../models/teacher", "--lm",
                "../models/lm/trigram.bin", "--manifest", manifest.toString(), "--budget", "0.5");
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--budget below 1 needs an ACM model").doesNotContain("\tat ");
    }
}
