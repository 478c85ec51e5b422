package dev.acmstream.asr.corpus;

import dev.acmstream.asr.data.FeatureShards;
import dev.acmstream.asr.data.Utterance;
import dev.acmstream.asr.report.ProgressBar;
import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.features.LogMelConfig;
import dev.acmstream.audio.features.LogMelExtractor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Builds a synthetic speech corpus: text → speech → augmentation → log-mel features on disk.
 *
 * <p>The corpus is a sequence of jobs of {@link CorpusConfig#jobSize()} utterances, each fixed by
 * the seed ({@link CorpusPlanner}) and written as one feature shard. It ends with the shortest
 * prefix of jobs whose training audio reaches the requested hours, so the same seed and hours
 * always give the same corpus. Jobs run on {@code threads} workers; a job whose shard exists is
 * skipped, which makes an interrupted build resumable. Dev and test audio are also kept as WAV
 * files with TSV manifests, so that {@code eval} can run the whole recognizer on them.
 */
public final class CorpusBuilder {
    /** The settings file of a corpus directory: seed, hours, job size and format. */
    static final String CONFIG_FILE = "corpus.properties";
    /** Utterances shorter than this many feature frames (0.1 s) are dropped. */
    static final int MIN_FRAMES = 10;

    private final CorpusConfig config;
    private final PrintStream log;

    public CorpusBuilder(CorpusConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public void build() throws IOException, InterruptedException {
        Path out = config.out();
        Files.createDirectories(out);
        checkOrWriteConfig(out.resolve(CONFIG_FILE));
        log.println("loading text from Debian packages ...");
        TextPools text = TextPools.load();
        writeLmText(text, out.resolve("lm-train.txt"));
        CorpusPlanner planner = new CorpusPlanner(config.seed(), text);
        FeatureShards shards = new FeatureShards(out.resolve("features"), LogMelConfig.DEFAULT.melBins());
        Files.createDirectories(out.resolve("audio"));

        double target = config.hours() * 3600;
        Map<Integer, Double> trainSeconds = new TreeMap<>();
        ProgressBar bar = new ProgressBar("corpus", Math.round(target), log);
        ExecutorService pool = Executors.newFixedThreadPool(config.threads());
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(out));
        List<Worker> allWorkers = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            int next = 0;
            List<Future<Double>> inFlight = new ArrayList<>();
            List<Integer> inFlightJobs = new ArrayList<>();
            while (true) {
                int prefixEnd = prefixReaching(trainSeconds, target);
                if (prefixEnd >= 0 && inFlight.isEmpty()) {
                    deleteBeyond(shards, prefixEnd);
                    break;
                }
                while (prefixEnd < 0 && inFlight.size() < config.threads() * 2) {
                    int job = next++;
                    String name = shardName(job);
                    if (shards.isComplete(name)) {
                        trainSeconds.put(job, sumTrain(shards.index(name)));
                        prefixEnd = prefixReaching(trainSeconds, target);
                        continue;
                    }
                    List<UtteranceSpec> specs = planner.job(job, config.jobSize());
                    inFlight.add(pool.submit(() -> {
                        Worker w = workers.get();
                        if (!allWorkers.contains(w)) {
                            allWorkers.add(w);
                        }
                        return w.render(name, specs, shards);
                    }));
                    inFlightJobs.add(job);
                    prefixEnd = prefixReaching(trainSeconds, target);
                }
                if (inFlight.isEmpty()) {
                    continue;
                }
                try {
                    double secs = inFlight.get(0).get();
                    trainSeconds.put(inFlightJobs.get(0), secs);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("job " + inFlightJobs.get(0) + " failed: " + e.getCause().getMessage(), e.getCause());
                }
                inFlight.remove(0);
                inFlightJobs.remove(0);
                double done = trainSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
                bar.update(Math.min(Math.round(done), Math.round(target)), String.format(Locale.ROOT,
                        "%.2f h train audio, %d shards", done / 3600, trainSeconds.size()));
            }
        } finally {
            pool.shutdownNow();
            for (Worker w : allWorkers) {
                w.close();
            }
        }
        List<Utterance> all = shards.indexAll();
        writeManifests(out, all);
        FeatureStats.compute(shards, all.stream().filter(u -> u.split().equals("train")).toList())
                .write(out.resolve("stats.properties"));
        summarize(all);
    }

    /** The last job of the shortest complete prefix with enough training audio, or -1. */
    private static int prefixReaching(Map<Integer, Double> done, double target) {
        double sum = 0;
        for (int j = 0; done.containsKey(j); j++) {
            sum += done.get(j);
            if (sum >= target) {
                return j;
            }
        }
        return -1;
    }

    private static double sumTrain(List<Utterance> us) {
        return us.stream().filter(u -> u.split().equals("train")).mapToDouble(Utterance::seconds).sum();
    }

    private void deleteBeyond(FeatureShards shards, int lastJob) throws IOException {
        try (Stream<Path> s = Files.list(shards.dir())) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("job-") && Integer.parseInt(n.substring(4, 10)) > lastJob) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> s = Files.list(config.out().resolve("audio"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("job-") && Integer.parseInt(n.substring(4, 10)) > lastJob) {
                    try (Stream<Path> w = Files.walk(p)) {
                        w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        }
    }

    /**
     * A corpus directory as a model card records it: its path, and the seed and hours it was built
     * with (absent when the directory has no settings file).
     */
    public static String describe(Path corpus) throws IOException {
        Properties p = readSettings(corpus);
        if (p == null) {
            return corpus.toString();
        }
        return corpus + " (seed " + p.getProperty("seed", "?") + ", " + p.getProperty("hours", "?") + " h)";
    }

    /** The settings {@code train corpus} wrote into {@code corpus}, or null when it has no settings file. */
    static Properties readSettings(Path corpus) throws IOException {
        Path file = corpus.resolve(CONFIG_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    static String shardName(int job) {
        return String.format("job-%06d", job);
    }

    private void checkOrWriteConfig(Path file) throws IOException {
        String wanted = "seed=" + config.seed() + "\nhours=" + config.hours() + "\njobSize=" + config.jobSize() + "\nformat=1\n";
        if (Files.exists(file)) {
            String have = Files.readString(file);
            if (!have.equals(wanted)) {
                throw new IOException(config.out() + " holds a corpus built with other settings:\n" + have
                        + "use another --out, or the same --seed, --hours and --job-size to resume");
            }
            log.println("resuming the corpus in " + config.out());
        } else {
            Files.writeString(file, wanted);
        }
    }

    private void writeLmText(TextPools text, Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.write(file, text.trainText(config.seed(), 300_000), StandardCharsets.UTF_8);
        }
    }

    private static void writeManifests(Path out, List<Utterance> all) throws IOException {
        for (String split : List.of("dev", "test")) {
            List<String> lines = new ArrayList<>();
            for (Utterance u : all) {
                if (u.split().equals(split)) {
                    lines.add("audio/" + u.shard() + "/" + u.id() + ".wav\t" + u.label());
                }
            }
            Files.write(out.resolve(split + ".tsv"), lines, StandardCharsets.UTF_8);
        }
    }

    private void summarize(List<Utterance> all) {
        Map<String, double[]> bySplit = new TreeMap<>();
        for (Utterance u : all) {
            double[] s = bySplit.computeIfAbsent(u.split(), k -> new double[2]);
            s[0]++;
            s[1] += u.seconds();
        }
        for (Map.Entry<String, double[]> e : bySplit.entrySet()) {
            log.printf(Locale.ROOT, "%-5s %6d utterances %7.2f h%n", e.getKey(), (long) e.getValue()[0], e.getValue()[1] / 3600);
        }
        log.println("speakers: " + all.stream().map(Utterance::speaker).distinct().count());
    }

    /** Renders jobs on one thread, with its own festival process and scratch directory. */
    private static final class Worker implements AutoCloseable {
        private final Path out;
        private final UtteranceRenderer renderer = new UtteranceRenderer();

        Worker(Path out) {
            this.out = out;
        }

        /** Renders a job and returns the seconds of training audio it holds. */
        double render(String shard, List<UtteranceSpec> specs, FeatureShards shards) throws IOException {
            List<Utterance> metas = new ArrayList<>();
            List<float[][]> feats = new ArrayList<>();
            Path audioDir = out.resolve("audio").resolve(shard);
            for (UtteranceSpec s : specs) {
                float[] audio = renderer.render(s);
                float[][] f = LogMelExtractor.extract(audio, LogMelConfig.DEFAULT);
                if (f.length < MIN_FRAMES) {
                    continue;
                }
                metas.add(new Utterance(s.id(), s.split(), s.voice().speaker(), s.source(), f.length,
                        audio.length / 16000.0, shard, 0, s.label()));
                feats.add(f);
                if (!s.split().equals("train")) {
                    Files.createDirectories(audioDir);
                    Files.write(audioDir.resolve(s.id() + ".wav"), pcm16Wav(audio));
                }
            }
            shards.write(shard, metas, feats);
            return sumTrain(shards.index(shard));
        }

        @Override
        public void close() {
            renderer.close();
        }
    }

    static byte[] pcm16Wav(float[] x) {
        byte[] pcm = SampleEncoding.S16LE.interleave(new float[][] {x});
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + pcm.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(pcm.length).put(pcm);
        return b.array();
    }
}
