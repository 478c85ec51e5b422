package dev.acmstream.asr.train;

import java.util.Random;

/**
 * SpecAugment (Park et al., 2019) on normalized features, plus a random warp of the mel axis
 * that imitates a different vocal-tract length (a cheap stand-in for VTLP). Masks are set to 0,
 * the normalized mean. {@code strength} in [0, 1] scales every mask, so the trainer can ramp
 * augmentation in after the first epoch.
 */
public final class SpecAugment {
    /** Two frequency masks of up to 15 of 80 bins, time masks up to 40 frames covering ≤ 10 %. */
    private static final int FREQ_MASKS = 2;
    private static final int MAX_FREQ_WIDTH = 15;
    private static final int MAX_TIME_WIDTH = 40;
    private static final double MAX_TIME_FRACTION = 0.10;
    /** Warp factors within ±10 %, like VTLP's usual range. */
    private static final double MAX_WARP = 0.10;

    private SpecAugment() {
    }

    public static float[][] apply(float[][] x, double strength, Random r) {
        int t = x.length;
        int bins = x[0].length;
        float[][] y = warp(x, 1 + MAX_WARP * strength * (2 * r.nextDouble() - 1));
        for (int m = 0; m < FREQ_MASKS; m++) {
            int w = (int) (r.nextInt(MAX_FREQ_WIDTH + 1) * strength);
            int f0 = r.nextInt(Math.max(1, bins - w));
            for (float[] frame : y) {
                for (int k = f0; k < f0 + w && k < bins; k++) {
                    frame[k] = 0f;
                }
            }
        }
        int budget = (int) (t * MAX_TIME_FRACTION * strength);
        int masks = Math.max(1, t / 300 + 1);
        for (int m = 0; m < masks && budget > 0; m++) {
            int w = Math.min(budget, (int) (r.nextInt(MAX_TIME_WIDTH + 1) * strength));
            int t0 = r.nextInt(Math.max(1, t - w));
            for (int i = t0; i < t0 + w && i < t; i++) {
                java.util.Arrays.fill(y[i], 0f);
            }
            budget -= w;
        }
        return y;
    }

    /** Resamples each frame along the mel axis by factor {@code a} (linear interpolation, edge clamped). */
    static float[][] warp(float[][] x, double a) {
        int bins = x[0].length;
        float[][] y = new float[x.length][bins];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < bins; k++) {
                double src = Math.min(bins - 1, k / a);
                int lo = (int) Math.floor(src);
                int hi = Math.min(bins - 1, lo + 1);
                double w = src - lo;
                y[i][k] = (float) ((1 - w) * x[i][lo] + w * x[i][hi]);
            }
        }
        return y;
    }
}
