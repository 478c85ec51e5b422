package dev.acmstream.asr.corpus;

import java.util.Locale;
import java.util.Random;

/**
 * How one utterance is degraded after synthesis, drawn from its seed. The ranges follow what a
 * call-centre system meets: ±10 % speaking rate, telephone band and codecs for about half the
 * calls, background noise at 10–30 dB SNR, small rooms and level differences.
 *
 * @param speed sox {@code speed} factor, 0.9–1.1 (changes rate and pitch, like a different talker)
 * @param pitchCents extra sox pitch shift, 0 for most utterances, ±100–400 cents for some
 * @param reverb sox reverberance 0–100, 0 for none
 * @param noise "none", "white", "pink", "brown" or "babble"
 * @param snrDb signal-to-noise ratio when there is noise
 * @param gainDb final level change
 * @param telephone "none", "ulaw", "alaw" or "gsm": 300–3400 Hz at 8 kHz through that codec
 */
public record Augmentation(double speed, int pitchCents, int reverb, String noise, double snrDb, double gainDb,
                           String telephone) {

    public static Augmentation draw(Random r, boolean pitchShiftable) {
        double speed = 0.9 + 0.2 * r.nextDouble();
        int pitch = pitchShiftable && r.nextDouble() < 0.3 ? (r.nextBoolean() ? 1 : -1) * (100 + r.nextInt(301)) : 0;
        int reverb = r.nextDouble() < 0.3 ? 10 + r.nextInt(31) : 0;
        String noise = r.nextDouble() < 0.4 ? "none" : new String[] {"white", "pink", "brown", "babble", "babble"}[r.nextInt(5)];
        double snr = 10 + 20 * r.nextDouble();
        double gain = -12 + 16 * r.nextDouble();
        String tel = r.nextDouble() < 0.5 ? "none" : new String[] {"ulaw", "ulaw", "alaw", "gsm"}[r.nextInt(4)];
        return new Augmentation(speed, pitch, reverb, noise, snr, gain, tel);
    }

    /** A compact description for the corpus index. */
    public String describe() {
        return String.format(Locale.ROOT, "speed=%.3f pitch=%d reverb=%d noise=%s snr=%.1f gain=%.1f tel=%s", speed,
                pitchCents, reverb, noise, snrDb, gainDb, telephone);
    }
}
