package dev.acmstream.asr.recognizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.acmstream.asr.acm.BudgetCalibration;
import dev.acmstream.asr.acm.LearnerPolicy;
import dev.acmstream.asr.decode.DecoderConfig;
import dev.acmstream.asr.decode.PrefixBeamSearch;
import dev.acmstream.asr.lm.NgramLm;
import dev.acmstream.asr.lm.WordLanguageModel;
import dev.acmstream.asr.model.ForwardContext;
import dev.acmstream.asr.model.Macs;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.ModelDirectory;
import dev.acmstream.asr.model.ResidentState;
import dev.acmstream.asr.model.SpeechEncoder;
import dev.acmstream.asr.model.StreamCache;
import dev.acmstream.asr.model.Tensors;
import dev.acmstream.asr.runtime.NativeHeap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared, thread-safe half of streaming recognition, shaped like the streaming ASR
 * libraries (sherpa-onnx's OnlineRecognizer): it holds the model, the language model and the
 * budget calibration; each audio stream gets a {@link RecognizerStream}; and
 * {@link #decode(List, double)} advances many streams by one chunk each in a single batch.
 */
public final class Recognizer implements AutoCloseable {
    private final ModelDirectory.Loaded model;
    private final SpeechEncoder encoder;
    private final WordLanguageModel lm;
    private final RecognizerConfig config;

    private Recognizer(ModelDirectory.Loaded model, WordLanguageModel lm, RecognizerConfig config) {
        ModelConfig c = model.encoder().config();
        if (config.staticWidth() > 0 && (!c.isAcm() || config.staticWidth() > c.learners())) {
            model.close();
            throw new IllegalArgumentException("a static width of " + config.staticWidth() + " needs an ACM model with at least that many "
                    + "learners; " + config.modelDir() + " has " + c.learners());
        }
        this.model = model;
        this.encoder = model.encoder().freeze();
        this.lm = lm;
        this.config = config;
    }

    /** Loads the model and LM; also sets the C heap's policy for the encoder's buffers ({@link NativeHeap}). */
    public static Recognizer load(RecognizerConfig config) throws IOException {
        NativeHeap.keepLargeBlocks();
        WordLanguageModel lm = config.lmFile() == null ? WordLanguageModel.NONE : NgramLm.load(config.lmFile());
        return new Recognizer(ModelDirectory.load(config.modelDir()), lm, config);
    }

    public RecognizerStream createStream(String id) {
        return new RecognizerStream(id, this);
    }

    public ModelConfig modelConfig() {
        return encoder.config();
    }

    public RecognizerConfig config() {
        return config;
    }

    public EndpointConfig endpointConfig() {
        return config.endpoint();
    }

    /** True if the model has ACMs and so honours a budget below 1. */
    public boolean isAdaptive() {
        return encoder.config().isAcm() && model.calibration() != null && config.staticWidth() == 0;
    }

    /**
     * Decodes a stream again from its recorded encoder outputs ({@link RecognizerStream#record()})
     * with other search settings, sharing this recognizer's model and LM: the final segments it
     * gives. The encoder does not run, so a grid of LM weights costs only the searches.
     */
    public List<Segment> replay(String id, List<RecognizerStream.Posteriors> calls, DecoderConfig decoder) {
        RecognizerStream s = new RecognizerStream(id, this, new PrefixBeamSearch(decoder, lm));
        s.inputFinished();
        for (RecognizerStream.Posteriors p : calls) {
            s.replay(p);
        }
        return s.drainFinals();
    }

    PrefixBeamSearch newSearch() {
        return new PrefixBeamSearch(config.decoder(), lm);
    }

    void normalize(float[] frame) {
        encoder.normalize(frame);
    }

    /** The learner policy for budget b: thresholds from the calibration, or every learner. */
    public LearnerPolicy policy(double budget) {
        if (config.staticWidth() > 0) {
            return LearnerPolicy.fixed(config.staticWidth());
        }
        if (!isAdaptive()) {
            return LearnerPolicy.full();
        }
        return model.calibration().policyFor(Math.max(BudgetCalibration.MIN_BUDGET, Math.min(1.0, budget)));
    }

    /**
     * What one decode call did, and where its time went: the encoder (with the batch's assembly
     * and the log-softmax) and the search (beam search with the LM, endpointing).
     */
    public record DecodeStats(int streams, long tokens, long learners, Macs macs, long encoderNanos, long searchNanos) {
        public double learnerFraction(ModelConfig c) {
            return c.isAcm() && tokens > 0 ? learners / (double) (tokens * c.layers() * c.learners()) : 1.0;
        }
    }

    /**
     * Advances every ready stream by one chunk in one batch.
     *
     * @param budget target mean fraction of ACM learners per token, clamped to [0.2, 1]
     */
    public DecodeStats decode(List<RecognizerStream> streams, double budget) {
        try (ResidentState none = new ResidentState(model.manager(), encoder.config())) {
            return decode(streams, budget, none);
        }
    }

    /** A holder of batch state for one caller's consecutive decode calls (see {@link ResidentState}). */
    public ResidentState newResidentState() {
        return new ResidentState(model.manager(), encoder.config());
    }

    /**
     * Advances every ready stream by one chunk, keeping the batch state resident in
     * {@code resident} for the next call over the same streams.
     */
    public DecodeStats decode(List<RecognizerStream> streams, double budget, ResidentState resident) {
        return decode(streams, budget, resident, 1);
    }

    /**
     * Like {@link #decode(List, double, ResidentState)}, but a stream with a backlog advances by up
     * to {@code maxChunks} chunks at once (every ready stream by the same number), which uses the
     * CPU better when the recognizer is catching up. Results are the same as one chunk per call.
     */
    public DecodeStats decode(List<RecognizerStream> streams, double budget, ResidentState resident, int maxChunks) {
        List<RecognizerStream> ready = new ArrayList<>();
        for (RecognizerStream s : streams) {
            if (s.isReady()) {
                ready.add(s);
            }
        }
        ModelConfig c = encoder.config();
        if (ready.isEmpty()) {
            return new DecodeStats(0, 0, 0, new Macs(), 0, 0);
        }
        long t0 = System.nanoTime();
        int b = ready.size();
        int chunks = Math.max(1, maxChunks);
        for (RecognizerStream s : ready) {
            chunks = Math.min(chunks, Math.max(1, s.availableChunks()));
        }
        int chunk = c.chunkFrames() * chunks;
        int bins = c.melBins();
        float[] flat = new float[b * chunk * bins];
        int[] frames = new int[b];
        boolean[][] speech = new boolean[b][chunk];
        StreamCache[] caches = new StreamCache[b];
        for (int i = 0; i < b; i++) {
            RecognizerStream s = ready.get(i);
            float[][] ch = s.takeChunks(chunks, speech[i]);
            for (int f = 0; f < chunk; f++) {
                if (ch[f] != null) {
                    System.arraycopy(ch[f], 0, flat, (i * chunk + f) * bins, bins);
                    frames[i]++;
                }
            }
            caches[i] = s.cache;
        }
        double clamped = Math.max(BudgetCalibration.MIN_BUDGET, Math.min(1.0, budget));
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = Tensors.of(m, flat, new Shape(b, chunk, bins));
            ForwardContext ctx = ForwardContext.inference(m, policy(clamped));
            SpeechEncoder.Output out = encoder.forward(x, frames, resident.acquire(m, caches), ctx);
            float[] logProbs = out.logits().logSoftmax(2).toFloatArray();
            resident.keep(out.state(), caches);
            int perRow = c.chunkTokens() * chunks;
            int v = c.vocab();
            long[] rowLearners = ctx.rowLearners();
            Macs macs = ctx.macs();
            long rows = (long) b * perRow;
            long shared = macs.subsampling() + macs.attention() + macs.gate();
            long perLearnerMacs = c.isAcm() ? 2L * c.dModel() * (c.ffnDim() / c.learners()) : 0;
            long totalTokens = 0;
            long totalLearners = 0;
            long t1 = System.nanoTime();
            for (int i = 0; i < b; i++) {
                int real = out.tokens()[i];
                long[] learners = null;
                long learnerSum = 0;
                if (rowLearners != null) {
                    learners = new long[real];
                    for (int t = 0; t < real; t++) {
                        learners[t] = rowLearners[i * perRow + t];
                        learnerSum += learners[t];
                    }
                }
                long streamMacs = shared * real / rows
                        + (c.isAcm() ? learnerSum * perLearnerMacs : macs.feedForward() * real / rows);
                ready.get(i).consume(logProbs, i * perRow * v, real, speech[i], learners, streamMacs, clamped);
                totalTokens += real;
                totalLearners += learnerSum;
            }
            return new DecodeStats(b, totalTokens, totalLearners, macs, t1 - t0, System.nanoTime() - t1);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
