package dev.acmstream.job.cli;

import dev.acmstream.audio.decode.AudioFileDecoder;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.features.LogMelConfig;
import dev.acmstream.audio.features.LogMelExtractor;
import dev.acmstream.audio.resample.StreamingResampler;
import dev.acmstream.job.render.SpectrogramPng;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acm-stream audio inspect}: format, duration, channels and levels, and a log-mel PNG. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print an audio file's format, duration, channels and levels,",
            "and optionally draw its log-mel spectrogram (one panel per channel)."})
public final class AudioInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "WAV file (any PCM, float, mu-law or A-law), or .raw/.pcm s16le")
    Path file;

    @Option(names = "--png", paramLabel = "OUT", description = "write a log-mel spectrogram PNG here")
    Path png;

    @Option(names = "--raw-rate", defaultValue = "16000", description = "sample rate of headerless input (default: ${DEFAULT-VALUE})")
    int rawRate;

    @Option(names = "--raw-channels", defaultValue = "1", description = "channels of headerless input (default: ${DEFAULT-VALUE})")
    int rawChannels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DecodedAudio a = new AudioFileDecoder().decode(file, rawRate, rawChannels);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "file:        %s%n", file);
        out.printf(Locale.ROOT, "container:   %s%n", a.container());
        out.printf(Locale.ROOT, "encoding:    %s%n", a.encoding());
        out.printf(Locale.ROOT, "sample rate: %d Hz%n", a.sampleRate());
        out.printf(Locale.ROOT, "channels:    %d%n", a.channels());
        out.printf(Locale.ROOT, "duration:    %.3f s (%d frames)%n", a.durationSeconds(), a.frames());
        List<float[][]> panels = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < a.channels(); c++) {
            float[] x = a.samples()[c];
            double peak = 0;
            double sq = 0;
            double sum = 0;
            long clipped = 0;
            for (float v : x) {
                peak = Math.max(peak, Math.abs(v));
                sq += v * (double) v;
                sum += v;
                if (Math.abs(v) >= 0.999f) {
                    clipped++;
                }
            }
            int n = Math.max(1, x.length);
            out.printf(Locale.ROOT, "ch%d:         peak %6.1f dBFS  rms %6.1f dBFS  dc %+.4f  clipped %d%n", c, db(peak),
                    db(Math.sqrt(sq / n)), sum / n, clipped);
            if (png != null) {
                StreamingResampler r = new StreamingResampler(a.sampleRate(), 16000);
                float[] head = r.process(x);
                float[] tail = r.flush();
                float[] y = new float[head.length + tail.length];
                System.arraycopy(head, 0, y, 0, head.length);
                System.arraycopy(tail, 0, y, head.length, tail.length);
                panels.add(LogMelExtractor.extract(y, LogMelConfig.DEFAULT));
                labels.add("ch" + c);
            }
        }
        if (png != null) {
            SpectrogramPng.write(panels, labels, null, png);
            out.printf(Locale.ROOT, "spectrogram: %s%n", png);
        }
        return 0;
    }

    private static double db(double v) {
        return v <= 0 ? -120 : Math.max(-120, 20 * Math.log10(v));
    }
}
