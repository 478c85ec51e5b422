package dev.acmstream.asr.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase 3's progress directory names its experiment, and a resume must keep its settings. */
class PhaseThreeRecipeTest {
    private static Acmization.EndToEnd acm(float lr, double skew, double mix) {
        return new Acmization.EndToEnd(1100, lr, 1f, 0.1f, new int[0], 12_000, 220, 0, skew, mix, false);
    }

    private static Acmization.EndToEnd statics(int... widths) {
        return new Acmization.EndToEnd(1100, 3e-4f, 1f, 0.1f, widths, 12_000, 220, 0, 1, 0, false);
    }

    @Test
    void theNameCarriesEverySettingThatSelectsAnExperimentExactly() {
        assertThat(acm(3e-4f, 1, 0).progressName()).isEqualTo("phase3");
        assertThat(acm(3e-4f, 2, 0).progressName()).isEqualTo("phase3-skew2");
        assertThat(acm(3e-4f, 1, 0.5).progressName()).isEqualTo("phase3-mix0.5");
        assertThat(acm(3e-4f, 1, 0.501).progressName()).isEqualTo("phase3-mix0.501");
        assertThat(acm(3e-4f, 1.5, 0.25).progressName()).isEqualTo("phase3-skew1.5-mix0.25");
        assertThat(statics(1, 2, 3, 4).progressName()).isEqualTo("phase3-static1-2-3-4");
    }

    @Test
    void theRecipeWritesNumbersAsTheyWereGiven() {
        assertThat(acm(3e-4f, 1, 0.5).recipe())
                .containsEntry("peakLr", "0.0003")
                .containsEntry("staticMix", "0.5")
                .containsEntry("budgetSkew", "1")
                .containsEntry("batchFrames", "12000")
                .containsEntry("staticWidths", "");
    }

    @Test
    void aResumeUnderOtherSettingsIsRefusedAndNamesWhatDiffers(@TempDir Path run) throws Exception {
        Acmization.EndToEnd started = acm(3e-4f, 1, 0.5);
        write(run, started);

        assertThatCode(() -> Acmization.checkResumable(run, started)).doesNotThrowAnyException();
        Acmization.EndToEnd longer = new Acmization.EndToEnd(2200, 3e-4f, 1f, 0.1f, new int[0], 12_000, 500, 2, 1, 0.5, true);
        assertThatCode(() -> Acmization.checkResumable(run, longer)).doesNotThrowAnyException();

        assertThatThrownBy(() -> Acmization.checkResumable(run, acm(1e-3f, 1, 0.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("peakLr 0.0003 (now 0.001)")
                .hasMessageContaining("phase3-mix0.5");
    }

    @Test
    void aRunWrittenBeforeASettingExistedSaysSo(@TempDir Path run) throws Exception {
        Acmization.EndToEnd e = acm(3e-4f, 1, 0.5);
        Path dir = Files.createDirectories(run.resolve(e.progressName()));
        java.util.Map<String, String> older = new java.util.LinkedHashMap<>(e.recipe());
        older.remove("staticMix");
        new ObjectMapper().writeValue(dir.resolve(Acmization.RECIPE_FILE).toFile(), older);

        assertThatThrownBy(() -> Acmization.checkResumable(run, e))
                .hasMessageContaining("staticMix not recorded, since the run predates that setting (now 0.5)");
    }

    @Test
    void aDirectoryWithoutARecipeOrWithoutARunIsAccepted(@TempDir Path run) throws Exception {
        Files.createDirectories(run.resolve("phase3-mix0.5").resolve("checkpoint"));
        assertThatCode(() -> Acmization.checkResumable(run, acm(3e-4f, 1, 0.5))).doesNotThrowAnyException();
        assertThatCode(() -> Acmization.checkResumable(run.resolve("none"), acm(3e-4f, 1, 0))).doesNotThrowAnyException();
    }

    private static void write(Path run, Acmization.EndToEnd e) throws Exception {
        Path dir = Files.createDirectories(run.resolve(e.progressName()));
        new ObjectMapper().writeValue(dir.resolve(Acmization.RECIPE_FILE).toFile(), e.recipe());
    }
}
