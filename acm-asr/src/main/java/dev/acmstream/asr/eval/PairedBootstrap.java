package dev.acmstream.asr.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How sure a WER difference between two systems on one set is: the paired bootstrap over
 * utterances (Koehn 2004; Bisani and Ney 2004). Each resample draws the set's utterances with
 * replacement and scores both systems on the same draw, so what the two share (hard utterances,
 * easy ones) cancels, and the interval reflects only where they differ.
 */
public final class PairedBootstrap {
    /** Resamples the figures in {@code docs/BENCHMARKS.md} use. */
    public static final int RESAMPLES = 2000;

    private PairedBootstrap() {
    }

    /** One system's word edits and the reference's words, per utterance. */
    public record Scored(int[] edits, int[] words) {
        public Scored {
            if (edits.length != words.length) {
                throw new IllegalArgumentException("one edit count per utterance, and one word count");
            }
        }

        /** From {@code [wav, reference, hypothesis]} rows, as {@link Evaluator.Report#pairs} holds them. */
        public static Scored of(List<String[]> pairs) {
            int[] edits = new int[pairs.size()];
            int[] words = new int[pairs.size()];
            for (int i = 0; i < edits.length; i++) {
                String[] ref = ErrorRate.words(pairs.get(i)[1]);
                edits[i] = ErrorRate.distance(ref, ErrorRate.words(pairs.get(i)[2]));
                words[i] = ref.length;
            }
            return new Scored(edits, words);
        }

        public double wer() {
            long w = Arrays.stream(words).asLongStream().sum();
            return w == 0 ? 0 : Arrays.stream(edits).asLongStream().sum() / (double) w;
        }
    }

    /**
     * @param wer WER(a) − WER(b) on the set, as a fraction
     * @param low the 2.5th percentile of that difference over the resamples
     * @param high the 97.5th percentile
     * @param shareBelow the share of resamples in which a's WER is below b's
     */
    public record Difference(double wer, double low, double high, double shareBelow) {
    }

    /** The WER difference of a and b, scored on the same utterances in the same order. */
    public static Difference werDifference(Scored a, Scored b, int resamples, long seed) {
        int n = a.edits().length;
        if (b.edits().length != n || !Arrays.equals(a.words(), b.words())) {
            throw new IllegalArgumentException("a paired comparison needs both systems scored on the same utterances");
        }
        if (n == 0 || resamples < 1) {
            throw new IllegalArgumentException("a bootstrap needs utterances and at least one resample");
        }
        Random r = new Random(seed);
        double[] diffs = new double[resamples];
        int below = 0;
        for (int s = 0; s < resamples; s++) {
            long ea = 0;
            long eb = 0;
            long w = 0;
            for (int i = 0; i < n; i++) {
                int u = r.nextInt(n);
                ea += a.edits()[u];
                eb += b.edits()[u];
                w += a.words()[u];
            }
            diffs[s] = w == 0 ? 0 : (ea - eb) / (double) w;
            below += ea < eb ? 1 : 0;
        }
        Arrays.sort(diffs);
        return new Difference(a.wer() - b.wer(), percentile(diffs, 0.025), percentile(diffs, 0.975), below / (double) resamples);
    }

    private static double percentile(double[] sorted, double q) {
        int i = (int) Math.floor(q * (sorted.length - 1));
        return sorted[Math.min(sorted.length - 1, Math.max(0, i))];
    }
}
