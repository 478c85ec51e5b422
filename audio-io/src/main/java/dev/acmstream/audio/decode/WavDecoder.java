package dev.acmstream.audio.decode;

import dev.acmstream.audio.AudioFormatException;
import dev.acmstream.audio.SampleEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes RIFF/WAVE files: PCM unsigned 8-bit and signed 16/24/32-bit, IEEE float 32/64-bit,
 * μ-law and A-law, plain or {@code WAVE_FORMAT_EXTENSIBLE}, any channel count within the limits.
 *
 * <p>The parser works on the whole file in memory and checks every declared length against the
 * bytes actually present, so a lying header cannot make it allocate; the file size itself is
 * checked against {@link AudioLimits#maxBytes()} before the file is read. Every problem is an
 * {@link AudioFormatException} naming the source.
 */
public final class WavDecoder {
    private static final int WAVE_FORMAT_PCM = 0x0001;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;
    private static final int WAVE_FORMAT_ALAW = 0x0006;
    private static final int WAVE_FORMAT_MULAW = 0x0007;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID; bytes 0..1 carry the format tag. */
    private static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };
    /** A data size of 0xFFFFFFFF is what streaming writers put when they cannot seek back. */
    private static final long UNKNOWN_LENGTH = 0xFFFFFFFFL;

    private final AudioLimits limits;

    public WavDecoder() {
        this(AudioLimits.DEFAULT);
    }

    public WavDecoder(AudioLimits limits) {
        this.limits = limits;
    }

    public DecodedAudio decode(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            throw new AudioFormatException(source, "file is " + size + " bytes, over the limit of " + limits.maxBytes());
        }
        return decode(Files.readAllBytes(file), source);
    }

    public DecodedAudio decode(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes((int) limits.maxBytes() + 1);
        if (bytes.length > limits.maxBytes()) {
            throw new AudioFormatException(source, "input is over the limit of " + limits.maxBytes() + " bytes");
        }
        return decode(bytes, source);
    }

    public DecodedAudio decode(byte[] b, String source) throws AudioFormatException {
        if (b.length < 12) {
            throw new AudioFormatException(source, "corrupt header: " + b.length + " bytes is too short for a RIFF header");
        }
        String riff = fourCc(b, 0);
        if (!riff.equals("RIFF")) {
            throw new AudioFormatException(source, "not a WAV file: starts with '" + printable(riff) + "', expected 'RIFF'");
        }
        String wave = fourCc(b, 8);
        if (!wave.equals("WAVE")) {
            throw new AudioFormatException(source, "not a WAV file: RIFF form type is '" + printable(wave) + "', expected 'WAVE'");
        }
        Format fmt = null;
        int pos = 12;
        while (pos + 8 <= b.length) {
            String id = fourCc(b, pos);
            long size = u32(b, pos + 4);
            int body = pos + 8;
            long remaining = b.length - body;
            if (id.equals("fmt ")) {
                if (size > remaining) {
                    throw new AudioFormatException(source, "corrupt header: fmt chunk declares " + size + " bytes but only " + remaining + " follow");
                }
                fmt = parseFormat(b, body, (int) size, source);
            } else if (id.equals("data")) {
                if (fmt == null) {
                    throw new AudioFormatException(source, "corrupt header: data chunk before fmt chunk");
                }
                long dataSize = size;
                if (size == UNKNOWN_LENGTH && remaining < UNKNOWN_LENGTH) {
                    dataSize = remaining - remaining % fmt.blockAlign;
                } else if (size > remaining) {
                    throw new AudioFormatException(source, "truncated data chunk: header declares " + size + " bytes but only " + remaining + " are present");
                }
                if (dataSize % fmt.blockAlign != 0) {
                    throw new AudioFormatException(source, "data size " + dataSize + " is not a whole number of frames (" + fmt.blockAlign + " bytes per frame)");
                }
                float[][] samples = fmt.encoding.deinterleave(b, body, (int) dataSize, fmt.channels);
                return new DecodedAudio(source, "wav", fmt.encoding, fmt.sampleRate, samples);
            }
            long next = body + size + (size & 1);
            if (next > b.length) {
                // A trailing chunk cut short after the data we need is harmless, but we have no data yet.
                break;
            }
            pos = (int) next;
        }
        if (fmt == null) {
            throw new AudioFormatException(source, "corrupt header: no fmt chunk");
        }
        throw new AudioFormatException(source, "truncated: no data chunk");
    }

    private record Format(SampleEncoding encoding, int channels, int sampleRate, int blockAlign) {
    }

    private Format parseFormat(byte[] b, int p, int size, String source) throws AudioFormatException {
        if (size < 16) {
            throw new AudioFormatException(source, "corrupt header: fmt chunk is " + size + " bytes, needs at least 16");
        }
        int tag = u16(b, p);
        int channels = u16(b, p + 2);
        long rate = u32(b, p + 4);
        int blockAlign = u16(b, p + 12);
        int bits = u16(b, p + 14);
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw new AudioFormatException(source, "corrupt header: WAVE_FORMAT_EXTENSIBLE fmt chunk is " + size + " bytes, needs 40");
            }
            int validBits = u16(b, p + 18);
            if (validBits > bits) {
                throw new AudioFormatException(source, "corrupt header: " + validBits + " valid bits in a " + bits + "-bit container");
            }
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b[p + 26 + i] != GUID_TAIL[i]) {
                    throw new AudioFormatException(source, "unsupported codec: unknown WAVE_FORMAT_EXTENSIBLE sub-format GUID");
                }
            }
            tag = u16(b, p + 24);
        }
        if (channels == 0) {
            throw new AudioFormatException(source, "zero channels");
        }
        if (channels > limits.maxChannels()) {
            throw new AudioFormatException(source, channels + " channels is over the limit of " + limits.maxChannels());
        }
        if (rate < limits.minSampleRate() || rate > limits.maxSampleRate()) {
            throw new AudioFormatException(source, "sample rate " + rate + " Hz is out of range [" + limits.minSampleRate() + ", " + limits.maxSampleRate() + "]");
        }
        SampleEncoding encoding = encodingOf(tag, bits, source);
        int expectedAlign = channels * encoding.bytesPerSample();
        if (blockAlign != expectedAlign) {
            throw new AudioFormatException(source, "corrupt header: block align " + blockAlign + ", expected " + expectedAlign
                    + " for " + channels + " channels of " + bits + " bits");
        }
        return new Format(encoding, channels, (int) rate, blockAlign);
    }

    private static SampleEncoding encodingOf(int tag, int bits, String source) throws AudioFormatException {
        switch (tag) {
            case WAVE_FORMAT_PCM:
                switch (bits) {
                    case 8: return SampleEncoding.U8;
                    case 16: return SampleEncoding.S16LE;
                    case 24: return SampleEncoding.S24LE;
                    case 32: return SampleEncoding.S32LE;
                    default: throw new AudioFormatException(source, "unsupported codec: " + bits + "-bit integer PCM");
                }
            case WAVE_FORMAT_IEEE_FLOAT:
                switch (bits) {
                    case 32: return SampleEncoding.F32LE;
                    case 64: return SampleEncoding.F64LE;
                    default: throw new AudioFormatException(source, "unsupported codec: " + bits + "-bit float");
                }
            case WAVE_FORMAT_MULAW:
                if (bits != 8) {
                    throw new AudioFormatException(source, "unsupported codec: " + bits + "-bit μ-law");
                }
                return SampleEncoding.MULAW;
            case WAVE_FORMAT_ALAW:
                if (bits != 8) {
                    throw new AudioFormatException(source, "unsupported codec: " + bits + "-bit A-law");
                }
                return SampleEncoding.ALAW;
            default:
                throw new AudioFormatException(source, String.format("unsupported codec: WAV format tag 0x%04X%s", tag, codecName(tag)));
        }
    }

    private static String codecName(int tag) {
        switch (tag) {
            case 0x0002: return " (Microsoft ADPCM)";
            case 0x0011: return " (IMA ADPCM)";
            case 0x0031: return " (GSM 6.10)";
            case 0x0055: return " (MPEG layer 3)";
            case 0x0050: return " (MPEG)";
            default: return "";
        }
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
    }

    static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | ((b[p + 1] & 0xffL) << 8) | ((b[p + 2] & 0xffL) << 16) | ((b[p + 3] & 0xffL) << 24);
    }

    private static String fourCc(byte[] b, int p) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) (b[p + i] & 0xff);
        }
        return new String(c);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
