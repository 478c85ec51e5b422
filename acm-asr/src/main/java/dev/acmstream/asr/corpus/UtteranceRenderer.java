package dev.acmstream.asr.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Speech for one planned utterance through the TTS engines: synthesis, then augmentation. One
 * instance per worker thread: it owns a festival process and a scratch directory.
 */
final class UtteranceRenderer implements SpeechRenderer {
    private final Synthesizer tts = new Synthesizer();
    private final Augmenter augmenter = new Augmenter();
    private final Path scratch;

    UtteranceRenderer() {
        try {
            this.scratch = Files.createTempDirectory("acm-corpus-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public float[] render(UtteranceSpec s) throws IOException {
        Path wav = scratch.resolve("tts.wav");
        Files.deleteIfExists(wav);
        tts.synthesize(s.voice(), s.speech(), s.stretch(), s.pitch(), wav);
        return augmenter.apply(wav, s.augmentation(), new Random(s.seed()), scratch);
    }

    @Override
    public void close() {
        tts.close();
        try (Stream<Path> w = Files.walk(scratch)) {
            w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // scratch space in /tmp; the OS cleans it if we cannot
        }
    }
}
