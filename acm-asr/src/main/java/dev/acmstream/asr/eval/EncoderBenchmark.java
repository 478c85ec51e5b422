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
import java.util.Locale;
import java.util.Random;

/**
 * Streams a batch of utterances through the encoder chunk by chunk, as the recognizer does, at
 * several budgets (and, if asked, static widths), and reports wall time per second of audio and
 * the MACs spent.
 *
 * <p>The settings are timed as a paired design: every decode call is made once per setting, one
 * after the other (in an order that rotates from call to call), each setting with its own stream
 * state, and each call is timed on its own. A slow spell of the host (this machine is a shared
 * VM whose speed drifts by 10–30 % over seconds) then falls on every budget alike instead of on
 * whichever budget's pass it happened to overlap, so the ratio between budgets is measured
 * within each round. One untimed round warms up first.
 */
public final class EncoderBenchmark {
    private final SpeechEncoder encoder;
    private final BudgetCalibration calibration;

    /**
     * What one row of the benchmark runs: the gated model at a budget, or a static width, where
     * every token takes the first k learners (k = 0 runs the encoder without its feed-forward
     * blocks: the part of the wall time no budget can remove).
     *
     * @param budget the budget, or k/N for a static width
     * @param width k for a static width, {@link #GATED} for a budget
     */
    public record Setting(double budget, int width) {
        public static final int GATED = -1;

        public static Setting budget(double b) {
            return new Setting(b, GATED);
        }

        public static Setting width(int k, int learners) {
            if (k < 0 || k > learners) {
                throw new IllegalArgumentException("a static width must be 0.." + learners + ", got " + k);
            }
            return new Setting(k / (double) learners, k);
        }

        public boolean isStatic() {
            return width != GATED;
        }

        /** "b=0.50" or "k=2". */
        public String label() {
            return isStatic() ? "k=" + width : String.format(Locale.ROOT, "b=%.2f", budget);
        }

        LearnerPolicy policy(BudgetCalibration calibration) {
            if (isStatic()) {
                return LearnerPolicy.fixed(width);
            }
            return calibration == null || budget >= 1 ? LearnerPolicy.full() : calibration.policyFor(budget);
        }
    }

    /** Budgets as settings, in order. */
    public static List<Setting> budgets(double... budgets) {
        List<Setting> out = new ArrayList<>();
        for (double b : budgets) {
            out.add(Setting.budget(b));
        }
        return out;
    }

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

    /**
     * One budget's figures; MACs are per second of audio.
     *
     * @param msPerAudioSecond the median over the timed rounds
     * @param roundMs each timed round's wall time per audio-second, in round order; round r of
     *     every budget ran interleaved with round r of the others, so ratios are taken round by round
     */
    public record Result(Setting setting, double msPerAudioSecond, long acmMacs, long totalMacs, double learnerFraction,
                         double[] roundMs) {
        /** The budget served, or k/N for a static width. */
        public double budget() {
            return setting.budget();
        }

        /**
         * This budget's wall time over {@code base}'s, round by round (the paired ratios), sorted.
         */
        public double[] ratiosTo(Result base) {
            double[] r = new double[roundMs.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = roundMs[i] / base.roundMs[i];
            }
            java.util.Arrays.sort(r);
            return r;
        }

        /** The median of {@link #ratiosTo}. */
        public double medianRatioTo(Result base) {
            return median(ratiosTo(base));
        }
    }

    /**
     * @param chunksPerCall chunks each stream advances per decode call: 1 is the live steady
     *     state, more is a recognizer catching up on a backlog
     */
    public List<Result> run(List<Setting> settings, int batch, double seconds, int chunksPerCall, int rounds, NDManager parent) {
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
        return run(settings, batch, chunksPerCall, feats, rounds, parent);
    }

    /**
     * As {@link #run(List, int, double, int, int, NDManager)}, on real speech: the frames are
     * one long recording, cut into {@code batch} streams of consecutive audio, so the gates see
     * what they see in service and the budget's learner fraction is what calibration promises.
     *
     * @param frames normalized log-mel frames, in order
     */
    public List<Result> run(List<Setting> settings, int batch, int chunksPerCall, List<float[]> frames, int rounds, NDManager parent) {
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
        return run(settings, batch, chunksPerCall, feats, rounds, parent);
    }

    private List<Result> run(List<Setting> settings, int batch, int chunksPerCall, float[][] feats, int rounds, NDManager parent) {
        if (rounds < 1) {
            throw new IllegalArgumentException("at least one timed round is needed, got " + rounds);
        }
        ModelConfig c = encoder.config();
        int chunk = c.chunkFrames() * chunksPerCall;
        int chunks = feats.length;
        int n = settings.size();
        double audioSeconds = batch * chunks * chunk / 100.0;
        LearnerPolicy[] policies = new LearnerPolicy[n];
        for (int bi = 0; bi < n; bi++) {
            policies[bi] = settings.get(bi).policy(calibration);
        }
        double[][] roundMs = new double[n][rounds];
        Macs[] macs = new Macs[n];
        long[] learners = new long[n];
        long tokens = (long) chunks * batch * c.chunkTokens() * chunksPerCall;
        int[] frames = new int[batch];
        java.util.Arrays.fill(frames, chunk);
        for (int round = 0; round < rounds + 1; round++) {
            StreamCache[][] caches = new StreamCache[n][batch];
            ResidentState[] resident = new ResidentState[n];
            long[] nanos = new long[n];
            for (int bi = 0; bi < n; bi++) {
                for (int i = 0; i < batch; i++) {
                    caches[bi][i] = new StreamCache(c);
                }
                resident[bi] = new ResidentState(parent, c);
                macs[bi] = new Macs();
                learners[bi] = 0;
            }
            for (int k = 0; k < chunks; k++) {
                for (int j = 0; j < n; j++) {
                    int bi = (k + j) % n; // each budget takes every position in turn
                    long t0 = System.nanoTime();
                    try (NDManager m = parent.newSubManager()) {
                        NDArray x = Tensors.of(m, feats[k], new Shape(batch, chunk, c.melBins()));
                        ForwardContext ctx = ForwardContext.inference(m, policies[bi]);
                        SpeechEncoder.Output out = encoder.forward(x, frames, resident[bi].acquire(m, caches[bi]), ctx);
                        out.logits().logSoftmax(2).toFloatArray();
                        resident[bi].keep(out.state(), caches[bi]);
                        macs[bi].add(ctx.macs());
                        if (ctx.rowLearners() != null) {
                            for (long l : ctx.rowLearners()) {
                                learners[bi] += l;
                            }
                        }
                    }
                    nanos[bi] += System.nanoTime() - t0;
                }
            }
            for (int bi = 0; bi < n; bi++) {
                resident[bi].close();
                if (round > 0) {
                    roundMs[bi][round - 1] = nanos[bi] / 1e6 / audioSeconds;
                }
            }
        }
        List<Result> out = new ArrayList<>();
        for (int bi = 0; bi < n; bi++) {
            out.add(new Result(settings.get(bi), median(roundMs[bi]), Math.round((macs[bi].feedForward() + macs[bi].gate()) / audioSeconds),
                    Math.round(macs[bi].encoder() / audioSeconds),
                    c.isAcm() ? learners[bi] / (double) (tokens * c.layers() * c.learners()) : 1.0, roundMs[bi]));
        }
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
