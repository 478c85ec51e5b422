package dev.acmstream.asr.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.model.ResidentState;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.Macs;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.model.StreamCache;
import dev.acmstream.asr.model.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Streams a batch of utterances through the encoder chunk by chunk, as the recognizer does, at
 * several budgets, and reports wall time per second of audio and the MACs spent. Every budget
 * runs on the same features, interleaved over several rounds so that machine noise spreads
 * evenly, and each budget's best round is kept.
 */
public final class EncoderBenchmark {
    private final SpeechEncoder encoder;
    private final BudgetCalibration calibration;

    /** Freezes {@code encoder} for inference, as the recognizer does. */
    public EncoderBenchmark(SpeechEncoder encoder, BudgetCalibration calibration) {
        this(encoder, calibration, true);
    }

    /**
     * @param fused whether to freeze the encoder as the recognizer does (uniform-k calls then run
     *     on fused learner weights); false measures the per-learner path everywhere
     */
    public EncoderBenchmark(SpeechEncoder encoder, BudgetCalibration calibration, boolean fused) {
        this.encoder = fused ? encoder.freeze() : encoder;
        this.calibration = calibration;
    }

    /** One budget's figures; MACs are per second of audio. */
    public record Result(double budget, double msPerAudioSecond, long acmMacs, long totalMacs, double learnerFraction) {
    }

    /**
     * @param chunksPerCall chunks each stream advances per decode call: 1 is the live steady
     *     state, more is a recognizer catching up on a backlog
     */
    public List<Result> run(double[] budgets, int batch, double seconds, int chunksPerCall, int rounds, NDManager parent) {
        ModelConfig c = encoder.config();
        int chunk = c.chunkFrames() * chunksPerCall;
        int chunks = (int) Math.ceil(seconds * 100 / chunk);
        Random r = new Random(42);
        float[][] feats = new float[chunks][batch * chunk * c.melBins()];
        for (float[] f : feats) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) r.nextGaussian();
            }
        }
        return run(budgets, batch, chunksPerCall, feats, rounds, parent);
    }

    /**
     * As {@link #run(double[], int, double, int, int, NDManager)}, on real speech: the frames are
     * one long recording, cut into {@code batch} streams of consecutive audio, so the gates see
     * what they see in service and the budget's learner fraction is what calibration promises.
     *
     * @param frames normalized log-mel frames, in order
     */
    public List<Result> run(double[] budgets, int batch, int chunksPerCall, List<float[]> frames, int rounds, NDManager parent) {
        ModelConfig c = encoder.config();
        int chunk = c.chunkFrames() * chunksPerCall;
        int perStream = frames.size() / batch;
        int chunks = perStream / chunk;
        if (chunks < 1) {
            throw new IllegalArgumentException(frames.size() + " frames is less than one " + chunk + "-frame call for each of "
                    + batch + " streams");
        }
        float[][] feats = new float[chunks][batch * chunk * c.melBins()];
        for (int k = 0; k < chunks; k++) {
            for (int s = 0; s < batch; s++) {
                for (int i = 0; i < chunk; i++) {
                    System.arraycopy(frames.get(s * perStream + k * chunk + i), 0, feats[k], (s * chunk + i) * c.melBins(), c.melBins());
                }
            }
        }
        return run(budgets, batch, chunksPerCall, feats, rounds, parent);
    }

    private List<Result> run(double[] budgets, int batch, int chunksPerCall, float[][] feats, int rounds, NDManager parent) {
        ModelConfig c = encoder.config();
        int chunk = c.chunkFrames() * chunksPerCall;
        int chunks = feats.length;
        double audioSeconds = batch * chunks * chunk / 100.0;
        double[] best = new double[budgets.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        Macs[] macs = new Macs[budgets.length];
        double[] fraction = new double[budgets.length];
        for (int round = 0; round < rounds + 1; round++) {
            for (int bi = 0; bi < budgets.length; bi++) {
                LearnerPolicy policy = calibration == null || budgets[bi] >= 1 ? LearnerPolicy.full() : calibration.policyFor(budgets[bi]);
                StreamCache[] caches = new StreamCache[batch];
                for (int i = 0; i < batch; i++) {
                    caches[i] = new StreamCache(c);
                }
                int[] frames = new int[batch];
                java.util.Arrays.fill(frames, chunk);
                Macs total = new Macs();
                long learners = 0;
                long tokens = 0;
                long t0 = System.nanoTime();
                ResidentState resident = new ResidentState(parent, c);
                for (int k = 0; k < chunks; k++) {
                    try (NDManager m = parent.newSubManager()) {
                        NDArray x = Tensors.of(m, feats[k], new Shape(batch, chunk, c.melBins()));
                        ForwardContext ctx = ForwardContext.inference(m, policy);
                        SpeechEncoder.Output out = encoder.forward(x, frames, resident.acquire(m, caches), ctx);
                        out.logits().logSoftmax(2).toFloatArray();
                        resident.keep(out.state(), caches);
                        total.add(ctx.macs());
                        tokens += (long) batch * c.chunkTokens() * chunksPerCall;
                        if (ctx.rowLearners() != null) {
                            for (long l : ctx.rowLearners()) {
                                learners += l;
                            }
                        }
                    }
                }
                resident.close();
                double ms = (System.nanoTime() - t0) / 1e6 / audioSeconds;
                if (round > 0 && ms < best[bi]) {
                    best[bi] = ms;
                }
                macs[bi] = total;
                fraction[bi] = c.isAcm() ? learners / (double) (tokens * c.layers() * c.learners()) : 1.0;
            }
        }
        List<Result> out = new ArrayList<>();
        for (int bi = 0; bi < budgets.length; bi++) {
            out.add(new Result(budgets[bi], best[bi], Math.round((macs[bi].feedForward() + macs[bi].gate()) / audioSeconds),
                    Math.round(macs[bi].encoder() / audioSeconds), fraction[bi]));
        }
        return out;
    }
}
