package dev.acmstream.job.testing;

import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped ACM model, or before one exists, a small random calibrated ACM model. */
public final class TestModel {
    private static Path dir;

    private TestModel() {
    }

    public static synchronized Path dir() throws IOException {
        if (dir == null) {
            Path shipped = Path.of("../models/acm");
            if (Files.exists(shipped.resolve("config.json"))) {
                dir = shipped.toAbsolutePath();
            } else {
                dir = TinyModelDir.write(Files.createTempDirectory("acm-test-model"), TinyModels.ACM, 3);
            }
        }
        return dir;
    }
}
