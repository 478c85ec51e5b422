package dev.acmstream.asr.model;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Rotary position tables in the "rotate half" layout: frequency i turns dimensions i and
 * i + dh/2 by position·10000^(−2i/dh). Angles and their cosines are computed in double, so the
 * float tables are exact to rounding at any position, however long the stream.
 */
final class RotaryTables {
    private static final ConcurrentHashMap<Integer, RotaryTables> BY_HEAD_DIM = new ConcurrentHashMap<>();

    private final int headDim;
    private final double[] frequencies;

    private RotaryTables(int headDim) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary embeddings need an even head dimension, got " + headDim);
        }
        this.headDim = headDim;
        frequencies = new double[headDim / 2];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = Math.pow(10000.0, -2.0 * i / headDim);
        }
    }

    static RotaryTables forHeadDim(int headDim) {
        return BY_HEAD_DIM.computeIfAbsent(headDim, RotaryTables::new);
    }

    /**
     * Writes the tables of positions {@code first .. first + count − 1}, {@code headDim} values
     * each, at {@code offset}: cos twice, and sin as (−sin, +sin), so that
     * rope(x) = x·cos + swap_halves(x)·sin.
     */
    void fill(long first, int count, float[] cos, float[] sin, int offset) {
        int half = headDim / 2;
        for (int p = 0; p < count; p++) {
            int base = offset + p * headDim;
            double position = first + p;
            for (int i = 0; i < half; i++) {
                double a = position * frequencies[i];
                float c = (float) Math.cos(a);
                float s = (float) Math.sin(a);
                cos[base + i] = c;
                cos[base + i + half] = c;
                sin[base + i] = -s;
                sin[base + i + half] = s;
            }
        }
    }
}
