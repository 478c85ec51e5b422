package dev.acmstream.audio.resample;

import be.tarsos.dsp.resample.Resampler;

/**
 * TarsosDSP's high-quality windowed-sinc filter at the two phases that upsampling by exactly 2
 * uses, as two plain FIR kernels: output {@code 2m + p} is {@code Σ_d kernel[p][d − first] · x[m − d]}.
 *
 * <p>At factor 2, libresample's filter phase is always exactly 0 or ½ (its time accumulates in
 * steps of 0.5, which a double holds exactly), so every output is one fixed dot product and the
 * filter is linear and time-invariant per phase. The kernels are read off TarsosDSP's own
 * impulse response once, so this path reproduces the resampler the corpus was built with (8 kHz
 * telephone audio went through it to 16 kHz) at a fraction of its cost: TarsosDSP interpolates
 * its coefficient table for every tap of every output sample.
 */
final class TwoTimesFilter {
    /** Kernels per phase, over d = first .. last (d &lt; 0: future inputs). */
    static final float[][] KERNEL;
    /** The most future input a kernel reads, as a negative offset: {@code x[m − FIRST]}. */
    static final int FIRST;
    /** The most past input a kernel reads: {@code x[m − LAST]}. */
    static final int LAST;

    static {
        int half = 256;
        int n = 2 * half + 1;
        float[] impulse = new float[n];
        impulse[half] = 1f;
        Resampler r = new Resampler(true, 2.0, 2.0);
        float[] y = new float[2 * n + 64];
        int produced = r.process(2.0, impulse, 0, n, true, y, 0, y.length).outputSamplesGenerated;
        // y[2(half + d) + p] = kernel_p[d]
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (int j = 0; j < produced; j++) {
            if (y[j] != 0f) {
                int d = (j >> 1) - half;
                first = Math.min(first, d);
                last = Math.max(last, d);
            }
        }
        if (first == Integer.MAX_VALUE || -first >= half || last >= half) {
            throw new IllegalStateException("TarsosDSP's 2x filter is not where expected: taps " + first + ".." + last);
        }
        float[][] k = new float[2][last - first + 1];
        for (int p = 0; p < 2; p++) {
            for (int d = first; d <= last; d++) {
                int j = 2 * (half + d) + p;
                k[p][d - first] = j < produced ? y[j] : 0f;
            }
        }
        KERNEL = k;
        FIRST = first;
        LAST = last;
    }

    private TwoTimesFilter() {
    }

    /**
     * Output samples {@code [from, to)} of the upsampled signal.
     *
     * @param x input samples from absolute index {@code base}; inputs outside {@code [0, total)} are silence
     * @param total input samples in the whole stream so far (those past {@code base + x.length} are not needed)
     */
    static void apply(float[] x, long base, long total, long from, long to, float[] out, int at) {
        int taps = KERNEL[0].length;
        for (long j = from; j < to; j++) {
            long m = j >> 1;
            float[] k = KERNEL[(int) (j & 1)];
            // x[m - d] for d = FIRST .. LAST, i.e. input indices m - LAST .. m - FIRST, newest first.
            long newest = m - FIRST;
            float v = 0f;
            if (newest - (taps - 1) >= 0 && newest < total) {
                int i = (int) (newest - base);
                for (int t = 0; t < taps; t++) {
                    v += k[t] * x[i - t];
                }
            } else {
                for (int t = 0; t < taps; t++) {
                    long idx = newest - t;
                    if (idx >= 0 && idx < total) {
                        v += k[t] * x[(int) (idx - base)];
                    }
                }
            }
            out[at++] = v;
        }
    }
}
