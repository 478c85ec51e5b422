package dev.acmstream.audio.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs sox to make test fixtures; the test script installs it. */
public final class Sox {
    private Sox() {
    }

    public static void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("sox");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("sox is needed by this test: install it (apt-get install sox) or run scripts/test.sh", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("sox " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** A 0.5 s two-tone test signal (300 Hz + 1100 Hz) at the given rate and channel count. */
    public static Path tone(Path dir, String name, int rate, int channels) throws IOException, InterruptedException {
        Path f = dir.resolve(name + ".wav");
        run("-n", "-r", String.valueOf(rate), "-c", String.valueOf(channels), "-b", "16", f.toString(),
                "synth", "0.5", "sine", "300", "sine", "1100", "remix", "-", "gain", "-6",
                "channels", String.valueOf(channels));
        return f;
    }

    /** Asterisk's real 8 kHz prompts, from Debian's asterisk-core-sounds-en-wav. */
    public static Path asteriskDir() {
        return Path.of("/usr/share/asterisk/sounds/en_US_f_Allison");
    }
}
