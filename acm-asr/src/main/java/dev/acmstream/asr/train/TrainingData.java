package dev.acmstream.asr.train;

import dev.acmstream.asr.corpus.FeatureStats;
import dev.acmstream.asr.ctc.Vocabulary;
import dev.acmstream.asr.data.FeatureShards;
import dev.acmstream.asr.data.Utterance;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A feature corpus opened for training: its splits, its global statistics and length-bucketed
 * batches. Utterances whose labels need more encoder tokens than they have are dropped here
 * and counted, so the CTC loss rarely has to skip any. Features are normalized with the corpus's
 * statistics, or with a trained model's after {@link #normalizeFor}.
 */
public final class TrainingData {
    private final FeatureShards shards;
    private final FeatureStats own;
    private FeatureStats stats;
    private final List<Utterance> train = new ArrayList<>();
    private final List<Utterance> dev = new ArrayList<>();
    private final List<Utterance> test = new ArrayList<>();
    private int tooShort;
    private final Path corpus;

    public TrainingData(Path corpus) throws IOException {
        this.corpus = corpus;
        shards = new FeatureShards(corpus.resolve("features"), 80);
        own = FeatureStats.read(corpus.resolve("stats.properties"));
        stats = own;
        for (Utterance u : shards.indexAll()) {
            if (u.label().isEmpty()) {
                continue;
            }
            int tokens = (u.frames() + ModelConfig.SUBSAMPLING - 1) / ModelConfig.SUBSAMPLING;
            if (u.split().equals("train") && ctcNeeds(u.label()) > tokens) {
                tooShort++;
                continue;
            }
            switch (u.split()) {
                case "train" -> train.add(u);
                case "dev" -> dev.add(u);
                case "test" -> test.add(u);
                default -> throw new IOException("unknown split " + u.split() + " of " + u.id());
            }
        }
        if (train.isEmpty()) {
            throw new IOException("no training utterances in " + corpus);
        }
    }

    /** Frames a CTC path needs: one per label character and one more per repeated pair. */
    static int ctcNeeds(String label) {
        int n = label.length();
        for (int i = 1; i < label.length(); i++) {
            if (label.charAt(i) == label.charAt(i - 1)) {
                n++;
            }
        }
        return n;
    }

    /** The corpus directory. */
    public Path corpus() {
        return corpus;
    }

    public List<Utterance> train() {
        return train;
    }

    /** The train utterances by id, then shuffled by {@code seed}: a sample that sees every kind of voice and text. */
    public List<Utterance> trainInSeededOrder(long seed) {
        List<Utterance> order = new ArrayList<>(train);
        order.sort(Comparator.comparing(Utterance::id));
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    public List<Utterance> dev() {
        return dev;
    }

    public List<Utterance> test() {
        return test;
    }

    public int droppedTooShort() {
        return tooShort;
    }

    /** The statistics {@link #features} normalizes with: the corpus's own, unless {@link #normalizeFor} changed them. */
    public FeatureStats stats() {
        return stats;
    }

    /**
     * From now on normalizes features with {@code model}'s statistics, the ones it was trained with
     * and runs with at inference, instead of the corpus's. Work on a trained model (distilling,
     * fine-tuning, calibrating) must see its inputs as inference does; a corpus built with another
     * seed has slightly different statistics of its own. When they differ, says so on {@code log}.
     *
     * @return the largest difference, over mel bins, between the corpus's and the model's mean, in
     *     units of the model's standard deviation (0 for the corpus the model was trained on)
     */
    public double normalizeFor(SpeechEncoder model, PrintStream log) {
        float[] mean = model.featureMean();
        float[] std = model.featureStd();
        if (mean.length != own.mean().length) {
            throw new IllegalArgumentException("the model expects " + mean.length + " mel bins, " + corpus + " has "
                    + own.mean().length);
        }
        double worst = 0;
        for (int k = 0; k < mean.length; k++) {
            worst = Math.max(worst, Math.abs(own.mean()[k] - mean[k]) / std[k]);
        }
        stats = new FeatureStats(mean, std);
        if (worst > 1e-6) {
            log.printf(Locale.ROOT, "normalizing features with the model's statistics; %s's own differ by up to %.3f standard deviations%n",
                    corpus, worst);
        }
        return worst;
    }

    public double trainHours() {
        return train.stream().mapToDouble(Utterance::seconds).sum() / 3600;
    }

    /** Normalized features of one utterance. */
    public float[][] features(Utterance u) throws IOException {
        float[][] f = shards.read(u);
        float[] mean = stats.mean();
        float[] std = stats.std();
        for (float[] frame : f) {
            for (int k = 0; k < frame.length; k++) {
                frame[k] = (frame[k] - mean[k]) / std[k];
            }
        }
        return f;
    }

    public static int[] labels(Utterance u) {
        return Vocabulary.encode(u.label());
    }

    /**
     * The batches of one epoch: utterances sorted by length and cut into batches of at most
     * {@code maxFrames} padded frames. Epoch 0 keeps them shortest first (a curriculum); later
     * epochs shuffle the batch order with the epoch's seed.
     */
    public static List<List<Utterance>> batches(List<Utterance> utts, int maxFrames, int epoch, long seed) {
        Random r = new Random(seed * 31 + epoch);
        List<Utterance> sorted = new ArrayList<>(utts);
        // Jitter lengths a little so that batches differ between epochs.
        java.util.Map<String, Double> key = new java.util.HashMap<>();
        for (Utterance u : sorted) {
            key.put(u.id(), u.frames() * (1 + 0.1 * r.nextDouble()));
        }
        sorted.sort(Comparator.comparingDouble(u -> key.get(u.id())));
        List<List<Utterance>> out = new ArrayList<>();
        List<Utterance> cur = new ArrayList<>();
        int longest = 0;
        for (Utterance u : sorted) {
            int len = Math.max(longest, u.frames());
            if (!cur.isEmpty() && len * (cur.size() + 1) > maxFrames) {
                out.add(cur);
                cur = new ArrayList<>();
                len = u.frames();
            }
            cur.add(u);
            longest = len;
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        if (epoch > 0) {
            Collections.shuffle(out, r);
        }
        return out;
    }
}
