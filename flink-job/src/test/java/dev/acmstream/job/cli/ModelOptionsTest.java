package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelOptionsTest {
    private static ModelOptions options(int maxChunksPerCall) {
        ModelOptions o = new ModelOptions();
        o.model = Path.of("../models/acm");
        o.beam = 8;
        o.batchStreams = 16;
        o.batchDelayMs = 200;
        o.blankSkip = 0.999;
        o.maxChunksPerCall = maxChunksPerCall;
        return o;
    }

    @Test
    void maxChunksPerCallReachesTheRecognizerSettings() {
        assertThat(options(32).settings().maxChunksPerCall()).isEqualTo(32);
        assertThat(options(8).settings().maxChunksPerCall()).isEqualTo(8);
    }

    @Test
    void aCallOfNoChunksIsBadInput() {
        assertThatThrownBy(() -> options(0).settings()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--max-chunks-per-call").hasMessageContaining("0");
    }

    @Test
    void theDecoderWeightsSayWhereTheyCameFrom(@TempDir Path dir) throws Exception {
        ModelOptions o = options(8);
        o.model = dir;
        assertThat(o.decoderWeightsSource()).startsWith("untuned default").contains(DecoderTuning.FILE);
        Files.writeString(dir.resolve(DecoderTuning.FILE), "lmWeight=0.6\nwordBonus=3.0\n");
        assertThat(o.decoderWeightsSource()).isEqualTo("tuned: " + dir.resolve(DecoderTuning.FILE));
        o.lmWeight = 0.2f;
        assertThat(o.decoderWeightsSource()).startsWith("LM weight given; word bonus, blank penalty tuned");
        o.wordBonus = 1.5f;
        assertThat(o.decoderWeightsSource()).startsWith("LM weight, word bonus given; blank penalty tuned");
        o.blankPenalty = 1f;
        assertThat(o.decoderWeightsSource()).isEqualTo("all given on the command line");
    }

    @Test
    void theBlankPenaltyComesFromTheTuningAndAppliesOnlyWithTheLm(@TempDir Path dir) throws Exception {
        Path lm = Files.writeString(dir.resolve("lm.bin"), "");
        ModelOptions o = options(8);
        o.model = dir;
        assertThat(o.settings().decoder().blankPenalty()).as("no tuning file").isZero();
        Files.writeString(dir.resolve(DecoderTuning.FILE), "lmWeight=0.6\nwordBonus=3.0\nblankPenalty=1.25\n");
        assertThat(o.settings().lmFile()).isEqualTo(lm.toAbsolutePath().toString());
        assertThat(o.settings().decoder().blankPenalty()).isEqualTo(1.25f);
        o.blankPenalty = 0.5f;
        assertThat(o.settings().decoder().blankPenalty()).isEqualTo(0.5f);
        o.noLm = true;
        assertThat(o.settings().decoder().blankPenalty()).as("without the LM").isZero();
    }

    @Test
    void aNegativeBlankPenaltyIsBadInput() {
        ModelOptions o = options(8);
        o.blankPenalty = -1f;
        assertThatThrownBy(o::settings).isInstanceOf(BadInputException.class).hasMessageContaining("--blank-penalty");
    }

    @Test
    void aTuningFileWithoutABlankPenaltyReadsAsNone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(DecoderTuning.FILE), "lmWeight=0.6\nwordBonus=3.0\n");
        assertThat(DecoderTuning.read(dir)).isEqualTo(new DecoderTuning(0.6f, 3.0f, 0f));
        Files.writeString(dir.resolve(DecoderTuning.FILE), "lmWeight=0.6\nwordBonus=three\n");
        assertThatThrownBy(() -> DecoderTuning.read(dir)).isInstanceOf(BadInputException.class).hasMessageContaining("three");
    }
}
