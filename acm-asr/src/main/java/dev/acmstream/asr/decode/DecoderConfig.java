package dev.acmstream.asr.decode;

/**
 * Settings of the CTC prefix beam search.
 *
 * @param beam prefixes kept after each frame
 * @param lmWeight weight α of the word LM's natural-log probability
 * @param wordBonus β added per word, against the LM's preference for short outputs
 * @param charPruneLogProb characters less likely than this (natural log) are not expanded in a frame
 */
public record DecoderConfig(int beam, float lmWeight, float wordBonus, float charPruneLogProb) {
    /** Greedy-equivalent without an LM. */
    public static final DecoderConfig NO_LM = new DecoderConfig(8, 0f, 0f, -8f);

    public DecoderConfig {
        if (beam < 1) {
            throw new IllegalArgumentException("beam must be at least 1");
        }
    }

    public DecoderConfig withLm(float weight, float bonus) {
        return new DecoderConfig(beam, weight, bonus, charPruneLogProb);
    }

    public DecoderConfig withBeam(int b) {
        return new DecoderConfig(b, lmWeight, wordBonus, charPruneLogProb);
    }
}
