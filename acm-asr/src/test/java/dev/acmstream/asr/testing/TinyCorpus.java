package dev.acmstream.asr.testing;

import dev.acmstream.asr.corpus.FeatureStats;
import dev.acmstream.asr.data.FeatureShards;
import dev.acmstream.asr.data.Utterance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A feature corpus for training tests: random features, short labels, unit statistics. */
public final class TinyCorpus {
    private static final String[] WORDS = {"hold", "the", "line", "please", "press", "one", "two", "agent"};

    private TinyCorpus() {
    }

    /** 16 train and 8 dev utterances of 60–100 frames, written under {@code dir}. */
    public static Path write(Path dir) throws IOException {
        List<float[][]> features = TinyModels.features(24, 60, 100, 11);
        List<Utterance> utterances = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            String label = WORDS[i % WORDS.length] + " " + WORDS[(i * 3 + 1) % WORDS.length];
            utterances.add(new Utterance(String.format("u%04d", i), i < 16 ? "train" : "dev", "spk" + (i % 4), "phrases",
                    features.get(i).length, features.get(i).length / 100.0, "s0", 0, label));
        }
        new FeatureShards(dir.resolve("features"), 80).write("s0", utterances, features);
        float[] zero = new float[80];
        float[] one = new float[80];
        Arrays.fill(one, 1f);
        new FeatureStats(zero, one).write(dir.resolve("stats.properties"));
        return dir;
    }
}
