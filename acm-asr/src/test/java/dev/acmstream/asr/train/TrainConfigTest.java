package dev.acmstream.asr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    private static final TrainConfig DEFAULTS = TrainConfig.defaults(Path.of("c"), Path.of("o"), Path.of("r"));

    private static TrainConfig withSpecAugmentFullAt(double epoch) {
        TrainConfig d = DEFAULTS;
        return new TrainConfig(d.corpus(), d.out(), d.run(), d.steps(), d.peakLr(), d.warmupSteps(), d.maxBatchFrames(), d.evalEvery(),
                d.devUtterances(), d.checkpointMinutes(), d.gradClip(), d.weightDecay(), d.seed(), d.maxHours(), epoch);
    }

    @Test
    void fromScratchSpecAugmentIsOffInTheFirstEpochAndRampsInOverTheSecond() {
        assertThat(DEFAULTS.specAugmentStrength(0)).isZero();
        assertThat(DEFAULTS.specAugmentStrength(0.99)).isZero();
        assertThat(DEFAULTS.specAugmentStrength(1.25)).isCloseTo(0.25, within(1e-12));
        assertThat(DEFAULTS.specAugmentStrength(2)).isEqualTo(1);
        assertThat(DEFAULTS.specAugmentStrength(7.5)).isEqualTo(1);
    }

    @Test
    void atEpochZeroSpecAugmentIsFullFromTheFirstStep() {
        TrainConfig c = withSpecAugmentFullAt(0);
        assertThat(c.specAugmentStrength(0)).isEqualTo(1);
        assertThat(c.specAugmentStrength(1.5)).isEqualTo(1);
        assertThat(withSpecAugmentFullAt(1).specAugmentStrength(0.5)).isEqualTo(0.5);
    }

    @Test
    void aNegativeEpochIsRefused() {
        assertThatThrownBy(() -> withSpecAugmentFullAt(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SpecAugment epoch must not be negative");
    }
}
