package dev.acmstream.audio.features;

import be.tarsos.dsp.util.fft.FFT;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming log-mel features. Feed samples in chunks of any size; every frame whose window ends at
 * or before the last sample fed is returned at once, and only the samples that a future frame
 * still needs are kept, so memory is bounded by one window whatever the stream's length.
 *
 * <p>Frame {@code i} covers samples {@code [i * hop, i * hop + window)}. Each frame is computed from
 * exactly those samples, with no state carried between frames, so any chunking yields bit-identical
 * frames to feeding the whole signal. The choices:
 * <ul>
 *   <li><b>No dither.</b> Features are deterministic; training adds real noise with sox instead.</li>
 *   <li><b>DC removal and pre-emphasis (0.97) within each frame</b>, as Kaldi does, which keeps
 *       frames independent of each other.</li>
 *   <li><b>Hann window</b>, zero-padded to a 512-point FFT (TarsosDSP).</li>
 *   <li><b>Power spectrum → 80 HTK-mel triangles, 20–7600 Hz → natural log with a floor of
 *       1e-10</b> (−100 dB re. full scale), so digital silence gives a finite value.</li>
 *   <li><b>No normalization here.</b> The model carries global per-bin mean and variance from its
 *       training corpus and applies them, so the extractor stays model-independent.</li>
 * </ul>
 */
public final class LogMelExtractor {
    private final LogMelConfig config;
    private final FFT fft;
    private final MelFilterBank mel;
    private final float[] window;
    private final float[] fftBuf;
    private final float[] power;

    private float[] pending;
    private int pendingLength;
    /** Absolute index of pending[0]. */
    private long pendingStart;
    private long framesEmitted;

    public LogMelExtractor() {
        this(LogMelConfig.DEFAULT);
    }

    public LogMelExtractor(LogMelConfig config) {
        this.config = config;
        this.fft = new FFT(config.fftSize());
        this.mel = new MelFilterBank(config);
        this.window = new float[config.windowSamples()];
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (window.length - 1)));
        }
        this.fftBuf = new float[config.fftSize()];
        this.power = new float[config.fftSize() / 2 + 1];
        this.pending = new float[config.windowSamples() + config.hopSamples()];
    }

    public LogMelConfig config() {
        return config;
    }

    /** Frames emitted so far. */
    public long framesEmitted() {
        return framesEmitted;
    }

    /** Feeds samples and returns the frames that became complete, each {@code melBins} long. */
    public List<float[]> accept(float[] samples) {
        return accept(samples, 0, samples.length);
    }

    public List<float[]> accept(float[] samples, int offset, int length) {
        List<float[]> frames = new ArrayList<>(length / config.hopSamples() + 1);
        int win = config.windowSamples();
        int hop = config.hopSamples();
        int p = offset;
        int end = offset + length;
        while (p < end) {
            int take = Math.min(end - p, pending.length - pendingLength);
            System.arraycopy(samples, p, pending, pendingLength, take);
            pendingLength += take;
            p += take;
            // Frame framesEmitted starts at absolute sample framesEmitted * hop.
            while (true) {
                int startInPending = (int) (framesEmitted * hop - pendingStart);
                if (startInPending + win > pendingLength) {
                    break;
                }
                float[] frame = new float[config.melBins()];
                compute(pending, startInPending, frame);
                frames.add(frame);
                framesEmitted++;
            }
            int keepFrom = (int) (framesEmitted * hop - pendingStart);
            if (keepFrom > 0) {
                System.arraycopy(pending, keepFrom, pending, 0, pendingLength - keepFrom);
                pendingLength -= keepFrom;
                pendingStart += keepFrom;
            }
        }
        return frames;
    }

    /** Features of a whole signal, {@code [frames][melBins]}. */
    public static float[][] extract(float[] samples, LogMelConfig config) {
        return new LogMelExtractor(config).accept(samples).toArray(new float[0][]);
    }

    private void compute(float[] x, int start, float[] out) {
        int win = config.windowSamples();
        double mean = 0;
        for (int i = 0; i < win; i++) {
            mean += x[start + i];
        }
        float dc = (float) (mean / win);
        float pre = config.preEmphasis();
        Arrays.fill(fftBuf, 0f);
        float prev = x[start] - dc;
        for (int i = 0; i < win; i++) {
            float v = x[start + i] - dc;
            float emphasized = v - pre * prev;
            prev = v;
            fftBuf[i] = emphasized * window[i];
        }
        fft.forwardTransform(fftBuf);
        // FloatFFT's real layout: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...].
        int n = config.fftSize();
        power[0] = fftBuf[0] * fftBuf[0];
        power[n / 2] = fftBuf[1] * fftBuf[1];
        for (int k = 1; k < n / 2; k++) {
            float re = fftBuf[2 * k];
            float im = fftBuf[2 * k + 1];
            power[k] = re * re + im * im;
        }
        mel.apply(power, out);
        float floor = config.logFloor();
        for (int m = 0; m < out.length; m++) {
            out[m] = (float) Math.log(Math.max(out[m], floor));
        }
    }

    /** The state to checkpoint: the unconsumed samples and the frame count. */
    public Snapshot snapshot() {
        return new Snapshot(Arrays.copyOf(pending, pendingLength), pendingStart, framesEmitted);
    }

    public static LogMelExtractor restore(LogMelConfig config, Snapshot s) {
        LogMelExtractor e = new LogMelExtractor(config);
        if (s.pending().length > e.pending.length) {
            throw new IllegalArgumentException("snapshot holds " + s.pending().length + " samples, more than a window and a hop");
        }
        System.arraycopy(s.pending(), 0, e.pending, 0, s.pending().length);
        e.pendingLength = s.pending().length;
        e.pendingStart = s.pendingStart();
        e.framesEmitted = s.framesEmitted();
        return e;
    }

    /** Unconsumed samples starting at absolute index {@code pendingStart}, and frames emitted. */
    public record Snapshot(float[] pending, long pendingStart, long framesEmitted) {
    }
}
