package dev.acmstream.asr.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusBuilderTest {
    @TempDir
    Path dir;

    @Test
    void aCorpusIsDescribedByItsPathSeedAndHours() throws Exception {
        Path built = Files.createDirectories(dir.resolve("corpus8"));
        Files.writeString(built.resolve(CorpusBuilder.CONFIG_FILE), "seed=8\nhours=16.0\njobSize=200\nformat=1\n");
        Path bare = Files.createDirectories(dir.resolve("features-only"));

        assertThat(CorpusBuilder.describe(built)).isEqualTo(built + " (seed 8, 16.0 h)");
        assertThat(CorpusBuilder.describe(bare)).isEqualTo(bare.toString());
    }
}
