package dev.acmstream.audio.vad;

/**
 * A frame-level energy voice-activity detector for endpointing. A frame is speech when its
 * energy is {@code thresholdDb} above a slowly tracked noise floor; a hangover keeps short
 * pauses inside a segment. It sees one value per 10 ms frame, so it costs nothing next to the
 * recognizer.
 */
public final class EnergyVad {
    /** Highest starting floor: -45 dB is quiet-room noise on a telephone line. */
    private static final float INITIAL_FLOOR_CEILING_DB = -45f;
    private static final float RISE_DB_PER_FRAME = 0.05f;
    /**
     * Mean mel-bin power of full-scale (unit variance) white noise in the default front end,
     * in dB: measured 29.2. Subtracting it makes frame levels read as dBFS.
     */
    private static final double FULL_SCALE_NOISE_DB = 29.2;
    private final float thresholdDb;
    private final int hangoverFrames;
    /** Noise floor in dB re. full-scale power; NaN until the first frame. */
    private float floorDb = Float.NaN;
    private int hangover;

    /**
     * @param thresholdDb speech must be this far above the floor; 12 dB works for telephone audio
     * @param hangoverFrames frames that stay "speech" after the energy drops
     */
    public EnergyVad(float thresholdDb, int hangoverFrames) {
        this.thresholdDb = thresholdDb;
        this.hangoverFrames = hangoverFrames;
    }

    public EnergyVad() {
        this(12f, 20);
    }

    /**
     * Classifies one frame.
     *
     * @param logMel the frame's log-mel energies (natural log of power)
     */
    public boolean isSpeech(float[] logMel) {
        double sum = 0;
        for (float v : logMel) {
            sum += Math.exp(v);
        }
        float db = (float) (10 * Math.log10(sum / logMel.length + 1e-12) - FULL_SCALE_NOISE_DB);
        if (Float.isNaN(floorDb)) {
            // A stream that opens with speech must not take speech for the floor.
            floorDb = Math.min(db, INITIAL_FLOOR_CEILING_DB);
        }
        // The floor falls fast and rises slowly (5 dB/s), so it follows the quietest recent frames.
        if (db < floorDb) {
            floorDb = 0.5f * floorDb + 0.5f * db;
        } else {
            floorDb += Math.min(RISE_DB_PER_FRAME, db - floorDb);
        }
        if (db > floorDb + thresholdDb) {
            hangover = hangoverFrames;
            return true;
        }
        if (hangover > 0) {
            hangover--;
            return true;
        }
        return false;
    }

    public float noiseFloorDb() {
        return floorDb;
    }

    public State snapshot() {
        return new State(floorDb, hangover);
    }

    public void restore(State s) {
        this.floorDb = s.floorDb();
        this.hangover = s.hangover();
    }

    public record State(float floorDb, int hangover) {
    }
}
