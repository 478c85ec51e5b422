package dev.acmstream.asr.corpus;

import dev.acmstream.asr.report.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A dev set of speakers that no split of the corpus has heard, for choosing between models.
 *
 * <p>The corpus's dev split shares its speakers with train, so a choice made on it rewards gains
 * on voices the model has learned; the test split holds out whole speakers. This set holds out
 * speakers too, others than test's ({@link Voice#heldOutDev()}: espeak-ng variants that no split
 * uses), reading dev-split text, with the corpus's own prosody and augmentation draws. It is fixed
 * by the corpus's seed and written beside the corpus: {@value #MANIFEST}, and WAVs under
 * {@code audio/dev-voices/}. A rerun keeps the WAVs already written, so an interrupted build
 * resumes.
 */
public final class HeldOutVoiceDev {
    public static final String MANIFEST = "dev-voices.tsv";
    public static final String SPLIT = "dev-voices";

    private final Path corpus;
    private final int utterances;
    private final int threads;
    private final PrintStream log;
    private final Supplier<TextPools> text;
    private final Supplier<? extends SpeechRenderer> renderers;

    /** The set of {@code utterances} for the corpus in {@code corpus}, synthesized on {@code threads} workers. */
    public HeldOutVoiceDev(Path corpus, int utterances, int threads, PrintStream log) {
        this(corpus, utterances, threads, log, HeldOutVoiceDev::loadText, UtteranceRenderer::new);
    }

    HeldOutVoiceDev(Path corpus, int utterances, int threads, PrintStream log, Supplier<TextPools> text,
                    Supplier<? extends SpeechRenderer> renderers) {
        if (utterances < 1 || threads < 1) {
            throw new IllegalArgumentException("utterances and threads must be positive");
        }
        this.corpus = corpus;
        this.utterances = utterances;
        this.threads = threads;
        this.log = log;
        this.text = text;
        this.renderers = renderers;
    }

    /** What was written. */
    public record Summary(Path manifest, int utterances, int dropped, double seconds, int speakers) {
    }

    public Summary build() throws IOException, InterruptedException {
        long seed = corpusSeed(corpus);
        List<UtteranceSpec> specs = new CorpusPlanner(seed, text.get()).heldOutVoiceDev(utterances);
        Path audioDir = corpus.resolve("audio").resolve(SPLIT);
        Files.createDirectories(audioDir);
        double[] seconds = render(specs, audioDir);

        List<String> lines = new ArrayList<>();
        Set<String> speakers = new HashSet<>();
        double total = 0;
        int dropped = 0;
        for (int i = 0; i < specs.size(); i++) {
            UtteranceSpec s = specs.get(i);
            if (seconds[i] < 0) {
                dropped++;
                continue;
            }
            lines.add("audio/" + SPLIT + "/" + s.id() + ".wav\t" + s.label());
            speakers.add(s.voice().speaker());
            total += seconds[i];
        }
        Path manifest = corpus.resolve(MANIFEST);
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        return new Summary(manifest, lines.size(), dropped, total, speakers.size());
    }

    /** Seconds of each utterance's WAV, rendered now or kept from a run before; -1 where it was too short. */
    private double[] render(List<UtteranceSpec> specs, Path audioDir) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<SpeechRenderer> opened = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<SpeechRenderer> local = ThreadLocal.withInitial(() -> {
            SpeechRenderer r = renderers.get();
            opened.add(r);
            return r;
        });
        try {
            List<Future<Double>> results = new ArrayList<>();
            for (UtteranceSpec s : specs) {
                results.add(pool.submit(() -> renderOne(s, audioDir, local.get())));
            }
            ProgressBar bar = new ProgressBar(SPLIT, specs.size(), log);
            double[] seconds = new double[specs.size()];
            double audio = 0;
            for (int i = 0; i < results.size(); i++) {
                try {
                    seconds[i] = results.get(i).get();
                } catch (ExecutionException e) {
                    throw new IOException("utterance " + specs.get(i).id() + " (" + specs.get(i).voice().espeakVoice()
                            + ") failed: " + e.getCause().getMessage(), e.getCause());
                }
                audio += Math.max(0, seconds[i]);
                bar.update(i + 1, String.format(Locale.ROOT, "%.1f min of audio", audio / 60));
            }
            return seconds;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            for (SpeechRenderer r : opened) {
                r.close();
            }
        }
    }

    private static double renderOne(UtteranceSpec s, Path audioDir, SpeechRenderer renderer) throws IOException {
        Path wav = audioDir.resolve(s.id() + ".wav");
        if (Files.exists(wav)) {
            return (Files.size(wav) - 44) / 32000.0;
        }
        float[] audio = renderer.render(s);
        if (audio.length < CorpusBuilder.MIN_FRAMES * 160) {
            return -1;
        }
        Path partial = audioDir.resolve(s.id() + ".wav.partial");
        Files.write(partial, CorpusBuilder.pcm16Wav(audio));
        Files.move(partial, wav, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return audio.length / 16000.0;
    }

    /** The seed of the corpus in {@code corpus}, from the {@code corpus.properties} that {@code train corpus} writes. */
    static long corpusSeed(Path corpus) throws IOException {
        Properties p = CorpusBuilder.readSettings(corpus);
        if (p == null) {
            throw new IOException(corpus + " is not a corpus directory (it has no " + CorpusBuilder.CONFIG_FILE
                    + "); build one with 'train corpus'");
        }
        String seed = p.getProperty("seed");
        if (seed == null) {
            throw new IOException(corpus.resolve(CorpusBuilder.CONFIG_FILE) + " names no seed");
        }
        return Long.parseLong(seed.trim());
    }

    private static TextPools loadText() {
        try {
            return TextPools.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Debian text packages: " + e.getMessage(), e);
        }
    }
}
