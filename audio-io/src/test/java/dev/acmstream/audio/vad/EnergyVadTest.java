package dev.acmstream.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.audio.features.LogMelConfig;
import dev.acmstream.audio.features.LogMelExtractor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyVadTest {
    @Test
    void findsATalkspurtBetweenSilences() {
        Random rnd = new Random(1);
        float[] x = new float[16000 * 3];
        for (int i = 0; i < x.length; i++) {
            boolean talk = i >= 16000 && i < 32000;
            x[i] = (float) ((talk ? 0.2 : 0.002) * rnd.nextGaussian());
        }
        float[][] f = LogMelExtractor.extract(x, LogMelConfig.DEFAULT);
        EnergyVad vad = new EnergyVad(12f, 20);
        boolean[] speech = new boolean[f.length];
        for (int i = 0; i < f.length; i++) {
            speech[i] = vad.isSpeech(f[i]);
        }
        assertThat(speech[60]).isFalse();
        assertThat(speech[150]).isTrue();
        assertThat(speech[199]).isTrue();
        assertThat(speech[215]).isTrue(); // hangover
        assertThat(speech[250]).isFalse();
    }
}
