package dev.acmstream.audio.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class LogMelExtractorTest {
    private static final LogMelConfig C = LogMelConfig.DEFAULT;

    @RepeatedTest(25)
    void anyChunkingGivesTheSameFramesAsTheWholeSignal(org.junit.jupiter.api.RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        float[] x = noise(rnd, 4000 + rnd.nextInt(12000));
        float[][] whole = LogMelExtractor.extract(x, C);
        LogMelExtractor e = new LogMelExtractor(C);
        List<float[]> got = new ArrayList<>();
        int p = 0;
        int maxChunk = info.getCurrentRepetition() % 3 == 0 ? 2 : 1 + rnd.nextInt(2000);
        while (p < x.length) {
            int len = Math.min(x.length - p, 1 + rnd.nextInt(maxChunk));
            got.addAll(e.accept(x, p, len));
            p += len;
            // After n samples, every frame whose window ends at or before n is out.
            assertThat(e.framesEmitted()).isEqualTo(p < C.windowSamples() ? 0 : (p - C.windowSamples()) / C.hopSamples() + 1);
            if (rnd.nextInt(10) == 0) {
                e = LogMelExtractor.restore(C, e.snapshot());
            }
            assertThat(e.snapshot().pending().length).isLessThanOrEqualTo(C.windowSamples() + C.hopSamples());
        }
        assertThat(got).hasSize(whole.length);
        for (int i = 0; i < whole.length; i++) {
            for (int m = 0; m < C.melBins(); m++) {
                assertThat(Math.abs(got.get(i)[m] - whole[i][m])).isLessThanOrEqualTo(1e-6f);
            }
        }
    }

    @Test
    void aToneLightsTheMelBinThatHoldsItsFrequency() {
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 1000 * i / 16000.0));
        }
        float[][] f = LogMelExtractor.extract(x, C);
        assertThat(f).hasNumberOfRows(98);
        int best = argmax(f[50]);
        double melLow = MelFilterBank.hzToMel(C.lowHz());
        double melHigh = MelFilterBank.hzToMel(C.highHz());
        double centre = MelFilterBank.melToHz(melLow + (melHigh - melLow) * (best + 1) / (C.melBins() + 1));
        assertThat(centre).isBetween(900.0, 1100.0);
    }

    @Test
    void silenceHitsTheFloorNotMinusInfinity() {
        float[][] f = LogMelExtractor.extract(new float[1600], C);
        for (float[] frame : f) {
            for (float v : frame) {
                assertThat(v).isEqualTo((float) Math.log(C.logFloor()));
            }
        }
    }

    private static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    private static float[] noise(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.1 * rnd.nextGaussian());
        }
        return x;
    }
}
