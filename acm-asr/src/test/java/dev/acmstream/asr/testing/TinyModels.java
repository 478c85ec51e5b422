package dev.acmstream.asr.testing;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.model.UntrainedModel;
import java.util.List;

/** Small random models and random features for tests. */
public final class TinyModels {
    /** d = 32, 2 heads, 2 layers, F = 64, 4 learners, 4-token chunks with 2 chunks of context. */
    public static final ModelConfig ACM = new ModelConfig(80, 32, 2, 2, 64, 4, 8, 4, 2, 29, 0f);
    public static final ModelConfig DENSE = ACM.withLearners(0);

    private TinyModels() {
    }

    public static SpeechEncoder encoder(ModelConfig c, NDManager m, long seed) {
        return UntrainedModel.encoder(c, m, seed);
    }

    public static List<float[][]> features(int count, int minFrames, int maxFrames, long seed) {
        return UntrainedModel.features(count, minFrames, maxFrames, 80, seed);
    }
}
