package dev.acmstream.asr.train;

import ai.djl.ndarray.NDManager;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.ctc.GreedyDecoder;
import dev.acmstream.asr.eval.ErrorRate;
import dev.acmstream.asr.model.EncoderState;
import dev.acmstream.asr.model.FeatureBatch;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.SpeechEncoder;
import java.util.List;

/**
 * Greedy CTC error rates of an encoder on labelled utterances (normalized features), under a
 * learner policy, with the realised mean learner fraction: the quick figure of training runs.
 */
public final class GreedyEvaluation {
    public record Result(double cer, double wer, double learnerFraction, long encoderMacs) {
    }

    private GreedyEvaluation() {
    }

    public static Result run(SpeechEncoder encoder, List<float[][]> features, List<String> labels, LearnerPolicy policy, NDManager parent) {
        ErrorRate er = new ErrorRate();
        int batchSize = 16;
        int n = encoder.config().learners();
        long used = 0;
        long possible = 0;
        long macs = 0;
        for (int i = 0; i < features.size(); i += batchSize) {
            List<float[][]> part = features.subList(i, Math.min(features.size(), i + batchSize));
            try (NDManager m = parent.newSubManager()) {
                FeatureBatch fb = FeatureBatch.of(part, encoder.config(), m);
                ForwardContext ctx = ForwardContext.inference(m, policy);
                SpeechEncoder.Output out = encoder.forward(fb.features(), fb.frames(), EncoderState.fresh(m, encoder.config(), part.size()), ctx);
                float[] logits = out.logits().toFloatArray();
                int t = (int) out.logits().getShape().get(1);
                int v = encoder.config().vocab();
                long tokens = 0;
                for (int j = 0; j < part.size(); j++) {
                    er.add(labels.get(i + j), GreedyDecoder.decode(logits, j * t * v, out.tokens()[j], v));
                    tokens += out.tokens()[j];
                }
                double f = ctx.learnerFraction(n);
                used += Math.round(f * tokens);
                possible += tokens;
                macs += ctx.macs().total();
            }
        }
        return new Result(er.cer(), er.wer(), possible == 0 ? 1.0 : used / (double) possible, macs);
    }
}
