package dev.acmstream.audio.resample;

import be.tarsos.dsp.resample.Resampler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resamples one mono stream from any accepted rate to a target rate (16 kHz for the model), chunk
 * by chunk, with the windowed-sinc filter of TarsosDSP's {@link Resampler}.
 *
 * <p>TarsosDSP keeps its filter history in private fields, which a Flink checkpoint cannot see. So
 * this class also keeps the history itself: a tail of input samples that starts at a sample index
 * {@code A} where {@code A * out / in} is a whole number, far enough back to recompute every output
 * not yet emitted. In steady state one live TarsosDSP resampler runs over the whole stream, so
 * chunked input gives exactly the output of the whole signal. After a restore
 * ({@link #restore}), a fresh resampler is rebuilt from the tail and the outputs already emitted
 * are dropped; its filter phase is then accumulated from a different start, which moves samples
 * by rounding only (about 1e-5). The whole state is {@link #snapshot() a few numbers and a short
 * float array}.
 *
 * <p>Upsampling by exactly 2 (8 kHz telephone audio to the model's 16 kHz, the common case) runs
 * the same filter as two fixed FIR kernels ({@link TwoTimesFilter}) over the history, without a
 * live TarsosDSP resampler: the same output to float rounding, several times cheaper, and a
 * restore continues exactly.
 */
public final class StreamingResampler {
    /** Extra input kept before the filter's reach, in samples, as slack against rounding. */
    private static final int MARGIN = 16;
    private static final Map<Double, Resampler> PROTOTYPES = new ConcurrentHashMap<>();

    private final int inRate;
    private final int outRate;
    private final double factor;
    /** Input samples per alignment step: A is always a multiple of this. */
    private final long alignIn;
    /** Output samples per alignment step. */
    private final long alignOut;
    private final Resampler prototype;
    private final int reach;
    /** Upsampling by exactly 2: the FIR path. */
    private final boolean twoTimes;

    private float[] tail = new float[0];
    private long tailStart;
    private long emitted;
    private boolean finished;

    /** The running TarsosDSP resampler, or null until rebuilt from the tail. */
    private Resampler live;
    /** Absolute output index of the live resampler's first output. */
    private long liveFirstOut;
    /** Outputs the live resampler has produced. */
    private long liveProduced;
    private float[] out = new float[0];

    public StreamingResampler(int inRate, int outRate) {
        this(inRate, outRate, true);
    }

    /**
     * The live-TarsosDSP path even where a faster one gives the same output (upsampling by 2):
     * for comparisons and benchmarks.
     */
    public static StreamingResampler generalPath(int inRate, int outRate) {
        return new StreamingResampler(inRate, outRate, false);
    }

    private StreamingResampler(int inRate, int outRate, boolean fastPaths) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        this.factor = outRate / (double) inRate;
        long g = gcd(inRate, outRate);
        this.alignIn = inRate / g;
        this.alignOut = outRate / g;
        this.twoTimes = fastPaths && outRate == 2L * inRate;
        this.prototype = inRate == outRate || twoTimes ? null
                : PROTOTYPES.computeIfAbsent(factor, f -> new Resampler(true, f, f));
        this.reach = prototype == null ? 0 : prototype.getFilterWidth();
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Feeds the next input samples and returns the output samples that are now final. */
    public float[] process(float[] input) {
        return run(input, false);
    }

    /** Ends the stream: returns the remaining output, with the filter's future padded by silence. */
    public float[] flush() {
        return run(new float[0], true);
    }

    private float[] run(float[] input, boolean last) {
        if (finished) {
            throw new IllegalStateException("resampler was already flushed");
        }
        finished = last;
        if (twoTimes) {
            return runTwoTimes(input, last);
        }
        if (prototype == null) {
            emitted += input.length;
            return input.clone();
        }
        float[] fed;
        if (live == null) {
            // Rebuild from the history: a fresh resampler over tail + input, started at the
            // aligned index tailStart.
            live = new Resampler(prototype);
            liveFirstOut = tailStart / alignIn * alignOut;
            liveProduced = 0;
            fed = concat(tail, input);
        } else {
            fed = input;
        }
        int capacity = (int) Math.ceil((fed.length + reach + 2) * factor) + 16;
        if (out.length < capacity) {
            out = new float[capacity];
        }
        int produced = 0;
        if (fed.length > 0 || last) {
            Resampler.Result res = live.process(factor, fed, 0, fed.length, last, out, 0, out.length);
            produced = res.outputSamplesGenerated;
        }
        long first = liveFirstOut + liveProduced;
        long end = first + produced;
        liveProduced += produced;
        if (last) {
            // The whole-signal resampler emits ceil(totalIn * factor) samples at most.
            long totalIn = tailStart + tail.length + input.length;
            end = Math.min(end, (long) Math.ceil(totalIn * factor));
        }
        int from = (int) Math.max(0, emitted - first);
        int to = (int) Math.max(from, end - first);
        float[] result = java.util.Arrays.copyOfRange(out, from, to);
        emitted = Math.max(emitted, end);
        remember(input);
        return result;
    }

    private float[] runTwoTimes(float[] input, boolean last) {
        float[] all = concat(tail, input);
        long total = tailStart + all.length;
        // Output j reads inputs up to (j >> 1) - FIRST; without more input, only those are final.
        long end = last ? 2 * total : Math.max(emitted, 2 * (total + TwoTimesFilter.FIRST));
        float[] result = new float[(int) (end - emitted)];
        TwoTimesFilter.apply(all, tailStart, total, emitted, end, result, 0);
        emitted = end;
        // The next output reads inputs from (emitted >> 1) - LAST on.
        long keepFrom = Math.min(total, Math.max(tailStart, (emitted >> 1) - TwoTimesFilter.LAST));
        tail = java.util.Arrays.copyOfRange(all, (int) (keepFrom - tailStart), all.length);
        tailStart = keepFrom;
        return result;
    }

    /** Appends input to the history and drops what no future output needs. */
    private void remember(float[] input) {
        long total = tailStart + tail.length + input.length;
        double nextInTime = emitted / factor;
        long keepFrom = (long) Math.floor(nextInTime) - reach - MARGIN;
        keepFrom = Math.max(0, keepFrom - Math.floorMod(keepFrom, alignIn));
        keepFrom = Math.max(keepFrom, tailStart);
        keepFrom = Math.min(keepFrom, total);
        float[] all = concat(tail, input);
        int drop = (int) (keepFrom - tailStart);
        tail = java.util.Arrays.copyOfRange(all, drop, all.length);
        tailStart = keepFrom;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = new float[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The state to checkpoint. */
    public Snapshot snapshot() {
        return new Snapshot(inRate, outRate, tail.clone(), tailStart, emitted, finished);
    }

    /** Rebuilds a resampler from a checkpointed state. */
    public static StreamingResampler restore(Snapshot s) {
        StreamingResampler r = new StreamingResampler(s.inRate(), s.outRate());
        r.tail = s.tail().clone();
        r.tailStart = s.tailStart();
        r.emitted = s.emitted();
        r.finished = s.finished();
        return r;
    }

    /**
     * Everything a resampler needs to continue.
     *
     * @param tail input samples from {@code tailStart} on
     * @param emitted output samples emitted so far
     */
    public record Snapshot(int inRate, int outRate, float[] tail, long tailStart, long emitted, boolean finished) {
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
