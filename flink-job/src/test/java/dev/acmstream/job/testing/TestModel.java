package dev.acmstream.job.testing;

import dev.acmstream.asr.testing.TinyModelDir;
import dev.acmstream.asr.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped ACM model, else the shipped dense teacher, else a small random calibrated ACM model. */
public final class TestModel {
    private static Path dir;

    private TestModel() {
    }

    public static synchronized Path dir() throws IOException {
        if (dir == null) {
            // -Dacm.test.model=tiny runs the tests as a fresh clone without shipped models does;
            // -Dacm.test.model=DIR runs them with that model directory.
            String chosen = System.getProperty("acm.test.model");
            boolean tiny = "tiny".equals(chosen);
            if (chosen != null && !tiny) {
                dir = Path.of(chosen).toAbsolutePath();
            }
            for (String shipped : new String[] {"../models/acm", "../models/teacher"}) {
                if (!tiny && dir == null && Files.exists(Path.of(shipped, "config.json"))) {
                    dir = Path.of(shipped).toAbsolutePath();
                }
            }
            if (dir == null) {
                dir = TinyModelDir.write(Files.createTempDirectory("acm-test-model"), TinyModels.ACM, 3);
            }
        }
        return dir;
    }
}
