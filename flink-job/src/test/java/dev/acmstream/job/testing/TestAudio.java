package dev.acmstream.job.testing;

import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.decode.WavDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Real 8 kHz telephone prompts from Debian's asterisk-core-sounds-en-wav (installed by scripts/test.sh). */
public final class TestAudio {
    public static final Path ASTERISK = Path.of("/usr/share/asterisk/sounds/en_US_f_Allison");

    private TestAudio() {
    }

    /** The first {@code n} prompts (by name) between 2 and 6 seconds long. */
    public static List<Path> prompts(int n) {
        try (Stream<Path> s = Files.list(ASTERISK)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().filter(p -> {
                double d = decode(p).durationSeconds();
                return d >= 2 && d <= 6;
            }).limit(n).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the Asterisk prompts are needed: apt-get install asterisk-core-sounds-en-wav", e);
        }
    }

    public static DecodedAudio decode(Path p) {
        try {
            return new WavDecoder().decode(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
