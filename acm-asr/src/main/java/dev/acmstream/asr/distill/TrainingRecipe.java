package dev.acmstream.asr.distill;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings a resumable training run (phase 3, {@code train finetune}) must keep between runs,
 * recorded in its progress directory, so that a resumed run is one experiment.
 */
final class TrainingRecipe {
    /** The file in a progress directory that records its recipe. */
    static final String FILE = "recipe.json";

    private TrainingRecipe() {
    }

    /**
     * Refuses to resume the run in {@code progress} under another recipe than its {@link #FILE}
     * records; a directory without one (new, or written before recipes were recorded) is accepted.
     *
     * @throws IllegalArgumentException naming the settings that differ
     */
    static void check(Path progress, Map<String, String> recipe) throws IOException {
        Path file = progress.resolve(FILE);
        if (!Files.exists(file)) {
            return;
        }
        Map<String, String> saved = new ObjectMapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() { });
        List<String> differ = new ArrayList<>();
        recipe.forEach((k, v) -> {
            if (!saved.containsKey(k)) {
                differ.add(k + " not recorded, since the run predates that setting (now " + v + ")");
            } else if (!v.equals(saved.get(k))) {
                differ.add(k + " " + saved.get(k) + " (now " + v + ")");
            }
        });
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException(progress + " holds a training run with other settings: " + String.join(", ", differ)
                    + "; rerun with those settings to resume it, or pass another --run directory");
        }
    }

    /** Writes the recipe into {@code progress} unless it holds one already. */
    static void record(Path progress, Map<String, String> recipe) throws IOException {
        Files.createDirectories(progress);
        Path file = progress.resolve(FILE);
        if (!Files.exists(file)) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), recipe);
        }
    }

    /** A setting written exactly, without trailing zeros. */
    static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** A float setting as it was given (0.01, not its double widening). */
    static String plain(float v) {
        return new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }
}
