package dev.acmstream.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleEncodingTest {
    @Test
    void everySixteenBitSampleSurvivesDecodeThenEncode() {
        byte[] all = new byte[65536 * 2];
        for (int v = -32768; v <= 32767; v++) {
            int i = (v + 32768) * 2;
            all[i] = (byte) v;
            all[i + 1] = (byte) (v >> 8);
        }
        float[][] decoded = SampleEncoding.S16LE.deinterleave(all, 0, all.length, 1);
        assertThat(SampleEncoding.S16LE.interleave(decoded)).isEqualTo(all);
    }

    @Test
    void everyEightBitCodeSurvivesDecodeThenEncode() {
        for (SampleEncoding e : new SampleEncoding[] {SampleEncoding.U8, SampleEncoding.MULAW, SampleEncoding.ALAW}) {
            byte[] all = new byte[256];
            for (int i = 0; i < 256; i++) {
                all[i] = (byte) i;
            }
            float[][] decoded = e.deinterleave(all, 0, all.length, 1);
            float[][] again = e.deinterleave(e.interleave(decoded), 0, all.length, 1);
            // μ-law has two codes for zero; every decoded value must come back as itself.
            assertThat(again[0]).as(e.name()).containsExactly(decoded[0]);
        }
    }

    @Test
    void fullScaleAndBeyondClipInsteadOfWrapping() {
        byte[] b = SampleEncoding.S16LE.interleave(new float[][] {{1f, -1f, 3f, -3f}});
        float[][] back = SampleEncoding.S16LE.deinterleave(b, 0, b.length, 1);
        assertThat(back[0]).containsExactly(32767 / 32768f, -1f, 32767 / 32768f, -1f);
    }
}
