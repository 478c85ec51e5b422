package dev.acmstream.audio.decode;

import dev.acmstream.audio.SampleEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Picks the decoder for a file: WAV by content, raw s16le for {@code .raw}/{@code .pcm}/{@code .s16}
 * files, whose rate and channel count the caller supplies.
 */
public final class AudioFileDecoder {
    private final WavDecoder wav;
    private final RawPcmDecoder raw;

    public AudioFileDecoder(AudioLimits limits) {
        this.wav = new WavDecoder(limits);
        this.raw = new RawPcmDecoder(limits);
    }

    public AudioFileDecoder() {
        this(AudioLimits.DEFAULT);
    }

    /**
     * @param rawRate sample rate for headerless files
     * @param rawChannels channel count for headerless files
     */
    public DecodedAudio decode(Path file, int rawRate, int rawChannels) throws IOException {
        if (isRaw(file)) {
            return raw.decode(file, SampleEncoding.S16LE, rawRate, rawChannels);
        }
        return wav.decode(file);
    }

    public static boolean isRaw(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".raw") || name.endsWith(".pcm") || name.endsWith(".s16");
    }
}
