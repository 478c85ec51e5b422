package dev.acmstream.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.audio.AudioFormatException;
import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.AudioChunk;
import dev.acmstream.audio.wire.AudioChunkWireFormat;
import dev.acmstream.audio.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds both parsers 10,000+ random and mutated inputs each. The only exception allowed out is
 * the typed one; anything else (an index error, an out-of-memory from a lying length) fails.
 */
class ParserFuzzTest {
    private static final int CASES = 12_000;

    @Test
    void wavParserOnlyThrowsAudioFormatException() {
        Random rnd = new Random(20261130L);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(WavDecoderTest.header(1, 2, 16000, 16, 4, 64));
        seeds.add(WavDecoderTest.header(7, 1, 8000, 8, 1, 33));
        seeds.add(WavDecoderTest.header(3, 1, 44100, 32, 4, 40));
        seeds.add(extensible());
        WavDecoder decoder = new WavDecoder(new AudioLimits(4000, 192000, 64, 1 << 20));
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = i % 5 == 0 ? randomBytes(rnd) : mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            try {
                DecodedAudio a = decoder.decode(input, "fuzz");
                assertThat(a.channels()).isBetween(1, 64);
                accepted++;
            } catch (AudioFormatException expected) {
                assertThat(expected.getMessage()).startsWith("fuzz: ");
            }
        }
        // The mutations must leave some files valid, or the fuzzer only tests the magic check.
        assertThat(accepted).isGreaterThan(100);
    }

    @Test
    void wireParserOnlyThrowsWireFormatException() {
        Random rnd = new Random(7L);
        AudioChunkWireFormat wire = new AudioChunkWireFormat(4096);
        List<byte[]> seeds = List.of(
                wire.encode(new AudioChunk("call-1", 3, 1_700_000_000_000L, 8000, 2, SampleEncoding.MULAW, false, new byte[160])),
                wire.encode(new AudioChunk("mic.a:b_c-d", 0, 5, 16000, 1, SampleEncoding.S16LE, true, new byte[640])),
                wire.encode(new AudioChunk("x", 9, 9, 48000, 1, SampleEncoding.F32LE, false, new byte[0])));
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = i % 5 == 0 ? randomBytes(rnd) : mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            try {
                AudioChunk c = wire.decode(input);
                assertThat(wire.encode(c)).isEqualTo(input);
                accepted++;
            } catch (WireFormatException expected) {
                assertThat(expected.problem()).isNotBlank();
            }
        }
        assertThat(accepted).isGreaterThan(100);
    }

    private static byte[] extensible() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(68 + 48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(60 + 48).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 3).putInt(48000)
                .putInt(48000 * 6).putShort((short) 6).putShort((short) 16).putShort((short) 22)
                .putShort((short) 16).putInt(0x7).putShort((short) 1).putShort((short) 0)
                .put(new byte[] {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71});
        b.put("data".getBytes()).putInt(48);
        return b.array();
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(96)];
        rnd.nextBytes(b);
        return b;
    }

    /** Flips bytes, overwrites fields with extreme values, truncates or extends. */
    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            switch (rnd.nextInt(6)) {
                case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                case 1 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 2 -> {
                    int p = rnd.nextInt(Math.max(1, b.length - 4));
                    int v = rnd.nextBoolean() ? -1 : rnd.nextInt();
                    for (int k = 0; k < 4 && p + k < b.length; k++) {
                        b[p + k] = (byte) (v >> (8 * k));
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 4 -> b = java.util.Arrays.copyOf(b, b.length + rnd.nextInt(16));
                default -> { }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }
}
