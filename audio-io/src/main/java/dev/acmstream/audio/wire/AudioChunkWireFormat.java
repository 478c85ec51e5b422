package dev.acmstream.audio.wire;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.wire.WireFormatException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of an {@link AudioChunk} in Kafka: a fixed header, big-endian, then the payload.
 *
 * <pre>
 * offset size field
 *      0    4 magic           0x41 0x43 0x4D 0x31 ("ACM1")
 *      4    1 version         1
 *      5    1 flags           bit 0 end-of-stream; bits 1-7 must be 0
 *      6    1 encoding        1 s16le, 2 μ-law, 3 A-law, 4 f32le
 *      7    1 channels        1-8
 *      8    4 sample rate     4000-192000 Hz, unsigned
 *     12    8 sequence        signed, >= 0
 *     20    8 capture time    epoch milliseconds, signed, >= 0
 *     28    1 id length n     1-128
 *     29    n stream id       ASCII [A-Za-z0-9._:-]
 *   29+n    4 payload length  unsigned, <= the configured maximum, a whole number of frames
 *   33+n    * payload         interleaved samples in the given encoding
 * </pre>
 *
 * The record must end exactly where the payload ends. Decoding validates every field and throws
 * {@link WireFormatException} with the offending offset and value; nothing else escapes.
 */
public final class AudioChunkWireFormat {
    public static final byte[] MAGIC = {0x41, 0x43, 0x4D, 0x31};
    public static final int VERSION = 1;
    public static final int FLAG_END_OF_STREAM = 0x01;
    public static final int MAX_CHANNELS = 8;
    public static final int MIN_RATE = 4_000;
    public static final int MAX_RATE = 192_000;
    /** 1 MiB: 32 s of 16 kHz s16le mono; a live chunk is 20-200 ms. */
    public static final int DEFAULT_MAX_PAYLOAD = 1 << 20;
    static final int FIXED_HEADER = 29;

    private final int maxPayload;

    public AudioChunkWireFormat() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    public AudioChunkWireFormat(int maxPayload) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload must be positive");
        }
        this.maxPayload = maxPayload;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** Encodes a chunk; throws IllegalArgumentException if the chunk itself is invalid. */
    public byte[] encode(AudioChunk c) {
        String problem = validate(c.streamId(), c.sequence(), c.captureTimeMs(), c.sampleRate(), c.channels(),
                c.encoding(), c.payload().length);
        if (problem != null) {
            throw new IllegalArgumentException("cannot encode " + c + ": " + problem);
        }
        byte[] id = c.streamId().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(FIXED_HEADER + id.length + 4 + c.payload().length);
        b.put(MAGIC).put((byte) VERSION).put((byte) (c.endOfStream() ? FLAG_END_OF_STREAM : 0))
                .put((byte) c.encoding().wireCode()).put((byte) c.channels()).putInt(c.sampleRate())
                .putLong(c.sequence()).putLong(c.captureTimeMs()).put((byte) id.length).put(id)
                .putInt(c.payload().length).put(c.payload());
        return b.array();
    }

    private String validate(String id, long seq, long time, int rate, int channels, SampleEncoding enc, int payload) {
        String idProblem = StreamIds.problem(id);
        if (idProblem != null) {
            return idProblem;
        }
        if (seq < 0) {
            return "negative sequence " + seq;
        }
        if (time < 0) {
            return "negative capture time " + time;
        }
        if (rate < MIN_RATE || rate > MAX_RATE) {
            return "sample rate " + rate + " out of range";
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            return channels + " channels out of range 1-" + MAX_CHANNELS;
        }
        if (enc.wireCode() < 0) {
            return "encoding " + enc + " cannot travel on the wire";
        }
        if (payload > maxPayload) {
            return "payload of " + payload + " bytes over the maximum " + maxPayload;
        }
        if (payload % (channels * enc.bytesPerSample()) != 0) {
            return "payload of " + payload + " bytes is not a whole number of " + channels + "-channel " + enc + " frames";
        }
        return null;
    }

    /** Decodes a record, or throws {@link WireFormatException} saying exactly what is wrong. */
    public AudioChunk decode(byte[] r) throws WireFormatException {
        if (r == null) {
            throw new WireFormatException(Kind.TRUNCATED, "null record");
        }
        if (r.length < FIXED_HEADER) {
            throw new WireFormatException(Kind.TRUNCATED, "record of " + r.length + " bytes is shorter than the "
                    + FIXED_HEADER + "-byte fixed header" + preview(r));
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (r[i] != MAGIC[i]) {
                throw new WireFormatException(Kind.BAD_MAGIC, "bad magic" + preview(r) + ", expected 41 43 4d 31 (\"ACM1\")");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(r);
        int version = r[4] & 0xff;
        if (version != VERSION) {
            throw new WireFormatException(Kind.UNKNOWN_VERSION, "unknown version " + version + " at offset 4; this reader knows version " + VERSION);
        }
        int flags = r[5] & 0xff;
        if ((flags & ~FLAG_END_OF_STREAM) != 0) {
            throw new WireFormatException(Kind.BAD_FIELD, String.format("unknown flag bits 0x%02x at offset 5", flags & ~FLAG_END_OF_STREAM));
        }
        int encCode = r[6] & 0xff;
        SampleEncoding enc = SampleEncoding.fromWireCode(encCode);
        if (enc == null) {
            throw new WireFormatException(Kind.BAD_FIELD, "unknown encoding " + encCode + " at offset 6 (1 s16le, 2 mu-law, 3 A-law, 4 f32le)");
        }
        int channels = r[7] & 0xff;
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new WireFormatException(Kind.BAD_FIELD, channels + " channels at offset 7, expected 1-" + MAX_CHANNELS);
        }
        long rate = b.getInt(8) & 0xffffffffL;
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new WireFormatException(Kind.BAD_FIELD, "sample rate " + rate + " Hz at offset 8, expected " + MIN_RATE + "-" + MAX_RATE);
        }
        long seq = b.getLong(12);
        if (seq < 0) {
            throw new WireFormatException(Kind.BAD_FIELD, "negative sequence " + seq + " at offset 12");
        }
        long time = b.getLong(20);
        if (time < 0) {
            throw new WireFormatException(Kind.BAD_FIELD, "negative capture time " + time + " at offset 20");
        }
        int idLength = r[28] & 0xff;
        if (idLength < 1 || idLength > StreamIds.MAX_LENGTH) {
            throw new WireFormatException(Kind.BAD_FIELD, "stream id length " + idLength + " at offset 28, expected 1-" + StreamIds.MAX_LENGTH);
        }
        if (r.length < FIXED_HEADER + idLength + 4) {
            throw new WireFormatException(Kind.TRUNCATED, "record of " + r.length + " bytes ends inside the header (needs "
                    + (FIXED_HEADER + idLength + 4) + " for a " + idLength + "-byte stream id)");
        }
        char[] id = new char[idLength];
        for (int i = 0; i < idLength; i++) {
            char c = (char) (r[FIXED_HEADER + i] & 0xff);
            if (!StreamIds.isAllowed(c)) {
                throw new WireFormatException(Kind.BAD_FIELD, String.format("stream id byte 0x%02x at offset %d is not in [A-Za-z0-9._:-]",
                        (int) c, FIXED_HEADER + i));
            }
            id[i] = c;
        }
        int lenOffset = FIXED_HEADER + idLength;
        long payloadLength = b.getInt(lenOffset) & 0xffffffffL;
        if (payloadLength > maxPayload) {
            throw new WireFormatException(Kind.OVERSIZED, "payload length " + payloadLength + " at offset " + lenOffset
                    + " is over the maximum " + maxPayload);
        }
        long expected = lenOffset + 4 + payloadLength;
        if (r.length != expected) {
            throw new WireFormatException(r.length < expected ? Kind.TRUNCATED : Kind.LENGTH_MISMATCH,
                    "record is " + r.length + " bytes but its header says " + expected);
        }
        int frameBytes = channels * enc.bytesPerSample();
        if (payloadLength % frameBytes != 0) {
            throw new WireFormatException(Kind.BAD_FIELD, "payload of " + payloadLength + " bytes is not a whole number of "
                    + frameBytes + "-byte frames (" + channels + " x " + enc + ")");
        }
        byte[] payload = new byte[(int) payloadLength];
        System.arraycopy(r, lenOffset + 4, payload, 0, payload.length);
        return new AudioChunk(new String(id), seq, time, (int) rate, channels, enc,
                (flags & FLAG_END_OF_STREAM) != 0, payload);
    }

    private static String preview(byte[] r) {
        StringBuilder sb = new StringBuilder(" (first bytes:");
        for (int i = 0; i < Math.min(8, r.length); i++) {
            sb.append(String.format(" %02x", r[i]));
        }
        return sb.append(")").toString();
    }
}
