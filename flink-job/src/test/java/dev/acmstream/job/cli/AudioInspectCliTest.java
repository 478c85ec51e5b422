package dev.acmstream.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AudioInspectCliTest {
    private static final Path STEREO = Path.of("../samples/call-stereo-ulaw-8k.wav");

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = AcmStreamCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void reportsBothChannelsOfAStereoMuLawCallAndDrawsThePng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("call.png");
        Result r = run("audio", "inspect", STEREO.toString(), "--png", png.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("encoding:    MULAW").contains("sample rate: 8000 Hz").contains("channels:    2")
                .contains("ch0:").contains("ch1:");
        var img = ImageIO.read(png.toFile());
        assertThat(img.getHeight()).isGreaterThan(300); // two panels
    }

    @Test
    void aTruncatedWavIsOneLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(STEREO);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(b, b.length / 2));
        Result r = run("audio", "inspect", cut.toString());
        assertThat(r.exit()).isEqualTo(AcmStreamCli.EXIT_BAD_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("truncated data chunk").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.wav");
        Files.writeString(junk, "this is not audio at all");
        Result r = run("audio", "inspect", "--verbose", junk.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not a WAV file").contains("\tat ");
    }

    @Test
    void missingFileIsBadInputAndBadOptionIsUsage() {
        assertThat(run("audio", "inspect", "/no/such/file.wav").exit()).isEqualTo(1);
        Result usage = run("audio", "inspect", "--no-such-option", "x.wav");
        assertThat(usage.exit()).isEqualTo(AcmStreamCli.EXIT_USAGE);
        assertThat(usage.err()).contains("Unknown option").contains("--help");
    }

    @Test
    void helpExplainsTheCommands() {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("audio").contains("train");
        assertThat(run("audio", "inspect", "--help").out()).contains("--png");
    }
}
