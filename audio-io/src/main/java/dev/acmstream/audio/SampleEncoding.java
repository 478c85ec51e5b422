package dev.acmstream.audio;

/**
 * How one sample is stored in bytes. Every decoder turns these into floats in [-1, 1).
 *
 * <p>The wire format carries the {@link #wireCode()} of the four encodings that streams may use;
 * the others appear only inside WAV files.
 */
public enum SampleEncoding {
    /** Unsigned 8-bit PCM, 128 = silence (WAV only). */
    U8(1, -1),
    /** Signed 16-bit little-endian PCM. */
    S16LE(2, 1),
    /** Signed 24-bit little-endian PCM (WAV only). */
    S24LE(3, -1),
    /** Signed 32-bit little-endian PCM (WAV only). */
    S32LE(4, -1),
    /** IEEE 754 32-bit float, little-endian. */
    F32LE(4, 4),
    /** IEEE 754 64-bit float, little-endian (WAV only). */
    F64LE(8, -1),
    /** ITU-T G.711 μ-law, 8 bits. */
    MULAW(1, 2),
    /** ITU-T G.711 A-law, 8 bits. */
    ALAW(1, 3);

    private final int bytesPerSample;
    private final int wireCode;

    SampleEncoding(int bytesPerSample, int wireCode) {
        this.bytesPerSample = bytesPerSample;
        this.wireCode = wireCode;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** The code of this encoding in the AudioChunk wire format, or -1 if streams cannot carry it. */
    public int wireCode() {
        return wireCode;
    }

    /** The encoding with the given wire code, or null. */
    public static SampleEncoding fromWireCode(int code) {
        for (SampleEncoding e : values()) {
            if (e.wireCode == code && code > 0) {
                return e;
            }
        }
        return null;
    }

    /**
     * Decodes interleaved samples into one float array per channel.
     *
     * @param data the bytes; {@code length} must be a multiple of {@code channels * bytesPerSample()}
     */
    public float[][] deinterleave(byte[] data, int offset, int length, int channels) {
        int frameBytes = channels * bytesPerSample;
        if (channels < 1 || length % frameBytes != 0) {
            throw new IllegalArgumentException(
                    "length " + length + " is not a whole number of " + channels + "-channel frames");
        }
        int frames = length / frameBytes;
        float[][] out = new float[channels][frames];
        int p = offset;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                out[c][f] = decodeOne(data, p);
                p += bytesPerSample;
            }
        }
        return out;
    }

    /** Decodes the single sample that starts at {@code p}. */
    public float decodeOne(byte[] d, int p) {
        switch (this) {
            case U8:
                return ((d[p] & 0xff) - 128) / 128f;
            case S16LE:
                return (short) ((d[p] & 0xff) | (d[p + 1] << 8)) / 32768f;
            case S24LE: {
                int v = (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8) | (d[p + 2] << 16);
                return v / 8388608f;
            }
            case S32LE: {
                int v = (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8) | ((d[p + 2] & 0xff) << 16) | (d[p + 3] << 24);
                return (float) (v / 2147483648.0);
            }
            case F32LE: {
                int v = (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8) | ((d[p + 2] & 0xff) << 16) | (d[p + 3] << 24);
                return sanitize(Float.intBitsToFloat(v));
            }
            case F64LE: {
                long v = 0;
                for (int i = 7; i >= 0; i--) {
                    v = (v << 8) | (d[p + i] & 0xff);
                }
                return sanitize((float) Double.longBitsToDouble(v));
            }
            case MULAW:
                return G711.ulawToLinear(d[p]) / 32768f;
            case ALAW:
                return G711.alawToLinear(d[p]) / 32768f;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Float files may hold NaN, infinities or values beyond full scale. Features downstream
     * assume finite input, so clip to [-1, 1] and map NaN to silence.
     */
    private static float sanitize(float v) {
        if (Float.isNaN(v)) {
            return 0f;
        }
        return Math.max(-1f, Math.min(1f, v));
    }

    /** Encodes floats (one array per channel, equal lengths) as interleaved bytes. */
    public byte[] interleave(float[][] channels) {
        int n = channels[0].length;
        byte[] out = new byte[n * channels.length * bytesPerSample];
        int p = 0;
        for (int f = 0; f < n; f++) {
            for (float[] ch : channels) {
                p = encodeOne(ch[f], out, p);
            }
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** The inverse of {@link #decodeOne}: full scale is 2^(bits-1), so decoded integer samples encode back to themselves. */
    private int encodeOne(float x, byte[] out, int p) {
        float v = Math.max(-1f, Math.min(1f, x));
        switch (this) {
            case U8:
                out[p] = (byte) (clamp(Math.round(v * 128f), -128, 127) + 128);
                return p + 1;
            case S16LE: {
                int s = clamp(Math.round(v * 32768f), -32768, 32767);
                out[p] = (byte) s;
                out[p + 1] = (byte) (s >> 8);
                return p + 2;
            }
            case S24LE: {
                int s = clamp(Math.round(v * 8388608f), -8388608, 8388607);
                out[p] = (byte) s;
                out[p + 1] = (byte) (s >> 8);
                out[p + 2] = (byte) (s >> 16);
                return p + 3;
            }
            case S32LE: {
                int s = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v * 2147483648.0)));
                for (int i = 0; i < 4; i++) {
                    out[p + i] = (byte) (s >> (8 * i));
                }
                return p + 4;
            }
            case F32LE: {
                int s = Float.floatToIntBits(v);
                for (int i = 0; i < 4; i++) {
                    out[p + i] = (byte) (s >> (8 * i));
                }
                return p + 4;
            }
            case F64LE: {
                long s = Double.doubleToLongBits(v);
                for (int i = 0; i < 8; i++) {
                    out[p + i] = (byte) (s >> (8 * i));
                }
                return p + 8;
            }
            case MULAW:
                out[p] = G711.linearToUlaw(clamp(Math.round(v * 32768f), -32768, 32767));
                return p + 1;
            case ALAW:
                out[p] = G711.linearToAlaw(clamp(Math.round(v * 32768f), -32768, 32767));
                return p + 1;
            default:
                throw new AssertionError(this);
        }
    }
}
