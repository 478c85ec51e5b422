package dev.acmstream.audio.features;

/**
 * Triangular filters equally spaced on the HTK mel scale ({@code 2595 log10(1 + f/700)}), applied
 * to a power spectrum. Each filter is stored as its first FFT bin and its weights, so applying
 * the bank costs one multiply-add per non-zero weight.
 */
final class MelFilterBank {
    private final int[] firstBin;
    private final float[][] weights;

    MelFilterBank(LogMelConfig c) {
        int bins = c.fftSize() / 2 + 1;
        double melLow = hzToMel(c.lowHz());
        double melHigh = hzToMel(c.highHz());
        double[] edges = new double[c.melBins() + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(melLow + (melHigh - melLow) * i / (c.melBins() + 1));
        }
        firstBin = new int[c.melBins()];
        weights = new float[c.melBins()][];
        double binHz = c.sampleRate() / (double) c.fftSize();
        for (int m = 0; m < c.melBins(); m++) {
            double left = edges[m];
            double centre = edges[m + 1];
            double right = edges[m + 2];
            int lo = (int) Math.ceil(left / binHz);
            int hi = Math.min(bins - 1, (int) Math.floor(right / binHz));
            float[] w = new float[Math.max(0, hi - lo + 1)];
            for (int k = lo; k <= hi; k++) {
                double f = k * binHz;
                double v = f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                w[k - lo] = (float) Math.max(0, v);
            }
            firstBin[m] = lo;
            weights[m] = w;
        }
    }

    void apply(float[] power, float[] out) {
        for (int m = 0; m < weights.length; m++) {
            float[] w = weights[m];
            int b = firstBin[m];
            float s = 0;
            for (int k = 0; k < w.length; k++) {
                s += w[k] * power[b + k];
            }
            out[m] = s;
        }
    }

    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }
}
