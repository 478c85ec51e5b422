package dev.acmstream.asr.corpus;

import dev.acmstream.audio.AudioFormatException;
import dev.acmstream.audio.SampleEncoding;
import dev.acmstream.audio.decode.DecodedAudio;
import dev.acmstream.audio.decode.WavDecoder;
import dev.acmstream.audio.resample.StreamingResampler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Applies an {@link Augmentation} to a synthesized WAV and returns 16 kHz samples.
 *
 * <p>sox does the effects it does best (speed, pitch, reverb, band limiting and the telephone
 * codecs). Noise is mixed here, where the exact SNR can be computed. Telephone audio comes back
 * from sox at 8 kHz and is brought to 16 kHz by the same {@link StreamingResampler} that the
 * pipeline uses, so training sees exactly what inference will see.
 */
final class Augmenter {
    private final WavDecoder decoder = new WavDecoder();
    /** Recent clean utterances of this worker, mixed as babble noise. */
    private final List<float[]> babblePool = new ArrayList<>();

    float[] apply(Path tts, Augmentation a, Random rnd, Path work) throws IOException {
        Path wide = work.resolve("wide.wav");
        List<String> cmd = new ArrayList<>(List.of("sox", "-D", tts.toString(), "-t", "wav", "-e", "floating-point", "-b", "32",
                wide.toString(), "remix", "-"));
        if (a.pitchCents() != 0) {
            cmd.addAll(List.of("pitch", String.valueOf(a.pitchCents())));
        }
        cmd.addAll(List.of("speed", String.format(Locale.ROOT, "%.4f", a.speed())));
        if (a.reverb() > 0) {
            cmd.addAll(List.of("reverb", String.valueOf(a.reverb()), "50", "40", "100", "0", "0"));
        }
        cmd.addAll(List.of("rate", "-v", "16000", "norm", "-3"));
        ExternalCommand.run(cmd, null, 120);
        float[] clean = pad(decoder.decode(wide).samples()[0], rnd);
        rememberForBabble(clean);
        float[] mixed = addNoise(clean, a, rnd);
        scale(mixed, (float) Math.pow(10, a.gainDb() / 20));
        if (a.telephone().equals("none")) {
            clip(mixed);
            return mixed;
        }
        return telephone(mixed, a.telephone(), work);
    }

    /** Synthesizers start and stop abruptly; real recordings have 50-600 ms of room before and after. */
    private static float[] pad(float[] x, Random rnd) {
        int before = 800 + rnd.nextInt(8800);
        int after = 800 + rnd.nextInt(8800);
        float[] y = new float[before + x.length + after];
        System.arraycopy(x, 0, y, before, x.length);
        return y;
    }

    private float[] telephone(float[] x, String codec, Path work) throws IOException {
        Path in = work.resolve("tel-in.wav");
        Files.write(in, floatWav(x, 16000));
        Path coded = work.resolve(codec.equals("gsm") ? "tel.gsm" : "tel.wav");
        List<String> encode = new ArrayList<>(List.of("sox", "-D", in.toString(), "-r", "8000", "-c", "1"));
        switch (codec) {
            case "ulaw" -> encode.addAll(List.of("-e", "u-law", "-t", "wav"));
            case "alaw" -> encode.addAll(List.of("-e", "a-law", "-t", "wav"));
            case "gsm" -> encode.addAll(List.of("-t", "gsm"));
            default -> throw new IllegalArgumentException(codec);
        }
        encode.addAll(List.of(coded.toString(), "sinc", "300-3400", "rate", "-v", "8000"));
        ExternalCommand.run(encode, null, 120);
        DecodedAudio narrow;
        if (codec.equals("gsm")) {
            Path back = work.resolve("tel-back.wav");
            ExternalCommand.run(List.of("sox", "-D", "-t", "gsm", "-r", "8000", coded.toString(), "-b", "16", back.toString()), null, 120);
            narrow = decoder.decode(back);
        } else {
            narrow = decoder.decode(coded);
        }
        StreamingResampler r = new StreamingResampler(8000, 16000);
        float[] a = r.process(narrow.samples()[0]);
        float[] b = r.flush();
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private float[] addNoise(float[] x, Augmentation a, Random rnd) {
        if (a.noise().equals("none")) {
            return x.clone();
        }
        float[] n = switch (a.noise()) {
            case "white" -> colouredNoise(x.length, rnd, 0);
            case "pink" -> colouredNoise(x.length, rnd, 1);
            case "brown" -> colouredNoise(x.length, rnd, 2);
            case "babble" -> babble(x.length, rnd);
            default -> throw new IllegalArgumentException(a.noise());
        };
        double ps = activePower(x);
        double pn = power(n);
        if (pn <= 0 || ps <= 0) {
            return x.clone();
        }
        double k = Math.sqrt(ps / (pn * Math.pow(10, a.snrDb() / 10)));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + k * n[i]);
        }
        return y;
    }

    /** White (0), pink (1, via a Voss-McCartney sum) or brown (2, leaky integrated) noise. */
    private static float[] colouredNoise(int len, Random rnd, int colour) {
        float[] n = new float[len];
        double[] rows = new double[12];
        double brown = 0;
        for (int i = 0; i < len; i++) {
            double w = rnd.nextGaussian();
            if (colour == 0) {
                n[i] = (float) w;
            } else if (colour == 1) {
                int row = Integer.numberOfTrailingZeros(i + 1);
                if (row < rows.length) {
                    rows[row] = rnd.nextGaussian();
                }
                double s = w;
                for (double v : rows) {
                    s += v;
                }
                n[i] = (float) s;
            } else {
                brown = 0.995 * brown + 0.1 * w;
                n[i] = (float) brown;
            }
        }
        return n;
    }

    /** Three to five earlier utterances of this worker, overlapped at random offsets. */
    private float[] babble(int len, Random rnd) {
        float[] n = new float[len];
        if (babblePool.size() < 3) {
            return colouredNoise(len, rnd, 1);
        }
        int talkers = 3 + rnd.nextInt(3);
        for (int t = 0; t < talkers; t++) {
            float[] src = babblePool.get(rnd.nextInt(babblePool.size()));
            int off = rnd.nextInt(src.length);
            for (int i = 0; i < len; i++) {
                n[i] += src[(off + i) % src.length];
            }
        }
        return n;
    }

    private void rememberForBabble(float[] clean) {
        if (babblePool.size() >= 16) {
            babblePool.remove(0);
        }
        babblePool.add(clean);
    }

    /** Mean power of the frames within 30 dB of the loudest, so that pauses do not lower the SNR. */
    static double activePower(float[] x) {
        int frame = 320;
        List<Double> powers = new ArrayList<>();
        double max = 0;
        for (int s = 0; s + frame <= x.length; s += frame) {
            double p = 0;
            for (int i = s; i < s + frame; i++) {
                p += x[i] * x[i];
            }
            p /= frame;
            powers.add(p);
            max = Math.max(max, p);
        }
        double sum = 0;
        int count = 0;
        for (double p : powers) {
            if (p >= max * 1e-3) {
                sum += p;
                count++;
            }
        }
        return count == 0 ? power(x) : sum / count;
    }

    static double power(float[] x) {
        double p = 0;
        for (float v : x) {
            p += v * v;
        }
        return x.length == 0 ? 0 : p / x.length;
    }

    private static void scale(float[] x, float k) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= k;
        }
    }

    private static void clip(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-1f, Math.min(1f, x[i]));
        }
    }

    static byte[] floatWav(float[] x, int rate) {
        byte[] pcm = SampleEncoding.F32LE.interleave(new float[][] {x});
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + pcm.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 3).putShort((short) 1).putInt(rate).putInt(rate * 4).putShort((short) 4)
                .putShort((short) 32).put("data".getBytes()).putInt(pcm.length).put(pcm);
        return b.array();
    }

    static float[] decodeMono(WavDecoder d, Path p) throws AudioFormatException, IOException {
        return d.decode(p).samples()[0];
    }
}
