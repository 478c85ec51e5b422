package dev.acmstream.audio;

/**
 * ITU-T G.711 companding: μ-law (North America, Japan) and A-law (Europe), the two codecs of
 * telephone audio. Decoding uses 256-entry tables; encoding follows the segment search of the
 * recommendation.
 */
public final class G711 {
    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = decodeUlaw(i);
            ALAW[i] = decodeAlaw(i);
        }
    }

    private G711() {
    }

    /** The 16-bit linear value of a μ-law byte (range ±32124). */
    public static short ulawToLinear(byte b) {
        return ULAW[b & 0xff];
    }

    /** The 16-bit linear value of an A-law byte (range ±32256). */
    public static short alawToLinear(byte b) {
        return ALAW[b & 0xff];
    }

    private static short decodeUlaw(int u) {
        int x = ~u & 0xff;
        int sign = x & 0x80;
        int exponent = (x >> 4) & 0x07;
        int mantissa = x & 0x0f;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (short) (sign != 0 ? -magnitude : magnitude);
    }

    private static short decodeAlaw(int a) {
        int x = a ^ 0x55;
        int sign = x & 0x80;
        int exponent = (x >> 4) & 0x07;
        int mantissa = x & 0x0f;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) (sign != 0 ? magnitude : -magnitude);
    }

    /** Encodes a 16-bit linear sample as μ-law (bias 0x84, clip 32635). */
    public static byte linearToUlaw(int sample) {
        int s = Math.max(-32768, Math.min(32767, sample));
        int sign = s < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(s), 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** Encodes a 16-bit linear sample as A-law. */
    public static byte linearToAlaw(int sample) {
        int s = Math.max(-32768, Math.min(32767, sample));
        int sign = s >= 0 ? 0x80 : 0;
        int magnitude = Math.min(s >= 0 ? s : -s - 1, 32767) >> 3; // 13-bit magnitude
        int exponent;
        int mantissa;
        if (magnitude < 32) {
            exponent = 0;
            mantissa = magnitude >> 1;
        } else {
            exponent = 1;
            for (int m = magnitude >> 5; m > 1; m >>= 1) {
                exponent++;
            }
            mantissa = (magnitude >> exponent) & 0x0f;
        }
        return (byte) ((sign | (exponent << 4) | mantissa) ^ 0x55);
    }
}
