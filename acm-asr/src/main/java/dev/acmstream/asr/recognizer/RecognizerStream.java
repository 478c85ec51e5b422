package dev.acmstream.asr.recognizer;

import dev.acmstream.asr.ctc.Vocabulary;
import dev.acmstream.asr.decode.PrefixBeamSearch;
import dev.acmstream.asr.decode.Word;
import dev.acmstream.asr.model.ModelConfig;
import dev.acmstream.asr.model.StreamCache;
import dev.acmstream.audio.vad.EnergyVad;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One audio stream's recognition state: pending feature frames, the encoder's left-context
 * cache, the beam search, and the endpoint and compute bookkeeping of the current segment.
 * Streams are advanced in batches by {@link Recognizer#decode}; a stream is not thread-safe.
 */
public final class RecognizerStream {
    /** Seconds per encoder token: 4 frames of 10 ms. */
    public static final double TOKEN_SECONDS = 0.04;
    /** 16 kHz samples per encoder token. */
    public static final int TOKEN_SAMPLES = 640;

    final String id;
    final Recognizer recognizer;
    final ModelConfig config;
    StreamCache cache;
    final PrefixBeamSearch search;
    final EnergyVad vad = new EnergyVad();
    final ArrayDeque<float[]> pending = new ArrayDeque<>();
    final ArrayDeque<Boolean> pendingSpeech = new ArrayDeque<>();
    long tokens;
    boolean inputFinished;
    boolean closed;
    long segmentStartToken;
    int trailingSilence;
    long segmentTokens;
    long segmentLearners;
    long segmentMacs;
    double lastBudget = 1.0;
    final List<Segment> finals = new ArrayList<>();
    /** Every encoder output this stream consumed, when {@link #record()} asked for it; else null. */
    private List<Posteriors> recorded;

    RecognizerStream(String id, Recognizer recognizer) {
        this(id, recognizer, recognizer.newSearch());
    }

    RecognizerStream(String id, Recognizer recognizer, PrefixBeamSearch search) {
        this.id = id;
        this.recognizer = recognizer;
        this.config = recognizer.modelConfig();
        this.cache = new StreamCache(config);
        this.search = search;
    }

    /**
     * One call's encoder output for this stream, as {@link #consume} received it: enough to decode
     * the stream again with other search settings without running the encoder
     * ({@link Recognizer#replay}).
     *
     * @param drained whether the stream's input had ended and nothing was left pending
     */
    public record Posteriors(float[] logProbs, int realTokens, boolean[] speech, long[] learners, long macs, double budget,
                             boolean drained) {
    }

    /** From now on, keeps every encoder output this stream consumes ({@link #recorded()}). */
    public void record() {
        if (recorded == null) {
            recorded = new ArrayList<>();
        }
    }

    /** The encoder outputs kept since {@link #record()}, in order. */
    public List<Posteriors> recorded() {
        if (recorded == null) {
            throw new IllegalStateException("stream " + id + " is not recording");
        }
        return List.copyOf(recorded);
    }

    public String id() {
        return id;
    }

    void restoreCache(StreamCache c) {
        this.cache = c;
    }

    /** Adds raw (unnormalized) log-mel frames, as {@link dev.acmstream.audio.features.LogMelExtractor} makes them. */
    public void acceptFeatures(List<float[]> frames) {
        if (inputFinished) {
            throw new IllegalStateException("stream " + id + " already finished");
        }
        for (float[] f : frames) {
            pendingSpeech.add(vad.isSpeech(f));
            float[] n = f.clone();
            recognizer.normalize(n);
            pending.add(n);
        }
    }

    /** No more audio: the rest is decoded and the last segment closed. */
    public void inputFinished() {
        inputFinished = true;
    }

    public boolean isInputFinished() {
        return inputFinished;
    }

    /** True once the last segment has been closed after {@link #inputFinished}. */
    public boolean isClosed() {
        return closed;
    }

    /** Whether a decode call would advance this stream. */
    public boolean isReady() {
        return !closed && (pending.size() >= config.chunkFrames() || inputFinished);
    }

    /** Frames waiting for the encoder. */
    public int pendingFrames() {
        return pending.size();
    }

    /** Tokens decoded so far (40 ms each). */
    public long tokensDecoded() {
        return tokens;
    }

    /** Whole chunks waiting (at least 1 once input has finished, for the padded last one). */
    int availableChunks() {
        int full = pending.size() / config.chunkFrames();
        return inputFinished ? Math.max(1, (pending.size() + config.chunkFrames() - 1) / config.chunkFrames()) : full;
    }

    /** Takes the next {@code chunks} chunks (zero-padded at the end of input) and their speech flags. */
    float[][] takeChunks(int chunks, boolean[] speech) {
        int n = config.chunkFrames() * chunks;
        float[][] chunk = new float[n][];
        for (int i = 0; i < n; i++) {
            if (pending.isEmpty()) {
                chunk[i] = null;
                speech[i] = false;
            } else {
                chunk[i] = pending.poll();
                speech[i] = pendingSpeech.poll();
            }
        }
        return chunk;
    }

    /**
     * Consumes the encoder's output for this stream's chunk.
     *
     * @param logProbs {@code [realTokens × vocab]} from {@code offset}
     * @param learners ACM learners used per token summed over layers (null for dense)
     * @param macs encoder MACs attributed to this chunk
     */
    void consume(float[] logProbs, int offset, int realTokens, boolean[] speech, long[] learners, long macs, double budget) {
        boolean drained = inputFinished && pending.isEmpty();
        if (recorded != null) {
            recorded.add(new Posteriors(java.util.Arrays.copyOfRange(logProbs, offset, offset + realTokens * config.vocab()), realTokens,
                    speech.clone(), learners == null ? null : learners.clone(), macs, budget, drained));
        }
        consume(logProbs, offset, realTokens, speech, learners, macs, budget, drained);
    }

    /** Consumes one recorded call again (this stream's search may differ from the one that recorded it). */
    void replay(Posteriors p) {
        consume(p.logProbs(), 0, p.realTokens(), p.speech(), p.learners(), p.macs(), p.budget(), p.drained());
    }

    private void consume(float[] logProbs, int offset, int realTokens, boolean[] speech, long[] learners, long macs, double budget,
                         boolean drained) {
        // Chunk by chunk, so that endpoints fall where they would with one chunk per call.
        int perChunk = config.chunkTokens();
        for (int from = 0; from < Math.max(1, realTokens) && !closed; from += perChunk) {
            int n = Math.min(perChunk, realTokens - from);
            long chunkMacs = realTokens == 0 ? macs : macs * n / realTokens;
            consumeChunk(logProbs, offset + from * config.vocab(), n, speech, from, learners, chunkMacs, budget, drained);
        }
    }

    private void consumeChunk(float[] logProbs, int offset, int realTokens, boolean[] speech, int firstToken, long[] learners,
                              long macs, double budget, boolean drained) {
        int v = config.vocab();
        search.advance(logProbs, offset, realTokens, v, tokens);
        for (int t = 0; t < realTokens; t++) {
            int base = offset + t * v;
            int best = 0;
            for (int c = 1; c < v; c++) {
                if (logProbs[base + c] > logProbs[base + best]) {
                    best = c;
                }
            }
            boolean voiced = false;
            int frame = (firstToken + t) * 4;
            for (int f = frame; f < frame + 4 && f < speech.length; f++) {
                voiced |= speech[f];
            }
            trailingSilence = (best == Vocabulary.BLANK && !voiced) ? trailingSilence + 1 : 0;
            if (learners != null) {
                segmentLearners += learners[firstToken + t];
            }
        }
        tokens += realTokens;
        segmentTokens += realTokens;
        segmentMacs += macs;
        lastBudget = budget;
        checkEndpoint();
        boolean lastChunk = firstToken + config.chunkTokens() >= speech.length / 4;
        if (drained && lastChunk) {
            String text = search.best().text();
            if (!text.isEmpty()) {
                closeSegment();
            }
            closed = true;
        }
    }

    private void checkEndpoint() {
        EndpointConfig e = recognizer.endpointConfig();
        double silence = trailingSilence * TOKEN_SECONDS;
        double length = (tokens - segmentStartToken) * TOKEN_SECONDS;
        boolean empty = search.best().text().isEmpty();
        if (empty && silence >= e.rule1Silence()) {
            startSegment();
        } else if (!empty && silence >= e.rule2Silence()) {
            closeSegment();
        } else if (length >= e.rule3MaxSegment()) {
            if (empty) {
                startSegment();
            } else {
                closeSegment();
            }
        }
    }

    private void startSegment() {
        search.reset();
        segmentStartToken = tokens;
        segmentTokens = 0;
        segmentLearners = 0;
        segmentMacs = 0;
    }

    private void closeSegment() {
        finals.add(segment(search.finish(), true));
        startSegment();
    }

    Segment segment(PrefixBeamSearch.Hypothesis h, boolean isFinal) {
        List<Segment.TimedWord> words = new ArrayList<>();
        for (Word w : h.words()) {
            words.add(new Segment.TimedWord(w.word(), w.startToken() * TOKEN_SECONDS, w.endToken() * TOKEN_SECONDS, w.confidence()));
        }
        double start = segmentStartToken * TOKEN_SECONDS;
        double end = Math.max(start, (tokens - trailingSilence) * TOKEN_SECONDS);
        if (!words.isEmpty()) {
            end = Math.max(end, words.get(words.size() - 1).end());
        }
        int perToken = config.learners() * config.layers();
        double fraction = config.isAcm() && segmentTokens > 0 ? segmentLearners / (double) (perToken * segmentTokens) : 1.0;
        return new Segment(id, segmentStartToken * TOKEN_SAMPLES, start, end, h.text(), words, isFinal, lastBudget, fraction,
                segmentMacs);
    }

    /** The growing segment as a partial result (empty text when nothing was heard yet). */
    public Segment partial() {
        return segment(search.best(), false);
    }

    /** Final segments closed since the last call. */
    public List<Segment> drainFinals() {
        List<Segment> out = new ArrayList<>(finals);
        finals.clear();
        return out;
    }
}
