package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}
