package dev.acmstream.asr.corpus;

import dev.acmstream.asr.data.FeatureShards;
import dev.acmstream.asr.data.Utterance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Global per-bin mean and standard deviation of the training features. The model stores them
 * and normalizes every frame with them, the same in training and in streaming inference.
 */
public record FeatureStats(float[] mean, float[] std) {

    static FeatureStats compute(FeatureShards shards, List<Utterance> train) throws IOException {
        int bins = -1;
        double[] sum = null;
        double[] sq = null;
        long n = 0;
        for (Utterance u : train) {
            float[][] f = shards.read(u);
            if (sum == null) {
                bins = f[0].length;
                sum = new double[bins];
                sq = new double[bins];
            }
            for (float[] frame : f) {
                for (int k = 0; k < bins; k++) {
                    sum[k] += frame[k];
                    sq[k] += frame[k] * (double) frame[k];
                }
            }
            n += f.length;
        }
        if (sum == null) {
            throw new IOException("no training utterances to compute feature statistics from");
        }
        float[] mean = new float[bins];
        float[] std = new float[bins];
        for (int k = 0; k < bins; k++) {
            double m = sum[k] / n;
            mean[k] = (float) m;
            std[k] = (float) Math.sqrt(Math.max(1e-4, sq[k] / n - m * m));
        }
        return new FeatureStats(mean, std);
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("mean", join(mean));
        p.setProperty("std", join(std));
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "global log-mel statistics of the train split");
        }
    }

    public static FeatureStats read(Path file) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return new FeatureStats(parse(p.getProperty("mean")), parse(p.getProperty("std")));
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (float x : v) {
            sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", x));
        }
        return sb.toString();
    }

    private static float[] parse(String s) {
        String[] parts = s.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
