package dev.acmstream.asr.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutVoiceDevTest {
    @TempDir
    Path corpus;

    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /** Stands in for the TTS engines: 0.05 s of audio per letter of the label, none for ids ending in 3. */
    private static final class FakeRenderer implements SpeechRenderer {
        final AtomicInteger rendered;
        final AtomicInteger closed;

        FakeRenderer(AtomicInteger rendered, AtomicInteger closed) {
            this.rendered = rendered;
            this.closed = closed;
        }

        @Override
        public float[] render(UtteranceSpec s) {
            rendered.incrementAndGet();
            int samples = s.id().endsWith("3") ? 400 : s.label().length() * 800;
            float[] x = new float[samples];
            for (int i = 0; i < samples; i++) {
                x[i] = (float) (0.1 * Math.sin(i * 0.05));
            }
            return x;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private HeldOutVoiceDev set(int n, AtomicInteger rendered, AtomicInteger closed) {
        return new HeldOutVoiceDev(corpus, n, 2, quiet, CorpusPlannerTest::pools, () -> new FakeRenderer(rendered, closed));
    }

    @Test
    void writesAManifestOfItsWavsAndResumesWithoutRenderingThemAgain() throws Exception {
        Files.writeString(corpus.resolve("corpus.properties"), "seed=7\nhours=16.0\njobSize=200\nformat=1\n");
        AtomicInteger rendered = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        HeldOutVoiceDev.Summary first = set(40, rendered, closed).build();

        List<String> lines = Files.readAllLines(corpus.resolve(HeldOutVoiceDev.MANIFEST));
        assertThat(first.dropped()).isEqualTo(4); // v0000003, 13, 23, 33 are too short
        assertThat(first.utterances()).isEqualTo(36).isEqualTo(lines.size());
        assertThat(rendered.get()).isEqualTo(40);
        assertThat(closed.get()).isBetween(1, 2);
        List<UtteranceSpec> specs = new CorpusPlanner(7, CorpusPlannerTest.pools()).heldOutVoiceDev(40);
        double seconds = 0;
        int row = 0;
        for (UtteranceSpec s : specs) {
            Path wav = corpus.resolve("audio").resolve(HeldOutVoiceDev.SPLIT).resolve(s.id() + ".wav");
            if (s.id().endsWith("3")) {
                assertThat(wav).doesNotExist();
                continue;
            }
            assertThat(lines.get(row++)).isEqualTo("audio/dev-voices/" + s.id() + ".wav\t" + s.label());
            assertThat(Files.size(wav)).isEqualTo(44 + 2L * s.label().length() * 800);
            seconds += s.label().length() * 800 / 16000.0;
        }
        assertThat(first.seconds()).isCloseTo(seconds, within(1e-9));

        // a rerun renders only what has no WAV yet (the short ones) and writes the same manifest
        HeldOutVoiceDev.Summary again = set(40, rendered, closed).build();
        assertThat(rendered.get()).isEqualTo(44);
        assertThat(Files.readAllLines(corpus.resolve(HeldOutVoiceDev.MANIFEST))).isEqualTo(lines);
        assertThat(again.seconds()).isCloseTo(seconds, within(1e-9));
        assertThat(again.speakers()).isEqualTo(first.speakers());
    }

    @Test
    void refusesADirectoryThatIsNotACorpus() {
        assertThatThrownBy(() -> set(5, new AtomicInteger(), new AtomicInteger()).build()).isInstanceOf(IOException.class)
                .hasMessageContaining("not a corpus directory");
    }
}
