package dev.acmstream.asr.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.acmstream.asr.acm.AcmFeedForward;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.ctc.CtcLoss;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.report.ProgressBar;
import java.util.Arrays;
import java.util.List;

/**
 * How much the task loss depends on each token's feed-forward output, layer by layer: the
 * model runs at budget 1 on labelled utterances, and a backward pass of the summed CTC loss gives
 * g, the gradient at every feed-forward block's output. A token's weight is |g|², relative to the
 * layer's mean: under the Fisher approximation, an error e in the block's output raises the
 * expected loss by about ½ (g·e)², which is ½ |g|² |e|² / d for an error of no preferred direction.
 * Scaling each learner's error reduction by this weight turns the gate's label into the loss its
 * absence is expected to cost ({@link GateTrainer#train(String, int, dev.acmstream.asr.acm.AcmFeedForward,
 * ActivationCache.Layer, float[], NDManager)}).
 *
 * <p>It also records each block's input and output, so the gate can be refitted on the model's
 * own activations. Utterances whose labels do not fit their frames (CTC skips them) give no
 * gradient and are left out.
 */
public final class TokenSensitivity {
    /** One layer's real tokens: the block's inputs and outputs, and each token's weight (mean 1). */
    public record Layer(ActivationCache.Layer activations, float[] weights) {
        /**
         * The weights raised to {@code power} and scaled back to mean 1: 1 is the Fisher estimate,
         * 0 ignores sensitivity (every token 1), and powers between temper its spread, which spans
         * orders of magnitude (a first-order estimate at budget 1 says little about the large
         * perturbations of a low budget).
         */
        public float[] weights(double power) {
            if (!(power >= 0) || Double.isInfinite(power)) {
                throw new IllegalArgumentException("sensitivity power must be finite and at least 0, not " + power);
            }
            float[] out = new float[weights.length];
            double mean = 0;
            for (int t = 0; t < out.length; t++) {
                out[t] = (float) Math.pow(weights[t], power);
                mean += out[t];
            }
            mean /= Math.max(1, out.length);
            for (int t = 0; t < out.length; t++) {
                out[t] = mean > 0 ? (float) (out[t] / mean) : 1f;
            }
            return out;
        }
    }

    private TokenSensitivity() {
    }

    /**
     * @param features normalized features {@code [frames][melBins]} per utterance
     * @param labels label indices per utterance
     * @param batchSize utterances per forward and backward pass
     * @param maxTokens stop once this many tokens per layer are recorded
     */
    public static List<Layer> collect(SpeechEncoder model, List<float[][]> features, List<int[]> labels, int batchSize, long maxTokens,
                                      NDManager parent, ProgressBar bar) {
        return collect(model, LearnerPolicy.full(), features, labels, batchSize, maxTokens, parent, bar);
    }

    /**
     * As {@link #collect(SpeechEncoder, List, List, int, long, NDManager, ProgressBar)}, with the model
     * running under {@code policy}: the gradients and the blocks' inputs are those of that budget,
     * while the recorded outputs stay each block's full sum (all N learners), the gate's target.
     */
    public static List<Layer> collect(SpeechEncoder model, LearnerPolicy policy, List<float[][]> features, List<int[]> labels,
                                      int batchSize, long maxTokens, NDManager parent, ProgressBar bar) {
        if (features.size() != labels.size()) {
            throw new IllegalArgumentException(features.size() + " utterances but " + labels.size() + " label sequences");
        }
        if (!model.config().isAcm()) {
            throw new IllegalArgumentException("token sensitivity is for an ACM model's gates; this model is dense");
        }
        if (batchSize < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("batch size and token limit must be positive");
        }
        ModelConfig c = model.config();
        int layers = c.layers();
        int d = c.dModel();
        Growing[] ins = new Growing[layers];
        Growing[] outs = new Growing[layers];
        Growing[] weights = new Growing[layers];
        for (int l = 0; l < layers; l++) {
            ins[l] = new Growing();
            outs[l] = new Growing();
            weights[l] = new Growing();
        }
        long tokens = 0;
        for (int i = 0; i < features.size() && tokens < maxTokens; i += batchSize) {
            int end = Math.min(features.size(), i + batchSize);
            List<float[][]> part = features.subList(i, end);
            int[][] partLabels = labels.subList(i, end).toArray(new int[0][]);
            try (NDManager m = parent.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                FeatureBatch fb = FeatureBatch.of(part, c, m);
                boolean[] valid = FeatureBatch.validTokens(fb.features(), fb.frames());
                boolean everyLearner = givesEveryLearner(policy, valid, c.learners());
                NDArray[] probes = new NDArray[layers];
                float[][] in = new float[layers][];
                float[][] out = new float[layers][];
                ForwardContext ctx = ForwardContext.inference(m, policy).withTap((layer, h, y) -> {
                    in[layer] = h.toFloatArray();
                    // The gate's target is the full sum; under a lower budget the block's own output is not it.
                    out[layer] = (everyLearner ? y : ffn(model, layer).sumOfAll(h.stopGradient(), m)).toFloatArray();
                    NDArray zero = m.zeros(y.getShape(), y.getDataType());
                    zero.setRequiresGradient(true);
                    probes[layer] = zero;
                    return y.add(zero);
                });
                SpeechEncoder.Output o = model.forward(fb.features(), fb.frames(), EncoderState.fresh(m, c, part.size()), ctx);
                CtcLoss.Result ctc = CtcLoss.loss(o.logits().logSoftmax(2), o.tokens(), partLabels);
                float[] perUtterance = ctc.perUtterance().toFloatArray();
                gc.backward(ctc.perUtterance().sum());
                int rowsPerUtterance = valid.length / part.size();
                for (int l = 0; l < layers; l++) {
                    float[] g = probes[l].getGradient().toFloatArray();
                    for (int r = 0; r < valid.length; r++) {
                        if (!valid[r] || perUtterance[r / rowsPerUtterance] <= 0) {
                            continue;
                        }
                        double sq = 0;
                        for (int j = 0; j < d; j++) {
                            double v = g[r * d + j];
                            sq += v * v;
                        }
                        ins[l].add(in[l], r * d, d);
                        outs[l].add(out[l], r * d, d);
                        weights[l].add((float) sq);
                    }
                }
                tokens = weights[0].size;
            }
            if (bar != null) {
                bar.update(end, tokens + " tokens");
            }
        }
        if (tokens == 0) {
            throw new IllegalArgumentException("no utterance gave a gradient (every one's labels outrun its frames)");
        }
        List<Layer> result = new java.util.ArrayList<>();
        for (int l = 0; l < layers; l++) {
            float[] w = weights[l].toArray();
            double mean = 0;
            for (float v : w) {
                mean += v;
            }
            mean /= w.length;
            for (int t = 0; t < w.length; t++) {
                w[t] = mean > 0 ? (float) (w[t] / mean) : 1f;
            }
            result.add(new Layer(new ActivationCache.Layer(ins[l].toArray(), outs[l].toArray(), w.length, d), w));
        }
        return result;
    }

    private static AcmFeedForward ffn(SpeechEncoder model, int layer) {
        return (AcmFeedForward) model.layers().get(layer).feedForward();
    }

    /** Whether {@code policy} gives every token all N learners whatever the gate says (budget 1). */
    private static boolean givesEveryLearner(LearnerPolicy policy, boolean[] valid, int learners) {
        if (policy.needsGate()) {
            return false;
        }
        for (int k : policy.choose(0, null, valid, learners)) {
            if (k < learners) {
                return false;
            }
        }
        return true;
    }

    /** A float array that grows by doubling. */
    private static final class Growing {
        private float[] data = new float[1024];
        private int size;

        void add(float v) {
            ensure(1);
            data[size++] = v;
        }

        void add(float[] src, int from, int count) {
            ensure(count);
            System.arraycopy(src, from, data, size, count);
            size += count;
        }

        private void ensure(int more) {
            if (size + more > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
            }
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
