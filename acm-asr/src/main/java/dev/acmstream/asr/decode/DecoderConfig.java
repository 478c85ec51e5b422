package dev.acmstream.asr.decode;

/**
 * Settings of the CTC prefix beam search.
 *
 * @param beam prefixes kept after each frame
 * @param lmWeight weight α of the word LM's natural-log probability
 * @param wordBonus β added per word, against the LM's preference for short outputs
 * @param charPruneLogProb characters less likely than this (natural log) are not expanded in a frame
 * @param blankSkipLogProb a frame whose blank is at least this likely (natural log) extends no
 *     prefix: every prefix only takes the blank or repeats its last character, and the rest, under
 *     1 − e^this of the mass, is dropped. CTC posteriors are peaky, so this skips most frames of
 *     silence and between characters. {@code +∞} turns it off.
 * @param blankPenalty subtracted from every frame's blank log-probability in the search, so that
 *     a character the model rates just under blank can still be emitted; it counters deletions, the
 *     largest error of these models. The skip test above reads the blank before the penalty.
 */
public record DecoderConfig(int beam, float lmWeight, float wordBonus, float charPruneLogProb, float blankSkipLogProb,
                            float blankPenalty) {
    /** Blank at probability 0.999 or more. */
    public static final float DEFAULT_BLANK_SKIP = (float) Math.log(0.999);
    /** Greedy-equivalent without an LM. */
    public static final DecoderConfig NO_LM = new DecoderConfig(8, 0f, 0f, -8f);

    public DecoderConfig(int beam, float lmWeight, float wordBonus, float charPruneLogProb) {
        this(beam, lmWeight, wordBonus, charPruneLogProb, DEFAULT_BLANK_SKIP, 0f);
    }

    public DecoderConfig {
        if (beam < 1) {
            throw new IllegalArgumentException("beam must be at least 1");
        }
        if (!isValidBlankPenalty(blankPenalty)) {
            throw new IllegalArgumentException("blank penalty must be finite and at least 0, got " + blankPenalty);
        }
    }

    /** A blank penalty is finite and at least 0 (a negative one would be a blank bonus, more deletions). */
    public static boolean isValidBlankPenalty(float penalty) {
        return penalty >= 0 && penalty < Float.POSITIVE_INFINITY;
    }

    public DecoderConfig withLm(float weight, float bonus) {
        return new DecoderConfig(beam, weight, bonus, charPruneLogProb, blankSkipLogProb, blankPenalty);
    }

    public DecoderConfig withBeam(int b) {
        return new DecoderConfig(b, lmWeight, wordBonus, charPruneLogProb, blankSkipLogProb, blankPenalty);
    }

    public DecoderConfig withBlankSkip(float logProb) {
        return new DecoderConfig(beam, lmWeight, wordBonus, charPruneLogProb, logProb, blankPenalty);
    }

    public DecoderConfig withBlankPenalty(float penalty) {
        return new DecoderConfig(beam, lmWeight, wordBonus, charPruneLogProb, blankSkipLogProb, penalty);
    }
}
