package dev.acmstream.audio.features;

/**
 * The front end's settings. The defaults are the common ASR front end (Kaldi, Whisper and most
 * CTC recipes use the same numbers): 16 kHz, 25 ms windows every 10 ms, 80 mel bins.
 *
 * @param sampleRate input rate, Hz
 * @param windowSamples analysis window, 400 = 25 ms at 16 kHz
 * @param hopSamples frame shift, 160 = 10 ms at 16 kHz
 * @param fftSize FFT length, the next power of two above the window
 * @param melBins number of mel filters
 * @param lowHz lowest filter edge; 20 Hz drops DC and mains hum
 * @param highHz highest filter edge; 7600 Hz stays clear of the resampler's roll-off below 8 kHz
 * @param preEmphasis first-order high-pass coefficient, applied within each frame
 * @param logFloor power floor before the log, about -100 dB re. full scale
 */
public record LogMelConfig(int sampleRate, int windowSamples, int hopSamples, int fftSize, int melBins,
                           double lowHz, double highHz, float preEmphasis, float logFloor) {

    public static final LogMelConfig DEFAULT = new LogMelConfig(16_000, 400, 160, 512, 80, 20, 7600, 0.97f, 1e-10f);

    public LogMelConfig {
        if (windowSamples <= 0 || hopSamples <= 0 || fftSize < windowSamples || Integer.bitCount(fftSize) != 1
                || melBins <= 0 || lowHz < 0 || highHz <= lowHz || highHz > sampleRate / 2.0) {
            throw new IllegalArgumentException("invalid log-mel configuration");
        }
    }
}
