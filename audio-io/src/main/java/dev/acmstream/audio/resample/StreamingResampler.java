package dev.acmstream.audio.resample;

import be.tarsos.dsp.resample.Resampler;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resamples one mono stream from any accepted rate to a target rate (16 kHz for the model), chunk
 * by chunk, with the windowed-sinc filter of TarsosDSP's {@link Resampler}.
 *
 * <p>TarsosDSP keeps its filter history in private fields, which a Flink checkpoint cannot see. So
 * this class owns the history instead: it keeps a tail of input samples that starts at a sample
 * index {@code A} where {@code A * out / in} is a whole number, and for every chunk it runs a fresh
 * copy of a prototype resampler over {@code tail + chunk}. Outputs that were already emitted are
 * dropped, and outputs that would need input beyond the chunk are held back by the filter itself.
 * The output therefore does not depend on how the input was chunked, and the whole state is
 * {@link #snapshot() a few numbers and a short float array}.
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

    private float[] tail = new float[0];
    private long tailStart;
    private long emitted;
    private boolean finished;

    public StreamingResampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        this.factor = outRate / (double) inRate;
        long g = gcd(inRate, outRate);
        this.alignIn = inRate / g;
        this.alignOut = outRate / g;
        this.prototype = inRate == outRate ? null
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
        if (prototype == null) {
            emitted += input.length;
            return input.clone();
        }
        float[] buf = new float[tail.length + input.length];
        System.arraycopy(tail, 0, buf, 0, tail.length);
        System.arraycopy(input, 0, buf, tail.length, input.length);
        long bufStartOut = tailStart / alignIn * alignOut;

        float[] out = new float[(int) Math.ceil(buf.length * factor) + 8];
        int produced = 0;
        if (buf.length > 0) {
            Resampler r = new Resampler(prototype);
            Resampler.Result res = r.process(factor, buf, 0, buf.length, last, out, 0, out.length);
            produced = res.outputSamplesGenerated;
        }
        // Outputs [bufStartOut, bufStartOut + produced) are final; emit those not emitted yet.
        long end = bufStartOut + produced;
        if (last) {
            // The whole-signal resampler emits ceil(totalIn * factor) samples at most.
            long totalIn = tailStart + buf.length;
            end = Math.min(end, (long) Math.ceil(totalIn * factor));
        }
        int from = (int) Math.max(0, emitted - bufStartOut);
        int to = (int) Math.max(from, end - bufStartOut);
        float[] result = Arrays.copyOfRange(out, from, to);
        emitted = Math.max(emitted, end);

        // Keep enough input for the next call to recompute every output from `emitted` on.
        double nextInTime = emitted / factor;
        long keepFrom = (long) Math.floor(nextInTime) - reach - MARGIN;
        keepFrom = Math.max(0, keepFrom - Math.floorMod(keepFrom, alignIn));
        keepFrom = Math.max(keepFrom, tailStart);
        int drop = (int) Math.min(buf.length, keepFrom - tailStart);
        tail = Arrays.copyOfRange(buf, drop, buf.length);
        tailStart += drop;
        return result;
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
