package dev.acmstream.asr.testing;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random models and random features for tests. */
public final class TinyModels {
    /** d = 32, 2 heads, 2 layers, F = 64, 4 learners, 4-token chunks with 2 chunks of context. */
    public static final ModelConfig ACM = new ModelConfig(80, 32, 2, 2, 64, 4, 8, 4, 2, 29, 0f);
    public static final ModelConfig DENSE = ACM.withLearners(0);

    private TinyModels() {
    }

    public static SpeechEncoder encoder(ModelConfig c, NDManager m, long seed) {
        m.getEngine().setRandomSeed((int) seed);
        SpeechEncoder e = new SpeechEncoder(c).initialize(m);
        // Random weights give near-uniform gate scores; a bigger spread tests the grouping.
        return e;
    }

    public static List<float[][]> features(int count, int minFrames, int maxFrames, long seed) {
        Random r = new Random(seed);
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int t = minFrames + r.nextInt(maxFrames - minFrames + 1);
            float[][] f = new float[t][80];
            for (float[] frame : f) {
                for (int k = 0; k < 80; k++) {
                    frame[k] = (float) r.nextGaussian();
                }
            }
            out.add(f);
        }
        return out;
    }
}
