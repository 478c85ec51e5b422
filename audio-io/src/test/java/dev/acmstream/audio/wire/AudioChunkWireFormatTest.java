package dev.acmstream.audio.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.WireFormatException.Kind;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AudioChunkWireFormatTest {
    private final AudioChunkWireFormat wire = new AudioChunkWireFormat(1000);
    private final AudioChunk chunk = new AudioChunk("call-17", 42, 1_764_547_200_000L, 8000, 2, SampleEncoding.MULAW,
            true, new byte[] {1, 2, 3, 4, 5, 6});

    @Test
    void roundTripsEveryField() throws Exception {
        byte[] b = wire.encode(chunk);
        assertThat(b).hasSize(29 + 7 + 4 + 6);
        assertThat(wire.decode(b)).isEqualTo(chunk);
    }

    @Test
    void headerIsBigEndianAndLaidOutAsDocumented() {
        ByteBuffer b = ByteBuffer.wrap(wire.encode(chunk));
        assertThat(b.getInt(0)).isEqualTo(0x41434D31);
        assertThat(b.get(4)).isEqualTo((byte) 1);
        assertThat(b.get(5)).isEqualTo((byte) 1); // end of stream
        assertThat(b.get(6)).isEqualTo((byte) 2); // mu-law
        assertThat(b.get(7)).isEqualTo((byte) 2);
        assertThat(b.getInt(8)).isEqualTo(8000);
        assertThat(b.getLong(12)).isEqualTo(42);
        assertThat(b.getLong(20)).isEqualTo(1_764_547_200_000L);
        assertThat(b.get(28)).isEqualTo((byte) 7);
        assertThat(b.getInt(36)).isEqualTo(6);
    }

    @Test
    void rejectsEachKindOfGarbageWithItsReason() {
        byte[] good = wire.encode(chunk);
        assertKind(new byte[3], Kind.TRUNCATED, "shorter than the 29-byte fixed header");
        assertKind(set(good, 0, 'X'), Kind.BAD_MAGIC, "bad magic");
        assertKind(set(good, 4, 2), Kind.UNKNOWN_VERSION, "unknown version 2 at offset 4");
        assertKind(set(good, 5, 0x81), Kind.BAD_FIELD, "unknown flag bits 0x80");
        assertKind(set(good, 6, 9), Kind.BAD_FIELD, "unknown encoding 9");
        assertKind(set(good, 7, 0), Kind.BAD_FIELD, "0 channels");
        assertKind(set(good, 28, 0), Kind.BAD_FIELD, "stream id length 0");
        assertKind(set(good, 30, '#'), Kind.BAD_FIELD, "stream id byte 0x23 at offset 30");
        assertKind(java.util.Arrays.copyOf(good, good.length - 1), Kind.TRUNCATED, "header says 46");
        assertKind(java.util.Arrays.copyOf(good, good.length + 1), Kind.LENGTH_MISMATCH, "header says 46");
        byte[] big = good.clone();
        ByteBuffer.wrap(big).putInt(36, 5000);
        assertKind(big, Kind.OVERSIZED, "payload length 5000 at offset 36 is over the maximum 1000");
        byte[] rate = good.clone();
        ByteBuffer.wrap(rate).putInt(8, 1000);
        assertKind(rate, Kind.BAD_FIELD, "sample rate 1000 Hz");
        byte[] odd = wire.encode(new AudioChunk("s", 0, 0, 8000, 1, SampleEncoding.S16LE, false, new byte[4]));
        ByteBuffer.wrap(odd).putInt(30, 3);
        assertKind(java.util.Arrays.copyOf(odd, odd.length - 1), Kind.BAD_FIELD, "not a whole number");
    }

    @Test
    void refusesToEncodeInvalidChunks() {
        assertThatThrownBy(() -> wire.encode(new AudioChunk("a#ch0", 0, 0, 8000, 1, SampleEncoding.S16LE, false, new byte[2])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved for channels");
        assertThatThrownBy(() -> wire.encode(new AudioChunk("a", 0, 0, 8000, 1, SampleEncoding.S24LE, false, new byte[3])))
                .hasMessageContaining("cannot travel on the wire");
    }

    @Test
    void streamIdRules() {
        assertThat(StreamIds.problem("call-17.agent:x_y")).isNull();
        assertThat(StreamIds.problem("")).contains("empty");
        assertThat(StreamIds.problem("a".repeat(129))).contains("over 128");
        assertThat(StreamIds.problem("a b")).contains("U+0020");
    }

    private void assertKind(byte[] record, Kind kind, String message) {
        assertThatThrownBy(() -> wire.decode(record)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.kind()).isEqualTo(kind)).hasMessageContaining(message);
    }

    private static byte[] set(byte[] b, int offset, int value) {
        byte[] c = b.clone();
        c[offset] = (byte) value;
        return c;
    }
}
