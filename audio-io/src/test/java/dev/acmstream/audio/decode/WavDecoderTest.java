package dev.acmstream.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acmstream.audio.AudioFormatException;
import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.testing.Sox;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavDecoderTest {
    @TempDir
    static Path dir;
    static Path reference;
    private final WavDecoder decoder = new WavDecoder();

    @BeforeAll
    static void makeReference() throws Exception {
        reference = Sox.tone(dir, "ref", 16000, 2);
    }

    static Stream<Arguments> encodings() {
        // sox options, expected encoding, tolerance against the 16-bit reference
        return Stream.of(
                Arguments.of("u8", List.of("-e", "unsigned-integer", "-b", "8"), SampleEncoding.U8, 1.0 / 128 + 1e-4),
                Arguments.of("s16", List.of("-e", "signed-integer", "-b", "16"), SampleEncoding.S16LE, 1e-6),
                Arguments.of("s24", List.of("-e", "signed-integer", "-b", "24"), SampleEncoding.S24LE, 1e-6),
                Arguments.of("s32", List.of("-e", "signed-integer", "-b", "32"), SampleEncoding.S32LE, 1e-6),
                Arguments.of("f32", List.of("-e", "floating-point", "-b", "32"), SampleEncoding.F32LE, 1e-6),
                Arguments.of("f64", List.of("-e", "floating-point", "-b", "64"), SampleEncoding.F64LE, 1e-6),
                Arguments.of("ulaw", List.of("-e", "u-law"), SampleEncoding.MULAW, 0.02),
                Arguments.of("alaw", List.of("-e", "a-law"), SampleEncoding.ALAW, 0.02));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void decodesEveryEncodingThatSoxWrites(String name, List<String> soxOpts, SampleEncoding expected, double tol)
            throws Exception {
        Path f = dir.resolve(name + ".wav");
        Sox.run(Stream.concat(Stream.of("-D", reference.toString()), Stream.concat(soxOpts.stream(), Stream.of(f.toString())))
                .toArray(String[]::new));
        DecodedAudio ref = decoder.decode(reference);
        DecodedAudio got = decoder.decode(f);
        assertThat(got.encoding()).isEqualTo(expected);
        assertThat(got.sampleRate()).isEqualTo(16000);
        assertThat(got.channels()).isEqualTo(2);
        assertThat(got.frames()).isEqualTo(8000);
        for (int c = 0; c < 2; c++) {
            assertThat(maxAbsDiff(ref.samples()[c], got.samples()[c])).as("channel %d", c).isLessThanOrEqualTo(tol);
        }
    }

    @Test
    void decodesWaveFormatExtensibleMultichannel() throws Exception {
        Path six = dir.resolve("six.wav");
        Sox.run("-n", "-r", "48000", "-c", "6", "-b", "24", six.toString(), "synth", "0.1", "sine", "440");
        byte[] b = Files.readAllBytes(six);
        // sox writes WAVE_FORMAT_EXTENSIBLE for more than two channels.
        assertThat(WavDecoder.u16(b, 20)).isEqualTo(0xFFFE);
        DecodedAudio a = decoder.decode(six);
        assertThat(a.channels()).isEqualTo(6);
        assertThat(a.sampleRate()).isEqualTo(48000);
        assertThat(a.encoding()).isEqualTo(SampleEncoding.S24LE);
        assertThat(rms(a.samples()[5])).isGreaterThan(0.1);
    }

    @ParameterizedTest
    @MethodSource("rates")
    void acceptsRatesFrom4To192kHz(int rate) throws Exception {
        DecodedAudio a = decoder.decode(Sox.tone(dir, "r" + rate, rate, 1));
        assertThat(a.sampleRate()).isEqualTo(rate);
        assertThat(a.frames()).isEqualTo(rate / 2);
    }

    static Stream<Integer> rates() {
        return Stream.of(4000, 8000, 11025, 22050, 44100, 96000, 192000);
    }

    @Test
    void decodesRealTelephonePrompts() throws Exception {
        List<Path> prompts;
        try (Stream<Path> s = Files.list(Sox.asteriskDir())) {
            prompts = s.filter(p -> p.toString().endsWith(".wav")).sorted().limit(40).collect(Collectors.toList());
        }
        assertThat(prompts).hasSize(40);
        for (Path p : prompts) {
            DecodedAudio a = decoder.decode(p);
            assertThat(a.sampleRate()).isEqualTo(8000);
            assertThat(a.channels()).isEqualTo(1);
            assertThat(a.durationSeconds()).isGreaterThan(0.1);
        }
    }

    @Test
    void truncatedDataChunkNamesTheSizes() throws Exception {
        byte[] b = Files.readAllBytes(reference);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(b, b.length - 1000));
        assertThatThrownBy(() -> decoder.decode(cut))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(cut.toString())
                .hasMessageContaining("truncated data chunk: header declares 32000 bytes but only 31000 are present");
    }

    @Test
    void rejectsUnsupportedCodecs() throws Exception {
        Path adpcm = dir.resolve("adpcm.wav");
        Sox.run(reference.toString(), "-e", "ima-adpcm", adpcm.toString());
        assertThatThrownBy(() -> decoder.decode(adpcm)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("unsupported codec: WAV format tag 0x0011 (IMA ADPCM)");
        Path gsm = dir.resolve("gsm.wav");
        Sox.run(reference.toString(), "-r", "8000", "-c", "1", "-e", "gsm-full-rate", gsm.toString());
        assertThatThrownBy(() -> decoder.decode(gsm)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("unsupported codec").hasMessageContaining("GSM");
    }

    @Test
    void rejectsHeaderFieldsOutOfRange() {
        assertThatThrownBy(() -> decoder.decode(header(1, 0, 16000, 16, 0, 0), "zero"))
                .hasMessage("zero: zero channels");
        assertThatThrownBy(() -> decoder.decode(header(1, 1, 2000, 16, 2, 0), "slow"))
                .hasMessage("slow: sample rate 2000 Hz is out of range [4000, 192000]");
        assertThatThrownBy(() -> decoder.decode(header(1, 1, 384000, 16, 2, 0), "fast"))
                .hasMessageContaining("sample rate 384000 Hz is out of range");
        assertThatThrownBy(() -> decoder.decode(header(1, 2, 16000, 16, 4, 6), "odd"))
                .hasMessage("odd: data size 6 is not a whole number of frames (4 bytes per frame)");
        assertThatThrownBy(() -> decoder.decode(header(1, 2, 16000, 16, 3, 0), "align"))
                .hasMessageContaining("corrupt header: block align 3, expected 4");
        assertThatThrownBy(() -> decoder.decode(header(1, 1, 16000, 12, 2, 0), "bits"))
                .hasMessageContaining("unsupported codec: 12-bit integer PCM");
        assertThatThrownBy(() -> decoder.decode("RIFF\0\0\0\0AVI LIST".getBytes(), "avi"))
                .hasMessageContaining("RIFF form type is 'AVI '");
        assertThatThrownBy(() -> decoder.decode("ID3\3\0\0\0\0\0\0\0\0\0".getBytes(), "mp3"))
                .hasMessageContaining("not a WAV file");
    }

    @Test
    void rejectsFilesOverTheLimitBeforeReading() throws Exception {
        WavDecoder small = new WavDecoder(new AudioLimits(4000, 192000, 8, 1000));
        assertThatThrownBy(() -> small.decode(reference)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("over the limit of 1000");
    }

    @Test
    void acceptsUnknownLengthFromStreamingWriters() throws AudioFormatException {
        byte[] h = header(1, 1, 8000, 16, 2, 8);
        ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putInt(40, -1);
        DecodedAudio a = decoder.decode(h, "stream");
        assertThat(a.frames()).isEqualTo(4);
    }

    /** A 44-byte canonical header followed by {@code dataBytes} zero bytes. */
    static byte[] header(int tag, int channels, int rate, int bits, int blockAlign, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put("data".getBytes()).putInt(dataBytes);
        return b.array();
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(b).hasSameSizeAs(a);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }

    @Test
    void readsFromAStream() throws IOException {
        DecodedAudio a = decoder.decode(Files.newInputStream(reference), "stdin");
        assertThat(a.source()).isEqualTo("stdin");
        assertThat(a.frames()).isEqualTo(8000);
    }
}
