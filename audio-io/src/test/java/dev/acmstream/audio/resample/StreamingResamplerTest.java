package dev.acmstream.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamingResamplerTest {

    @ParameterizedTest(name = "{0} Hz -> 16 kHz")
    @CsvSource({"8000", "11025", "22050", "44100", "48000", "16000", "4000", "192000"})
    void chunkedEqualsWholeAwayFromTheStart(int inRate) {
        float[] x = speechLike(inRate, 1.3, 1);
        float[] whole = whole(x, inRate);
        Random rnd = new Random(inRate);
        StreamingResampler r = new StreamingResampler(inRate, 16000);
        float[] chunked = new float[whole.length + 64];
        int n = 0;
        int p = 0;
        while (p < x.length) {
            int len = Math.min(x.length - p, 1 + rnd.nextInt(inRate / 20));
            float[] out = r.process(java.util.Arrays.copyOfRange(x, p, p + len));
            System.arraycopy(out, 0, chunked, n, out.length);
            n += out.length;
            p += len;
            if (rnd.nextInt(4) == 0) {
                // A checkpoint and restore must not change anything.
                r = StreamingResampler.restore(r.snapshot());
            }
        }
        float[] tail = r.flush();
        System.arraycopy(tail, 0, chunked, n, tail.length);
        n += tail.length;
        assertThat(n).isEqualTo(whole.length);
        int skip = 16000 * 5 / 1000; // the first 5 ms
        double maxDiff = 0;
        for (int i = skip; i < n; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(chunked[i] - whole[i]));
        }
        // libresample accumulates its filter phase in a double over the whole run and quantises it
        // to 1/4096; a run that restarts at an aligned sample rounds slightly differently. 1e-4 is
        // about 3 LSB of 16-bit audio, -80 dB.
        assertThat(maxDiff).isLessThan(1e-4);
    }

    @ParameterizedTest
    @CsvSource({"8000", "44100", "48000"})
    void preservesATone(int inRate) {
        int n = inRate;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / inRate));
        }
        float[] y = whole(x, inRate);
        assertThat(y.length).isBetween(15999, 16001);
        double err = 0;
        for (int i = 1600; i < 14400; i++) {
            err = Math.max(err, Math.abs(y[i] - 0.5 * Math.sin(2 * Math.PI * 1000 * i / 16000.0)));
        }
        assertThat(err).isLessThan(0.01);
    }

    @ParameterizedTest
    @CsvSource({"8000", "44100"})
    void oneSampleChunksWork(int inRate) {
        float[] x = speechLike(inRate, 0.1, 2);
        float[] whole = whole(x, inRate);
        StreamingResampler r = new StreamingResampler(inRate, 16000);
        float[] got = new float[whole.length];
        int n = 0;
        for (float v : x) {
            for (float o : r.process(new float[] {v})) {
                got[n++] = o;
            }
        }
        for (float o : r.flush()) {
            got[n++] = o;
        }
        assertThat(n).isEqualTo(whole.length);
        for (int i = 80; i < n; i++) {
            assertThat(Math.abs(got[i] - whole[i])).isLessThan(1e-4f);
        }
    }

    @org.junit.jupiter.api.Test
    void upsamplingByTwoGivesTarsosDspsOutputFromFirstSampleToLast() {
        float[] x = speechLike(8000, 1.3, 3);
        float[] fast = whole(x, 8000);
        StreamingResampler general = StreamingResampler.generalPath(8000, 16000);
        float[] a = general.process(x);
        float[] b = general.flush();
        assertThat(fast.length).isEqualTo(a.length + b.length).isEqualTo(2 * x.length);
        double maxDiff = 0;
        for (int i = 0; i < fast.length; i++) {
            float g = i < a.length ? a[i] : b[i - a.length];
            maxDiff = Math.max(maxDiff, Math.abs(fast[i] - g));
        }
        assertThat(maxDiff).isLessThan(1e-6); // float summation order only
    }

    @org.junit.jupiter.api.Test
    void upsamplingByTwoRestoresExactly() {
        float[] x = speechLike(8000, 0.5, 4);
        float[] whole = whole(x, 8000);
        StreamingResampler r = new StreamingResampler(8000, 16000);
        float[] got = new float[whole.length];
        int n = 0;
        for (int p = 0; p < x.length; p += 77) {
            for (float o : r.process(java.util.Arrays.copyOfRange(x, p, Math.min(x.length, p + 77)))) {
                got[n++] = o;
            }
            r = StreamingResampler.restore(r.snapshot());
        }
        for (float o : r.flush()) {
            got[n++] = o;
        }
        assertThat(java.util.Arrays.copyOf(got, n)).containsExactly(whole);
    }

    private static float[] whole(float[] x, int inRate) {
        StreamingResampler r = new StreamingResampler(inRate, 16000);
        float[] a = r.process(x);
        float[] b = r.flush();
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Band-limited noise with a moving envelope: harder than a sine, like speech. */
    static float[] speechLike(int rate, double seconds, long seed) {
        Random rnd = new Random(seed);
        int n = (int) (rate * seconds);
        float[] x = new float[n];
        double lp = 0;
        for (int i = 0; i < n; i++) {
            lp = 0.7 * lp + 0.3 * rnd.nextGaussian();
            x[i] = (float) (0.2 * lp * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * i / rate)));
        }
        return x;
    }
}
