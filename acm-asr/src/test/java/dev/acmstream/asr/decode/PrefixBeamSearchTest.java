package dev.acmstream.asr.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.asr.ctc.GreedyDecoder;
import dev.acmstream.asr.ctc.Vocabulary;
import dev.acmstream.asr.lm.Lexicon;
import dev.acmstream.asr.lm.WordLanguageModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class PrefixBeamSearchTest {
    private static final int V = Vocabulary.size();

    /** Frames that spell {@code text} with a blank between letters, each symbol at probability p. */
    static float[] spell(String text, float p) {
        int[] labels = Vocabulary.encode(text);
        float[] lp = new float[labels.length * 2 * V];
        for (int i = 0; i < labels.length; i++) {
            fill(lp, 2 * i, labels[i], p);
            fill(lp, 2 * i + 1, Vocabulary.BLANK, p);
        }
        return lp;
    }

    static void fill(float[] lp, int frame, int symbol, float p) {
        float rest = (float) Math.log((1 - p) / (V - 1));
        for (int v = 0; v < V; v++) {
            lp[frame * V + v] = v == symbol ? (float) Math.log(p) : rest;
        }
    }

    @Test
    void decodesAClearSpellingWithWordTimes() {
        float[] lp = spell("hi there", 0.9f);
        PrefixBeamSearch s = new PrefixBeamSearch(DecoderConfig.NO_LM, WordLanguageModel.NONE);
        s.advance(lp, 0, lp.length / V, V, 100);
        PrefixBeamSearch.Hypothesis h = s.finish();
        assertThat(h.text()).isEqualTo("hi there");
        assertThat(h.words()).hasSize(2);
        assertThat(h.words().get(0).startToken()).isEqualTo(100);
        assertThat(h.words().get(0).endToken()).isEqualTo(103);
        assertThat(h.words().get(1).startToken()).isEqualTo(106);
        assertThat(h.words().get(0).confidence()).isCloseTo(0.9f, org.assertj.core.data.Offset.offset(1e-4f));
    }

    @RepeatedTest(10)
    void beamOfOneWithoutLmEqualsGreedyOnPeakedPosteriors(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        int frames = 60;
        float[] lp = new float[frames * V];
        for (int t = 0; t < frames; t++) {
            int best = r.nextInt(3) == 0 ? 3 + r.nextInt(26) : Vocabulary.BLANK;
            fill(lp, t, best, 0.97f);
        }
        PrefixBeamSearch s = new PrefixBeamSearch(DecoderConfig.NO_LM.withBeam(1), WordLanguageModel.NONE);
        s.advance(lp, 0, frames, V, 0);
        assertThat(s.finish().text()).isEqualTo(GreedyDecoder.decode(lp, 0, frames, V));
    }

    @RepeatedTest(10)
    void skippingAlmostSurelyBlankFramesKeepsTheResult(RepetitionInfo info) {
        Random r = new Random(100 + info.getCurrentRepetition());
        int frames = 200;
        float[] lp = new float[frames * V];
        for (int t = 0; t < frames; t++) {
            // Peaky CTC: mostly near-certain blanks, some uncertain frames and characters.
            int kind = r.nextInt(10);
            int best = kind < 3 ? 3 + r.nextInt(26) : Vocabulary.BLANK;
            fill(lp, t, best, kind < 6 ? 0.9995f : 0.6f + 0.3f * r.nextFloat());
        }
        PrefixBeamSearch exact = new PrefixBeamSearch(DecoderConfig.NO_LM.withBlankSkip(Float.POSITIVE_INFINITY), WordLanguageModel.NONE);
        PrefixBeamSearch skipping = new PrefixBeamSearch(DecoderConfig.NO_LM, WordLanguageModel.NONE);
        exact.advance(lp, 0, frames, V, 0);
        skipping.advance(lp, 0, frames, V, 0);
        assertThat(exact.framesSkipped()).isZero();
        assertThat(skipping.framesSkipped()).isGreaterThan(frames / 10);
        assertThat(skipping.finish().text()).isEqualTo(exact.finish().text());
    }

    @Test
    void sumsPathsThatGreedyCannot() {
        // Two frames: blank 0.6 in each, 'a' 0.4 in each. Greedy says "", but "a" has
        // 0.4*0.6 + 0.6*0.4 + 0.4*0.4 = 0.64 > 0.36.
        float[] lp = new float[2 * V];
        for (int t = 0; t < 2; t++) {
            java.util.Arrays.fill(lp, t * V, (t + 1) * V, -30f);
            lp[t * V + Vocabulary.BLANK] = (float) Math.log(0.6);
            lp[t * V + Vocabulary.encode("a")[0]] = (float) Math.log(0.4);
        }
        assertThat(GreedyDecoder.decode(lp, 0, 2, V)).isEmpty();
        PrefixBeamSearch s = new PrefixBeamSearch(DecoderConfig.NO_LM, WordLanguageModel.NONE);
        s.advance(lp, 0, 2, V, 0);
        assertThat(s.finish().text()).isEqualTo("a");
    }

    @Test
    void aBlankPenaltyEmitsACharacterRatedJustUnderBlank() {
        // One frame: blank 0.7, 'a' 0.3. Plain search says ""; the penalty has to exceed ln(0.7 / 0.3) = 0.847.
        float[] lp = new float[V];
        java.util.Arrays.fill(lp, -30f);
        lp[Vocabulary.BLANK] = (float) Math.log(0.7);
        lp[Vocabulary.encode("a")[0]] = (float) Math.log(0.3);
        PrefixBeamSearch plain = new PrefixBeamSearch(DecoderConfig.NO_LM, WordLanguageModel.NONE);
        plain.advance(lp, 0, 1, V, 0);
        assertThat(plain.finish().text()).isEmpty();
        PrefixBeamSearch penalized = new PrefixBeamSearch(DecoderConfig.NO_LM.withBlankPenalty(0.9f), WordLanguageModel.NONE);
        penalized.advance(lp, 0, 1, V, 0);
        assertThat(penalized.finish().text()).isEqualTo("a");
        PrefixBeamSearch tooSmall = new PrefixBeamSearch(DecoderConfig.NO_LM.withBlankPenalty(0.8f), WordLanguageModel.NONE);
        tooSmall.advance(lp, 0, 1, V, 0);
        assertThat(tooSmall.finish().text()).isEmpty();
    }

    @Test
    void anAlmostSurelyBlankFrameIsSkippedWhateverThePenalty() {
        float[] lp = new float[V];
        fill(lp, 0, Vocabulary.BLANK, 0.9995f);
        PrefixBeamSearch s = new PrefixBeamSearch(DecoderConfig.NO_LM.withBlankPenalty(12f), WordLanguageModel.NONE);
        s.advance(lp, 0, 1, V, 0);
        assertThat(s.framesSkipped()).isEqualTo(1);
        assertThat(s.finish().text()).isEmpty();
    }

    @Test
    void aNegativeBlankPenaltyIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DecoderConfig.NO_LM.withBlankPenalty(-0.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.5");
    }

    @Test
    void theLanguageModelPicksTheLikelyWord() {
        // Acoustics slightly prefer "cat" over "cap"; the LM strongly prefers "cap" after "red".
        float[] lp = spell("red ca", 0.95f);
        float[] last = new float[2 * V];
        java.util.Arrays.fill(last, -30f);
        last[Vocabulary.encode("t")[0]] = (float) Math.log(0.55);
        last[Vocabulary.encode("p")[0]] = (float) Math.log(0.45);
        last[V + Vocabulary.BLANK] = 0f;
        for (int v = 1; v < V; v++) {
            last[V + v] = -30f;
        }
        WordLanguageModel lm = new WordLanguageModel() {
            @Override
            public float logProb(List<String> history, String word) {
                return word.equals("cap") ? -0.1f : word.equals("cat") ? -5f : -1f;
            }

            @Override
            public float endLogProb(List<String> history) {
                return -0.5f;
            }

            @Override
            public int order() {
                return 2;
            }
        };
        PrefixBeamSearch without = new PrefixBeamSearch(DecoderConfig.NO_LM, WordLanguageModel.NONE);
        without.advance(lp, 0, lp.length / V, V, 0);
        without.advance(last, 0, 2, V, lp.length / V);
        assertThat(without.finish().text()).isEqualTo("red cat");
        PrefixBeamSearch with = new PrefixBeamSearch(DecoderConfig.NO_LM.withLm(1.0f, 0f), lm);
        with.advance(lp, 0, lp.length / V, V, 0);
        with.advance(last, 0, 2, V, lp.length / V);
        assertThat(with.finish().text()).isEqualTo("red cap");
    }

    /** A unigram LM over a few words; anything else is unknown at log P = -12. */
    static WordLanguageModel unigram(String... words) {
        Lexicon lexicon = Lexicon.of(List.of(words));
        return new WordLanguageModel() {
            @Override
            public float logProb(List<String> history, String word) {
                return lexicon.contains(word) ? -1f : unknownWordLogProb();
            }

            @Override
            public float endLogProb(List<String> history) {
                return 0f;
            }

            @Override
            public int order() {
                return 1;
            }

            @Override
            public Lexicon lexicon() {
                return lexicon;
            }

            @Override
            public float unknownWordLogProb() {
                return -12f;
            }
        };
    }

    @Test
    void theLexiconKeepsAKnownWordAliveInANarrowBeam() {
        // Frame by frame the acoustics prefer "cxt" (x at 0.55 over a at 0.45); only "cat" is a
        // word. With a beam of one the search must choose at the second letter, long before the
        // word ends: the look-ahead sees that "cx" leads to no known word.
        float[] lp = new float[6 * V];
        fill(lp, 0, Vocabulary.encode("c")[0], 0.95f);
        fill(lp, 1, Vocabulary.BLANK, 0.95f);
        java.util.Arrays.fill(lp, 2 * V, 3 * V, -30f);
        lp[2 * V + Vocabulary.encode("x")[0]] = (float) Math.log(0.55);
        lp[2 * V + Vocabulary.encode("a")[0]] = (float) Math.log(0.45);
        fill(lp, 3, Vocabulary.BLANK, 0.95f);
        fill(lp, 4, Vocabulary.encode("t")[0], 0.95f);
        fill(lp, 5, Vocabulary.BLANK, 0.95f);
        WordLanguageModel lm = unigram("cat", "dog");

        PrefixBeamSearch noLm = new PrefixBeamSearch(DecoderConfig.NO_LM.withBeam(1), WordLanguageModel.NONE);
        noLm.advance(lp, 0, 6, V, 0);
        assertThat(noLm.finish().text()).isEqualTo("cxt");

        PrefixBeamSearch withLm = new PrefixBeamSearch(DecoderConfig.NO_LM.withBeam(1).withLm(0.5f, 0f), lm);
        withLm.advance(lp, 0, 6, V, 0);
        assertThat(withLm.finish().text()).isEqualTo("cat");
    }

    @Test
    void anUnknownWordCostsTheSameWithOrWithoutLookAhead() {
        // Strong acoustics for a word the LM does not know: it still wins, and its score is the
        // unknown-word cost once (provisional while spelled, replaced when the word completes).
        float[] lp = spell("zork cat", 0.99f);
        PrefixBeamSearch s = new PrefixBeamSearch(DecoderConfig.NO_LM.withLm(0.5f, 0f), unigram("cat"));
        s.advance(lp, 0, lp.length / V, V, 0);
        assertThat(s.finish().text()).isEqualTo("zork cat");
    }

    @Test
    void theLmIsAskedWithTheWordsBeforeEachWord() {
        List<String> asked = new java.util.ArrayList<>();
        WordLanguageModel lm = new WordLanguageModel() {
            @Override
            public float logProb(List<String> history, String word) {
                asked.add(String.join(" ", history) + " | " + word);
                return -1f;
            }

            @Override
            public float endLogProb(List<String> history) {
                return 0f;
            }

            @Override
            public int order() {
                return 3;
            }
        };
        float[] lp = spell("one two three four five six", 0.99f);
        PrefixBeamSearch s = new PrefixBeamSearch(DecoderConfig.NO_LM.withBeam(2).withLm(0.5f, 0f), lm);
        s.advance(lp, 0, lp.length / V, V, 0);
        assertThat(s.finish().text()).isEqualTo("one two three four five six");
        assertThat(asked).contains(" | one", "one | two", "one two | three", "one two three | four",
                "one two three four | five", "two three four five | six");
    }

    @Test
    void snapshotAndRestoreContinueIdentically() {
        float[] lp = spell("good morning", 0.8f);
        int half = 10;
        PrefixBeamSearch a = new PrefixBeamSearch(DecoderConfig.NO_LM, WordLanguageModel.NONE);
        a.advance(lp, 0, half, V, 0);
        PrefixBeamSearch b = new PrefixBeamSearch(DecoderConfig.NO_LM, WordLanguageModel.NONE);
        b.restore(a.snapshot());
        a.advance(lp, half * V, lp.length / V - half, V, half);
        b.advance(lp, half * V, lp.length / V - half, V, half);
        assertThat(b.finish()).isEqualTo(a.finish());
        assertThat(a.finish().text()).isEqualTo("good morning");
    }
}
