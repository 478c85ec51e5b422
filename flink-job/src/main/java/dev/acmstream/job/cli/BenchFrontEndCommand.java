package dev.acmstream.job.cli;

import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.features.LogMelExtractor;
import dev.acmstream.audio.resample.StreamingResampler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acm-stream bench front-end}: CPU cost of the front end (resampling to 16 kHz, then
 * log-mel) per second of audio, as the feature operator runs it: 100 ms chunks of one stream.
 * For 8 kHz input it times the two-phase FIR path and TarsosDSP's general path in one run.
 */
@Command(name = "front-end", mixinStandardHelpOptions = true,
        description = {"Time the front end (resampler + log-mel) per second of audio, in 100 ms chunks.",
            "For input at half the model's rate it compares the FIR path with TarsosDSP's general path, interleaved."})
final class BenchFrontEndCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "audio file; its first channel at its own rate is the input")
    Path file;

    @Option(names = "--repeats", defaultValue = "20", description = "passes over the file per path (default: ${DEFAULT-VALUE})")
    int repeats;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) {
            throw new BadInputException("--repeats must be at least 1, got " + repeats);
        }
        DecodedAudio audio = new AudioFileDecoder().decode(file, 8000, 1);
        float[] x = audio.samples()[0];
        int rate = audio.sampleRate();
        boolean compare = 2 * rate == 16000;
        double seconds = x.length / (double) rate;
        System.out.printf(Locale.ROOT, "%s: %.1f s at %d Hz, %d passes per path%n", file, seconds, rate, repeats);
        // Warm up both paths, then interleave passes so that machine noise hits both alike.
        run(x, rate, false, 2);
        if (compare) {
            run(x, rate, true, 2);
        }
        double fast = 0;
        double general = 0;
        for (int i = 0; i < repeats; i++) {
            fast += run(x, rate, false, 1);
            if (compare) {
                general += run(x, rate, true, 1);
            }
        }
        double audioSeconds = seconds * repeats;
        System.out.printf(Locale.ROOT, "default path: %.3f ms per audio-second%n", 1000 * fast / audioSeconds);
        if (compare) {
            System.out.printf(Locale.ROOT, "TarsosDSP general path: %.3f ms per audio-second (%.2fx the default)%n",
                    1000 * general / audioSeconds, general / fast);
        }
        return 0;
    }

    /** Seconds of wall time for {@code passes} passes over x in 100 ms chunks. */
    private static double run(float[] x, int rate, boolean general, int passes) {
        long t0 = System.nanoTime();
        long frames = 0;
        int chunk = rate / 10;
        for (int p = 0; p < passes; p++) {
            StreamingResampler r = general ? StreamingResampler.generalPath(rate, 16000) : new StreamingResampler(rate, 16000);
            LogMelExtractor mel = new LogMelExtractor();
            for (int at = 0; at < x.length; at += chunk) {
                frames += mel.accept(r.process(java.util.Arrays.copyOfRange(x, at, Math.min(x.length, at + chunk)))).size();
            }
            frames += mel.accept(r.flush()).size();
        }
        if (frames == 0) {
            throw new IllegalStateException("no frames");
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
