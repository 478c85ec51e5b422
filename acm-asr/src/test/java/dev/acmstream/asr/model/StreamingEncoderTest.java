package dev.acmstream.asr.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingEncoderTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cachedChunkByChunkEqualsOneFullForward(boolean acm) {
        ModelConfig c = acm ? TinyModels.ACM : TinyModels.DENSE;
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(c, m, 3);
            List<float[][]> utts = TinyModels.features(3, 90, 150, 5);
            LearnerPolicy policy = acm ? LearnerPolicy.fixed(3) : LearnerPolicy.full();

            FeatureBatch full = FeatureBatch.of(utts, c, m);
            SpeechEncoder.Output whole = enc.forward(full.features(), full.frames(),
                    EncoderState.fresh(m, c, utts.size()), ForwardContext.inference(m, policy));
            float[] wholeLogits = whole.logits().toFloatArray();
            int tokens = (int) whole.logits().getShape().get(1);

            // Streaming: all three streams advance one chunk per call, in one batch.
            StreamCache[] caches = {new StreamCache(c), new StreamCache(c), new StreamCache(c)};
            int chunkFrames = c.chunkFrames();
            int chunks = tokens / c.chunkTokens();
            long[] macsPerCall = new long[chunks];
            float[] streamed = new float[wholeLogits.length];
            for (int ch = 0; ch < chunks; ch++) {
                try (NDManager call = m.newSubManager()) {
                    float[] flat = new float[3 * chunkFrames * 80];
                    int[] frames = new int[3];
                    for (int i = 0; i < 3; i++) {
                        float[][] u = utts.get(i);
                        for (int f = 0; f < chunkFrames; f++) {
                            int src = ch * chunkFrames + f;
                            if (src < u.length) {
                                System.arraycopy(u[src], 0, flat, (i * chunkFrames + f) * 80, 80);
                                frames[i]++;
                            }
                        }
                    }
                    NDArray x = call.create(flat, new Shape(3, chunkFrames, 80));
                    ForwardContext ctx = ForwardContext.inference(call, policy);
                    SpeechEncoder.Output out = enc.forward(x, frames, EncoderState.stack(call, c, caches), ctx);
                    out.state().unstackAll(caches, c);
                    macsPerCall[ch] = ctx.macs().total();
                    float[] l = out.logits().toFloatArray();
                    for (int i = 0; i < 3; i++) {
                        System.arraycopy(l, i * c.chunkTokens() * 29, streamed,
                                (i * tokens + ch * c.chunkTokens()) * 29, c.chunkTokens() * 29);
                    }
                }
            }
            double maxDiff = 0;
            for (int i = 0; i < 3; i++) {
                int real = whole.tokens()[i];
                for (int t = 0; t < real; t++) {
                    for (int v = 0; v < 29; v++) {
                        int idx = (i * tokens + t) * 29 + v;
                        maxDiff = Math.max(maxDiff, Math.abs(wholeLogits[idx] - streamed[idx]));
                    }
                }
            }
            assertThat(maxDiff).isLessThan(1e-4);
            // Per-chunk cost does not grow with the stream's age.
            List<Long> distinct = new ArrayList<>();
            for (int ch = 0; ch < chunks - 1; ch++) {
                if (!distinct.contains(macsPerCall[ch])) {
                    distinct.add(macsPerCall[ch]);
                }
            }
            assertThat(distinct).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1_000L, 90_000L, 2_000_000L})
    void aStreamFarIntoACallComputesWhatItsFirstSecondsWould(long offset) {
        // Keys are cached rotated at absolute stream positions: only position differences may
        // matter, with no loss of precision hours into a call.
        ModelConfig c = TinyModels.DENSE;
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(c, m, 5);
            float[][] utt = TinyModels.features(1, 5 * c.chunkFrames(), 5 * c.chunkFrames(), 3).get(0);
            StreamCache young = new StreamCache(c);
            StreamCache old = new StreamCache(c);
            old.position += offset;
            for (int ch = 0; ch < 5; ch++) {
                float[] a = streamChunk(enc, c, m, utt, ch, young);
                float[] b = streamChunk(enc, c, m, utt, ch, old);
                for (int i = 0; i < a.length; i++) {
                    assertThat(Math.abs(a[i] - b[i])).as("chunk %d logit %d", ch, i).isLessThan(2e-4f);
                }
            }
            assertThat(old.position - young.position).isEqualTo(offset);
        }
    }

    private static float[] streamChunk(SpeechEncoder enc, ModelConfig c, NDManager m, float[][] utt, int ch, StreamCache cache) {
        try (NDManager call = m.newSubManager()) {
            int frames = c.chunkFrames();
            float[] flat = new float[frames * c.melBins()];
            for (int f = 0; f < frames; f++) {
                System.arraycopy(utt[ch * frames + f], 0, flat, f * c.melBins(), c.melBins());
            }
            SpeechEncoder.Output out = enc.forward(call.create(flat, new Shape(1, frames, c.melBins())), new int[] {frames},
                    EncoderState.stack(call, c, new StreamCache[] {cache}), ForwardContext.inference(call, LearnerPolicy.full()));
            out.state().unstackAll(new StreamCache[] {cache}, c);
            return out.logits().toFloatArray();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 4})
    void batchSizeDoesNotChangeAStreamsOutput(int k) {
        ModelConfig c = TinyModels.ACM;
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = TinyModels.encoder(c, m, 11);
            List<float[][]> utts = TinyModels.features(5, 64, 64, 9);
            LearnerPolicy policy = LearnerPolicy.fixed(k);
            FeatureBatch all = FeatureBatch.of(utts, c, m);
            float[] batched = enc.forward(all.features(), all.frames(), EncoderState.fresh(m, c, 5),
                    ForwardContext.inference(m, policy)).logits().get(2).toFloatArray();
            FeatureBatch one = FeatureBatch.of(List.<float[][]>of(utts.get(2)), c, m);
            float[] alone = enc.forward(one.features(), one.frames(), EncoderState.fresh(m, c, 1),
                    ForwardContext.inference(m, policy)).logits().get(0).toFloatArray();
            for (int i = 0; i < alone.length; i++) {
                assertThat(Math.abs(alone[i] - batched[i])).isLessThan(1e-5f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1})
    void subsamplingCostsAtMostFifteenPercentOfTheDefaultEncoder(int unused) {
        ModelConfig c = ModelConfig.DEFAULT;
        try (NDManager m = NDManager.newBaseManager()) {
            SpeechEncoder enc = new SpeechEncoder(c).initialize(m);
            List<float[][]> utts = TinyModels.features(1, 1000, 1000, 1);
            FeatureBatch b = FeatureBatch.of(utts, c, m);
            ForwardContext ctx = ForwardContext.inference(m, LearnerPolicy.full());
            enc.forward(b.features(), b.frames(), EncoderState.fresh(m, c, 1), ctx);
            assertThat((double) ctx.macs().subsampling() / ctx.macs().encoder()).isLessThanOrEqualTo(0.15);
        }
    }
}
