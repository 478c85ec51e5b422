package dev.acmstream.job.io;

import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.decode.WavDecoder;
import dev.acmstream.audio.resample.StreamingResampler;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Speech for load generation: files (or a directory of WAVs) resampled to 8 kHz mono, μ-law,
 * joined with 0.5 s pauses into one loop that generated streams play from different offsets.
 */
public final class SpeechPool implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int RATE = 8000;

    private final byte[] ulaw;

    private SpeechPool(byte[] ulaw) {
        this.ulaw = ulaw;
    }

    public static SpeechPool load(List<Path> sources, int maxFiles) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : sources) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".wav")).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no WAV files in " + sources);
        }
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        WavDecoder decoder = new WavDecoder();
        for (Path f : files.subList(0, Math.min(maxFiles, files.size()))) {
            DecodedAudio a = decoder.decode(f);
            float[] x = a.samples()[0];
            if (a.sampleRate() != RATE) {
                StreamingResampler r = new StreamingResampler(a.sampleRate(), RATE);
                float[] head = r.process(x);
                float[] tail = r.flush();
                x = new float[head.length + tail.length];
                System.arraycopy(head, 0, x, 0, head.length);
                System.arraycopy(tail, 0, x, head.length, tail.length);
            }
            parts.add(x);
            parts.add(new float[RATE / 2]);
            total += x.length + RATE / 2;
        }
        float[] all = new float[total];
        int p = 0;
        for (float[] x : parts) {
            System.arraycopy(x, 0, all, p, x.length);
            p += x.length;
        }
        return new SpeechPool(SampleEncoding.MULAW.interleave(new float[][] {all}));
    }

    /** Seconds of audio in the loop. */
    public double seconds() {
        return ulaw.length / (double) RATE;
    }

    /** μ-law bytes of stream {@code stream}'s chunk {@code k}, {@code samples} long; each stream starts elsewhere in the loop. */
    public byte[] chunk(int stream, long k, int samples) {
        byte[] out = new byte[samples];
        long offset = (long) stream * 7919L * 13 + k * samples;
        for (int i = 0; i < samples; i++) {
            out[i] = ulaw[(int) ((offset + i) % ulaw.length)];
        }
        return out;
    }
}
